"""Amounts and dates in each of the site's languages (core/templatetags/
ground_truth.py and surveys.money): Latin digits, which every reader of the
site reads, in the language's own separators and grouping."""

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from babel.dates import format_date
from django.conf import settings
from django.utils import translation

from core.templatetags import ground_truth
from surveys import money

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def digits_of(text):
    return {char for char in text if unicodedata.decimal(char, None) is not None}


@pytest.mark.parametrize("language", LANGUAGES)
def test_amounts_and_dates_in_latin_digits_in_every_language(language):
    with translation.override(language):
        shown = [
            ground_truth.amount(Decimal("1500000.5")),
            ground_truth.pay(Decimal("0.005")),
            ground_truth.money(Decimal("237.4"), "KES"),
            ground_truth.month(date(2026, 3, 1)),
            money.format_amount(Decimal("8500")),
            format_date(date(2026, 3, 9), locale=translation.to_locale(language)),
        ]

    assert all(shown), shown
    assert set().union(*map(digits_of, shown)) <= set("0123456789"), shown


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1,500,000.50"),
        ("pt-br", "1.500.000,50"),
        ("id", "1.500.000,50"),
        ("ar", "1,500,000.50"),
        # Lakhs and crores, as Indian and Bangladeshi readers group them.
        ("hi", "15,00,000.50"),
        ("bn", "15,00,000.50"),
    ],
)
def test_amounts_grouped_as_the_language_groups_them(language, expected):
    with translation.override(language):
        assert ground_truth.amount(Decimal("1500000.5")) == expected
        assert ground_truth.pay(Decimal("1500000.5")) == expected
        assert money.format_amount(Decimal("1500000.5")) == expected
