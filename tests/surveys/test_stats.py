"""The figures: each one against an independent computation, suppression,
and releases. The whole suite runs on SQLite and on PostgreSQL, so each
figure is checked on both."""

import math
import statistics
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command

from surveys import stats
from surveys.models import Platform, Report, StatsRelease, Status
from tests.helpers import make_report

pytestmark = pytest.mark.django_db


def released(**fields):
    """An approved report; the next release() adds it to the figures."""
    return make_report(status=Status.APPROVED, **fields)


def release():
    made, _waiting = stats.release_waiting_reports()
    assert made is not None
    return made


@pytest.mark.parametrize(
    "amounts",
    [
        ["5", "9", "1", "7", "3"],
        ["1.10", "2.20", "3.30", "4.40", "5.50", "6.60"],
        ["7.50", "1.25", "20", "3", "3", "11.10", "2", "0.90"],
    ],
)
def test_percentiles_match_pythons_statistics(amounts):
    for amount in amounts:
        released(pay_amount=amount, unpaid_hours_per_week="0")
    release()
    values = sorted(Decimal(a) for a in amounts)
    # statistics.quantiles(method="inclusive") is percentile_cont's definition.
    p25, median, p75 = statistics.quantiles(values, n=4, method="inclusive")

    total = stats.figures().total

    cents = {"exp": Decimal("0.01"), "rounding": ROUND_HALF_UP}
    assert total.hourly_usd == {
        "p25": p25.quantize(**cents),
        "median": median.quantize(**cents),
        "p75": p75.quantize(**cents),
    }
    assert total.n == len(amounts)


def test_effective_pay_and_hours_medians():
    hours = [("40", "10"), ("20", "0"), ("30", "30"), ("45", "15"), ("10", "5")]
    for paid, unpaid in hours:
        released(
            pay_amount="10", paid_hours_per_week=paid, unpaid_hours_per_week=unpaid
        )
    release()
    effective = [10 * int(p) / (int(p) + int(u)) for p, u in hours]
    shares = [int(u) / (int(p) + int(u)) for p, u in hours]

    total = stats.figures().total

    assert total.effective_hourly_usd["median"] == Decimal(
        str(round(statistics.median(effective), 2))
    )
    assert total.paid_hours_median == Decimal(
        statistics.median(int(p) for p, _u in hours)
    )
    assert total.unpaid_hours_median == Decimal(
        statistics.median(int(u) for _p, u in hours)
    )
    assert total.unpaid_share_median == round(statistics.median(shares) * 100)


def test_condition_share_and_wilson_interval_by_hand():
    answers = ["yes", "yes", "yes", "no", "no", "unsure"]
    for answer in answers:
        released(keystroke_monitoring=answer)
    release()

    share = next(
        s for s in stats.figures().total.conditions if s.slug == "keystroke_monitoring"
    )

    # 3 yes of 5 answers: 60%; Wilson 95%: 23.1% to 88.2%, worked out by hand.
    assert (share.share, share.ci95, share.answered) == (60, (23, 88), 5)


def test_wilson_interval_formula():
    low, high = stats.wilson_interval(3, 5)

    assert math.isclose(low, 0.23072, abs_tol=1e-4)
    assert math.isclose(high, 0.88238, abs_tol=1e-4)
    assert stats.wilson_interval(0, 0) is None


def test_share_is_hidden_when_fewer_than_k_answered(settings):
    settings.K_ANONYMITY = 5
    for answer in ["yes", "no", "unsure", "unsure", "unsure", "unsure"]:
        released(keystroke_monitoring=answer)
    release()

    share = next(
        s for s in stats.figures().total.conditions if s.slug == "keystroke_monitoring"
    )

    assert share.share is None
    assert share.ci95 is None


def test_share_below_minimum_wage_and_countries_covered():
    # South Africa's minimum wage is 28.79 ZAR an hour; Nepal has none here.
    for amount in ["20", "25", "30", "40"]:
        released(
            country="ZA", currency="ZAR", pay_amount=amount, unpaid_hours_per_week="0"
        )
    # 0.50 USD an hour in Kenya is below the Kenyan minimum (about 0.63 USD).
    released(country="KE", pay_amount="0.50", unpaid_hours_per_week="0")
    released(country="NP", pay_amount="0.10", unpaid_hours_per_week="0")
    release()

    total = stats.figures().total

    # 3 of the 5 reports with a known minimum wage are below it.
    assert total.below_minimum_wage_share == 60
    assert total.minimum_wage_reports == 5
    assert total.minimum_wage_countries == 2


def test_pending_rejected_and_unreleased_reports_are_not_counted():
    for amount in ["1", "2", "3", "4", "5"]:
        released(pay_amount=amount, unpaid_hours_per_week="0")
    release()
    make_report(pay_amount="100")
    make_report(pay_amount="100", status=Status.REJECTED)
    released(pay_amount="100")  # approved after the release

    total = stats.figures().total

    assert total.n == 5
    assert total.hourly_usd["p75"] == Decimal("4.00")


def test_too_few_reports_show_nothing(settings):
    settings.K_ANONYMITY = 5
    for _ in range(5):
        released()
    release()

    table = stats.figures(stats.Filters(country="UG"))

    assert not table.enough
    assert table.groups == []


def group(key, n):
    return stats.Group(key, n, {}, {}, None, None, None, [], None, 0, 0)


@pytest.mark.parametrize(
    ("sizes", "visible"),
    [
        (
            {"a": 10, "b": 6, "c": 4},
            ["a"],
        ),  # c is k-1: b goes too, else c = total - a - b
        ({"a": 10, "b": 6, "c": 5}, ["a", "b", "c"]),  # exactly k: shown
        ({"a": 10, "b": 6, "c": 3, "d": 2}, ["a", "b"]),  # hidden ones hold k together
        ({"a": 10, "b": 4}, []),  # hiding b alone would leave it as total - a
        ({"a": 7, "b": 7, "c": 2}, ["b"]),  # ties go by key: a is hidden first
        ({"a": 1, "b": 2}, []),
    ],
)
def test_suppression_hides_small_groups_and_what_would_reveal_them(sizes, visible):
    groups = [group(key, n) for key, n in sizes.items()]

    shown = stats.suppress(groups, k=5)

    assert [g.key for g in shown] == visible
    hidden_total = sum(sizes.values()) - sum(g.n for g in shown)
    if shown:
        assert hidden_total == 0 or hidden_total >= 5


def test_grouping_by_platform_hides_a_small_platform(settings):
    settings.K_ANONYMITY = 5
    sama = Platform.objects.get(slug="sama")
    toloka = Platform.objects.get(slug="toloka")
    for _ in range(6):
        released()
    for _ in range(5):
        released(platform=str(sama.pk))
    for _ in range(4):
        released(platform=str(toloka.pk))
    release()

    table = stats.figures(group_by="platform")

    # Toloka (4) is under k; Sama (5) would let one subtract Toloka: both go.
    assert [(g.key, g.n) for g in table.groups] == [("outlier-ai", 6)]
    assert table.n_total == 15


def test_grouping_by_quarter_labels_in_the_readers_language():
    from django.utils import translation

    for period in ["2026-01", "2026-02", "2026-03", "2026-01", "2026-02"]:
        released(period=period)
    release()

    with translation.override("fr"):
        table = stats.figures(group_by="quarter")

    assert [(g.key, g.label, g.n) for g in table.groups] == [
        ("2026-Q1", "2026, trimestre 1", 5)
    ]


def test_release_waits_for_k_reports(settings, capsys):
    settings.K_ANONYMITY = 5
    for _ in range(4):
        released()

    call_command("release_stats")
    waiting = capsys.readouterr().out
    released()
    call_command("release_stats")
    done = capsys.readouterr().out

    assert "4 approved reports wait; a release needs at least 5" in waiting
    assert "Nothing released." in waiting
    assert f"Release {StatsRelease.objects.get().number} of" in done
    assert "5 reports added, 5 in the public figures; 0 incidents added." in done
    assert Report.objects.released().count() == 5


def test_figures_stay_until_the_next_release(settings):
    settings.K_ANONYMITY = 5
    for amount in ["1", "2", "3", "4", "5"]:
        released(pay_amount=amount, unpaid_hours_per_week="0")
    release()
    before = stats.figures().total
    for amount in ["50", "60", "70", "80", "90"]:
        released(pay_amount=amount, unpaid_hours_per_week="0")

    between = stats.figures().total
    release()
    after = stats.figures().total

    assert between.n == before.n == 5
    assert after.n == 10
    assert after.hourly_usd["median"] == Decimal("27.50")


def test_edited_report_leaves_the_figures_until_released_again():
    from surveys.forms import ReportForm
    from tests.helpers import report_form_data

    reports = [
        released(pay_amount=str(a), unpaid_hours_per_week="0") for a in range(1, 7)
    ]
    release()
    form = ReportForm(data=report_form_data(pay_amount="9"), instance=reports[0])
    assert form.is_valid()
    form.save()

    reports[0].refresh_from_db()
    assert reports[0].release is None
    assert reports[0].status == Status.PENDING


def test_receipt_comparison_reads_released_figures(settings):
    settings.K_ANONYMITY = 5
    for amount in ["2", "4", "6", "8"]:
        released(pay_amount=amount, unpaid_hours_per_week="0")
    release_now, _ = stats.release_waiting_reports()
    assert release_now is None  # 4 wait: no release yet
    released(pay_amount="10", unpaid_hours_per_week="0")
    release()
    released(pay_amount="1000", unpaid_hours_per_week="0")  # approved, not released

    comparison = stats.pay_comparison(make_report(country="UG"))

    assert comparison == {"platform": {"median": Decimal("6.00"), "count": 5}}
