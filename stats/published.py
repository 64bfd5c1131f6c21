"""Reading the published cells of the current release: the one function
behind the page, the CSV files, the API, the receipt's comparison and the
export, so every surface shows the same figures.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core import countries
from stats import tables
from stats.models import PublishedCell, Table
from stats.publication import current_release
from surveys.models import ExchangeRate, PayoutMethod, Platform, TaskType


@dataclass
class Cell:
    """A published cell as a reader sees it: its key in the grouped
    dimension ("all" for the cell of the filters alone), name and figures."""

    key: str
    label: str
    n: int
    figures: dict

    @property
    def promised_gap(self):
        """The stored median gap between paid and advertised pay, with its
        size without sign for the sentence; None where withheld (or in a
        release made before it was published)."""
        gap = self.figures.get("promised_gap")
        if not gap:
            return None
        return {**gap, "size": abs(gap["median_percent"])}

    @property
    def payout_methods(self):
        """[(payout method label, stored share or None)], every method."""
        shares = self.figures.get("payout_methods") or {}
        return [(label, shares.get(value)) for value, label in PayoutMethod.choices]

    @property
    def any_payout_method(self):
        return any(found for _label, found in self.payout_methods)


@dataclass
class PublishedTable:
    release: object
    query: tables.Query
    total: Cell | None = None
    groups: list = field(default_factory=list)

    @property
    def enough(self):
        """Whether anything is published for the question: the cell of the
        filters, or some of its groups (the whole may be withheld while
        groups are not, e.g. when it is a few entries from a larger cell)."""
        return self.total is not None or bool(self.groups)

    @property
    def group_by(self):
        return self.query.group_by


def read(query, release=None):
    """The published cells a (valid) query asks for, in one database query.

    The cell of the filters becomes `total`; with a grouping, the cells that
    also fix the grouped dimension become `groups`, in the dimension's order.
    """
    release = release or current_release()
    table = PublishedTable(release=release, query=query)
    if release is None:
        return table
    fixed = {
        dimension: query.filters.get(dimension, "")
        for dimension in tables.DIMENSIONS[query.table]
        if dimension != query.group_by
    }
    cells = PublishedCell.objects.of(release, query.table).filter(**fixed)
    grouped = query.group_by != "none"
    columns = ["n", "figures", *([query.group_by] if grouped else [])]
    for values in cells.values(*columns):
        key = values.get(query.group_by, "")
        if key:
            table.groups.append(Cell(key, key, values["n"], values["figures"]))
        else:
            table.total = Cell("all", _("All"), values["n"], values["figures"])
    if table.groups:
        _label_and_sort(table.groups, query.group_by)
    return table


def labeller(dimension):
    """A function from a dimension's value to its name in the reader's language."""
    if dimension in ("platform", "task_type"):
        names = {slug: label for slug, label, _place in _listed(dimension)}
        return lambda key: names.get(key, key)
    if dimension == "country":
        return countries.country_name
    if dimension == "quarter":
        return quarter_label
    return str


def _listed(dimension):
    """(slug, name, place in the list) of each platform or type of work."""
    model = Platform if dimension == "platform" else TaskType
    return [
        (item.slug, item.label, place) for place, item in enumerate(model.objects.all())
    ]


def _label_and_sort(cells, dimension):
    """Name the cells of a dimension and sort them: platforms and types of
    work in the order of their lists, the rest by key (periods by time)."""
    if dimension in ("platform", "task_type"):
        listed = {slug: (label, place) for slug, label, place in _listed(dimension)}
        for cell in cells:
            cell.label, _place = listed.get(cell.key, (cell.key, 0))
        cells.sort(
            key=lambda cell: (listed.get(cell.key, ("", len(listed)))[1], cell.key)
        )
        return
    label = labeller(dimension)
    for cell in cells:
        cell.label = label(cell.key)
    cells.sort(key=lambda cell: cell.key)


def quarter_label(key):
    year, number = key.split("-Q")
    return _("%(year)s, quarter %(quarter)s") % {"year": year, "quarter": number}


def offered(table=Table.REPORTS, release=None):
    """What the forms offer to choose: the countries with a published cell,
    and the years and quarters with one (newest first), in one query."""
    found = {"country": [], "period": []}
    if release is None:
        return found
    singles = PublishedCell.objects.of(release, table).filter(platform="", task_type="")
    for country, quarter, year in singles.values_list("country", "quarter", "year"):
        if country and not (quarter or year):
            found["country"].append(country)
        elif (quarter or year) and not country:
            found["period"].append(quarter or year)
    found["period"].sort(reverse=True)
    return found


# The groups a worker's pay is compared with, closest first: the first with
# a published median is the one shown.
COMPARISON_LEVELS = (
    ("platform", "country", "task_type"),
    ("platform", "country"),
    ("country",),
    ("platform",),
)


@dataclass
class Comparison:
    """The published group a report is compared with, and where the report's
    effective hourly pay falls in it."""

    level: tuple
    n: int
    median: float
    p25: float | None
    p75: float | None
    # Which quarter of the group the pay falls in (1-4), where the group
    # publishes its quartiles; else None, and `below_median` says the half.
    quarter: int | None
    below_median: bool


def pay_comparison(report, release=None):
    """The closest published group to a report, or None.

    Reads the report-table cells of the current release that could hold the
    report (its platform, country and type of work, crossed or alone), in
    one query, and takes the first of COMPARISON_LEVELS whose cell publishes
    a median of effective hourly pay. Nothing here reads other reports: a
    cell withheld from the release (too small, too close to a larger one,
    dominated) is never a comparison, and reports approved since the
    release count only from the next one.
    """
    release = release or current_release()
    if release is None:
        return None
    key = {
        "platform": report.platform.slug,
        "country": report.country,
        "task_type": report.task_type.slug,
    }
    # "Other" platforms are many unlike ones: no group to compare with.
    levels = [
        level
        for level in COMPARISON_LEVELS
        if not ("platform" in level and report.platform.is_other)
    ]
    cells = PublishedCell.objects.of(release, Table.REPORTS).filter(
        platform__in=[key["platform"], ""],
        country__in=[key["country"], ""],
        task_type__in=[key["task_type"], ""],
        quarter="",
        year="",
    )
    found = {
        (platform, country, task_type): figures
        for platform, country, task_type, figures in cells.values_list(
            "platform", "country", "task_type", "figures"
        )
    }
    for level in levels:
        figures = found.get(tuple(key[name] if name in level else "" for name in key))
        if figures and figures["effective_hourly_usd"]:
            return _placed(level, figures, float(report.effective_hourly_usd))
    return None


def _placed(level, figures, pay):
    pay_figures = figures["effective_hourly_usd"]
    median, p25, p75 = pay_figures["median"], pay_figures["p25"], pay_figures["p75"]
    quarter = None
    if p25 is not None and p75 is not None:
        quarter = 1 + sum(pay >= bound for bound in (p25, median, p75))
    return Comparison(
        level=level,
        n=figures["n"],
        median=median,
        p25=p25,
        p75=p75,
        quarter=quarter,
        below_median=pay < median,
    )


def release_rate(currency, release):
    """The rate at which the page shows a release's US-dollar figures in
    another currency: the newest we hold from before the release was made
    (the rate of the release's latest period), else the oldest."""
    rates = ExchangeRate.objects.filter(currency=currency)
    return (
        rates.filter(date__lte=release.created_on).order_by("-date").first()
        or rates.order_by("date").first()
    )
