"""Public figures over released reports: one place for the page, the CSV and
the API, so the same rules hold on all three.

- Percentiles interpolate linearly between the two nearest values, as
  PostgreSQL's percentile_cont does; SQLite gets an aggregate of the same
  name and formula, registered on each connection (surveys.apps).
- A group of fewer than K_ANONYMITY reports is not shown at all, and when
  the hidden groups of a table hold fewer than K_ANONYMITY reports between
  them, more groups are hidden, smallest first (see `suppress`). A share is
  shown only when at least K_ANONYMITY people answered its question.
- Figures move in releases and are cached per release: a release makes the
  previous figures unreachable, and is the one thing that does.
"""

import hashlib
import json
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models import (
    Aggregate,
    Count,
    F,
    Field,
    FloatField,
    Max,
    Min,
    Q,
    Sum,
)
from django.db.models.functions import TruncQuarter
from django.utils import translation
from django.utils.translation import gettext as _

from surveys import countries, money
from surveys.models import (
    Condition,
    ExchangeRate,
    MinimumWage,
    Platform,
    ReleasedFigure,
    Report,
    StatsRelease,
    TaskType,
)

GROUPINGS = ["none", "platform", "country", "task_type", "quarter"]
CACHE_SECONDS = 7 * 24 * 3600
CENTS = Decimal("0.01")
Z_95 = 1.959963984540054


class PercentileCont(Aggregate):
    """percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)."""

    name = "PercentileCont"
    output_field = FloatField()

    def __init__(self, expression, fraction, **extra):
        self.fraction = float(fraction)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra):
        template = f"percentile_cont(%(expressions)s, {self.fraction!r})"
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = f"percentile_cont({self.fraction!r}) WITHIN GROUP (ORDER BY %(expressions)s)"
        return super().as_sql(compiler, connection, template=template, **extra)


class _ListField(Field):
    """The [p25, median, p75] an array or JSON text of percentiles becomes."""

    def from_db_value(self, value, expression, connection):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)


class Quartiles(Aggregate):
    """The 25th, 50th and 75th percentiles of an expression, sorting it once.

    PostgreSQL: percentile_cont(ARRAY[...]) WITHIN GROUP (ORDER BY ...);
    SQLite: the percentiles_cont aggregate registered by surveys.apps.
    """

    name = "Quartiles"
    output_field = _ListField()
    FRACTIONS = (0.25, 0.5, 0.75)

    def as_sql(self, compiler, connection, **extra):
        fractions = ",".join(map(repr, self.FRACTIONS))
        template = f"percentiles_cont(%(expressions)s, '{fractions}')"
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        fractions = ",".join(map(repr, self.FRACTIONS))
        template = (
            f"percentile_cont(ARRAY[{fractions}]::double precision[]) "
            "WITHIN GROUP (ORDER BY %(expressions)s)"
        )
        return super().as_sql(compiler, connection, template=template, **extra)


def percentile_cont(values, fraction):
    """PostgreSQL's percentile_cont, step for step, over a list of numbers."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower = math.floor(position)
    upper = math.ceil(position)
    low, high = ordered[lower], ordered[upper]
    return low + (high - low) * (position - lower)


class SqlitePercentileCont:
    """percentile_cont(x, fraction) for SQLite, registered by surveys.apps."""

    def __init__(self):
        self.values = []
        self.fraction = 0.5

    def step(self, value, fraction):
        if value is not None:
            self.values.append(float(value))
            self.fraction = float(fraction)

    def finalize(self):
        return percentile_cont(self.values, self.fraction)


class SqlitePercentilesCont:
    """percentiles_cont(x, '0.25,0.5,0.75') for SQLite: a JSON list."""

    def __init__(self):
        self.values = []
        self.fractions = ()

    def step(self, value, fractions):
        if value is not None:
            self.values.append(float(value))
            self.fractions = [float(f) for f in fractions.split(",")]

    def finalize(self):
        if not self.values:
            return None
        self.values.sort()
        return json.dumps([percentile_cont(self.values, f) for f in self.fractions])


def wilson_interval(successes, trials, z=Z_95):
    """The Wilson score interval of a proportion, as (low, high) in 0..1."""
    if trials == 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = (
        z
        * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
        / denominator
    )
    return max(0.0, centre - half), min(1.0, centre + half)


def to_cents(value):
    if value is None:
        return None
    return Decimal(repr(value)).quantize(CENTS, rounding=ROUND_HALF_UP)


def whole_percent(fraction):
    return int(
        Decimal(repr(fraction * 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )


def month_text(day):
    """YYYY-MM, the year always in four digits (strftime drops them below 1000)."""
    return f"{day.year:04d}-{day.month:02d}" if day else ""


@dataclass(frozen=True)
class Filters:
    """Which released reports a table describes."""

    platform: Platform | None = None
    country: str = ""
    task_type: TaskType | None = None
    period_from: date | None = None
    period_to: date | None = None

    def apply(self, reports):
        if self.platform:
            reports = reports.filter(platform=self.platform)
        if self.country:
            reports = reports.filter(country=self.country)
        if self.task_type:
            reports = reports.filter(task_type=self.task_type)
        if self.period_from:
            reports = reports.filter(period__gte=self.period_from)
        if self.period_to:
            reports = reports.filter(period__lte=self.period_to)
        return reports

    def as_params(self):
        """The filters as the API's query parameters (empty ones left out)."""
        params = {
            "platform": self.platform.slug if self.platform else "",
            "country": self.country,
            "task_type": self.task_type.slug if self.task_type else "",
            "period_from": month_text(self.period_from),
            "period_to": month_text(self.period_to),
        }
        return {name: value for name, value in params.items() if value}


@dataclass
class ConditionShare:
    slug: str
    bit: int
    share: int | None  # whole percent, None when fewer than k answered
    ci95: tuple | None
    answered: int
    yes: int = 0
    label: str = ""


@dataclass
class Group:
    key: str
    n: int
    hourly_usd: dict
    effective_hourly_usd: dict
    paid_hours_median: Decimal | None
    unpaid_hours_median: Decimal | None
    unpaid_share_median: int | None
    conditions: list
    below_minimum_wage_share: int | None
    minimum_wage_reports: int
    minimum_wage_countries: int
    label: str = ""


@dataclass
class Table:
    """A table of figures: the filtered total, and its visible groups."""

    release: StatsRelease | None
    k: int
    filters: Filters
    group_by: str
    n_total: int
    groups: list = field(default_factory=list)
    period_first: date | None = None
    period_last: date | None = None
    rates_first: date | None = None
    rates_last: date | None = None

    @property
    def enough(self):
        """Whether the filtered reports are enough to show anything at all."""
        return self.n_total >= self.k

    @property
    def total(self):
        """The one group of an ungrouped table: every report filtered."""
        return self.groups[0] if self.group_by == "none" and self.groups else None


def _conditions():
    return list(Condition.objects.order_by("position", "pk"))


def _metrics(conditions, detail="full"):
    """The aggregates of a table: every figure ("full"), or effective pay and
    the minimum-wage share only ("pay", for the page's grouped tables)."""
    metrics = {
        "n": Count("pk"),
        "effective": Quartiles("effective_hourly_usd"),
        "below": Count("pk", filter=Q(below_minimum_wage=True)),
        "wage_known": Count("pk", filter=Q(below_minimum_wage__isnull=False)),
        "wage_countries": Count(
            "country", distinct=True, filter=Q(below_minimum_wage__isnull=False)
        ),
    }
    if detail == "pay":
        return metrics
    metrics |= {
        "hourly": Quartiles("hourly_usd"),
        "paid_p50": PercentileCont("paid_hours", 0.5),
        "unpaid_p50": PercentileCont("unpaid_hours", 0.5),
        "unpaid_share_p50": PercentileCont("unpaid_share", 0.5),
    }
    for condition in conditions:
        bit = condition.bit
        metrics[f"yes_{bit}"] = Sum(F("conditions_yes").bitrightshift(bit).bitand(1))
        metrics[f"answered_{bit}"] = Sum(
            F("conditions_answered").bitrightshift(bit).bitand(1)
        )
    return metrics


SUMMARY = {
    "n": Count("pk"),
    "period_first": Min("period"),
    "period_last": Max("period"),
    "rates_first": Min("exchange_rate_date"),
    "rates_last": Max("exchange_rate_date"),
}

GROUP_EXPRESSIONS = {
    "platform": F("platform_id"),
    "country": F("country"),
    "task_type": F("task_type_id"),
    "quarter": TruncQuarter("period"),
}


def _quartiles(values):
    low, median, high = values or (None, None, None)
    return {"p25": to_cents(low), "median": to_cents(median), "p75": to_cents(high)}


def _group_from_row(key, row, conditions, k):
    wage_known = row["wage_known"]
    group = Group(
        key=key,
        n=row["n"],
        hourly_usd={},
        effective_hourly_usd=_quartiles(row["effective"]),
        paid_hours_median=None,
        unpaid_hours_median=None,
        unpaid_share_median=None,
        conditions=[],
        below_minimum_wage_share=(
            whole_percent(row["below"] / wage_known) if wage_known >= k else None
        ),
        minimum_wage_reports=wage_known if wage_known >= k else 0,
        minimum_wage_countries=row["wage_countries"] if wage_known >= k else 0,
    )
    if "hourly" not in row:
        return group
    group.hourly_usd = _quartiles(row["hourly"])
    group.paid_hours_median = to_cents(row["paid_p50"])
    group.unpaid_hours_median = to_cents(row["unpaid_p50"])
    if row["unpaid_share_p50"] is not None:
        group.unpaid_share_median = whole_percent(row["unpaid_share_p50"])
    for condition in conditions:
        yes = row[f"yes_{condition.bit}"] or 0
        answered = row[f"answered_{condition.bit}"] or 0
        if answered >= k:
            low, high = wilson_interval(yes, answered)
            share = ConditionShare(
                condition.slug,
                condition.bit,
                whole_percent(yes / answered),
                (whole_percent(low), whole_percent(high)),
                answered,
                yes,
            )
        else:
            share = ConditionShare(condition.slug, condition.bit, None, None, answered)
        group.conditions.append(share)
    return group


def _group_keys(group_by):
    """A function from a grouped column's value to the group's public key."""
    if group_by in ("platform", "task_type"):
        model = Platform if group_by == "platform" else TaskType
        slugs = dict(model.objects.values_list("pk", "slug"))
        return lambda value: slugs.get(value, str(value))
    if group_by == "quarter":
        return lambda value: f"{value.year}-Q{(value.month - 1) // 3 + 1}"
    return str


def suppress(groups, k):
    """The groups that may be shown: at least k reports each, and hidden
    groups holding at least k reports between them (or none at all), so that
    no hidden figure can be found by subtracting shown ones from a total.
    Groups are hidden smallest first; ties go by key, so the result is stable.
    """
    visible = [group for group in groups if group.n >= k]
    hidden_total = sum(group.n for group in groups if group.n < k)
    while 0 < hidden_total < k and visible:
        smallest = min(visible, key=lambda group: (group.n, group.key))
        visible.remove(smallest)
        hidden_total += smallest.n
    return visible


def _compute(filters, group_by, k, detail):
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Sorts of a million floats stay in memory rather than on disk.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
        return _aggregate(filters, group_by, k, detail)


def _aggregate(filters, group_by, k, detail):
    figures = filters.apply(ReleasedFigure.objects.all())
    summary = figures.aggregate(**SUMMARY)
    if summary["n"] < k:
        return {"n_total": summary["n"], "groups": []}
    conditions = _conditions()
    metrics = _metrics(conditions, detail)
    if group_by == "none":
        groups = [_group_from_row("all", figures.aggregate(**metrics), conditions, k)]
    else:
        key = _group_keys(group_by)
        rows = (
            figures.annotate(group_key=GROUP_EXPRESSIONS[group_by])
            .values("group_key")
            .annotate(**metrics)
            .order_by("group_key")
        )
        groups = suppress(
            [
                _group_from_row(key(row["group_key"]), row, conditions, k)
                for row in rows
            ],
            k,
        )
    return {
        "n_total": summary["n"],
        "groups": groups,
        "period_first": summary["period_first"],
        "period_last": summary["period_last"],
        "rates_first": summary["rates_first"],
        "rates_last": summary["rates_last"],
    }


def current_release():
    release = cache.get("stats:current-release")
    if release is None:
        release = StatsRelease.objects.current() or False
        cache.set("stats:current-release", release, CACHE_SECONDS)
    return release or None


def cache_key(prefix, release, filters, *parts):
    """The cache key of one table of one release: a new release never reads it."""
    description = repr((sorted(filters.as_params().items()), *parts))
    digest = hashlib.sha256(description.encode()).hexdigest()[:24]
    token = release.cache_token.hex if release else "none"
    return f"{prefix}:release-{token}:{digest}"


def figures(filters=None, group_by="none", detail="full"):
    """The table of figures for `filters` grouped by `group_by`, from cache.

    `detail` is "full" (every figure) or "pay" (effective hourly pay only).
    Labels are put on after the cache, in the reader's language.
    """
    filters = filters or Filters()
    k = settings.K_ANONYMITY
    release = current_release()
    key = cache_key("stats", release, filters, group_by, k, detail)
    computed = cache.get(key)
    if computed is None:
        computed = _compute(filters, group_by, k, detail)
        cache.set(key, computed, CACHE_SECONDS)
    table = Table(release=release, k=k, filters=filters, group_by=group_by, **computed)
    label = group_labeller(group_by)
    condition_names = {condition.slug: condition.label for condition in _conditions()}

    def labelled(group, name):
        shares = [
            replace(share, label=condition_names.get(share.slug, share.slug))
            for share in group.conditions
        ]
        return replace(group, label=name, conditions=shares)

    table.groups = [labelled(group, label(group.key)) for group in table.groups]
    return table


def several_figures(*requests):
    """figures(*request) for each request, computed side by side when possible.

    Each table is one long scan and sort, and they do not depend on each
    other: on PostgreSQL each runs in a thread with its own connection, so a
    cold page waits for the slowest table rather than for all of them. Inside
    a transaction (the tests' own) the other connections could not see the
    data, so the tables are computed one after the other.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return [figures(*request) for request in requests]
    language = translation.get_language()

    def compute(request):
        try:
            with translation.override(language):
                return figures(*request)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(compute, requests))


def group_labeller(group_by):
    """A function from a group's key to its name in the reader's language."""
    if group_by in ("platform", "task_type"):
        model = Platform if group_by == "platform" else TaskType
        names = {item.slug: item.label for item in model.objects.all()}
        return lambda key: names.get(key, key)
    if group_by == "country":
        return countries.country_name
    if group_by == "quarter":

        def quarter(key):
            year, number = key.split("-Q")
            return _("%(year)s, quarter %(quarter)s") % {
                "year": year,
                "quarter": number,
            }

        return quarter
    return lambda key: _("All reports")


def clear_current_release():
    """Called by a release: new figures are computed from now on."""
    cache.delete("stats:current-release")


def median_and_count(queryset, field_name):
    """The median of one field and the number of rows, in one query."""
    row = queryset.aggregate(median=PercentileCont(field_name, 0.5), count=Count("pk"))
    return to_cents(row["median"]), row["count"]


def pay_comparison(report):
    """How one report's effective hourly pay compares with the released figures.

    The groups (same platform; same platform and country) with at least
    K_ANONYMITY released reports, each with its median and size.
    """
    comparisons = {}
    for name, filters in [
        ("platform", Filters(platform=report.platform)),
        ("platform_country", Filters(platform=report.platform, country=report.country)),
    ]:
        table = figures(filters, detail="pay")
        if table.enough:
            comparisons[name] = {
                "median": table.total.effective_hourly_usd["median"],
                "count": table.total.n,
            }
    return comparisons


def minimum_wage_comparison(report):
    """The report's effective hourly pay against its country's minimum wage.

    None when we hold no minimum wage for the country. Both sides are
    compared in US dollars at the rates of the reported month.
    """
    wage = MinimumWage.objects.filter(country=report.country).first()
    if wage is None:
        return None
    rate = ExchangeRate.objects.for_period(wage.currency, report.period)
    if rate is None:
        return None
    wage_usd = money.to_usd(wage.hourly_amount, rate.units_per_usd)
    return {
        "wage": wage,
        "hourly_usd": wage_usd,
        "share": (report.effective_hourly_usd / wage_usd * 100).quantize(Decimal("1")),
        "below": report.effective_hourly_usd < wage_usd,
    }


# Other kinds of entries released with the reports (the incident ledger
# registers itself here from its AppConfig.ready), as (model, counter field).
RELEASED_WITH_REPORTS = []


def release_waiting_reports(*, is_demo=False):
    """Add the approved entries waiting to the public figures, if enough wait.

    Effects, in one transaction, when at least K_ANONYMITY reports (or
    K_ANONYMITY entries of another registered kind) wait:
    - a new StatsRelease is created;
    - every waiting entry of each kind with enough waiting joins it, and the
      reports' figures are copied into ReleasedFigure;
    - the cached current release is forgotten, so every page, CSV and API
      answer is computed afresh for the new release (older cached figures
      are keyed by the old release's token and never read again).
    Returns (release or None, number of reports waiting).
    """
    k = settings.K_ANONYMITY
    waiting = Report.objects.awaiting_release()
    count = waiting.count()
    others = [
        (model.objects.awaiting_release(), counter)
        for model, counter in RELEASED_WITH_REPORTS
    ]
    others = [(queryset, counter, queryset.count()) for queryset, counter in others]
    others = [(queryset, counter, n) for queryset, counter, n in others if n >= k]
    if count < k and not others:
        return None, count
    with transaction.atomic():
        release = StatsRelease.objects.create(
            added_reports=count if count >= k else 0,
            is_demo=is_demo,
            **{counter: n for _queryset, counter, n in others},
        )
        if count >= k:
            waiting.update(release=release)
            write_released_figures(release)
        for queryset, _counter, _n in others:
            queryset.update(release=release)
    clear_current_release()
    return release, count


def write_released_figures(release):
    """Copy the figures of the reports a release added into ReleasedFigure.

    One INSERT ... SELECT: the database does the copying, whatever the size.
    """
    figure = ReleasedFigure._meta.db_table
    report = Report._meta.db_table

    def real(column):
        return f"CAST({column} AS DOUBLE PRECISION)"

    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {figure} (
                report_id, release_id, platform_id, country, task_type_id, period,
                hourly_usd, effective_hourly_usd, paid_hours, unpaid_hours,
                unpaid_share, conditions_yes, conditions_answered,
                below_minimum_wage, exchange_rate_date
            )
            SELECT id, release_id, platform_id, country, task_type_id, period,
                {real("hourly_usd")}, {real("effective_hourly_usd")},
                {real("paid_hours_per_week")}, {real("unpaid_hours_per_week")},
                {real("unpaid_hours_per_week")}
                    / ({real("paid_hours_per_week")} + {real("unpaid_hours_per_week")}),
                conditions_yes, conditions_answered,
                below_minimum_wage, exchange_rate_date
            FROM {report}
            WHERE release_id = %s
            """,  # noqa: S608 - table names from the models, the value a parameter
            [release.pk],
        )


def empty_condition_shares():
    """One empty share per condition: the CSV's columns when nothing is shown."""
    return [ConditionShare(c.slug, c.bit, None, None, 0) for c in _conditions()]
