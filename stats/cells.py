"""The published cells of a snapshot: grouping the entries into the cells of
each margin, deciding which cells may be published, and computing their
figures under the rules of stats/disclosure.py.

Everything here is arithmetic on arrays (the one query reads the list of
working conditions), so a test can run a release's computation many times.
"""

import time
from itertools import combinations

import numpy as np

from incidents.models import Kind, Outcome
from stats import disclosure, tables
from stats.models import Table
from surveys.models import Condition, PayoutMethod

QUARTILES = (0.25, 0.5, 0.75)
MEDIAN = (0.5,)


def _cents(value):
    return round(float(value), 2)


class Grouping:
    """The entries of a snapshot grouped into the cells of one margin."""

    def __init__(self, snapshot, margin):
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
        for code in unique.tolist():
            key = {}
            for dimension in reversed(margin):
                values = snapshot.dimensions[dimension][1]
                code, index = divmod(code, len(values))
                key[dimension] = values[index]
            self.keys.append(key)

    def count(self, selected):
        """How many entries of each cell are `selected` (a boolean array)."""
        counts = np.bincount(self.inverse, weights=selected, minlength=self.size)
        return counts.astype(np.int64)

    def sums(self, values):
        """The sum of unsigned 64-bit values over each cell, modulo 2**64."""
        return np.add.reduceat(values[self.order], self.starts)

    def concentration(self, codes):
        """Per cell: how many distinct codes it holds, and how many of its
        entries share its most common code."""
        width = int(codes.max(initial=0)) + 1
        pairs, counts = np.unique(self.inverse * width + codes, return_counts=True)
        cells = pairs // width
        largest = np.zeros(self.size, dtype=np.int64)
        np.maximum.at(largest, cells, counts)
        return np.bincount(cells, minlength=self.size), largest

    def values(self, ordered, index):
        """A cell's slice of an array already put in cell order."""
        start = int(self.starts[index])
        return ordered[start : start + int(self.counts[index])]


def ancestors(key):
    """The cells that hold every entry of a cell with this key: those fixing
    fewer of its values, and, for a quarter, those fixing its year instead."""
    found = [
        {name: key[name] for name in kept}
        for size in range(len(key))
        for kept in combinations(key, size)
    ]
    if "quarter" in key:
        as_year = {name: value for name, value in key.items() if name != "quarter"}
        as_year["year"] = key["quarter"][:4]
        found.append(as_year)
        found += [
            {name: as_year[name] for name in kept}
            for kept in combinations(as_year, len(as_year) - 1)
            if "year" in kept
        ]
    return found


def _frozen(key):
    return tuple(sorted(key.items()))


class Publisher:
    """Computes the published cells of one snapshot.

    `previous_draws` maps (measure, fingerprint) to the quantiles a previous
    release drew for exactly those values: they are published again rather
    than drawn anew, so that nobody can average repeated draws.
    """

    def __init__(self, snapshot, threshold, previous_draws=None, progress=None):
        self.snapshot = snapshot
        self.threshold = threshold
        self.previous_draws = dict(previous_draws or {})
        self.draws_made = 0
        self.draws_reused = 0
        self.progress = progress
        figures = ReportFigures if snapshot.table == Table.REPORTS else IncidentFigures
        self.figures = figures(snapshot)

    def cells(self):
        """Every publishable cell: (key, figures, draws) triples."""
        snapshot = self.snapshot
        if snapshot.size == 0:
            return []
        # Ancestors first (a year before its quarters), so that a cell
        # withheld for being too close to its ancestor withholds its own
        # descendants too.
        margins = sorted(
            tables.published_margins(snapshot.table),
            key=lambda margin: (len(margin), "quarter" in margin),
        )
        groupings = {}
        self.true_counts, self.published_counts = {}, {}
        for margin in margins:
            grouping = Grouping(snapshot, margin)
            published = disclosure.perturb(
                grouping.counts,
                disclosure.cell_keys(grouping.sums(snapshot.record_keys)),
                self.threshold,
            )
            for key, count, shown in zip(
                grouping.keys, grouping.counts.tolist(), published.tolist(), strict=True
            ):
                self.true_counts[_frozen(key)] = count
                self.published_counts[_frozen(key)] = shown
            # A small snapshot's groupings are kept for the second pass; a
            # large one's (arrays of a million entries each) are made again
            # rather than all held at once.
            if snapshot.size < 200_000:
                groupings[margin] = grouping
        self.too_close = set()
        cells = []
        for margin in margins:
            started = time.monotonic()
            grouping = groupings.pop(margin, None) or Grouping(snapshot, margin)
            cells += self._margin_cells(grouping)
            if self.progress:
                self.progress(
                    f"  {snapshot.table} by {' × '.join(margin) or 'all'}: "
                    f"{grouping.size:,} cells ({time.monotonic() - started:.1f} s)"
                )
        return cells

    def _publishable(self, grouping):
        """Which cells the structural rules let through."""
        snapshot = self.snapshot
        k = self.threshold
        counts = grouping.counts
        receipts, from_one_receipt = grouping.concentration(snapshot.receipts)
        limit = disclosure.CONCENTRATION_SHARE * counts
        allowed = (counts >= k) & (receipts >= k) & (from_one_receipt <= limit)
        small = counts < disclosure.PADDING_RULES_BELOW
        if small.any():
            _days, on_one_day = grouping.concentration(snapshot.days)
            _answers, identical = grouping.concentration(snapshot.signatures)
            allowed &= ~small | ((on_one_day <= limit) & (identical <= limit))
        for index in np.flatnonzero(allowed).tolist():
            allowed[index] = self._apart_from_ancestors(grouping.keys[index])
        return allowed

    def _apart_from_ancestors(self, key):
        """Whether a cell may be published next to the cells that contain it.

        Not when it holds the same entries as one of them (the larger is
        published: two equal figures would say that nobody else is there);
        not when their published counts are less than k apart (the
        difference would describe too few people), in which case its own
        descendants are withheld too; not when an ancestor was withheld so.
        Comparing published, perturbed counts keeps the rule from telling,
        by itself, whether one more person is there.
        """
        frozen = _frozen(key)
        for ancestor in map(_frozen, ancestors(key)):
            if ancestor in self.too_close:
                self.too_close.add(frozen)
                return False
            if self.true_counts[ancestor] == self.true_counts[frozen]:
                return False
            apart = self.published_counts[ancestor] - self.published_counts[frozen]
            if apart < self.threshold:
                self.too_close.add(frozen)
                return False
        return True

    def _margin_cells(self, grouping):
        allowed = self._publishable(grouping)
        key_sums = grouping.sums(self.snapshot.record_keys)
        published_n = np.array(
            [self.published_counts[_frozen(key)] for key in grouping.keys],
            dtype=np.int64,
        )
        allowed &= published_n >= self.threshold
        if not allowed.any():
            return []
        margin = MarginFigures(self, grouping, key_sums, published_n)
        return [
            (grouping.keys[index], *self.figures.of(margin, index))
            for index in np.flatnonzero(allowed).tolist()
        ]

    def draw(self, measure, values, grid, alphas, fingerprint):
        """The private quantiles of one cell's values, drawn again only when
        those values changed since the previous release."""
        wanted = [str(alpha) for alpha in alphas]
        drawn = self.previous_draws.get((measure, fingerprint))
        if drawn is not None and set(drawn) >= set(wanted):
            self.draws_reused += 1
            return {alpha: drawn[alpha] for alpha in wanted}
        self.draws_made += 1
        drawn = {
            str(alpha): disclosure.private_quantile(values, grid, alpha, snapped=True)
            for alpha in alphas
        }
        # The same values in another cell of this release get the same draw.
        self.previous_draws[(measure, fingerprint)] = drawn
        return drawn


class MarginFigures:
    """What the figures of one margin's cells are computed from: the cells'
    keys, published counts, counts inside cells, and values in cell order."""

    def __init__(self, publisher, grouping, key_sums, published_n):
        self.publisher = publisher
        self.grouping = grouping
        self.key_sums = key_sums
        self.published_n = published_n
        self.threshold = publisher.threshold
        self._inner = {}
        self._ordered = {}
        self._fingerprints = {}

    def inner(self, label):
        """Published counts, in each cell, of the entries a selection holds."""
        if label not in self._inner:
            selected = self.publisher.figures.selections[label]
            self._inner[label] = disclosure.perturb(
                self.grouping.count(selected),
                disclosure.inner_keys(self.key_sums, label),
                self.threshold,
            )
        return self._inner[label]

    def share(self, index, label, complement):
        return disclosure.share(
            int(self.inner(label)[index]),
            int(self.inner(complement)[index]),
            self.threshold,
        )

    def ordered(self, measure, on_grid=True):
        """A measure's disguised values (on its grid, or not), in cell order."""
        figures = self.publisher.figures
        if (measure, on_grid) not in self._ordered:
            column = (figures.on_grid if on_grid else figures.values)[measure]
            self._ordered[measure, on_grid] = column[self.grouping.order]
        return self._ordered[measure, on_grid]

    def quantiles(self, index, measure, grid, alphas, draws_out):
        """A cell's private quantiles of `measure` (its known values only)."""
        values = self.grouping.values(self.ordered(measure), index)
        values = values[~np.isnan(values)]
        if measure not in self._fingerprints:
            records = self.publisher.figures.fingerprints[measure]
            self._fingerprints[measure] = self.grouping.sums(records)
        fingerprint = f"{int(self._fingerprints[measure][index]):016x}"
        drawn = self.publisher.draw(measure, values, grid, alphas, fingerprint)
        draws_out[measure] = {"fingerprint": fingerprint, "values": drawn}
        return [drawn[str(alpha)] for alpha in alphas]


class _TableFigures:
    """A table's entries as the figures use them, computed once per
    snapshot: each record's disguised answers (PRAM) and values (noise
    infusion), the selections counted inside cells, and the values each
    measure's quantiles are drawn from. `of` gives one cell's figures."""

    # Each measure with quantiles, and the grid they are drawn on.
    measures = {}

    def __init__(self, snapshot):
        self.snapshot = snapshot
        keys = snapshot.record_keys
        self.values = self._disguised_values(snapshot.columns, keys)
        self.selections = self._selections(snapshot.columns, keys)
        self.fingerprints = {}
        self.on_grid = {}
        for measure, grid in self.measures.items():
            values = self.values[measure]
            self.fingerprints[measure] = np.where(
                np.isnan(values),
                np.uint64(0),
                disclosure.value_fingerprints(keys, values),
            )
            # Snapped once here rather than at each of the cell's draws.
            self.on_grid[measure] = np.where(
                np.isnan(values), np.nan, disclosure.snap(values, grid)
            )


class ReportFigures(_TableFigures):
    measures = {
        "hourly_usd": "usd_per_hour",
        "effective_hourly_usd": "usd_per_hour",
        "paid_hours": "hours_per_week",
        "unpaid_hours": "hours_per_week",
        "unpaid_share": "share",
        "promised_gap": "percent_gap",
        "effective_hourly_local": "local_per_hour",
    }

    def _disguised_values(self, columns, keys):
        # One factor for both pay figures, so effective pay stays under
        # hourly pay; paid and unpaid hours each their own, so the share of
        # unpaid time is disguised too.
        pay = disclosure.infused(np.ones(len(keys)), keys, "pay")
        paid = disclosure.infused(columns["paid_hours"], keys, "paid hours")
        unpaid = disclosure.infused(columns["unpaid_hours"], keys, "unpaid hours")
        hours = paid + unpaid
        return {
            "hourly_usd": columns["hourly_usd"] * pay,
            "effective_hourly_usd": columns["effective_hourly_usd"] * pay,
            "paid_hours": paid,
            "unpaid_hours": unpaid,
            "unpaid_share": np.divide(
                unpaid, hours, out=np.zeros_like(hours), where=hours > 0
            ),
            # Not infused: moving it by 5 to 15 % would turn every "paid as
            # advertised" (a gap of 0) into a gap either way; its median is
            # a private quantile on a grid of 5 points all the same.
            "promised_gap": columns["promised_gap"],
            # The same factor as the US-dollar figures: the two agree.
            "effective_hourly_local": columns["effective_hourly_local"] * pay,
        }

    def _selections(self, columns, keys):
        self.conditions = list(Condition.objects.values_list("bit", "slug"))
        selections = {}
        for bit, slug in self.conditions:
            answered = (columns["conditions_answered"] >> bit) & 1 == 1
            said_yes = (columns["conditions_yes"] >> bit) & 1 == 1
            yes = answered & disclosure.pram_yes_no(said_yes, keys, slug)
            selections[f"yes {slug}"] = yes
            selections[f"no {slug}"] = answered & ~yes
        known = columns["below_minimum_wage"] >= 0
        below = known & disclosure.pram_yes_no(
            columns["below_minimum_wage"] == 1, keys, "below minimum wage"
        )
        selections["below minimum wage"] = below
        selections["not below minimum wage"] = known & ~below
        selections["advertised pay"] = ~np.isnan(columns["promised_gap"])
        # Each payout method as a yes or no among the reports that said how
        # they are paid out, swapped like the conditions' answers.
        method = columns["payout_method"]
        said = method >= 0
        for number, slug in enumerate(PayoutMethod.values):
            label = f"payout {slug}"
            yes = said & disclosure.pram_yes_no(method == number, keys, label)
            selections[label] = yes
            selections[f"not {label}"] = said & ~yes
        return selections

    def _pay(self, margin, index, measure, n, draws, grid="usd_per_hour", unit=1):
        """The median of a pay measure, with its quartiles in large cells;
        drawn on `grid`, published in units of `unit` grid units."""
        if n < disclosure.QUARTILE_MIN_REPORTS:
            (median,) = margin.quantiles(index, measure, grid, MEDIAN, draws)
            return {"p25": None, "median": _cents(median * unit), "p75": None}
        low, median, high = margin.quantiles(index, measure, grid, QUARTILES, draws)
        if not disclosure.plausible_quartiles(low, median, high):
            low = high = None
        return {
            "p25": None if low is None else _cents(low * unit),
            "median": _cents(median * unit),
            "p75": None if high is None else _cents(high * unit),
        }

    def _local_pay(self, margin, index, n, draws):
        """Effective hourly pay in the currency of the cell's country, each
        report at its own month's rate (see stats.snapshot.LocalPay); None
        without one country, or for a country paid in US dollars."""
        local = self.snapshot.local_pay.get(margin.grouping.keys[index].get("country"))
        if local is None:
            return None
        pay = self._pay(
            margin,
            index,
            "effective_hourly_local",
            n,
            draws,
            grid="local_per_hour",
            unit=local.anchor,
        )
        return {
            "currency": local.currency,
            "units_per_usd": local.units_per_usd,
            **pay,
        }

    def of(self, margin, index):
        """The published figures of one cell, and the quantile draws behind them."""
        n = int(margin.published_n[index])
        draws = {}
        figures = {
            "n": n,
            "hourly_usd": None,
            "effective_hourly_usd": None,
            "paid_hours_per_week": None,
            "unpaid_hours_per_week": None,
            "unpaid_share_median": None,
            "effective_hourly_local": None,
        }
        if n >= disclosure.QUANTILE_MIN_REPORTS:
            for measure in ("hourly_usd", "effective_hourly_usd"):
                figures[measure] = self._pay(margin, index, measure, n, draws)
            figures["effective_hourly_local"] = self._local_pay(margin, index, n, draws)
            for measure, name in [
                ("paid_hours", "paid_hours_per_week"),
                ("unpaid_hours", "unpaid_hours_per_week"),
            ]:
                (median,) = margin.quantiles(
                    index, measure, "hours_per_week", MEDIAN, draws
                )
                figures[name] = {"median": median}
            (share,) = margin.quantiles(index, "unpaid_share", "share", MEDIAN, draws)
            figures["unpaid_share_median"] = disclosure.whole_percent(share)
        figures["conditions"] = {
            slug: margin.share(index, f"yes {slug}", f"no {slug}")
            for _bit, slug in self.conditions
        }
        below = margin.share(index, "below minimum wage", "not below minimum wage")
        figures["below_minimum_wage"] = {
            "share": below["share"] if below else None,
            "reports": below["answered"] if below else None,
        }
        figures["promised_gap"] = self._promised_gap(margin, index, draws)
        figures["payout_methods"] = {
            slug: margin.share(index, f"payout {slug}", f"not payout {slug}")
            for slug in PayoutMethod.values
        }
        return figures, draws

    def _promised_gap(self, margin, index, draws):
        """The median gap between paid and advertised pay, in percent, with
        the published count of reports that gave an advertised pay; None
        under the medians' minimum."""
        answers = int(margin.inner("advertised pay")[index])
        if answers < disclosure.QUANTILE_MIN_REPORTS:
            return None
        (median,) = margin.quantiles(
            index, "promised_gap", "percent_gap", MEDIAN, draws
        )
        return {"median_percent": round(median), "answers": answers}


class IncidentFigures(_TableFigures):
    measures = {"amount_owed_usd": "usd_owed", "days_to_resolution": "days"}
    SHARES = {
        "resolved_share": "resolved",
        "paid_in_full_share": "paid in full",
        "never_paid_share": "never paid",
    }

    def _disguised_values(self, columns, keys):
        return {
            "amount_owed_usd": disclosure.infused(
                columns["amount_owed_usd"], keys, "amount owed"
            ),
            "days_to_resolution": disclosure.infused(
                columns["days_to_resolution"], keys, "days to resolution"
            ),
        }

    def _selections(self, columns, keys):
        kinds = disclosure.pram_categories(
            columns["kind"], len(Kind.values), keys, "kind"
        )
        outcomes = columns["outcome"]
        selections = {
            f"kind {kind}": kinds == number for number, kind in enumerate(Kind.values)
        }
        selections["amount owed"] = ~np.isnan(columns["amount_owed_usd"])
        resolved = [Outcome.values.index(outcome) for outcome in Outcome.resolved()]
        for label, selected in [
            ("resolved", np.isin(outcomes, resolved)),
            ("paid in full", outcomes == Outcome.values.index(Outcome.PAID_FULL)),
            ("never paid", outcomes == Outcome.values.index(Outcome.NEVER_PAID)),
        ]:
            disguised = disclosure.pram_yes_no(selected, keys, label)
            selections[label] = disguised
            selections[f"not {label}"] = ~disguised
        return selections

    def _kind_count(self, margin, index, kind):
        """The number of incidents of a kind, corrected for the swaps of
        kinds; None under the threshold (before or after the correction)."""
        published = int(margin.inner(f"kind {kind}")[index])
        if published < margin.threshold:
            return None
        estimate = round(
            disclosure.unswapped_count(
                published, int(margin.published_n[index]), len(Kind.values)
            )
        )
        return estimate if estimate >= margin.threshold else None

    def of(self, margin, index):
        """The published figures of one cell, and the quantile draws behind them."""
        draws = {}
        amounts = int(margin.inner("amount owed")[index])
        figures = {
            "n": int(margin.published_n[index]),
            "by_kind": {
                kind: self._kind_count(margin, index, kind) for kind in Kind.values
            },
            "amounts_reported": amounts or None,
            "total_owed_usd": None,
            "median_owed_usd": None,
            "median_days_to_resolution": None,
        }
        if amounts:
            claims = margin.grouping.values(
                margin.ordered("amount_owed_usd", on_grid=False), index
            )
            figures["total_owed_usd"] = disclosure.perturbed_total(
                np.sort(claims[~np.isnan(claims)]), margin.key_sums[index]
            )
        if amounts >= disclosure.QUANTILE_MIN_REPORTS:
            (median,) = margin.quantiles(
                index, "amount_owed_usd", "usd_owed", MEDIAN, draws
            )
            figures["median_owed_usd"] = _cents(median)
        for name, label in self.SHARES.items():
            found = margin.share(index, label, f"not {label}")
            figures[name] = found["share"] if found else None
        if margin.inner("resolved")[index] >= disclosure.QUANTILE_MIN_REPORTS:
            (median,) = margin.quantiles(
                index, "days_to_resolution", "days", MEDIAN, draws
            )
            figures["median_days_to_resolution"] = round(median)
        return figures, draws
