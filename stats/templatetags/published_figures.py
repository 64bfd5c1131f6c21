"""The published figures inside other apps' pages, without those apps
importing the statistics: `{% load published_figures %}`."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from core.templatetags.ground_truth import money
from moderation.models import Status
from stats import disclosure, published
from stats.publication import current_release
from surveys.models import MINIMUM_WAGE_MAX_RATIO

register = template.Library()


def _in_currencies(report, usd):
    """An hourly amount in the worker's currency first, at the report's own
    exchange rate, then in US dollars; in dollars alone for dollar pay."""
    if usd is None:
        return ""
    usd = Decimal(str(usd))
    if report.currency == "USD":
        return money(usd, "USD")
    local = money(usd * report.exchange_rate, report.currency)
    return _("%(local)s (about %(usd)s)") % {"local": local, "usd": money(usd, "USD")}


def _context(report, shown=True):
    comparison = published.pay_comparison(report) if shown else None
    wage = report.minimum_wage_comparison() if shown else None
    amounts = {}
    if comparison:
        amounts = {
            name: _in_currencies(report, getattr(comparison, name))
            for name in ("median", "p25", "p75")
        }
    if wage:
        wage["amount"] = money(wage["wage"].hourly_amount, wage["wage"].currency)
        wage["usd"] = money(wage["hourly_usd"], "USD")
    if report.currency == "USD":
        pay = money(report.effective_hourly_usd, "USD")
    else:
        pay = _("%(local)s (about %(usd)s)") % {
            "local": money(report.effective_hourly_local, report.currency),
            "usd": money(report.effective_hourly_usd, "USD"),
        }
    return {
        "report": report,
        "shown": shown,
        "pay": pay,
        "comparison": comparison,
        "group": "_".join(comparison.level) if comparison else "",
        "amounts": amounts,
        "minimum_wage": wage,
        "quantile_min": disclosure.QUANTILE_MIN_REPORTS,
        "max_ratio": MINIMUM_WAGE_MAX_RATIO,
    }


@register.inclusion_tag("stats/includes/pay_comparison.html")
def pay_comparison(report):
    """How a worker's report compares with the closest group the current
    release publishes, and with their country's minimum wage."""
    return _context(report)


@register.inclusion_tag("stats/includes/pay_comparison.html")
def released_pay_comparison(report):
    """The same comparison on the receipt's entries page, for a report the
    current release counts (approved before its snapshot); otherwise a line
    saying when it will show."""
    release = current_release()
    counted = (
        release is not None
        and report.status == Status.APPROVED
        and (report.decided_at is None or report.decided_at <= release.snapshot_at)
    )
    return _context(report, shown=counted)
