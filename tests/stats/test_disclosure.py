"""The disclosure rules alone, without the database: the ptable, the cell
keys, shares, private quantiles and totals."""

import collections
import contextlib
import hashlib
import io
import signal

import numpy as np
import pytest

from stats import disclosure


@pytest.mark.parametrize("k", [3, 5, 10])
def test_no_count_under_k_is_ever_published(k):
    table = disclosure.ptable(k)

    for count in range(1, disclosure.PTABLE_ROWS + 1):
        for noise in table[count]:
            published = count + noise
            assert published == 0 or published >= k
            if count < k:
                assert published == 0


def test_noise_stays_within_its_bound_and_follows_the_published_weights():
    table = disclosure.ptable(5)

    for count in range(7, disclosure.PTABLE_ROWS + 1):
        assert collections.Counter(table[count]) == disclosure.NOISE_WEIGHTS
    assert max(abs(noise) for row in table[5:] for noise in row if noise > -5) == 2


@pytest.fixture
def fresh_ptable():
    """The ptable computed afresh by the code as it is now, not read from
    the cache that an earlier test, or the warm process mutmut forks its
    runs from, filled."""
    disclosure.ptable.cache_clear()
    disclosure._ptable_array.cache_clear()
    yield
    disclosure.ptable.cache_clear()
    disclosure._ptable_array.cache_clear()


@pytest.mark.usefixtures("fresh_ptable")
def test_the_ptable_is_the_same_forever():
    # A changed table would move every published count at the next release,
    # and the two releases' differences would tell what the noise was.
    published = "".join(
        f"{pcv},{ckey},{pvalue}\n" for pcv, ckey, pvalue in disclosure.ptable_rows(5)
    )

    assert (
        hashlib.sha256(published.encode()).hexdigest()
        == "3c7b26fb7d1e82d213ab292b841c1900aab3ebf9d13f9424c33a4e705c24da6d"
    )
    # Twenty records, with cell keys 0 to 7; one record or three fewer than k.
    assert list(disclosure.perturb([20] * 8, range(8), 5)) == [
        20, 20, 22, 20, 19, 20, 20, 21,
    ]  # fmt: skip
    assert list(disclosure.perturb([1, 4, 5, 6], [0, 0, 7, 7], 5)) == [0, 0, 5, 7]
    # Above 750 the ONS reuses rows 501 to 750: 751 and 1001 take row 501,
    # 1000 row 750.
    assert list(disclosure.perturb([501, 751, 1001, 750, 1000], [0] * 5, 5)) == [
        503, 753, 1003, 749, 999,
    ]  # fmt: skip


def test_counts_of_any_integer_type_publish_as_integers():
    # Counts summed as unsigned integers would otherwise come out as floats
    # ("4.0" in a download).
    published = disclosure.perturb(np.array([4, 20], dtype=np.uint64), [0, 0], 5)

    assert published.dtype == np.int64
    assert list(published) == [0, 20]


def test_a_cell_key_is_its_record_keys_sum_modulo_256_however_large():
    # Large sums beside small ones: a float on the way would lose the low bits.
    assert list(disclosure.cell_keys([1, 2**63 + 7, 2**64 - 1])) == [1, 7, 255]


@pytest.mark.usefixtures("fresh_ptable")
def test_each_row_spreads_its_noise_over_the_keys_in_its_own_order():
    table = disclosure.ptable(5)

    # A count that changes by one (an edited answer) gets unrelated noise.
    same = sum(a == b for a, b in zip(table[20], table[21], strict=True))
    assert same < 0.6 * disclosure.CELL_KEYS


def test_counts_above_the_table_reuse_rows_501_to_750_as_the_ons_does():
    assert disclosure.ptable_row_count(750) == 750
    assert disclosure.ptable_row_count(751) == 501
    assert disclosure.ptable_row_count(1000) == 750
    assert disclosure.ptable_row_count(1001) == 501


def test_our_perturbation_is_the_ons_packages_on_the_same_table():
    pandas = pytest.importorskip("pandas")
    from cell_key_perturbation.create_perturbed_table import create_perturbed_table

    rng = np.random.default_rng(11)
    size = 4000
    record_keys = rng.integers(0, 2**63, size, dtype=np.uint64)
    data = pandas.DataFrame(
        {
            "country": rng.choice(
                ["KE", "UG", "PH", "VE", "MG"], size, p=[0.5, 0.3, 0.15, 0.049, 0.001]
            ),
            "platform": rng.choice(["a", "b", "c", "d"], size),
            "record_key": (record_keys % np.uint64(256)).astype(np.int64),
        }
    )
    ptable = pandas.DataFrame(
        disclosure.ptable_rows(5), columns=["pcv", "ckey", "pvalue"]
    )
    with contextlib.redirect_stdout(io.StringIO()):  # the package prints
        theirs = create_perturbed_table(
            data, ptable, geog=[], tab_vars=["country", "platform"],
            record_key="record_key", threshold=5,
        )  # fmt: skip

    ours = {}
    for (country, platform), group in data.groupby(["country", "platform"]):
        keys = record_keys[group.index.to_numpy()]
        key_sum = np.add.reduce(keys, dtype=np.uint64)
        (published,) = disclosure.perturb(
            [len(group)], disclosure.cell_keys([key_sum]), 5
        )
        ours[(country, platform)] = int(published)
    for row in theirs.itertuples():
        expected = 0 if pandas.isna(row.count) else int(row.count)
        assert ours.get((row.country, row.platform), 0) == expected


def test_the_same_records_always_give_the_same_noise():
    counts, keys = np.array([12, 40, 300]), np.array([7, 200, 31])

    first = disclosure.perturb(counts, keys, 5)
    again = disclosure.perturb(counts, keys, 5)

    assert list(first) == list(again)


def test_counts_inside_a_cell_have_keys_of_their_own():
    sums = np.array([123456789, 987654321], dtype=np.uint64)

    yes = disclosure.inner_keys(sums, "yes keystroke_monitoring")
    no = disclosure.inner_keys(sums, "no keystroke_monitoring")

    assert list(yes) != list(disclosure.cell_keys(sums))
    assert list(yes) != list(no)
    assert list(yes) == list(disclosure.inner_keys(sums, "yes keystroke_monitoring"))


def test_inner_keys_spread_evenly_whatever_the_cells_sums():
    # Sums that differ only in their low bits, as neighbouring cells' may:
    # mixed with the count's name, their keys still cover all 256 evenly.
    sums = list(range(1, 25_601))

    keys = disclosure.inner_keys(sums, "yes keystroke_monitoring")

    spread = collections.Counter(keys.tolist())
    assert sorted(spread) == list(range(256))
    assert max(spread.values()) < 2 * min(spread.values())
    # The sums as Python's integers or as an array: the same keys.
    assert list(keys) == list(
        disclosure.inner_keys(
            np.array(sums, dtype=np.uint64), "yes keystroke_monitoring"
        )
    )


def test_mixing_reads_python_integers_as_unsigned_64_bit_ones():
    as_array = disclosure.mix(np.array([0, 1, 2**63 + 5], dtype=np.uint64))

    assert list(disclosure.mix([0, 1, 2**63 + 5])) == list(as_array)
    assert list(disclosure.mix([1, 2, 3])) == list(
        disclosure.mix(np.array([1, 2, 3], dtype=np.uint64))
    )
    assert len(set(as_array.tolist())) == 3


def test_a_fingerprint_changes_with_its_record_or_its_value_alone():
    """Quantile draws are kept while the sum of their cell's fingerprints
    stays: a record's must change when it or its value does, by a cent."""
    records = list(range(1, 1_001))

    same_pay = disclosure.value_fingerprints(records, [12.5] * 1_000)

    assert len(set(same_pay.tolist())) == 1_000
    assert disclosure.value_fingerprints([7], [12.50]) != disclosure.value_fingerprints(
        [7], [12.51]
    )
    # Records and amounts as Python's numbers or as arrays: the same.
    assert list(disclosure.value_fingerprints([7, 8], [10, 20])) == list(
        disclosure.value_fingerprints(
            np.array([7, 8], dtype=np.uint64), np.array([10.0, 20.0])
        )
    )


@pytest.mark.parametrize(
    ("yes", "no", "shown"),
    [
        (5, 5, 50),
        (12, 4, None),
        (4, 30, None),
        (0, 40, None),
        (995, 5, 99),
        (5, 995, 1),
    ],
)
def test_a_share_needs_k_each_way_and_is_never_0_or_100(yes, no, shown):
    found = disclosure.share(yes, no, 5)

    assert (found["share"] if found else None) == shown


def test_wilson_interval_by_hand():
    low, high = disclosure.wilson_interval(3, 5)

    assert low == pytest.approx(0.23072, abs=1e-4)
    assert high == pytest.approx(0.88238, abs=1e-4)
    assert disclosure.wilson_interval(3, 10) == pytest.approx(
        (0.10779, 0.60322), abs=1e-5
    )
    assert disclosure.wilson_interval(0, 10) == pytest.approx((0.0, 0.27753), abs=1e-5)
    assert disclosure.wilson_interval(10, 10) == pytest.approx((0.72247, 1.0), abs=1e-5)
    assert disclosure.wilson_interval(1, 1) == pytest.approx((0.20654, 1.0), abs=1e-5)
    assert disclosure.wilson_interval(0, 0) is None


@pytest.mark.parametrize(
    ("yes", "no", "swapped", "shown"),
    [
        # 57 of 100 after the swaps were 60 % before: (0.57 - 0.15) / 0.7.
        (57, 43, True, {"share": 60, "ci95": [46, 73], "answered": 100}),
        (57, 43, False, {"share": 57, "ci95": [47, 66], "answered": 100}),
        (30, 10, False, {"share": 75, "ci95": [60, 86], "answered": 40}),
        (5, 5, True, {"share": 50, "ci95": [12, 88], "answered": 10}),
    ],
)
def test_a_published_share_with_its_interval_by_hand(yes, no, swapped, shown):
    assert disclosure.share(yes, no, 5, swapped=swapped) == shown


def test_a_corrected_interval_never_goes_past_100_percent():
    # 995 of 1,000 after the swaps is more than 100 % once corrected.
    assert disclosure.share(995, 5, 5)["ci95"][1] <= 100
    assert disclosure.share(5, 995, 5)["ci95"][0] >= 0


@pytest.mark.parametrize(("yes", "no"), [(995, 5), (5, 995), (990, 10), (60, 5)])
def test_a_corrected_interval_holds_its_share_and_says_no_one_all(yes, no):
    # Near an end, the correction for the swaps moves the whole interval past
    # the share: "99 %, from 100 % to 100 %" would say that everybody
    # answered yes, which the share itself is kept from saying.
    found = disclosure.share(yes, no, 5)
    low, high = found["ci95"]

    assert low <= found["share"] <= high
    assert low < 100
    assert high > 0


@pytest.mark.parametrize("grid", sorted(disclosure.GRIDS))
@pytest.mark.parametrize("alpha", [0.25, 0.5, 0.75])
def test_each_quantile_costs_the_published_epsilon(grid, alpha):
    assert disclosure.quantile_epsilon(grid, alpha) <= disclosure.QUANTILE_EPSILON


def test_a_private_quantile_is_a_candidate_never_a_reports_own_value():
    rng = np.random.default_rng(3)
    values = rng.lognormal(1.5, 0.6, 40).round(4)
    candidates = set(disclosure.GRIDS["usd_per_hour"])

    draws = [
        disclosure.private_quantile(values, "usd_per_hour", 0.5) for _ in range(50)
    ]

    assert all(draw in candidates for draw in draws)
    assert not set(draws) & set(values)


def test_a_private_median_of_many_is_close_to_the_median():
    rng = np.random.default_rng(4)
    values = rng.lognormal(1.5, 0.6, 2000)

    median = disclosure.private_quantile(values, "usd_per_hour", 0.5)

    assert median == pytest.approx(float(np.median(values)), rel=0.05)


def test_equal_values_between_candidates_give_their_value_not_noise():
    # Thirty workers on one salary: 10.00 an hour falls between candidates.
    values = np.full(30, 10.0)

    draws = {
        disclosure.private_quantile(values, "usd_per_hour", 0.5) for _ in range(20)
    }

    assert all(9.8 <= draw <= 10.2 for draw in draws)


def test_hours_already_on_their_grid_are_measured_as_given():
    # Two hundred workers at 40 hours a week, as whole numbers, already on
    # the grid of half hours: the median is 40.
    draws = {
        disclosure.private_quantile([40] * 200, "hours_per_week", 0.5, snapped=True)
        for _ in range(20)
    }

    assert draws == {40.0}


def test_a_total_dominated_by_its_largest_claims_is_withheld():
    assert disclosure.perturbed_total(np.array([10.0, 20, 30, 40, 500]), 99) is None
    assert disclosure.perturbed_total(np.array([0.0, 0.0]), 99) is None


def test_a_published_total_is_moved_by_its_largest_claims_and_rounded():
    claims = np.sort(np.array([*range(120, 270, 10), 1234.56], dtype=float))
    exact = float(claims.sum())

    totals = {disclosure.perturbed_total(claims, key) for key in range(40)}

    assert exact not in totals
    assert all(abs(total - exact) <= 0.5 * (1234.56 + 260) + 5 for total in totals)
    assert len(totals) > 20
    assert all(total == disclosure.round_significant(total, 3) for total in totals)
    assert disclosure.perturbed_total(claims, 7) == disclosure.perturbed_total(
        claims, 7
    )


@contextlib.contextmanager
def within_seconds(seconds):
    """Fails what is still running after `seconds` (a loop that never ends)."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_published_grids_are_steps_of_a_fixed_ratio_between_their_ends():
    dollars = np.array(disclosure.GRIDS["usd_per_hour"])
    steps = dollars[1:] / dollars[:-1]

    assert (dollars[0], dollars[-1], len(dollars)) == (0.05, 297.7, 353)
    assert steps.min() > 1.024
    assert steps.max() < 1.026
    assert disclosure.GRIDS["days"][29:33] == (29, 30, 31.0, 32.6)


def test_a_grid_by_hand_rounds_each_step_and_keeps_both_ends():
    # The grids are built once, when the module is loaded; this builds small
    # ones again. 0.25 doubled up to 1; 1 times 1.1 up to 2, to 2 and to 1
    # significant digit (1.21 is 1.2, 1.4641 is 1.5; 1.4641 is 1, 1.61 is 2).
    with within_seconds(2):
        doubled = disclosure._geometric(0.25, 1, 2, 3)
        two_digits = disclosure._geometric(1, 2, 1.1, 2)
        one_digit = disclosure._geometric(1, 2, 1.1, 1)

    assert doubled == (0.25, 0.5, 1.0)
    assert two_digits == (1.0, 1.1, 1.2, 1.3, 1.5, 1.6, 1.8, 1.9)
    assert one_digit == (1.0, 2.0)


def test_a_total_whose_two_largest_claims_make_exactly_half_is_published():
    # "More than half" withholds: 2 of 4 dollars, or of 1 dollar in cents, does not.
    assert disclosure.perturbed_total(np.array([1.0, 1, 1, 1]), 7) is not None
    assert disclosure.perturbed_total(np.full(10, 0.1), 7) is not None


def test_a_total_under_one_is_published_as_small_as_it_is():
    # Ten claims of 5 cents: 0.50, moved by up to half of the two largest.
    totals = {disclosure.perturbed_total(np.full(10, 0.05), key) for key in range(20)}

    assert all(0.45 <= total <= 0.55 for total in totals)


def test_a_published_total_for_known_records_by_hand():
    # 4,084.56 owed; the two largest claims, 1,234.56 and 260, move it by up
    # to half of each. The records' key sum 7 moves them by +9.9 % and
    # -48.0 % of that half: 4,084.56 + 61.27 - 62.36 = 4,083.47, shown 4,080.
    claims = np.sort(np.array([*range(120, 270, 10), 1234.56], dtype=float))

    totals = [disclosure.perturbed_total(claims, key) for key in (7, 0, 99)]

    assert totals == [4080.0, 4580.0, 3740.0]


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (1234.56, 1230.0),
        (-1234.56, -1230.0),
        (0.012345, 0.0123),
        (99.95, 100.0),
        (1.0, 1.0),
        (0.0, 0.0),
    ],
)
def test_rounding_to_three_significant_digits(value, rounded):
    assert disclosure.round_significant(value, 3) == rounded


def test_snapping_moves_each_value_to_its_nearest_candidate():
    snapped = disclosure.snap([0.001, 10, 5000, 40.2], "hours_per_week")

    assert list(snapped) == [0.0, 10.0, 168.0, 40.0]


def test_snapping_keeps_values_below_the_grid_at_its_lowest_candidate():
    assert list(disclosure.snap([-3.0, -0.1], "hours_per_week")) == [0.0, 0.0]


def test_a_value_halfway_between_two_candidates_snaps_to_the_lower():
    # An hour or a pay figure is never rounded up into the next step.
    assert list(disclosure.snap([0.25, 4.75], "hours_per_week")) == [0.0, 4.5]


@pytest.mark.parametrize(
    ("low", "median", "high", "shown"),
    [
        (3.0, 5.0, 8.0, True),
        (5.0, 5.0, 5.0, True),
        (6.0, 5.0, 8.0, False),
        (3.0, 5.0, 4.0, False),
        (3.0, 5.0, 21.0, False),
        (1.0, 5.0, 8.0, False),
        # Four times the median above, a quarter of it below: still shown.
        (1.25, 5.0, 20.0, True),
    ],
)
def test_quartiles_that_stray_from_their_median_are_left_out(low, median, high, shown):
    assert disclosure.plausible_quartiles(low, median, high) is shown


def test_pram_swaps_about_the_published_share_of_answers_for_ever():
    keys = np.random.default_rng(5).integers(0, 2**63, 20_000, dtype=np.uint64)
    answers = np.arange(20_000) % 3 == 0

    disguised = disclosure.pram_yes_no(answers, keys, "paid_leave")

    assert np.mean(disguised != answers) == pytest.approx(
        disclosure.PRAM_SWAP, abs=0.01
    )
    assert (disclosure.pram_yes_no(answers, keys, "paid_leave") == disguised).all()
    # Each question swaps its own records.
    other = disclosure.pram_yes_no(answers, keys, "health_insurance")
    assert np.mean(other != disguised) > 0.2


def test_pram_moves_a_category_to_any_other_alike():
    keys = np.random.default_rng(6).integers(0, 2**63, 30_000, dtype=np.uint64)
    codes = np.zeros(30_000, dtype=np.int64)

    disguised = disclosure.pram_categories(codes, 4, keys, "kind")

    assert np.mean(disguised != 0) == pytest.approx(disclosure.PRAM_SWAP, abs=0.01)
    moved = np.bincount(disguised[disguised != 0], minlength=4)[1:]
    assert moved.min() > 0.8 * moved.max()
    # Each question swaps its own records.
    other = disclosure.pram_categories(codes, 4, keys, "task_type")
    assert np.mean((other != 0) != (disguised != 0)) > 0.2


def test_shares_and_counts_are_corrected_for_the_swaps():
    # 60 % said yes: after the swaps, 60 % x 0.85 + 40 % x 0.15 = 57 % do.
    assert disclosure.unswapped_share(0.57) == pytest.approx(0.60)
    # 30 of 100 in a category of 7 after swaps: 30 = c(0.85) + (100 - c)(0.025).
    assert disclosure.unswapped_count(30, 100, 7) == pytest.approx(33.3, abs=0.1)
    assert disclosure.share(57, 43, 5)["share"] == 60
    assert disclosure.share(57, 43, 5, swapped=False)["share"] == 57


def test_noise_infusion_moves_every_value_by_5_to_15_percent_for_ever():
    keys = np.random.default_rng(7).integers(0, 2**63, 10_000, dtype=np.uint64)
    values = np.full(10_000, 10.0)

    infused = disclosure.infused(values, keys, "pay")

    change = np.abs(infused / values - 1)
    assert change.min() >= 0.05 - 1e-9
    assert change.max() <= 0.15 + 1e-9
    assert np.mean(infused > values) == pytest.approx(0.5, abs=0.02)
    assert (disclosure.infused(values, keys, "pay") == infused).all()
    assert np.median(infused) == pytest.approx(10.0, rel=0.1)
