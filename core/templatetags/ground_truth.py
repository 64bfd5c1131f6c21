"""Formatting for the page's language: months, amounts, country names.

Babel (CLDR) covers all ten languages, where Django's own formats and month
names have no Filipino.
"""

from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, get_currency_precision
from django import template
from django.utils import translation

from core import countries

register = template.Library()


def _locale():
    return (translation.get_language() or "en").replace("-", "_")


@cache
def decimal_pattern(locale, least, most=None):
    """A number pattern with `least` to `most` decimals and the language's own
    grouping: by thousands in most (1,500,000.00), by lakhs and crores in
    Hindi and Bengali (15,00,000.00), as their readers write amounts."""
    most = least if most is None else most
    whole = Locale.parse(locale).decimal_formats[None].pattern.split(";")[0]
    whole = whole.split(".")[0]
    if not most:
        return whole
    return f"{whole}.{'0' * least}{'#' * (most - least)}"


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
    pattern = decimal_pattern(_locale(), int(places))
    return format_decimal(value, format=pattern, locale=_locale())


@register.filter
def pay(value):
    """An amount of pay: two decimals, up to four when typed (0.005 a task)."""
    if value is None or value == "":
        return ""
    return format_decimal(
        value, format=decimal_pattern(_locale(), 2, 4), locale=_locale()
    )


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


@register.filter
def money(value, currency):
    """An amount with its currency's code, in the reader's separators:
    '237 KES', '0.68 VES', '0.00079 USD'.

    Whole units from 100 on (these amounts are approximate), the currency's
    own decimals below; under one unit, as many decimals as two significant
    digits need, so that a small amount never reads as zero.
    """
    if value is None or value == "":
        return ""
    value = Decimal(str(value))
    decimals = get_currency_precision(currency)
    most = 0 if value >= 100 else decimals
    if 0 < value < 1:
        most = max(decimals, 1 - value.adjusted())
    least = min(decimals, most)
    pattern = decimal_pattern(_locale(), least, most)
    number = format_decimal(value, format=pattern, locale=_locale())
    return f"{number}\N{NO-BREAK SPACE}{currency}"
