"""Flags computed at submission, pointing a moderator at what needs a human.

A flag never refuses a report: a figure far from the others may be true.
Each flag is stored as {name: details} on the report, details being what a
moderator needs to judge it.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from surveys import money
from surveys.models import Flag, Report

# Effective hourly pay in USD outside this range is flagged whatever others say.
PLAUSIBLE_HOURLY_USD = (Decimal("0.10"), Decimal("150"))
# More than this factor away from the platform's published median is flagged.
OUTLIER_FACTOR = Decimal(5)
DUPLICATE_WINDOW = timedelta(days=7)


def outlier_details(report):
    """Why a report's pay looks implausible, or None.

    Compared with the platform's median as the last statistics release
    published it (stored on the platform by the release), so sending a
    report costs the same whatever the number of reports.
    """
    low, high = PLAUSIBLE_HOURLY_USD
    effective = report.effective_hourly_usd
    if not low <= effective <= high:
        return {"effective_hourly_usd": str(effective), "range": [str(low), str(high)]}
    median = report.platform.released_median_usd
    if median:
        ratio = effective / median
        if ratio > OUTLIER_FACTOR or ratio < 1 / OUTLIER_FACTOR:
            return {
                "effective_hourly_usd": str(effective),
                "platform_median": str(median.quantize(money.USD_PLACES)),
                "platform_reports": report.platform.released_reports,
            }
    return None


def likely_duplicate_of(report):
    """An earlier report with the same answers, sent from another receipt lately."""
    since = timezone.localdate() - DUPLICATE_WINDOW
    twins = (
        Report.objects.filter(
            submitted_on__gte=since,
            platform=report.platform_id,
            country=report.country,
            task_type=report.task_type_id,
            period=report.period,
            currency=report.currency,
            pay_unit=report.pay_unit,
            pay_amount=report.pay_amount,
            paid_hours_per_week=report.paid_hours_per_week,
            unpaid_hours_per_week=report.unpaid_hours_per_week,
        )
        .exclude(receipt=report.receipt_id)
        .order_by("pk")
    )
    if report.pk:
        twins = twins.exclude(pk=report.pk)
    return twins.values_list("pk", flat=True).first()


def flags_for(report):
    flags = {}
    outlier = outlier_details(report)
    if outlier:
        flags[Flag.OUTLIER] = outlier
    twin = likely_duplicate_of(report)
    if twin:
        flags[Flag.DUPLICATE] = {"of": twin}
    if report.platform_other:
        flags[Flag.UNKNOWN_PLATFORM] = {"name": report.platform_other}
    return flags


def explain(report):
    """Each flag of a report in words, for the moderator."""
    sentences = []
    outlier = report.flags.get(Flag.OUTLIER)
    if outlier:
        if "platform_median" in outlier:
            sentences.append(
                _(
                    "Effective hourly pay %(pay)s USD; the platform's published "
                    "median, of about %(count)s reports, is %(median)s USD."
                )
                % {
                    "pay": outlier["effective_hourly_usd"],
                    "count": outlier["platform_reports"],
                    "median": outlier["platform_median"],
                }
            )
        else:
            low, high = outlier["range"]
            sentences.append(
                _(
                    "Effective hourly pay %(pay)s USD, outside the plausible "
                    "range of %(low)s to %(high)s USD."
                )
                % {"pay": outlier["effective_hourly_usd"], "low": low, "high": high}
            )
    duplicate = report.flags.get(Flag.DUPLICATE)
    if duplicate:
        sentences.append(
            _("Looks like a duplicate of report #%(number)s.")
            % {"number": duplicate["of"]}
        )
    unknown = report.flags.get(Flag.UNKNOWN_PLATFORM)
    if unknown:
        sentences.append(
            _("Platform typed by the worker: “%(name)s”.") % {"name": unknown["name"]}
        )
    return sentences
