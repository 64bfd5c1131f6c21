"""Flags computed at submission, pointing a moderator at what needs a human.

A flag never refuses a report: a figure far from the others may be true.
Each flag is stored as {name: details} on the report, details being what a
moderator needs to judge it.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from core.templatetags.ground_truth import amount
from surveys import money
from surveys.models import Flag, PayUnit, Report

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
    """Each flag of a report in words, for the moderator, with amounts to the
    cent in the moderator's language (the flags store more decimals)."""
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
                    "pay": amount(outlier["effective_hourly_usd"]),
                    "count": outlier["platform_reports"],
                    "median": amount(outlier["platform_median"]),
                }
            )
        else:
            low, high = outlier["range"]
            sentences.append(
                _(
                    "Effective hourly pay %(pay)s USD, outside the plausible "
                    "range of %(low)s to %(high)s USD."
                )
                % {
                    "pay": amount(outlier["effective_hourly_usd"]),
                    "low": amount(low),
                    "high": amount(high),
                }
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


# The worker is asked about a pay more than this many times the country's
# minimum wage, as moderators are about an outlier: a question, not a refusal.
MINIMUM_WAGE_FACTOR = 50


def _times_minimum_wage(report):
    """How many times the country's minimum wage the effective pay is, when
    that is improbably many; else None. A minimum wage below the plausible
    range in US dollars (a collapsed currency) says nothing and is left out."""
    wage = report.minimum_wage_comparison()
    if not wage or wage["hourly_usd"] < PLAUSIBLE_HOURLY_USD[0]:
        return None
    times = report.effective_hourly_usd / wage["hourly_usd"]
    return int(times) if times > MINIMUM_WAGE_FACTOR else None


def pay_question(report):
    """What to ask a worker about an improbable pay before it is sent, or None.

    The moderators' outlier test (outlier_details: the plausible range and
    the platform's published median when a release gave one), and a pay
    many times the country's minimum wage, worded for the worker, with the
    pay unit that would make the figure ordinary when there is one ("per
    hour" typed for a monthly pay). `report` has its figures worked out
    (Report.work_out_pay), unsaved.
    """
    outlier = outlier_details(report)
    times_wage = _times_minimum_wage(report)
    if outlier is None and times_wage is None:
        return None
    median = report.platform.released_median_usd
    reference = median or sum(PLAUSIBLE_HOURLY_USD) / 2
    above = times_wage is not None or report.effective_hourly_usd > reference
    usd = {"usd": money.format_amount(report.hourly_usd.quantize(Decimal("0.01")))}
    if above:
        sentences = [
            _("That is about %(usd)s US dollars an hour, far above what others report.")
            % usd
        ]
    else:
        sentences = [
            _("That is about %(usd)s US dollars an hour, far below what others report.")
            % usd
        ]
    if median:
        sentences.append(
            _("The published median on %(platform)s is %(median)s US dollars an hour.")
            % {
                "platform": report.platform.label,
                "median": money.format_amount(median.quantize(Decimal("0.01"))),
            }
        )
    if times_wage:
        sentences.append(
            _("It is %(times)s times the minimum wage in %(country)s.")
            % {"times": times_wage, "country": report.country_name}
        )
    unit = _likelier_unit(report)
    if unit:
        sentences.append(_("Did you mean %(unit)s?") % {"unit": PayUnit(unit).label})
    return {"sentences": sentences, "unit": unit}


def _likelier_unit(report):
    """A pay unit under which the same amount would raise no question, or None."""
    low, high = PLAUSIBLE_HOURLY_USD
    median = report.platform.released_median_usd
    wage = report.minimum_wage_comparison()
    for unit in (PayUnit.MONTH, PayUnit.WEEK, PayUnit.HOUR):
        if unit == report.pay_unit:
            continue
        try:
            hourly = money.hourly_pay(
                report.pay_amount, unit, paid_hours_per_week=report.paid_hours_per_week
            )
            effective = money.effective_hourly_pay(
                hourly,
                paid_hours_per_week=report.paid_hours_per_week,
                unpaid_hours_per_week=report.unpaid_hours_per_week,
            )
        except money.PayError:
            continue
        usd = money.to_usd(effective, report.exchange_rate)
        if not low <= usd <= high:
            continue
        if median and not 1 / OUTLIER_FACTOR <= usd / median <= OUTLIER_FACTOR:
            continue
        if wage and usd > wage["hourly_usd"] * MINIMUM_WAGE_FACTOR:
            continue
        return unit
    return None
