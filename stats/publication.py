"""A release: the one place that computes public figures.

`release_waiting` marks the approved entries waiting, snapshots every
approved entry already counted, computes every cell of the published
tables (stats.tables) under the disclosure rules (stats.disclosure) and
stores them, in one transaction. Pages, files and the API then read the
stored cells of the current release (stats.published); nothing public is
computed at request time, and nothing public moves between releases.

The snapshot is read in one pass into arrays and the cells are computed
with numpy: a million reports take well under the two minutes a release
may take (see bench/stats_benchmark.py).
"""

import time
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import FloatField
from django.db.models.functions import Cast

from incidents.models import Incident, Kind, Outcome
from stats import disclosure, tables
from stats.models import PublishedCell, StatsRelease, Table
from surveys.models import Condition, Platform, Report, TaskType

CURRENT_RELEASE_CACHE_KEY = "stats:current-release"
# The releases whose cells are kept: the current one, and the one before
# (whose quantile draws the current one reused).
RELEASES_KEPT = 2
CHUNK = 20_000


# --- the snapshot ------------------------------------------------------------


@dataclass
class Snapshot:
    """The entries a release counts, one array entry per entry.

    Receipts, days of sending and signatures (equal for identical answers)
    are dense codes, for the concentration rules. `dimensions` maps each dimension to (codes, values): the code of each
    entry and the published value (a slug, a country, "2026-Q1") of each
    code. `columns` holds whatever else the table's figures need.
    """

    table: str
    record_keys: np.ndarray
    receipts: np.ndarray
    days: np.ndarray
    signatures: np.ndarray
    dimensions: dict
    columns: dict = field(default_factory=dict)

    @property
    def size(self):
        return len(self.record_keys)


def _read(queryset, names, progress):
    """The columns `names` of a queryset, as lists, in one pass."""
    columns = {name: [] for name in names}
    total = 0
    for chunk in _chunks(queryset.values_list(*names).iterator(chunk_size=CHUNK)):
        for name, values in zip(names, zip(*chunk, strict=True), strict=True):
            columns[name].extend(values)
        total += len(chunk)
        if progress and total % 200_000 < CHUNK:
            progress(f"  read {total:,} entries")
    return columns


def _chunks(rows):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _codes(values):
    """Codes for a list of values, and the distinct values in code order."""
    distinct, codes = np.unique(np.asarray(values, dtype=object), return_inverse=True)
    return codes.astype(np.int64), [str(value) for value in distinct]


def _periods(days):
    """Quarter and year dimensions of a list of first days of months."""
    quarters = [tables.quarter_of(day.year, day.month) for day in days]
    years = [f"{day.year:04d}" for day in days]
    return {"quarter": _codes(quarters), "year": _codes(years)}


def _signatures(*columns):
    """One number per entry that is equal for entries with identical answers."""
    signature = np.zeros(len(columns[0]), dtype=np.uint64)
    for column in columns:
        values = np.nan_to_num(np.asarray(column, dtype=np.float64), nan=-1.0)
        signature = disclosure.mix(signature ^ disclosure.mix(values.view(np.uint64)))
    return signature


def _dense(values):
    """Codes 0, 1, 2... for any labels, equal where the labels are equal."""
    return np.unique(np.asarray(values), return_inverse=True)[1].reshape(-1)


def _keys(values):
    return np.asarray(values, dtype=np.int64).astype(np.uint64)


def read_reports(progress=None):
    """The snapshot of every approved report a release counts."""
    queryset = Report.objects.released().annotate(
        hourly=Cast("hourly_usd", FloatField()),
        effective=Cast("effective_hourly_usd", FloatField()),
        paid=Cast("paid_hours_per_week", FloatField()),
        unpaid=Cast("unpaid_hours_per_week", FloatField()),
    )
    names = [
        "record_key", "receipt_id", "submitted_on", "platform_id", "country",
        "task_type_id", "period", "hourly", "effective", "paid", "unpaid",
        "conditions_yes", "conditions_answered", "below_minimum_wage",
    ]  # fmt: skip
    raw = _read(queryset, names, progress)
    platform_slugs = dict(Platform.objects.values_list("pk", "slug"))
    task_type_slugs = dict(TaskType.objects.values_list("pk", "slug"))
    paid = np.asarray(raw["paid"], dtype=np.float64)
    unpaid = np.asarray(raw["unpaid"], dtype=np.float64)
    yes = np.asarray(raw["conditions_yes"], dtype=np.int64)
    answered = np.asarray(raw["conditions_answered"], dtype=np.int64)
    effective = np.asarray(raw["effective"], dtype=np.float64)
    dimensions = {
        "platform": _codes([platform_slugs[pk] for pk in raw["platform_id"]]),
        "country": _codes(raw["country"]),
        "task_type": _codes([task_type_slugs[pk] for pk in raw["task_type_id"]]),
        **_periods(raw["period"]),
    }
    below = np.array(
        [-1 if value is None else int(value) for value in raw["below_minimum_wage"]],
        dtype=np.int8,
    )
    return Snapshot(
        table=Table.REPORTS,
        record_keys=_keys(raw["record_key"]),
        receipts=_dense(raw["receipt_id"]),
        days=_dense([day.toordinal() for day in raw["submitted_on"]]),
        signatures=_dense(
            _signatures(
                *(dimensions[name][0] for name in ("platform", "country", "task_type")),
                [day.toordinal() for day in raw["period"]],
                effective,
                paid,
                unpaid,
                yes,
                answered,
            )
        ),  # fmt: skip
        dimensions=dimensions,
        columns={
            "hourly_usd": np.asarray(raw["hourly"], dtype=np.float64),
            "effective_hourly_usd": effective,
            "paid_hours": paid,
            "unpaid_hours": unpaid,
            "unpaid_share": np.divide(
                unpaid, paid + unpaid, out=np.zeros_like(paid), where=paid + unpaid > 0
            ),
            "conditions_yes": yes,
            "conditions_answered": answered,
            "below_minimum_wage": below,
        },
    )


def read_incidents(progress=None):
    """The snapshot of every approved incident a release counts."""
    queryset = Incident.objects.released().annotate(
        owed=Cast("amount_owed_usd", FloatField()),
        days=Cast("days_to_resolution", FloatField()),
    )
    names = [
        "record_key", "receipt_id", "submitted_on", "platform_id", "country",
        "started", "kind", "outcome", "owed", "days",
    ]  # fmt: skip
    raw = _read(queryset, names, progress)
    platform_slugs = dict(Platform.objects.values_list("pk", "slug"))
    owed = np.array(
        [np.nan if value is None else value for value in raw["owed"]], dtype=np.float64
    )
    days = np.array(
        [np.nan if value is None else value for value in raw["days"]], dtype=np.float64
    )
    kinds = np.array([Kind.values.index(kind) for kind in raw["kind"]], dtype=np.int64)
    outcomes = np.array(
        [Outcome.values.index(outcome) for outcome in raw["outcome"]], dtype=np.int64
    )
    dimensions = {
        "platform": _codes([platform_slugs[pk] for pk in raw["platform_id"]]),
        "country": _codes(raw["country"]),
        **_periods(raw["started"]),
    }
    return Snapshot(
        table=Table.INCIDENTS,
        record_keys=_keys(raw["record_key"]),
        receipts=_dense(raw["receipt_id"]),
        days=_dense([day.toordinal() for day in raw["submitted_on"]]),
        signatures=_dense(
            _signatures(
                dimensions["platform"][0],
                dimensions["country"][0],
                [day.toordinal() for day in raw["started"]],
                kinds,
                outcomes,
                owed,
            )
        ),  # fmt: skip
        dimensions=dimensions,
        columns={
            "kind": kinds,
            "outcome": outcomes,
            "amount_owed_usd": owed,
            "days_to_resolution": days,
        },
    )


# --- cells -------------------------------------------------------------------


class Grouping:
    """The entries of a snapshot grouped into the cells of one margin."""

    def __init__(self, snapshot, margin):
        self.margin = margin
        combined = np.zeros(snapshot.size, dtype=np.int64)
        for dimension in margin:
            codes, values = snapshot.dimensions[dimension]
            combined = combined * len(values) + codes
        unique, inverse, counts = np.unique(
            combined, return_inverse=True, return_counts=True
        )
        self.inverse = inverse.reshape(-1)
        self.counts = counts
        self.size = len(counts)
        self.order = np.argsort(self.inverse, kind="stable")
        self.starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        # Each cell's value in each dimension of the margin.
        self.keys = []
        for code in unique:
            key = {}
            for dimension in reversed(margin):
                values = snapshot.dimensions[dimension][1]
                code, index = divmod(int(code), len(values))
                key[dimension] = values[index]
            self.keys.append(key)

    def count(self, selected):
        """How many entries of each cell are `selected` (a boolean array)."""
        return np.bincount(self.inverse[selected], minlength=self.size)

    def key_sums(self, record_keys, selected=None):
        """The sum of the record keys of each cell (modulo 2**64)."""
        if self.size == 0:
            return np.zeros(0, dtype=np.uint64)
        keys = record_keys if selected is None else np.where(selected, record_keys, 0)
        return np.add.reduceat(keys.astype(np.uint64)[self.order], self.starts)

    def _pairs(self, codes):
        """The distinct (cell, code) pairs, as cells, and how often each occurs."""
        width = int(codes.max(initial=0)) + 1
        pairs, counts = np.unique(self.inverse * width + codes, return_counts=True)
        return pairs // width, counts

    def largest_share(self, codes):
        """How many entries of each cell share its most common code."""
        cells, counts = self._pairs(codes)
        largest = np.zeros(self.size, dtype=np.int64)
        np.maximum.at(largest, cells, counts)
        return largest

    def distinct(self, codes):
        """How many distinct codes each cell holds."""
        cells, _counts = self._pairs(codes)
        return np.bincount(cells, minlength=self.size)

    def sorted_by_cell(self, values):
        return values[self.order]

    def cell_slice(self, index):
        start = int(self.starts[index])
        return slice(start, start + int(self.counts[index]))


def _ancestors(key):
    """The cells that hold every entry of a cell with this key."""
    found = []
    dimensions = list(key)
    for size in range(len(dimensions)):
        for kept in _subsets(dimensions, size):
            found.append({name: key[name] for name in kept})
    if "quarter" in key:
        as_year = {name: value for name, value in key.items() if name != "quarter"} | {
            "year": key["quarter"][:4]
        }
        found.append(as_year)
        found += [
            {name: as_year[name] for name in kept}
            for kept in _subsets(list(as_year), len(as_year) - 1)
            if "year" in kept
        ]
    return found


def _subsets(items, size):
    return combinations(items, size)


def _frozen(key):
    return tuple(sorted(key.items()))


class Publisher:
    """Computes the published cells of one snapshot."""

    def __init__(self, snapshot, threshold, previous_draws=None, progress=None):
        self.snapshot = snapshot
        self.threshold = threshold
        self.previous_draws = previous_draws or {}
        self.draws_made = 0
        self.draws_reused = 0
        self.progress = progress

    def cells(self):
        """Every publishable cell: (key, figures, draws) triples."""
        snapshot = self.snapshot
        if snapshot.size == 0:
            return []
        true_counts = {}
        for margin in tables.margins(snapshot.table):
            grouping = Grouping(snapshot, margin)
            for key, count in zip(grouping.keys, grouping.counts, strict=True):
                true_counts[_frozen(key)] = int(count)
        published = []
        for margin in tables.margins(snapshot.table):
            started = time.monotonic()
            grouping = Grouping(snapshot, margin)
            published += self._margin_cells(grouping, true_counts)
            if self.progress:
                self.progress(
                    f"  {snapshot.table} by {' × '.join(margin) or 'all'}: "
                    f"{grouping.size:,} cells ({time.monotonic() - started:.1f} s)"
                )
        return published

    def _publishable(self, grouping, true_counts):
        """Which cells the structural rules let through (before the noise)."""
        snapshot = self.snapshot
        k = self.threshold
        counts = grouping.counts
        allowed = counts >= k
        allowed &= grouping.distinct(snapshot.receipts) >= k
        limit = disclosure.CONCENTRATION_SHARE * counts
        allowed &= grouping.largest_share(snapshot.receipts) <= limit
        small = counts < disclosure.PADDING_RULES_BELOW
        allowed &= ~small | (
            (grouping.largest_share(snapshot.days) <= limit)
            & (grouping.largest_share(snapshot.signatures) <= limit)
        )
        for index, key in enumerate(grouping.keys):
            if not allowed[index]:
                continue
            count = int(counts[index])
            for ancestor in _ancestors(key):
                difference = true_counts[_frozen(ancestor)] - count
                if 0 < difference < k:
                    # The ancestor minus this cell would describe fewer than
                    # k entries: publish the ancestor only.
                    allowed[index] = False
                    break
        return allowed

    def _margin_cells(self, grouping, true_counts):
        allowed = self._publishable(grouping, true_counts)
        key_sums = grouping.key_sums(self.snapshot.record_keys)
        published_n = disclosure.perturb(
            grouping.counts, disclosure.cell_keys(key_sums), self.threshold
        )
        allowed &= published_n >= self.threshold
        if not allowed.any():
            return []
        if self.snapshot.table == Table.REPORTS:
            figures = ReportFigures(self, grouping, key_sums, published_n)
        else:
            figures = IncidentFigures(self, grouping, key_sums, published_n)
        return [
            (grouping.keys[index], *figures.of(index))
            for index in np.flatnonzero(allowed)
        ]

    def inner_counts(self, grouping, key_sums, selected, label):
        """Published counts of the entries `selected` inside each cell."""
        return disclosure.perturb(
            grouping.count(selected),
            disclosure.inner_keys(key_sums, label),
            self.threshold,
        )

    def quantiles(self, measure, values, grid, alphas, fingerprint):
        """The private quantiles of one cell's values, drawn again only when
        those values changed since the previous release."""
        reuse_key = (measure, fingerprint)
        draws = self.previous_draws.get(reuse_key)
        if draws is not None and set(draws) >= {str(alpha) for alpha in alphas}:
            self.draws_reused += 1
            return {str(alpha): draws[str(alpha)] for alpha in alphas}
        self.draws_made += 1
        draws = {
            str(alpha): disclosure.private_quantile(values, grid, alpha)
            for alpha in alphas
        }
        # The same values in another cell of this release get the same draw.
        self.previous_draws[reuse_key] = draws
        return draws


class _Figures:
    """What every table's figures share: quantile bookkeeping."""

    def __init__(self, publisher, grouping, key_sums, published_n):
        self.publisher = publisher
        self.grouping = grouping
        self.key_sums = key_sums
        self.published_n = published_n
        self.threshold = publisher.threshold
        self.snapshot = publisher.snapshot
        self._sorted = {}
        self._fingerprints = {}

    def _prepare(self, measure):
        if measure not in self._sorted:
            values = self.snapshot.columns[measure]
            known = ~np.isnan(values)
            fingerprints = np.where(
                known,
                disclosure.value_fingerprints(self.snapshot.record_keys, values),
                np.uint64(0),
            )
            self._sorted[measure] = self.grouping.sorted_by_cell(values)
            self._fingerprints[measure] = np.add.reduceat(
                fingerprints[self.grouping.order], self.grouping.starts
            )
        return self._sorted[measure], self._fingerprints[measure]

    def quantiles(self, index, measure, grid, alphas, draws_out):
        """The cell's quantiles of `measure`, or None under the size rule."""
        ordered, fingerprints = self._prepare(measure)
        values = ordered[self.grouping.cell_slice(index)]
        values = values[~np.isnan(values)]
        fingerprint = f"{int(fingerprints[index]):016x}"
        drawn = self.publisher.quantiles(measure, values, grid, alphas, fingerprint)
        draws_out[measure] = {"fingerprint": fingerprint, "values": drawn}
        return [drawn[str(alpha)] for alpha in alphas]


QUARTILES = (0.25, 0.5, 0.75)


def _cents(value):
    return round(float(value), 2)


class ReportFigures(_Figures):
    def __init__(self, *args):
        super().__init__(*args)
        columns = self.snapshot.columns
        self.condition_slugs = dict(Condition.objects.values_list("bit", "slug"))
        self.condition_counts = {}
        for bit, slug in self.condition_slugs.items():
            answered = (columns["conditions_answered"] >> bit) & 1 == 1
            yes = answered & ((columns["conditions_yes"] >> bit) & 1 == 1)
            self.condition_counts[slug] = (
                self._inner(yes, f"yes {slug}"),
                self._inner(answered & ~yes, f"no {slug}"),
            )
        below = columns["below_minimum_wage"]
        self.below = self._inner(below == 1, "below minimum wage")
        self.not_below = self._inner(below == 0, "not below minimum wage")

    def _inner(self, selected, label):
        return self.publisher.inner_counts(
            self.grouping, self.key_sums, selected, label
        )

    def of(self, index):
        """The published figures of one cell, and the quantile draws behind them."""
        n = int(self.published_n[index])
        draws = {}
        figures = {
            "n": n,
            "hourly_usd": None,
            "effective_hourly_usd": None,
            "paid_hours_per_week": None,
            "unpaid_hours_per_week": None,
            "unpaid_share_median": None,
        }
        if n >= disclosure.QUANTILE_MIN_REPORTS:
            for measure in ("hourly_usd", "effective_hourly_usd"):
                low, median, high = self.quantiles(
                    index, measure, "usd_per_hour", QUARTILES, draws
                )
                figures[measure] = {
                    "p25": _cents(low),
                    "median": _cents(median),
                    "p75": _cents(high),
                }
            for measure, name in [
                ("paid_hours", "paid_hours_per_week"),
                ("unpaid_hours", "unpaid_hours_per_week"),
            ]:
                (median,) = self.quantiles(
                    index, measure, "hours_per_week", (0.5,), draws
                )
                figures[name] = {"median": median}
            (share,) = self.quantiles(index, "unpaid_share", "share", (0.5,), draws)
            figures["unpaid_share_median"] = disclosure.whole_percent(share)
        figures["conditions"] = {
            slug: disclosure.share(int(yes[index]), int(no[index]), self.threshold)
            for slug, (yes, no) in self.condition_counts.items()
        }
        below = disclosure.share(
            int(self.below[index]), int(self.not_below[index]), self.threshold
        )
        figures["below_minimum_wage"] = {
            "share": below["share"] if below else None,
            "reports": below["answered"] if below else None,
        }
        return figures, draws


class IncidentFigures(_Figures):
    def __init__(self, *args):
        super().__init__(*args)
        columns = self.snapshot.columns
        kinds, outcomes = columns["kind"], columns["outcome"]
        self.kinds = {
            kind: self._inner(kinds == number, f"kind {kind}")
            for number, kind in enumerate(Kind.values)
        }
        owed = ~np.isnan(columns["amount_owed_usd"])
        self.amounts = self._inner(owed, "amount owed")
        resolved = np.isin(
            outcomes, [Outcome.values.index(o) for o in Outcome.resolved()]
        )
        paid_full = outcomes == Outcome.values.index(Outcome.PAID_FULL)
        never_paid = outcomes == Outcome.values.index(Outcome.NEVER_PAID)
        self.shares = {
            "resolved_share": (
                self._inner(resolved, "resolved"),
                self._inner(~resolved, "not resolved"),
            ),
            "paid_in_full_share": (
                self._inner(paid_full, "paid in full"),
                self._inner(~paid_full, "not paid in full"),
            ),
            "never_paid_share": (
                self._inner(never_paid, "never paid"),
                self._inner(~never_paid, "not never paid"),
            ),
        }
        self._owed_sorted = self.grouping.sorted_by_cell(columns["amount_owed_usd"])

    def _inner(self, selected, label):
        return self.publisher.inner_counts(
            self.grouping, self.key_sums, selected, label
        )

    def of(self, index):
        n = int(self.published_n[index])
        draws = {}
        amounts = int(self.amounts[index])
        figures = {
            "n": n,
            "by_kind": {
                kind: (int(counts[index]) or None)
                for kind, counts in self.kinds.items()
            },
            "amounts_reported": amounts or None,
            "total_owed_usd": None,
            "median_owed_usd": None,
            "median_days_to_resolution": None,
        }
        if amounts:
            claims = self._owed_sorted[self.grouping.cell_slice(index)]
            claims = np.sort(claims[~np.isnan(claims)])
            figures["total_owed_usd"] = disclosure.perturbed_total(
                claims, self.key_sums[index]
            )
        if amounts >= disclosure.QUANTILE_MIN_REPORTS:
            (median,) = self.quantiles(
                index, "amount_owed_usd", "usd_owed", (0.5,), draws
            )
            figures["median_owed_usd"] = _cents(median)
        for name, (part, rest) in self.shares.items():
            found = disclosure.share(int(part[index]), int(rest[index]), self.threshold)
            figures[name] = found["share"] if found else None
        resolved_count = self.shares["resolved_share"][0][index]
        if resolved_count >= disclosure.QUANTILE_MIN_REPORTS:
            (median,) = self.quantiles(
                index, "days_to_resolution", "days", (0.5,), draws
            )
            figures["median_days_to_resolution"] = round(median)
        return figures, draws


# --- the release ---------------------------------------------------------------


def _previous_draws(release, table):
    """The quantile draws of a release's cells, by (measure, fingerprint)."""
    if release is None:
        return {}
    found = {}
    for draws in PublishedCell.objects.of(release, table).values_list(
        "draws", flat=True
    ):
        for measure, drawn in draws.items():
            found[(measure, drawn["fingerprint"])] = drawn["values"]
    return found


@dataclass
class ReleaseSummary:
    release: StatsRelease | None
    waiting_reports: int
    waiting_incidents: int
    cells: int = 0
    draws_made: int = 0
    draws_reused: int = 0


def release_waiting(*, is_demo=False, progress=None):
    """Publish a new release if enough approved entries wait.

    A release happens when at least K_ANONYMITY reports or K_ANONYMITY
    incidents wait (or when the current release published no cell while
    approved entries exist, as after an upgrade). Effects, in one
    transaction:
    - the waiting approved entries are marked with the new release's number;
    - every approved, counted entry is read, and every publishable cell of
      the report and incident tables is stored with the new release;
    - each platform's published median and count are stored on it, for the
      moderators' outlier flag;
    - cells of releases older than the previous one are deleted;
    - after the commit, the cached current release is forgotten, so every
      page is rendered afresh from the new cells (the old pages' cache keys
      hold the old release's token and are never read again).
    Returns a ReleaseSummary (release None when nothing was released).
    """
    k = settings.K_ANONYMITY
    waiting_reports = Report.objects.awaiting_release().count()
    waiting_incidents = Incident.objects.awaiting_release().count()
    summary = ReleaseSummary(None, waiting_reports, waiting_incidents)
    current = StatsRelease.objects.current()
    if (
        waiting_reports < k
        and waiting_incidents < k
        and not _needs_first_cells(current)
    ):
        return summary
    with transaction.atomic():
        release = StatsRelease.objects.create(
            added_reports=waiting_reports,
            added_incidents=waiting_incidents,
            is_demo=is_demo,
        )
        Report.objects.awaiting_release().update(released_in=release.number)
        Incident.objects.awaiting_release().update(released_in=release.number)
        for reader in (read_reports, read_incidents):
            snapshot = reader(progress)
            if progress:
                progress(f"Read {snapshot.size:,} {snapshot.table}.")
            publisher = Publisher(
                snapshot, k, _previous_draws(current, snapshot.table), progress
            )
            cells = publisher.cells()
            _store(release, snapshot.table, cells)
            summary.cells += len(cells)
            summary.draws_made += publisher.draws_made
            summary.draws_reused += publisher.draws_reused
        _store_platform_medians(release)
        old = StatsRelease.objects.order_by("-number")[RELEASES_KEPT:]
        PublishedCell.objects.filter(release__in=list(old)).delete()
    forget_current_release()
    summary.release = release
    return summary


def _needs_first_cells(current):
    return (
        current is not None
        and not current.cells.exists()
        and (Report.objects.released().exists() or Incident.objects.released().exists())
    )


def _store(release, table, cells):
    PublishedCell.objects.bulk_create(
        (
            PublishedCell(
                release=release,
                table=table,
                n=figures["n"],
                figures=figures,
                draws=draws,
                **key,
            )
            for key, figures, draws in cells
        ),
        batch_size=1000,
    )


def _store_platform_medians(release):
    """Store each platform's published median effective pay and report count
    on the platform, where the outlier flag reads them."""
    published = {}
    cells = PublishedCell.objects.of(release, Table.REPORTS).filter(
        country="", task_type="", quarter="", year=""
    )
    for slug, figures in cells.exclude(platform="").values_list("platform", "figures"):
        if figures["effective_hourly_usd"]:
            published[slug] = (figures["effective_hourly_usd"]["median"], figures["n"])
    platforms = list(Platform.objects.all())
    for platform in platforms:
        platform.released_median_usd, platform.released_reports = published.get(
            platform.slug, (None, None)
        )
    Platform.objects.bulk_update(platforms, ["released_median_usd", "released_reports"])


def current_release():
    """The current release, cached until the next release."""
    release = cache.get(CURRENT_RELEASE_CACHE_KEY)
    if release is None:
        release = StatsRelease.objects.current() or False
        cache.set(CURRENT_RELEASE_CACHE_KEY, release, None)
    return release or None


def forget_current_release():
    cache.delete(CURRENT_RELEASE_CACHE_KEY)
