"""Country and currency lists in the reader's alphabet."""

import pytest
from babel import Locale
from django.utils import translation

from core import countries
from surveys import forms


def _order(language, codes):
    """The codes in the order the country list of `language` shows them."""
    with translation.override(language):
        listed = [code for code, _name in countries.country_choices()]
    return sorted(codes, key=listed.index)


def test_arabic_countries_in_the_arabic_alphabets_order():
    # Afghanistan (أ), Bangladesh (ب), Tunisia (ت), Egypt (م); transliterated,
    # Egypt ("msr") would come before Tunisia ("tuns").
    assert _order("ar", ["EG", "TN", "BD", "AF"]) == ["AF", "BD", "TN", "EG"]


def test_hindi_countries_in_the_devanagari_order():
    # अफ़गानिस्तान, कनाडा, नेपाल, भारत: अ, क, न, भ (transliterated, भारत
    # "bharata" would come before कनाडा "kanada").
    assert _order("hi", ["IN", "NP", "CA", "AF"]) == ["AF", "CA", "NP", "IN"]


def test_bengali_countries_in_the_bengali_order():
    # কানাডা, বাংলাদেশ, ভারত: ক, ব, ভ.
    assert _order("bn", ["IN", "BD", "CA"]) == ["CA", "BD", "IN"]


def test_accented_names_sort_with_their_letter():
    # Égypte among the E's in French, Türkiye before Tuvalu, Perú before Polonia.
    assert _order("fr", ["FI", "EG", "DM", "ES"]) == ["DM", "EG", "ES", "FI"]
    assert _order("en", ["TV", "TR"]) == ["TR", "TV"]
    assert _order("es", ["PL", "PE"]) == ["PE", "PL"]


def test_every_country_listed_once_by_name_in_each_language(settings):
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            choices = countries.country_choices()
        codes = [code for code, _name in choices]
        unnamed = [code for code, name in choices if name == code]
        assert sorted(codes) == sorted(countries.country_codes()), language
        assert unnamed == [], language


@pytest.mark.django_db
def test_the_short_list_stays_on_top_in_arabic():
    with translation.override("ar"):
        choices = forms.country_choices(k_anonymity=5)

    top = [(code, Locale("ar").territories[code]) for code in forms.USUAL_COUNTRIES]
    assert choices[1][1] == top
    # Then every country, from the first letter of the Arabic alphabet.
    assert choices[2][1][0][1][0] in "آأا"


@pytest.mark.django_db
def test_currencies_sorted_by_their_bengali_names():
    with translation.override("bn"):
        listed = [code for code, _name in forms.currency_choices()]

    # কেনিয়ান শিলিং, ভারতীয় রুপি, মার্কিন ডলার: ক, ভ, ম (transliterated,
    # "bharatiya" would come before "keniyana").
    assert sorted(["USD", "INR", "KES"], key=listed.index) == ["KES", "INR", "USD"]
