"""The published tables: which cells a release computes, and which
questions a reader may ask of them.

A release publishes, for reports and for incidents, every cell of the
margins below: the whole table, each dimension alone, and each two crossed
(a quarter is never crossed with its year). A question (filters and a
grouping) is answered only when every cell it needs is one of these: at
most two dimensions in all, counting the grouping.

One cell more is published for each worker's comparison of their own pay:
a platform, a country and a type of work crossed together
(COMPARISON_MARGINS), under the same disclosure rules as every other cell.
Readers of the tables are not offered it: the pages, files and API cross
two dimensions at most.
"""

from dataclasses import dataclass, field
from itertools import combinations

from stats.models import Table

DIMENSIONS = {
    Table.REPORTS: ("platform", "country", "task_type", "quarter", "year"),
    Table.INCIDENTS: ("platform", "country", "quarter", "year"),
}
PERIODS = ("quarter", "year")
QUARTERS = ("1", "2", "3", "4")
MAX_DIMENSIONS = 2
# Crossed three at a time only for the comparison a worker sees of their own
# pay (stats.published.pay_comparison), the closest group to theirs.
COMPARISON_MARGINS = {
    Table.REPORTS: [("platform", "country", "task_type")],
    Table.INCIDENTS: [],
}
# What the API and the forms call a period: a year or a quarter of a year.
PERIOD_PARAMETER = "period"


def margins(table):
    """The sets of dimensions whose every cell a release publishes."""
    dimensions = DIMENSIONS[table]
    found = [()]
    for size in range(1, MAX_DIMENSIONS + 1):
        found += [
            combination
            for combination in combinations(dimensions, size)
            if not set(PERIODS) <= set(combination)
        ]
    return found


def published_margins(table):
    """Every margin a release computes: the tables' and the comparison's."""
    return margins(table) + COMPARISON_MARGINS[table]


def groupings(table):
    return ["none", *DIMENSIONS[table]]


def _year(text):
    return len(text) == 4 and text.isascii() and text.isdigit() and text != "0000"


def period_dimension(period):
    """'2026' is a year, '2026-Q1' a quarter; anything else None (digits of
    other scripts included: they are not how anyone writes a year here)."""
    if _year(period):
        return "year"
    year, _sep, quarter = period.partition("-Q")
    if _year(year) and quarter in QUARTERS:
        return "quarter"
    return None


def quarter_of(year, month):
    return f"{year:04d}-Q{(month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Query:
    """Which published cells a reader asks for: fixed dimension values, and
    the dimension the groups vary ("none": the one cell of the filters)."""

    table: str
    filters: dict = field(default_factory=dict)
    group_by: str = "none"

    @property
    def dimensions(self):
        used = set(self.filters)
        if self.group_by != "none":
            used.add(self.group_by)
        return used

    def problem(self):
        """Why this question is not among the published tables, or None.

        Returns (parameter, message) in plain English for the API; the
        forms say the same in the reader's language.
        """
        if self.group_by in self.filters:
            return (
                "group_by",
                f"Grouping by {self.group_by} and filtering on it at once is not "
                "offered: choose one.",
            )
        if set(PERIODS) <= self.dimensions:
            return (
                "group_by",
                "A period and a grouping by period are not offered together: "
                "choose one.",
            )
        if len(self.dimensions) > MAX_DIMENSIONS:
            offered = ", ".join([*DIMENSIONS[self.table][:-2], PERIOD_PARAMETER])
            return (
                "group_by" if self.group_by != "none" else "filters",
                f"At most {MAX_DIMENSIONS} of {offered} can be combined, counting "
                "group_by: the published tables cross two at a time.",
            )
        return None

    def as_params(self):
        """The question as the API's query parameters (empty ones left out)."""
        params = {}
        for dimension, value in self.filters.items():
            name = PERIOD_PARAMETER if dimension in PERIODS else dimension
            params[name] = value
        return params
