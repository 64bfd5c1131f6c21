"""Disclosure control: what makes a figure safe to publish.

Counts follow the cell-key method of the UK Office for National Statistics
and the Australian Bureau of Statistics (ABS TableBuilder). Every record
carries a permanent random record key; a cell's key is the sum of its
records' keys modulo 256; a published perturbation table (the ptable, in
the ONS's format: rows `pcv` 1-750, columns `ckey` 0-255, above 750 rows
501-750 again) gives the noise added to a count from the count and the
cell key. The same records always get the same noise, so asking twice or
in another form gains nothing, and the difference of two cells is noisy.
We compute the same table the ONS's `cell-key-perturbation` package does
(a test checks it against that package), without its pandas pipeline.

One departure, for the counts inside a cell (the people answering yes to a
question, the incidents of one kind): their key mixes the key of the whole
cell with the name of the count, rather than summing the keys of the
records counted. Otherwise two cells that differ by one report would show,
by which of their yes and no counts stay equal, how that report answered.

Quantiles (medians, quartiles) come from OpenDP's `make_private_quantile`,
an exponential mechanism over a published grid of candidates, with
`QUANTILE_EPSILON` for one report added or removed, and only for cells of
at least `QUANTILE_MIN_REPORTS`. OpenDP draws from the system's secure
random source and cannot be seeded: a release keeps a fingerprint of the
values behind each quantile, and gives values that did not change the
quantile it published before (see stats.publication).

Amounts owed are totalled under a dominance rule, and the total is moved
by a share of its largest claims, derived from the cell's key.

Before any of this, each record's own answers are disguised once and for
ever, so that an attacker who knows every other record of a cell (because
they sent them) and reads it many times still cannot learn one person's
figures: yes/no answers and categories go through post-randomisation
(PRAM: each is swapped with a published probability, Gouweleeuw et al.
1998), and amounts and hours through noise infusion (each is moved up or
down by 5 to 15 %, Evans, Zayatz and Slanta 1998), both decided by the
record's secret key. The attacker's own entries are disguised too, by
amounts they do not know. Published shares are corrected for the swaps.

Nothing here reads the database: stats.publication feeds it arrays.
"""

import functools
import hashlib
import math

import numpy as np

# --- counts: the cell-key method ------------------------------------------

CELL_KEYS = 256
PTABLE_ROWS = 750
# The largest change the ptable makes to a published count.
MAX_NOISE = 2
# How the 256 cell keys of a row share the noise values: 10 %, 20 %, 40 %,
# 20 %, 10 % (a variance of 1.2).
NOISE_WEIGHTS = {-2: 26, -1: 51, 0: 102, 1: 51, 2: 26}
assert sum(NOISE_WEIGHTS.values()) == CELL_KEYS


def ptable_row_count(count):
    """The ptable row of a count: itself up to 750, then 501-750 again (ONS)."""
    if count <= PTABLE_ROWS:
        return count
    return (count - 1) % 250 + 501


def _key_order(row):
    """A fixed shuffle of the cell keys for one row, the same forever.

    Each row spreads the noise values over the keys in its own order, so
    that a cell whose count changes by one (an edited answer) gets noise
    unrelated to the noise it had.
    """
    return sorted(
        range(CELL_KEYS),
        key=lambda key: hashlib.sha256(f"ptable {row} {key}".encode()).digest(),
    )


@functools.cache
def ptable(threshold):
    """The perturbation table for a threshold: ptable(k)[pcv][ckey] -> noise.

    A count under the threshold is suppressed (its noise takes it to 0). At
    and above it, the noise follows NOISE_WEIGHTS, except that noise that
    would publish a count under the threshold suppresses the cell instead:
    no published count is ever under the threshold, and none comes from
    fewer than `threshold` records.
    """
    spread = [value for value, weight in NOISE_WEIGHTS.items() for _ in range(weight)]
    table = [[0] * CELL_KEYS]  # row 0: a count of 0 stays 0
    for row in range(1, PTABLE_ROWS + 1):
        if row < threshold:
            table.append([-row] * CELL_KEYS)
            continue
        noise = [0] * CELL_KEYS
        for key, value in zip(_key_order(row), spread, strict=True):
            noise[key] = value if row + value >= threshold else -row
        table.append(noise)
    return table


def ptable_rows(threshold):
    """The ptable as the ONS publishes one: (pcv, ckey, pvalue) rows."""
    table = ptable(threshold)
    for row in range(1, PTABLE_ROWS + 1):
        for key in range(CELL_KEYS):
            yield row, key, table[row][key]


@functools.cache
def _ptable_array(threshold):
    return np.array(ptable(threshold), dtype=np.int64)


def perturb(counts, cell_keys, threshold):
    """Published counts for true counts and their cell keys (0: suppressed)."""
    counts = np.asarray(counts, dtype=np.int64)
    rows = np.where(counts <= PTABLE_ROWS, counts, (counts - 1) % 250 + 501)
    noise = _ptable_array(threshold)[rows, np.asarray(cell_keys) % CELL_KEYS]
    return counts + noise


# --- keys -----------------------------------------------------------------

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def mix(values):
    """SplitMix64's finalizer on unsigned 64-bit integers: a fixed, well
    spread scrambling, so that related inputs give unrelated outputs."""
    z = np.asarray(values, dtype=np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def label_key(label):
    """A 64-bit number for the name of a count inside a cell."""
    return np.uint64(int.from_bytes(hashlib.sha256(label.encode()).digest()[:8]))


def cell_keys(record_key_sums):
    """The cell keys (0-255) of cells, from the sums of their record keys."""
    return (np.asarray(record_key_sums, dtype=np.uint64) % np.uint64(CELL_KEYS)).astype(
        np.int64
    )


def inner_keys(record_key_sums, label):
    """The keys of a count inside each cell (the yes answers to a question):
    the cell's own key mixed with the count's name."""
    sums = np.asarray(record_key_sums, dtype=np.uint64)
    return cell_keys(mix(sums ^ label_key(label)))


def uniform(record_key_sums, label):
    """A number in [-1, 1) per cell, fixed by the cell's records and `label`."""
    scrambled = mix(np.asarray(record_key_sums, dtype=np.uint64) ^ label_key(label))
    return (scrambled >> np.uint64(11)).astype(np.float64) / 2.0**52 - 1.0


def value_fingerprints(record_keys, values):
    """Per record, a number that changes when the record or its value does;
    their sum over a cell identifies the values behind a quantile."""
    bits = np.ascontiguousarray(values, dtype=np.float64).view(np.uint64)
    return mix(np.asarray(record_keys, dtype=np.uint64) ^ mix(bits))


# --- disguising each record: PRAM and noise infusion ----------------------

# The chance that a record's yes/no answer, or its category, is swapped.
PRAM_SWAP = 0.15
# How far each amount or number of hours is moved: by at least 5 % and at
# most 15 %, up or down (never 0 %, so no published figure rests on a true
# value).
INFUSION = (0.05, 0.15)


def pram_swapped(record_keys, label):
    """Which records have the answer named `label` swapped (for ever)."""
    return uniform(record_keys, f"swap {label}") < 2 * PRAM_SWAP - 1


def pram_yes_no(yes, record_keys, label):
    """Answers after post-randomisation: each swapped with PRAM_SWAP."""
    return yes ^ pram_swapped(record_keys, label)


def pram_categories(codes, categories, record_keys, label):
    """Categories after post-randomisation: each replaced, with PRAM_SWAP,
    by one of the others, all equally likely."""
    swapped = pram_swapped(record_keys, label)
    other = (uniform(record_keys, f"other {label}") + 1) / 2  # in [0, 1)
    shift = 1 + np.minimum((other * (categories - 1)).astype(np.int64), categories - 2)
    return np.where(swapped, (codes + shift) % categories, codes)


def infused(values, record_keys, label):
    """Values each moved up or down by 5 to 15 %, the same for ever."""
    draw = uniform(record_keys, f"infusion {label}")  # in [-1, 1)
    low, high = INFUSION
    size = low + (high - low) * np.abs(draw)
    return values * np.where(draw < 0, 1 - size, 1 + size)


def unswapped_share(observed):
    """The share before the swaps, estimated from the share after them."""
    return (observed - PRAM_SWAP) / (1 - 2 * PRAM_SWAP)


def unswapped_count(observed, total, categories):
    """A category's count before the swaps, from its count after them."""
    stray = PRAM_SWAP / (categories - 1)
    return (observed - stray * total) / (1 - PRAM_SWAP - stray)


# --- shares ---------------------------------------------------------------

Z_95 = 1.959963984540054


def wilson_interval(successes, trials, z=Z_95):
    """The Wilson score interval of a proportion, as (low, high) in 0..1."""
    if trials <= 0:
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


def whole_percent(fraction):
    return math.floor(fraction * 100 + 0.5)


def share(published_count, published_complement, threshold, *, swapped=True):
    """A share from two published counts, or None.

    Shown only when both the count and its complement (the people who said
    yes, and those who said no) are published, i.e. at least `threshold`
    each; then never as 0 % or 100 %, which would say that nobody, or
    everybody, answered one way. When the answers went through PRAM
    (`swapped`), the share and its Wilson interval are corrected for it.
    """
    if published_count < threshold or published_complement < threshold:
        return None
    total = published_count + published_complement
    observed = published_count / total
    low, high = wilson_interval(published_count, total)
    if swapped:
        observed, low, high = map(unswapped_share, (observed, low, high))

    def percent(fraction):
        return whole_percent(min(max(fraction, 0.0), 1.0))

    published = min(max(percent(observed), 1), 99)
    # The interval holds the share it is published with: corrected for the
    # swaps near an end, it could otherwise read "from 100 % to 100 %" next
    # to 99 %, saying what the share itself is kept from saying.
    return {
        "share": published,
        "ci95": [min(percent(low), published), max(percent(high), published)],
        "answered": int(total),
    }


# --- quantiles: OpenDP ----------------------------------------------------

# Medians from this many entries on; quartiles, whose draws stray further
# in small groups, from QUARTILE_MIN_REPORTS on.
QUANTILE_MIN_REPORTS = 20
QUARTILE_MIN_REPORTS = 50
QUANTILE_EPSILON = 1.0
# Quartiles drawn further than this factor from the drawn median, or out of
# order, are not published: a rare draw from the tail of the grid would
# mislead more than it tells. Deciding this from the draws alone costs no
# privacy (it is post-processing).
QUARTILE_MAX_SPREAD = 4


def _geometric(low, high, ratio, digits):
    values, value = [], low
    while value <= high * (1 + 1e-9):
        values.append(float(f"{value:.{digits}g}"))
        value *= ratio
    return tuple(sorted(set(values)))


# The candidates a quantile is chosen among: published on the methodology
# page. A published quantile is always one of them, never a report's value.
GRIDS = {
    # US dollars an hour, 2.5 % apart, from 5 cents to 300 dollars (the
    # moderators see anything outside 10 cents to 150 dollars).
    "usd_per_hour": _geometric(0.05, 300, 1.025, 4),
    # A country's own currency an hour, in units of a power of ten at or
    # below its rate to the dollar (stats.snapshot.LocalPay): the same
    # steps, from 0.05 to 3,000 units, at least 0.5 cents to 300 dollars.
    "local_per_hour": _geometric(0.05, 3000, 1.025, 4),
    # Hours a week, by half hours.
    "hours_per_week": tuple(step / 2 for step in range(0, 337)),
    # A share of the hours worked, by whole percents.
    "share": tuple(step / 100 for step in range(0, 101)),
    # US dollars owed, 5 % apart.
    "usd_owed": _geometric(1, 1_000_000, 1.05, 4),
    # Days, one by one for a month, then 5 % apart up to ten years.
    "days": tuple(range(0, 31)) + _geometric(31, 3650, 1.05, 3),
    # Paid against advertised pay, in percent, by 5 points: -100 (nothing
    # paid) to +100 (twice what was advertised); further gaps count at the
    # ends.
    "percent_gap": tuple(float(step) for step in range(-100, 101, 5)),
}


@functools.cache
def _quantile_measurement(grid, alpha):
    """OpenDP's private quantile over `grid`, calibrated to QUANTILE_EPSILON
    for one record added or removed (the symmetric distance 1)."""
    import opendp.prelude as dp

    dp.enable_features("contrib")
    space = (
        dp.vector_domain(dp.atom_domain(T=float, nan=False)),
        dp.symmetric_distance(),
    )
    candidates = list(GRIDS[grid])

    def measurement(scale):
        return dp.m.make_private_quantile(
            *space, dp.max_divergence(), candidates=candidates, alpha=alpha, scale=scale
        )

    scale = dp.binary_search_param(measurement, d_in=1, d_out=QUANTILE_EPSILON)
    return measurement(scale)


@functools.cache
def _grid_array(grid):
    return np.array(GRIDS[grid], dtype=np.float64)


def snap(values, grid):
    """Each value moved to the nearest candidate of the grid (halfway, to
    the lower one; below the grid, to its lowest).

    The mechanism scores candidates by how many values lie below and above
    them: equal values that fall between two candidates (a team's one
    salary, everyone's 40 hours) would score every candidate alike and make
    the draw uniform over the whole grid. On the grid, they score best.
    """
    candidates = _grid_array(grid)
    values = np.asarray(values, dtype=np.float64)
    above = np.clip(np.searchsorted(candidates, values), 1, len(candidates) - 1)
    below = above - 1
    nearer_below = values - candidates[below] <= candidates[above] - values
    return np.where(nearer_below, candidates[below], candidates[above])


def private_quantile(values, grid, alpha, *, snapped=False):
    """One differentially private quantile of `values` (a float array);
    `snapped` when the values are already on the grid."""
    measurement = _quantile_measurement(grid, alpha)
    on_grid = values if snapped else snap(values, grid)
    return float(measurement(np.ascontiguousarray(on_grid, dtype=np.float64)))


def plausible_quartiles(low, median, high):
    """Whether drawn quartiles may be published next to their median."""
    return (
        low <= median <= high
        and high <= QUARTILE_MAX_SPREAD * median
        and low * QUARTILE_MAX_SPREAD >= median
    )


def quantile_epsilon(grid, alpha):
    """The privacy loss of one quantile, as OpenDP's own map states it."""
    return float(_quantile_measurement(grid, alpha).map(1))


# --- magnitudes: amounts owed ---------------------------------------------

# No total where the two largest claims make more than this share of it.
DOMINANCE_TOP = 2
DOMINANCE_SHARE = 0.5
# The total moves by up to this share of each of its two largest claims.
MAGNITUDE_NOISE = 0.5
TOTAL_SIGNIFICANT_DIGITS = 3


def dominated(values):
    """Whether the largest claims make most of a total (a sorted array)."""
    total = float(np.sum(values))
    return (
        total <= 0 or float(np.sum(values[-DOMINANCE_TOP:])) > DOMINANCE_SHARE * total
    )


def perturbed_total(values, record_key_sum):
    """The published total of claims (sorted ascending), or None.

    Withheld under the dominance rule; otherwise moved by up to
    MAGNITUDE_NOISE of each of the two largest claims, in a direction and
    size fixed by the cell's records, and rounded to three significant
    digits: the difference of two overlapping totals does not give the
    claim that separates them.
    """
    if dominated(values):
        return None
    largest = values[-DOMINANCE_TOP:][::-1]
    moves = sum(
        uniform([record_key_sum], f"total owed {rank}")[0] * float(claim)
        for rank, claim in enumerate(largest)
    )
    total = float(np.sum(values)) + MAGNITUDE_NOISE * moves
    return round_significant(max(total, 0.0), TOTAL_SIGNIFICANT_DIGITS)


def round_significant(value, digits):
    if value == 0:
        return 0.0
    places = digits - 1 - math.floor(math.log10(abs(value)))
    return round(value, places)


# --- which cells may be published ------------------------------------------

# A cell is not published when more than this share of its entries come
# from one receipt, or, in a small cell, were sent on one day or give
# identical answers: an attacker's own entries, padding a cell around one
# real person, look so.
CONCENTRATION_SHARE = 0.5
# The one-day and identical-answers rules hold for cells smaller than this.
# A reporting drive fills larger cells in a day, and a team on one fixed
# salary answers alike; padding a cell that large takes an attacker as many
# entries of their own, and its medians are private.
PADDING_RULES_BELOW = QUANTILE_MIN_REPORTS
