"""The OpenAPI 3.1 description of the statistics API, served at
/api/v1/openapi.json and checked by the tests against real responses."""

from django.conf import settings

from stats import disclosure, tables
from stats.models import Table

# A year (2026) or a quarter of a year (2026-Q1); there is no year 0000.
PERIOD = {
    "type": "string",
    "pattern": r"^(?!0000)\d{4}(-Q[1-4])?$",
    "examples": ["2026", "2026-Q1"],
}
MONEY = {"type": ["number", "null"], "description": "US dollars, 2 decimals."}
LOCAL_MONEY = {"type": ["number", "null"], "description": "The currency's units."}
PERCENT = {"type": ["integer", "null"], "minimum": 0, "maximum": 100}
COUNT = {"type": ["integer", "null"], "minimum": 0}

DESCRIPTION = """\
Pay, hours and working conditions of the people who train AI, and the
unpaid wages and deactivations they report, from anonymous, moderated
entries. Every figure comes from the current release: a release computes,
once, every cell of the published tables (the whole; each platform,
country, type of work, quarter and year; each two of these crossed) and
the API reads those stored cells only. A question needing more than two
dimensions, counting group_by, or a range of months, is refused with 400.

Disclosure control: every count is perturbed with the cell-key method
(ONS, ABS; at most {max_noise} either way; the ptable is at
/stats/ptable.csv), no count is under k={k}, shares are shown only when
both their count and its complement reach k, medians and quartiles come
only from cells of at least {quantile_min} and are differentially private
(OpenDP make_private_quantile, epsilon={epsilon} each). Cells dominated by
one receipt, one day or identical answers, and cells within k of a larger
cell that contains them, are not published. See /stats/methodology/.
"""


def _parameter(name, description, schema):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _parameters(table, platforms, task_types, countries):
    parameters = [
        _parameter(
            "group_by",
            "The dimension the groups vary by (default: none).",
            {"type": "string", "enum": tables.groupings(table)},
        ),
        _parameter(
            "platform",
            "A platform's slug, e.g. outlier-ai.",
            {"type": "string", "enum": platforms},
        ),
        _parameter(
            "country",
            "ISO 3166-1 alpha-2 code of the country of residence.",
            {"type": "string", "enum": countries},
        ),
    ]
    if table == Table.REPORTS:
        parameters.append(
            _parameter(
                "task_type",
                "A type of work's slug, e.g. content-moderation.",
                {"type": "string", "enum": task_types},
            )
        )
    parameters.append(
        _parameter(
            "period",
            "A year (2026) or a quarter (2026-Q1): of the month worked for "
            "reports, of the month it started for incidents.",
            PERIOD,
        )
    )
    return parameters


def _operation(operation_id, summary, table, schema, parameters):
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": "The published cells.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{schema}"}
                        }
                    },
                },
                "400": {
                    "description": "A parameter is unknown, invalid or not offered.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Error"}
                        }
                    },
                },
            },
        }
    }


def document(server_url="/"):
    """The OpenAPI document, with today's platforms and task types as enums."""
    from core.countries import country_codes
    from surveys.models import Platform, TaskType

    platforms = sorted(Platform.objects.values_list("slug", flat=True))
    task_types = sorted(TaskType.objects.values_list("slug", flat=True))
    countries = sorted(country_codes())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Ground Truth statistics API",
            "version": "2.0.0",
            "description": DESCRIPTION.format(
                max_noise=disclosure.MAX_NOISE,
                k=settings.K_ANONYMITY,
                quantile_min=disclosure.QUANTILE_MIN_REPORTS,
                epsilon=disclosure.QUANTILE_EPSILON,
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/v1/stats/": _operation(
                "getStats",
                "Published figures of pay reports",
                Table.REPORTS,
                "Stats",
                _parameters(Table.REPORTS, platforms, task_types, countries),
            ),
            "/api/v1/incidents/stats/": _operation(
                "getIncidentStats",
                "Published figures of the incident ledger: what platforms owe",
                Table.INCIDENTS,
                "IncidentStats",
                _parameters(Table.INCIDENTS, platforms, task_types, countries),
            ),
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "getOpenAPI",
                    "summary": "This document",
                    "responses": {"200": {"description": "The OpenAPI document."}},
                }
            },
        },
        "components": {"schemas": _schemas()},
    }


def _nullable(schema):
    return {"oneOf": [{"type": "null"}, schema]}


def _answer(table, cell_schema):
    return {
        "type": "object",
        "required": [
            "k",
            "currency",
            "release",
            "filters",
            "group_by",
            "total",
            "groups",
        ],
        "properties": {
            "k": {"type": "integer", "minimum": 1},
            "currency": {"const": "USD"},
            "release": _nullable(
                {
                    "type": "object",
                    "required": ["number", "date"],
                    "properties": {
                        "number": {"type": "integer"},
                        "date": {"type": "string", "format": "date"},
                    },
                    "additionalProperties": False,
                }
            ),
            "filters": {
                "type": "object",
                "properties": {
                    "platform": {"type": "string"},
                    "country": {"type": "string"},
                    **(
                        {"task_type": {"type": "string"}}
                        if table == Table.REPORTS
                        else {}
                    ),
                    "period": PERIOD,
                },
                "additionalProperties": False,
            },
            "group_by": {"type": "string", "enum": tables.groupings(table)},
            "total": _nullable({"$ref": f"#/components/schemas/{cell_schema}"}),
            "groups": {
                "type": "array",
                "items": {"$ref": f"#/components/schemas/{cell_schema}"},
            },
            "message": {"type": "string"},
        },
        "additionalProperties": False,
    }


def _schemas():
    quartiles = _nullable(
        {
            "type": "object",
            "required": ["p25", "median", "p75"],
            "properties": {"p25": MONEY, "median": MONEY, "p75": MONEY},
            "additionalProperties": False,
        }
    )
    median = _nullable(
        {
            "type": "object",
            "required": ["median"],
            "properties": {"median": {"type": "number"}},
            "additionalProperties": False,
        }
    )
    share = _nullable(
        {
            "type": "object",
            "required": ["share", "ci95", "answered"],
            "properties": {
                "share": {"type": "integer", "minimum": 1, "maximum": 99},
                "ci95": {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 0, "maximum": 100},
                    "minItems": 2,
                    "maxItems": 2,
                },
                "answered": {"type": "integer", "minimum": 1},
            },
            "additionalProperties": False,
        }
    )
    common = {
        "key": {
            "type": "string",
            "description": "The group's value in the grouped dimension; 'all' "
            "for the cell of the filters alone.",
        },
        "label": {"type": "string"},
        "n": {"type": "integer", "minimum": 1, "description": "Perturbed count."},
    }
    return {
        "Stats": _answer(Table.REPORTS, "Cell"),
        "IncidentStats": _answer(Table.INCIDENTS, "IncidentCell"),
        "Cell": {
            "type": "object",
            "required": [
                "key",
                "label",
                "n",
                "hourly_usd",
                "effective_hourly_usd",
                "paid_hours_per_week",
                "unpaid_hours_per_week",
                "unpaid_share_median",
                "conditions",
                "below_minimum_wage",
            ],  # fmt: skip
            "properties": {
                **common,
                "hourly_usd": quartiles,
                "effective_hourly_usd": quartiles,
                "paid_hours_per_week": median,
                "unpaid_hours_per_week": median,
                "unpaid_share_median": PERCENT,
                "conditions": {"type": "object", "additionalProperties": share},
                "below_minimum_wage": {
                    "type": "object",
                    "required": ["share", "reports"],
                    "properties": {"share": PERCENT, "reports": COUNT},
                    "additionalProperties": False,
                },
                # Not required: releases made before they were published
                # do not have them.
                "promised_gap": _nullable(
                    {
                        "type": "object",
                        "description": "Median of (paid - advertised) / "
                        "advertised x 100, among reports that gave an "
                        "advertised pay (answers, perturbed).",
                        "required": ["median_percent", "answers"],
                        "properties": {
                            "median_percent": {"type": "integer"},
                            "answers": {"type": "integer", "minimum": 1},
                        },
                        "additionalProperties": False,
                    }
                ),
                "payout_methods": {"type": "object", "additionalProperties": share},
                "effective_hourly_local": _nullable(
                    {
                        "type": "object",
                        "description": "Effective hourly pay in the currency "
                        "of the cell's one country, each report converted at "
                        "the rate of its own month (null without one country, "
                        "or where it uses the US dollar); units_per_usd is "
                        "the release day's rate, for reference.",
                        "required": [
                            "currency",
                            "units_per_usd",
                            "p25",
                            "median",
                            "p75",
                        ],
                        "properties": {
                            "currency": {"type": "string"},
                            "units_per_usd": {"type": "number"},
                            "p25": LOCAL_MONEY,
                            "median": LOCAL_MONEY,
                            "p75": LOCAL_MONEY,
                        },
                        "additionalProperties": False,
                    }
                ),
            },
            "additionalProperties": False,
        },
        "IncidentCell": {
            "type": "object",
            "required": [
                "key",
                "label",
                "n",
                "by_kind",
                "amounts_reported",
                "total_owed_usd",
                "median_owed_usd",
                "resolved_share",
                "paid_in_full_share",
                "never_paid_share",
                "median_days_to_resolution",
            ],  # fmt: skip
            "properties": {
                **common,
                "by_kind": {"type": "object", "additionalProperties": COUNT},
                "amounts_reported": COUNT,
                "total_owed_usd": MONEY,
                "median_owed_usd": MONEY,
                "resolved_share": PERCENT,
                "paid_in_full_share": PERCENT,
                "never_paid_share": PERCENT,
                "median_days_to_resolution": COUNT,
            },
            "additionalProperties": False,
        },
        "Error": {
            "type": "object",
            "required": ["error", "parameter", "message"],
            "properties": {
                "error": {"const": "invalid_parameter"},
                "parameter": {"type": "string"},
                "message": {"type": "string"},
            },
            "additionalProperties": False,
        },
    }
