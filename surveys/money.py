"""Pay arithmetic: hourly pay, effective hourly pay, conversion to US dollars.

All in Decimal. The formulas are DESIGN.md's:
- hourly pay: per hour, the amount; per task, amount x tasks per hour;
  per week, amount / paid hours per week; per month, amount / (paid hours
  per week x 52 / 12);
- effective hourly pay: hourly pay x paid hours / (paid + unpaid hours).

And reading an amount as people type it (read_amount), in the page's language.
"""

import re
import unicodedata
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    NumberFormatError,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    parse_decimal,
)
from django.utils import translation

from core.templatetags.ground_truth import decimal_pattern

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
USD_PLACES = Decimal("0.0001")
# The reading and writing of amounts for a language Babel does not know.
ENGLISH = Locale.parse("en")


class PayError(ValueError):
    """The answers do not allow an hourly figure (e.g. no paid hours)."""


def hourly_pay(amount, pay_unit, *, paid_hours_per_week, tasks_per_hour=None):
    """Pay for one paid hour, in the currency of `amount`."""
    amount = Decimal(amount)
    paid_hours = Decimal(paid_hours_per_week)
    if pay_unit == "hour":
        return amount
    if pay_unit == "task":
        if not tasks_per_hour or Decimal(tasks_per_hour) <= 0:
            raise PayError("per-task pay needs tasks per hour")
        return amount * Decimal(tasks_per_hour)
    if paid_hours <= 0:
        raise PayError("weekly or monthly pay needs paid hours")
    if pay_unit == "week":
        return amount / paid_hours
    if pay_unit == "month":
        return amount / (paid_hours * WEEKS_PER_MONTH)
    raise PayError(f"unknown pay unit {pay_unit!r}")


def effective_hourly_pay(hourly, *, paid_hours_per_week, unpaid_hours_per_week):
    """Hourly pay spread over every hour worked, paid or not."""
    paid = Decimal(paid_hours_per_week)
    unpaid = Decimal(unpaid_hours_per_week or 0)
    if paid + unpaid <= 0:
        raise PayError("no hours worked")
    return Decimal(hourly) * paid / (paid + unpaid)


def to_usd(amount, units_per_usd):
    """Convert a local amount at a rate given as local units for one dollar."""
    return (Decimal(amount) / Decimal(units_per_usd)).quantize(
        USD_PLACES, rounding=ROUND_HALF_EVEN
    )


def from_usd(amount_usd, units_per_usd):
    return Decimal(amount_usd) * Decimal(units_per_usd)


# What people write around an amount: a currency sign or code before it
# (KSh 1,500; ₱9,000; US$ 2; R$ 50; COP 8.500; Rp 50.000; Rs. 500; Tk 500;
# ৳500; रु 500), a code after it (1500 KES), an abbreviation in Arabic letters
# on either side (٥٠٠ ج.م), or the East African "/=" or "/-" closing a figure
# (1500/=). Stripped, repeatedly, before the number is read; a word of three
# Latin letters is taken for a code.
_SIGNS = r"[₱€£₦₹¥₩৳]|rp\.?|rs\.?|tk\.?|रु\.?|रू\.?|টাকা"
_ARABIC_WORD = r"[\u0621-\u064a][\u0621-\u064a.]*"
_AMOUNT_PREFIX = re.compile(
    rf"^(?:[a-z]{{0,2}}\$|ksh\.?|[a-z]{{3}}\.?|{_SIGNS}|{_ARABIC_WORD})", re.I
)
_AMOUNT_SUFFIX = re.compile(
    rf"(?:/=|/-|=/|ksh\.?|[a-z]{{3}}|\$|{_SIGNS}|{_ARABIC_WORD})$", re.I
)
_SCIENTIFIC = re.compile(r"-?\d+(?:\.\d+)?[eE][+-]?\d+")
# Spaces, and the invisible direction marks that come with text copied from
# an Arabic page (left-to-right, right-to-left and Arabic letter marks).
_SPACES = re.compile(r"[\s\u00a0\u202f'_\u200e\u200f\u061c]")
# Arabic's own decimal and thousands separators, as an Arabic keyboard types
# them with Arabic-Indic digits (٩٠٠٠٫٥).
ARABIC_DECIMAL_SEPARATOR = "\u066b"
ARABIC_THOUSANDS_SEPARATOR = "\u066c"


def strip_currency_marks(text):
    """The figure in `text`, without the currency signs, codes and spaces around
    and inside it."""
    text = _SPACES.sub("", str(text))
    previous = None
    while text != previous:
        previous = text
        text = _AMOUNT_SUFFIX.sub("", _AMOUNT_PREFIX.sub("", text))
    return text


def _babel_locale(language):
    """Babel's locale for a language code: English for none (translation
    turned off) or for one Babel does not know."""
    if not language:
        return ENGLISH
    try:
        return Locale.parse(translation.to_locale(language))
    except (UnknownLocaleError, ValueError):
        return ENGLISH


def in_latin_digits(text, locale):
    """`text` with the digits of any script as 0-9 and Arabic's separators as
    the locale's, so that the locale's reading applies to what a phone's own
    keyboard types: Bengali ১৫০০, Devanagari १५००, Arabic-Indic ١٥٠٠ and
    Eastern Arabic-Indic ۱۵۰۰ are all 1500."""
    marks = {
        ARABIC_DECIMAL_SEPARATOR: get_decimal_symbol(locale),
        ARABIC_THOUSANDS_SEPARATOR: get_group_symbol(locale),
    }
    latin = []
    for char in text:
        digit = unicodedata.decimal(char, None)
        latin.append(marks.get(char, char) if digit is None else str(digit))
    return "".join(latin)


def _read_either_mark(cleaned):
    """A figure in no language's strict format: a lone comma followed by one
    or two digits is a decimal comma (12,50); otherwise commas, and dots that
    repeat, are thousands separators, so the last group after them has three
    digits. "1,000,50" is refused rather than read as 100,050: it most likely
    meant 1,000.50, and a worker's pay read a hundred times too high is worse
    than a question."""
    if "," in cleaned and "." in cleaned:
        # The mark written last is the decimal one.
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        whole, _sep, fraction = cleaned.rpartition(",")
        if cleaned.count(",") == 1 and len(fraction) in (1, 2):
            cleaned = f"{whole}.{fraction}"
        else:
            cleaned = _without_thousands_marks(cleaned, ",")
    elif cleaned.count(".") > 1:
        cleaned = _without_thousands_marks(cleaned, ".")
    return Decimal(cleaned)


def _without_thousands_marks(cleaned, mark):
    """`cleaned` without its thousands marks, when they are that: the group
    after the last one has three digits (1,000,000; 1,50,000)."""
    if len(cleaned.rpartition(mark)[2]) != 3:
        raise InvalidOperation
    return cleaned.replace(mark, "")


def read_amount(text, language=None):
    """An amount typed the way people write it, as a Decimal.

    Read first as the page's language writes numbers (Babel's CLDR data, in
    strict mode): "8.500" is 8500 in Spanish and 8.5 in English, "1,500" is
    1500 in English and 1.5 in French. Digits of any script count (১৫০০ on
    a Bengali page). What that language cannot read (12,50 on an English
    page, 0.005 on a Spanish one) falls back to the common habits of either
    mark. Raises InvalidOperation for anything else.
    """
    locale = _babel_locale(language or translation.get_language())
    cleaned = in_latin_digits(strip_currency_marks(text), locale)
    if _SCIENTIFIC.fullmatch(cleaned):
        # Pasted from a spreadsheet; read so that a huge one is "too large".
        return Decimal(cleaned)
    # The locale's own group symbol can only come from Arabic's thousands
    # separator (French groups with a narrow space; the spaces typed are
    # gone): the strict reading below then checks that it groups thousands.
    figure = rf"-?[0-9.,{re.escape(get_group_symbol(locale))}]+"
    if not cleaned or not re.fullmatch(figure, cleaned):
        # Without the text: what a worker typed stays out of tracebacks.
        raise InvalidOperation
    try:
        return parse_decimal(cleaned, locale=locale, strict=True)
    except NumberFormatError:
        return _read_either_mark(cleaned)


def format_amount(amount, language=None):
    """An amount of pay as the page's language writes it, each decimal typed
    kept (0.005 stays 0.005; 8500 shows as 8,500.00 or 8.500,00)."""
    locale = _babel_locale(language or translation.get_language())
    # Two decimals at least, as money is written; up to four, for per-task pay.
    pattern = decimal_pattern(locale, 2, 4)
    return format_decimal(Decimal(amount), format=pattern, locale=locale)


def effective_hourly_of(answers):
    """The effective hourly pay in the answers' own currency, from anything
    holding a report's pay and hours (pay_amount, pay_unit, tasks_per_hour,
    paid and unpaid hours a week): a report, or a correction of one."""
    hourly = hourly_pay(
        answers.pay_amount,
        answers.pay_unit,
        paid_hours_per_week=answers.paid_hours_per_week,
        tasks_per_hour=answers.tasks_per_hour,
    )
    return effective_hourly_pay(
        hourly,
        paid_hours_per_week=answers.paid_hours_per_week,
        unpaid_hours_per_week=answers.unpaid_hours_per_week,
    )
