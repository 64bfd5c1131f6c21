"""Percentiles computed in the database, against Python's statistics module."""

import statistics
from decimal import Decimal

import pytest

from surveys import stats
from surveys.models import Report, Status
from tests.helpers import make_report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "amounts",
    [
        ["5"],
        ["5", "9"],
        ["1", "2", "3", "4"],
        ["7.5", "1.25", "20", "3", "3", "11.1", "2"],
    ],
)
@pytest.mark.parametrize("fraction", [0.25, 0.5, 0.75])
def test_percentile_matches_linear_interpolation(amounts, fraction):
    for amount in amounts:
        make_report(pay_amount=amount, unpaid_hours_per_week="0")
    values = sorted(Decimal(a) for a in amounts)
    # statistics.quantiles(method="inclusive") is percentile_cont's definition.
    expected = (
        values[0]
        if len(values) == 1
        else statistics.quantiles(values, n=4, method="inclusive")[
            int(fraction * 4) - 1
        ]
    )

    result = stats.percentile(Report.objects.all(), "hourly_usd", fraction)

    assert result == pytest.approx(expected, abs=Decimal("0.0001"))


def test_percentile_of_nothing_is_none():
    assert stats.percentile(Report.objects.all(), "hourly_usd", 0.5) is None


def test_pay_comparison_hides_groups_under_k(settings):
    settings.K_ANONYMITY = 3
    for amount in ("2", "4", "6"):
        make_report(
            pay_amount=amount, unpaid_hours_per_week="0", status=Status.APPROVED
        )
    make_report(pay_amount="50", unpaid_hours_per_week="0", status=Status.REJECTED)
    mine = make_report(country="UG", pay_amount="3")

    comparison = stats.pay_comparison(mine)

    assert comparison == {"platform": {"median": Decimal("4.00"), "count": 3}}


def test_pay_comparison_is_empty_below_k(settings):
    settings.K_ANONYMITY = 5
    for amount in ("2", "4", "6", "8"):
        make_report(pay_amount=amount, status=Status.APPROVED)

    assert stats.pay_comparison(make_report()) == {}


def test_minimum_wage_comparison_converts_both_sides():
    # 100 PHP an hour in the Philippines, whose wage is 86.88 PHP an hour.
    report = make_report(
        country="PH", currency="PHP", pay_amount="100", unpaid_hours_per_week="0"
    )

    comparison = stats.minimum_wage_comparison(report)

    assert comparison["below"] is False
    assert comparison["share"] == Decimal("115")  # 100 / 86.88, whole percent


def test_minimum_wage_comparison_is_none_without_a_wage():
    assert stats.minimum_wage_comparison(make_report(country="NP")) is None
