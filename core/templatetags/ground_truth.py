"""Formatting for the page's language: months, amounts, country names.

Babel (CLDR) covers all five languages, where Django's own formats and month
names have no Filipino.
"""

from babel.dates import format_date
from babel.numbers import format_decimal
from django import template
from django.utils import translation

from core import countries

register = template.Library()


def _locale():
    return (translation.get_language() or "en").replace("-", "_")


@register.filter
def month(value):
    """A month as the reader says it: 'March 2026', 'mars 2026', 'Machi 2026'."""
    if not value:
        return ""
    return format_date(value, "LLLL y", locale=_locale())


@register.filter
def amount(value, places=2):
    """A number with the reader's separators, to `places` decimals."""
    if value is None or value == "":
        return ""
    pattern = "#,##0." + "0" * int(places) if int(places) else "#,##0"
    return format_decimal(value, format=pattern, locale=_locale())


@register.filter
def pay(value):
    """An amount of pay: two decimals, up to four when typed (0.005 a task)."""
    if value is None or value == "":
        return ""
    return format_decimal(value, format="#,##0.00##", locale=_locale())


@register.filter
def country_name(code):
    return countries.country_name(code, _locale())


@register.filter
def currency_name(code):
    return countries.currency_name(code, _locale())


@register.filter
def choice_label(choices, value):
    """The label of `value` among a field's choices."""
    return dict(choices).get(value, value)
