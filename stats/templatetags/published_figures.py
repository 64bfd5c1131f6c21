"""The published figures inside other apps' pages, without those apps
importing the statistics: `{% load published_figures %}`."""

from django import template
from django.conf import settings

from stats import disclosure, published

register = template.Library()


@register.inclusion_tag("stats/includes/pay_comparison.html")
def pay_comparison(report):
    """How a worker's report compares with the current release's published
    medians, and with their country's minimum wage."""
    return {
        "report": report,
        "comparisons": published.pay_comparison(report),
        "minimum_wage": report.minimum_wage_comparison(),
        "quantile_min": disclosure.QUANTILE_MIN_REPORTS,
        "k_anonymity": settings.K_ANONYMITY,
    }
