"""The whole current release as a Frictionless Data package: a
datapackage.json that describes it (licence, method, a schema per table) and
one CSV per published table, every stored cell a row, so a researcher can
cite "release N" and read it with any Frictionless tool.

Built from the stored cells of one release only, like every other surface;
the cells kept for workers' own comparisons (three dimensions crossed) are
left out, as the pages, files and API leave them out.
"""

import io
import json
import zipfile
from datetime import UTC, datetime, time

from defusedcsv import csv
from django.conf import settings
from django.utils import translation

from incidents.models import Kind
from stats import disclosure, tables
from stats.models import PublishedCell, Table
from surveys.models import Condition, PayoutMethod

DIMENSION_DESCRIPTIONS = {
    "platform": "The platform's short name (slug); empty: every platform.",
    "country": "The country of the work, ISO 3166-1 alpha-2; empty: every country.",
    "task_type": "The type of work (slug); empty: every type of work.",
    "quarter": "The quarter of the work, as 2026-Q1; empty: every quarter.",
    "year": "The year of the work; empty: every year.",
}


def _field(name, kind, description, read):
    return {"name": name, "type": kind, "description": description, "read": read}


def _get(*path):
    """A reader of a figure nested in a cell's figures (None where withheld)."""

    def read(figures):
        value = figures
        for step in path:
            if value is None:
                return None
            value = value[step] if isinstance(step, int) else value.get(step)
        return value

    return read


def _share_fields(prefix, subject, path, *, share, answered, share_name="percent"):
    """The four columns of a published share (share, its 95 % interval,
    how many answered) of the figure at `path` in a cell's figures."""
    return [
        _field(f"{prefix}_{share_name}", "integer", f"{subject}: {share}",
               _get(*path, "share")),
        _field(f"{prefix}_ci95_low", "integer",
               f"{subject}: 95% confidence interval, low end, in percent.",
               _get(*path, "ci95", 0)),
        _field(f"{prefix}_ci95_high", "integer",
               f"{subject}: 95% confidence interval, high end, in percent.",
               _get(*path, "ci95", 1)),
        _field(f"{prefix}_answered", "integer", f"{subject}: {answered}",
               _get(*path, "answered")),
    ]  # fmt: skip


def _report_fields():
    fields = [_field("n", "integer", "Reports in the cell (perturbed).", _get("n"))]
    for measure, what in [
        ("hourly_usd", "Hourly pay as agreed, US dollars"),
        ("effective_hourly_usd", "Effective hourly pay (unpaid hours counted)"),
    ]:
        for quantile, name in [
            ("p25", "25th percentile"),
            ("median", "median"),
            ("p75", "75th percentile"),
        ]:
            fields.append(
                _field(
                    f"{measure}_{quantile}",
                    "number",
                    f"{what}: {name}.",
                    _get(measure, quantile),
                )
            )
    fields += [
        _field(
            "paid_hours_per_week_median",
            "number",
            "Paid hours a week: median.",
            _get("paid_hours_per_week", "median"),
        ),
        _field(
            "unpaid_hours_per_week_median",
            "number",
            "Unpaid hours a week: median.",
            _get("unpaid_hours_per_week", "median"),
        ),
        _field(
            "unpaid_share_median_percent",
            "integer",
            "Share of working time unpaid: median, in percent.",
            _get("unpaid_share_median"),
        ),
        _field(
            "below_minimum_wage_percent",
            "integer",
            "Share of reports paid below the country's minimum wage, in percent.",
            _get("below_minimum_wage", "share"),
        ),
        _field(
            "below_minimum_wage_reports",
            "integer",
            "Reports that could be compared with a minimum wage (perturbed).",
            _get("below_minimum_wage", "reports"),
        ),
    ]
    for slug, question in Condition.objects.values_list("slug", "name"):
        fields += _share_fields(
            slug,
            f"{question} ({slug})",
            ("conditions", slug),
            share="share answering yes, in percent.",
            answered="reports answering the question (perturbed).",
            share_name="yes_percent",
        )
    fields += [
        _field(
            "promised_gap_median_percent",
            "integer",
            "Pay received against pay advertised at sign-up: median of "
            "(paid - advertised) / advertised, in percent (below zero: paid less).",
            _get("promised_gap", "median_percent"),
        ),
        _field(
            "promised_gap_answers",
            "integer",
            "Reports that gave the pay advertised (perturbed).",
            _get("promised_gap", "answers"),
        ),
    ]
    for slug, label in PayoutMethod.choices:
        fields += _share_fields(
            f"payout_{slug}",
            f"Payout method '{label}' ({slug})",
            ("payout_methods", slug),
            share="share of the reports that said how they are paid, in percent.",
            answered="reports that said how they are paid (perturbed).",
        )
    fields.append(
        _field(
            "local_currency",
            "string",
            "The currency of the cell's one country (ISO 4217); empty without "
            "one country, or where it uses the US dollar.",
            _get("effective_hourly_local", "currency"),
        )
    )
    for quantile, name in [
        ("p25", "25th percentile"),
        ("median", "median"),
        ("p75", "75th percentile"),
    ]:
        fields.append(
            _field(
                f"effective_hourly_local_{quantile}",
                "number",
                f"Effective hourly pay in local_currency, each report converted "
                f"at the rate of its own month: {name}.",
                _get("effective_hourly_local", quantile),
            )
        )
    fields.append(
        _field(
            "local_units_per_usd",
            "number",
            "Units of local_currency for one US dollar on the release's day, "
            "for reference (the local figures are not converted at it).",
            _get("effective_hourly_local", "units_per_usd"),
        )
    )
    return fields


def _incident_fields():
    fields = [_field("n", "integer", "Incidents in the cell (perturbed).", _get("n"))]
    fields += [
        _field(
            f"kind_{kind}",
            "integer",
            f"Incidents of the kind '{label}', corrected for swapped kinds.",
            _get("by_kind", kind),
        )
        for kind, label in Kind.choices
    ]
    fields += [
        _field(
            "amounts_reported",
            "integer",
            "Incidents stating an amount owed (perturbed).",
            _get("amounts_reported"),
        ),
        _field(
            "total_owed_usd",
            "number",
            "Total owed, US dollars (perturbed, three significant digits).",
            _get("total_owed_usd"),
        ),
        _field(
            "median_owed_usd",
            "number",
            "Amount owed: median, US dollars.",
            _get("median_owed_usd"),
        ),
        _field(
            "resolved_percent",
            "integer",
            "Share resolved, in percent.",
            _get("resolved_share"),
        ),
        _field(
            "paid_in_full_percent",
            "integer",
            "Share paid in full, in percent.",
            _get("paid_in_full_share"),
        ),
        _field(
            "never_paid_percent",
            "integer",
            "Share never paid, in percent.",
            _get("never_paid_share"),
        ),
        _field(
            "median_days_to_resolution",
            "integer",
            "Days to resolution: median.",
            _get("median_days_to_resolution"),
        ),
    ]
    return fields


RESOURCES = {
    Table.REPORTS: ("Pay reports", _report_fields),
    Table.INCIDENTS: ("Unpaid wages and deactivations", _incident_fields),
}
STATUS_DESCRIPTION = (
    "'published' when every figure of the cell is published; 'partly withheld' "
    "when some are empty, withheld by the disclosure rules (too few entries, "
    "or a total dominated by one or two claims)."
)
WITHHELD_DESCRIPTION = "The columns of this row left empty, withheld."


def _cells(release, table):
    """The stored cells of the table's published margins, in a stable order."""
    dimensions = tables.DIMENSIONS[table]
    margins = {frozenset(margin) for margin in tables.margins(table)}
    cells = PublishedCell.objects.of(release, table).order_by(*dimensions)
    for values in cells.values(*dimensions, "figures").iterator(chunk_size=2000):
        fixed = frozenset(name for name in dimensions if values[name])
        if fixed in margins:
            yield values


def _table_csv(release, table, fields):
    """One table of the release as CSV text, and its number of rows."""
    dimensions = tables.DIMENSIONS[table]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [*dimensions, *(field["name"] for field in fields), "status", "withheld"]
    writer.writerow(names)
    count = 0
    for values in _cells(release, table):
        figures = [field["read"](values["figures"]) for field in fields]
        withheld = [
            field["name"]
            for field, value in zip(fields, figures, strict=True)
            if value is None
        ]
        status = "partly withheld" if withheld else "published"
        writer.writerow(
            [
                *(values[name] for name in dimensions),
                *("" if value is None else value for value in figures),
                status,
                " ".join(withheld),
            ]
        )
        count += 1
    return out.getvalue(), count


def _schema(table, fields):
    dimensions = [
        {"name": name, "type": "string", "description": DIMENSION_DESCRIPTIONS[name]}
        for name in tables.DIMENSIONS[table]
    ]
    return {
        "fields": [
            *dimensions,
            *(
                {key: field[key] for key in ("name", "type", "description")}
                for field in fields
            ),
            {
                "name": "status",
                "type": "string",
                "description": STATUS_DESCRIPTION,
                "constraints": {
                    "required": True,
                    "enum": ["published", "partly withheld"],
                },
            },
            {"name": "withheld", "type": "string", "description": WITHHELD_DESCRIPTION},
        ],
        "missingValues": [""],
    }


def file_name(release):
    return f"ground-truth-release-{release.number}.zip"


def description(release, method_url):
    """One paragraph: what the figures are, how they are protected, where the
    method is explained."""
    k = settings.K_ANONYMITY
    demo = (
        "These are synthetic demonstration data, not reports of real workers. "
        if release.is_demo
        else ""
    )
    return (
        f"{demo}Pay, hours and working conditions reported anonymously by people "
        "who train AI (annotators, raters, content moderators), and the unpaid "
        "wages and deactivations they recorded, checked by a moderator and "
        f"published as release {release.number} of Ground Truth. Every row is a "
        "published cell: the whole table, each platform, country, type of work, "
        "quarter and year, and each two of these crossed; an empty dimension "
        "means all of its values. Figures are in US dollars. Cells are "
        "protected by disclosure rules: yes/no answers and categories are "
        "swapped at random (PRAM) and amounts moved by noise infusion; every "
        "count is perturbed with the ONS cell-key method and no count under "
        f"{k} is published (a cell under {k}, or too close to a larger cell, is "
        "absent); medians are drawn with a differentially private quantile and "
        f"only for cells of at least {disclosure.QUANTILE_MIN_REPORTS} entries, "
        f"quartiles for at least {disclosure.QUARTILE_MIN_REPORTS}; shares are "
        "published only when both their yes and no counts are. An empty figure "
        "was withheld by these rules; the status column says so. The method: "
        f"{method_url}"
    )


def build(release, *, method_url, homepage):
    """The data package of a release, as the bytes of a zip file, described
    in English whatever the reader's language (like the API): the same
    package, cited the same way, from every page."""
    with translation.override("en"):
        return _build(release, method_url=method_url, homepage=homepage)


def _build(release, *, method_url, homepage):
    created = datetime.combine(release.created_on, time.min, tzinfo=UTC)
    resources = []
    files = {}
    for table, (title, make_fields) in RESOURCES.items():
        fields = make_fields()
        text, count = _table_csv(release, table, fields)
        path = f"{table}.csv"
        files[path] = text
        resources.append(
            {
                "name": str(table),
                "title": title,
                "description": f"{title}: {count} published cells.",
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(table, fields),
            }
        )
    descriptor = {
        "profile": "tabular-data-package",
        "name": f"ground-truth-release-{release.number}",
        "title": f"Ground Truth: pay and conditions of AI-training work, release "
        f"{release.number}",
        "version": str(release.number),
        "created": created.isoformat().replace("+00:00", "Z"),
        "homepage": homepage,
        "description": description(release, method_url),
        "licenses": [settings.PUBLISHED_DATA_LICENSE],
        "resources": resources,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor, indent=2))
        for path, text in files.items():
            archive.writestr(path, text)
    return out.getvalue()
