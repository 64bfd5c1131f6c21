"""Countries and currencies, named in the reader's language.

Names come from the Unicode CLDR through Babel, which covers all ten of our
languages (Swahili and Filipino included, which django-countries does not)
and also gives each country's currency and the local number formats.
"""

from datetime import date
from functools import cache, lru_cache

import pyuca
from babel import Locale, UnknownLocaleError
from babel.numbers import get_territory_currencies
from django.utils import translation

# CLDR territories that are not ISO 3166-1 countries (regions, placeholders).
# And CQ, Sark: a code ISO 3166 only reserves, which CLDR names in English
# alone, so that nine of our languages showed "CQ" (first in the Arabic list).
# A worker on Sark picks Guernsey (GG), its bailiwick.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "CQ"}


def _locale(language=None):
    language = (language or translation.get_language() or "en").replace("-", "_")
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@cache
def country_codes():
    """ISO 3166-1 alpha-2 codes of every country (and Kosovo, XK)."""
    return frozenset(
        code
        for code in Locale.parse("en").territories
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    )


def country_name(code, language=None):
    return _locale(language).territories.get(code, code)


@cache
def _collator():
    """The Unicode Collation Algorithm with its default table (DUCET), built
    once: loading the table takes a tenth of a second and some megabytes."""
    return pyuca.Collator()


# Kept: the names are few (countries, currencies and platforms in ten
# languages), and a key costs some 30 microseconds to compute.
@lru_cache(maxsize=8192)
def sort_key(name):
    """A name's place in an alphabetical list in any of the site's scripts:
    Arabic, Devanagari and Bengali names in their own alphabet's order (which
    their Latin transliteration does not keep), Latin names with accents and
    case second (Türkiye before Tuvalu, Égypte among the E's). The name itself
    breaks the rare tie, so that the order never depends on the input's."""
    return (_collator().sort_key(str(name)), str(name))


@cache
def _sorted_countries(language):
    locale = _locale(language)
    names = [(code, locale.territories.get(code, code)) for code in country_codes()]
    return tuple(sorted(names, key=lambda pair: sort_key(pair[1])))


def country_choices():
    """(code, name) pairs sorted by name in the active language."""
    return list(_sorted_countries(translation.get_language() or "en"))


def currency_name(code, language=None):
    return _locale(language).currencies.get(code, code)


@cache
def local_currency(country_code):
    """The currency a country uses today, or None (Antarctica has none)."""
    currencies = get_territory_currencies(country_code, start_date=date.today())
    return currencies[0] if currencies else None
