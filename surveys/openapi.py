"""The OpenAPI 3.1 description of the statistics API, served at
/api/v1/openapi.json and checked by the tests against real responses."""

from surveys.stats import GROUPINGS

# Year 0001 to 9999 (there is no year 0000), then the month.
MONTH = {
    "type": "string",
    "pattern": r"^([1-9]\d{3}|0[1-9]\d{2}|00[1-9]\d|000[1-9])-(0[1-9]|1[0-2])$",
    "examples": ["2026-03"],
}
MONEY = {"type": ["number", "null"], "description": "US dollars, 2 decimals."}
PERCENT = {"type": ["integer", "null"], "minimum": 0, "maximum": 100}


def _parameter(name, description, schema):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def document(server_url="/"):
    """The OpenAPI document, with today's platforms and task types as enums."""
    from surveys.countries import country_codes
    from surveys.models import Platform, TaskType

    platforms = sorted(Platform.objects.values_list("slug", flat=True))
    task_types = sorted(TaskType.objects.values_list("slug", flat=True))
    countries = sorted(country_codes())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Ground Truth statistics API",
            "version": "1.0.0",
            "description": (
                "Pay, hours and working conditions of the people who train AI, "
                "from anonymous, moderated reports. Figures move only in releases. "
                "A group of fewer than k released reports is never shown (not its "
                "figures, name or count), and more groups are hidden, smallest first, "
                "when the hidden ones hold fewer than k reports between them. Shares "
                "are whole percents, shown only when at least k people answered."
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/v1/stats/": {
                "get": {
                    "operationId": "getStats",
                    "summary": "Figures for a filter, grouped",
                    "parameters": [
                        _parameter(
                            "group_by",
                            "How to group the reports (default: none).",
                            {"type": "string", "enum": GROUPINGS},
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
                        _parameter(
                            "task_type",
                            "A task type's slug, e.g. content-moderation.",
                            {"type": "string", "enum": task_types},
                        ),
                        _parameter(
                            "period_from", "First month included (YYYY-MM).", MONTH
                        ),
                        _parameter(
                            "period_to", "Last month included (YYYY-MM).", MONTH
                        ),
                    ],
                    "responses": {
                        "200": {
                            "description": "The figures.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Stats"}
                                }
                            },
                        },
                        "400": {
                            "description": "A parameter is unknown or invalid.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}
                                }
                            },
                        },
                    },
                }
            },
            "/api/v1/incidents/stats/": {
                "get": {
                    "operationId": "getIncidentStats",
                    "summary": "The incident ledger: what platforms owe",
                    "parameters": [
                        _parameter(
                            "group_by",
                            "How to group the incidents (default: none).",
                            {"type": "string", "enum": ["none", "platform", "country"]},
                        ),
                        _parameter(
                            "platform",
                            "A platform's slug.",
                            {"type": "string", "enum": platforms},
                        ),
                        _parameter(
                            "country",
                            "ISO 3166-1 alpha-2 code of the country of residence.",
                            {"type": "string", "enum": countries},
                        ),
                        _parameter(
                            "period_from", "First month started (YYYY-MM).", MONTH
                        ),
                        _parameter("period_to", "Last month started (YYYY-MM).", MONTH),
                    ],
                    "responses": {
                        "200": {
                            "description": "The ledger's figures.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "$ref": "#/components/schemas/IncidentStats"
                                    }
                                }
                            },
                        },
                        "400": {
                            "description": "A parameter is unknown or invalid.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}
                                }
                            },
                        },
                    },
                }
            },
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


def _schemas():
    percentiles = {
        "type": "object",
        "required": ["p25", "median", "p75"],
        "properties": {"p25": MONEY, "median": MONEY, "p75": MONEY},
        "additionalProperties": False,
    }
    median = {
        "type": "object",
        "required": ["median"],
        "properties": {"median": {"type": ["number", "null"]}},
        "additionalProperties": False,
    }
    return {
        "Stats": {
            "type": "object",
            "required": ["k", "currency", "release", "filters", "group_by", "groups"],
            "properties": {
                "k": {"type": "integer", "minimum": 1},
                "currency": {"const": "USD"},
                "release": {
                    "oneOf": [
                        {"type": "null"},
                        {
                            "type": "object",
                            "required": ["number", "date"],
                            "properties": {
                                "number": {"type": "integer"},
                                "date": {"type": "string", "format": "date"},
                            },
                            "additionalProperties": False,
                        },
                    ]
                },
                "filters": {
                    "type": "object",
                    "properties": {
                        "platform": {"type": "string"},
                        "country": {"type": "string"},
                        "task_type": {"type": "string"},
                        "period_from": MONTH,
                        "period_to": MONTH,
                    },
                    "additionalProperties": False,
                },
                "group_by": {"type": "string", "enum": GROUPINGS},
                "groups": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Group"},
                },
                "period": {
                    "type": "object",
                    "required": ["first", "last"],
                    "properties": {"first": MONTH, "last": MONTH},
                },
                "exchange_rate_dates": {
                    "type": "object",
                    "required": ["first", "last"],
                    "properties": {
                        "first": {"type": "string", "format": "date"},
                        "last": {"type": "string", "format": "date"},
                    },
                },
                "message": {"type": "string"},
            },
            "additionalProperties": False,
        },
        "Group": {
            "type": "object",
            "required": [
                "key",
                "label",
                "n",
                "hourly_usd",
                "effective_hourly_usd",
                "paid_hours_per_week",
                "unpaid_hours_per_week",
                "conditions",
                "below_minimum_wage_share",
            ],
            "properties": {
                "key": {"type": "string"},
                "label": {"type": "string"},
                "n": {"type": "integer", "minimum": 1},
                "hourly_usd": percentiles,
                "effective_hourly_usd": percentiles,
                "paid_hours_per_week": median,
                "unpaid_hours_per_week": median,
                "unpaid_share_median": PERCENT,
                "conditions": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "required": ["share", "ci95", "answered"],
                        "properties": {
                            "share": PERCENT,
                            "ci95": {
                                "oneOf": [
                                    {"type": "null"},
                                    {
                                        "type": "array",
                                        "items": {
                                            "type": "integer",
                                            "minimum": 0,
                                            "maximum": 100,
                                        },
                                        "minItems": 2,
                                        "maxItems": 2,
                                    },
                                ]
                            },
                            "answered": {"type": ["integer", "null"]},
                        },
                        "additionalProperties": False,
                    },
                },
                "below_minimum_wage_share": PERCENT,
                "minimum_wage_countries": {"type": "integer", "minimum": 0},
            },
            "additionalProperties": False,
        },
        "IncidentStats": {
            "type": "object",
            "required": ["k", "currency", "release", "filters", "group_by", "groups"],
            "properties": {
                "k": {"type": "integer", "minimum": 1},
                "currency": {"const": "USD"},
                "release": {"$ref": "#/components/schemas/Stats/properties/release"},
                "filters": {"type": "object"},
                "group_by": {"type": "string", "enum": ["none", "platform", "country"]},
                "groups": {
                    "type": "array",
                    "items": {
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
                        ],
                        "properties": {
                            "key": {"type": "string"},
                            "label": {"type": "string"},
                            "n": {"type": "integer", "minimum": 1},
                            "by_kind": {
                                "type": "object",
                                "additionalProperties": {"type": ["integer", "null"]},
                            },
                            "amounts_reported": {"type": "integer", "minimum": 0},
                            "total_owed_usd": MONEY,
                            "median_owed_usd": MONEY,
                            "resolved_share": PERCENT,
                            "paid_in_full_share": PERCENT,
                            "never_paid_share": PERCENT,
                            "median_days_to_resolution": {"type": ["integer", "null"]},
                        },
                        "additionalProperties": False,
                    },
                },
                "message": {"type": "string"},
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
