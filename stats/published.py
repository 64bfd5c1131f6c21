"""Reading the published cells of the current release: the one function
behind the page, the CSV files, the API, the receipt's comparison and the
export, so every surface shows the same figures.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from stats import tables
from stats.models import PublishedCell, Table
from stats.publication import current_release
from surveys import countries
from surveys.models import Platform, TaskType


@dataclass
class Cell:
    """A published cell as a reader sees it: its key in the grouped
    dimension ("all" for the cell of the filters alone), name and figures."""

    key: str
    label: str
    n: int
    figures: dict


@dataclass
class PublishedTable:
    release: object
    query: tables.Query
    total: Cell | None = None
    groups: list = field(default_factory=list)

    @property
    def enough(self):
        """Whether the cell of the filters is published at all."""
        return self.total is not None

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
    label = labeller(query.group_by) if grouped else None
    columns = ["n", "figures", *([query.group_by] if grouped else [])]
    for values in cells.values(*columns):
        key = values.get(query.group_by, "")
        if key:
            table.groups.append(Cell(key, label(key), values["n"], values["figures"]))
        else:
            table.total = Cell("all", _("All"), values["n"], values["figures"])
    if grouped:
        table.groups.sort(key=order(query.group_by))
    return table


def labeller(dimension):
    """A function from a dimension's value to its name in the reader's language."""
    if dimension in ("platform", "task_type"):
        model = Platform if dimension == "platform" else TaskType
        names = {item.slug: item.label for item in model.objects.all()}
        return lambda key: names.get(key, key)
    if dimension == "country":
        return countries.country_name
    if dimension == "quarter":
        return quarter_label
    return str


def quarter_label(key):
    year, number = key.split("-Q")
    return _("%(year)s, quarter %(quarter)s") % {"year": year, "quarter": number}


def order(dimension):
    """How the groups of a dimension are sorted: platforms and types of work
    in the order of the lists, the rest by key (periods in time order)."""
    if dimension in ("platform", "task_type"):
        model = Platform if dimension == "platform" else TaskType
        positions = {
            slug: place
            for place, slug in enumerate(model.objects.values_list("slug", flat=True))
        }
        return lambda cell: (positions.get(cell.key, len(positions)), cell.key)
    return lambda cell: cell.key


def periods(release=None, table=Table.REPORTS):
    """The years and quarters with a published cell, newest first."""
    release = release or current_release()
    if release is None:
        return []
    cells = PublishedCell.objects.of(release, table).filter(
        platform="", country="", task_type=""
    )
    years = cells.exclude(year="").values_list("year", flat=True)
    quarters = cells.exclude(quarter="").values_list("quarter", flat=True)
    return sorted([*years, *quarters], reverse=True)


def pay_comparison(report, release=None):
    """The published medians a worker's report is compared with.

    The platform's and the platform-in-country cells of the current
    release, each with its published median effective hourly pay and
    count, where the cell publishes a median.
    """
    release = release or current_release()
    comparisons = {}
    if release is None:
        return comparisons
    for name, filters in [
        ("platform", {"platform": report.platform.slug}),
        (
            "platform_country",
            {"platform": report.platform.slug, "country": report.country},
        ),
    ]:
        total = read(tables.Query(Table.REPORTS, filters), release).total
        if total and total.figures["effective_hourly_usd"]:
            comparisons[name] = {
                "median": total.figures["effective_hourly_usd"]["median"],
                "count": total.n,
            }
    return comparisons
