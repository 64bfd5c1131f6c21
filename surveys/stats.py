"""Aggregate figures over reports, computed in the database.

Percentiles use linear interpolation between the two nearest values, as
PostgreSQL's percentile_cont does, and are computed the same way on every
database: count the rows, then fetch only the one or two middle values.
"""

import math
from decimal import Decimal

from django.conf import settings

from surveys import money
from surveys.models import ExchangeRate, MinimumWage, Report


def percentile(queryset, field, fraction):
    """The `fraction` percentile of `field` over `queryset`, or None if empty."""
    count = queryset.count()
    return _percentile_of_count(queryset, field, fraction, count)


def _percentile_of_count(queryset, field, fraction, count):
    if count == 0:
        return None
    position = Decimal(count - 1) * Decimal(str(fraction))
    lower = math.floor(position)
    upper = math.ceil(position)
    values = list(
        queryset.order_by(field).values_list(field, flat=True)[lower : upper + 1]
    )
    low = Decimal(values[0])
    high = Decimal(values[-1])
    return low + (high - low) * (position - lower)


def median_and_count(queryset, field):
    count = queryset.count()
    return _percentile_of_count(queryset, field, 0.5, count), count


def pay_comparison(report):
    """How one report's effective hourly pay compares with approved reports.

    Returns the groups (same platform; same platform and country) that hold
    at least K_ANONYMITY approved reports, each with its median. Smaller
    groups are left out entirely.
    """
    approved = Report.objects.approved().exclude(pk=report.pk)
    groups = [
        ("platform", approved.filter(platform=report.platform_id)),
        (
            "platform_country",
            approved.filter(platform=report.platform_id, country=report.country),
        ),
    ]
    comparisons = {}
    for name, queryset in groups:
        median, count = median_and_count(queryset, "effective_hourly_usd")
        if count >= settings.K_ANONYMITY:
            comparisons[name] = {
                "median": median.quantize(Decimal("0.01")),
                "count": count,
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
