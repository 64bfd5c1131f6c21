"""The reference data shipped with the app: complete, dated and sourced."""

from datetime import date

import pytest
from django.utils import translation

from core import countries
from surveys.models import Condition, ExchangeRate, MinimumWage, Platform, TaskType

pytestmark = pytest.mark.django_db

COVERED = [
    "US",
    "CA",
    "GB",
    "FR",
    "DE",
    "ES",
    "IN",
    "PK",
    "BD",
    "PH",
    "ID",
    "KE",
    "UG",
    "NG",
    "GH",
    "ZA",
    "EG",
    "MG",
    "BR",
    "CO",
    "VE",
    "MX",
    "AR",
]


def test_every_covered_country_has_a_dated_sourced_minimum_wage():
    wages = {wage.country: wage for wage in MinimumWage.objects.all()}

    assert sorted(wages) == sorted(COVERED)
    for wage in wages.values():
        assert wage.source
        assert wage.date
        assert wage.hourly_amount > 0


@pytest.mark.parametrize("country", COVERED)
def test_every_covered_country_has_its_currency_convertible(country):
    currency = countries.local_currency(country)

    assert ExchangeRate.objects.filter(currency=currency).exists(), currency
    assert MinimumWage.objects.get(country=country).currency == currency


def test_every_exchange_rate_has_a_date_and_source():
    rates = list(ExchangeRate.objects.all())
    dates = [rate.date for rate in rates]
    # The shipped rates start in October 2024; none may come from the future
    # or from before the data the app was built on.
    out_of_range = [
        rate for rate in rates if not date(2024, 10, 1) <= rate.date <= date.today()
    ]
    unsourced = [
        rate
        for rate in rates
        if not (
            rate.source.startswith("National Bank of Poland")
            or (rate.currency, rate.units_per_usd, rate.source)
            == ("USD", 1, "definition")
        )
    ]

    assert len(rates) > 1000
    assert out_of_range == []
    assert unsourced == []
    # Rates of many days, not one date stamped on every row.
    assert len(set(dates)) > 12
    assert ExchangeRate.objects.filter(currency="KES").count() > 12


def test_seeded_lists_are_complete():
    assert Platform.objects.count() == 15
    assert Platform.objects.get(slug="mindrift").parent_company == "Toloka"
    assert TaskType.objects.count() == 11
    assert Condition.objects.count() == 11


def test_reference_names_are_translated():
    with translation.override("sw"):
        assert str(Condition.objects.get(slug="health_insurance")) == "Bima ya afya"
        assert countries.country_name("KE") == "Kenya"
        assert countries.country_name("PH") == "Ufilipino"
    with translation.override("fil"):
        assert countries.country_name("PH") == "Pilipinas"
        assert str(TaskType.objects.get(slug="translation")) == "Pagsasalin"


def test_rate_for_a_month_is_the_newest_before_its_end():
    from datetime import date

    rate = ExchangeRate.objects.for_period("KES", date(2026, 3, 1))

    assert rate.date < date(2026, 4, 1)
    assert not ExchangeRate.objects.filter(
        currency="KES", date__gt=rate.date, date__lt=date(2026, 4, 1)
    ).exists()


def test_rate_for_a_month_before_every_rate_is_the_oldest():
    from datetime import date

    rate = ExchangeRate.objects.for_period("KES", date(2016, 1, 1))

    assert rate == ExchangeRate.objects.filter(currency="KES").order_by("date").first()
