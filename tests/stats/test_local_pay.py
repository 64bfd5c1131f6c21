"""Pay in a country's own currency, each report at its own month's rate:
a Kenyan union reads shillings as they were earned, not today's rate
applied to the dollars (which would double them here)."""

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest

from core.templatetags.ground_truth import amount, money
from stats import disclosure
from surveys.models import ExchangeRate, Platform
from tests.helpers import csv_rows, published_cell, release
from tests.stats.test_platforms import shown
from tests.stats.test_publication import approved, elsewhere

pytestmark = pytest.mark.django_db


def kenya_paid_when_a_dollar_was_100_shillings():
    """60 Kenyan reports for June 2023, when a dollar was 100 shillings (it
    is 200 on the release's day): 30 paid 300 KES an hour, 30 paid 3 USD
    an hour, each with 40 paid and 10 unpaid hours a week, so effective pay
    is 240 KES (2.40 USD) an hour for every one of them; and 10 more on
    Toloka at 3 USD, and Outlier AI in Ghana. Released."""
    ExchangeRate.objects.create(
        currency="KES", units_per_usd=100, date=date(2023, 6, 15), source="test"
    )
    ExchangeRate.objects.create(
        currency="KES", units_per_usd=200, date=date.today(), source="test"
    )
    common = {"country": "KE", "period": "2023-06"}
    approved(30, pay_amount="300", currency="KES", **common)
    approved(30, start=30, pay_amount="3", currency="USD", **common)
    # On another platform too, so that Outlier AI in Kenya is not all of
    # Kenya (that cell would be withheld).
    toloka = str(Platform.objects.get(slug="toloka").pk)
    approved(10, start=60, pay_amount="3", platform=toloka, **common)
    # And Outlier AI elsewhere, so that it is not all Kenya either.
    approved(10, start=70, country="GH")
    elsewhere()
    return release()


def test_local_pay_converts_each_report_at_its_own_month_s_rate(settings):
    settings.K_ANONYMITY = 5
    kenya_paid_when_a_dollar_was_100_shillings()

    kenya = published_cell(country="KE")
    local = kenya["effective_hourly_local"]

    assert local["currency"] == "KES"
    assert local["units_per_usd"] == 200
    # 240 KES each, moved by 5 to 15 % and drawn privately: near 240, far
    # from the 480 that today's rate would make of the 2.40 dollars.
    assert 180 <= local["median"] <= 320
    assert 1.8 <= kenya["effective_hourly_usd"]["median"] <= 3.2
    assert local["p25"] <= local["median"] <= local["p75"]
    # One of the grid's candidates, in units of 100 shillings.
    assert round(local["median"] / 100, 4) in disclosure.GRIDS["local_per_hour"]
    # Without one country, no currency of its own.
    assert published_cell()["effective_hourly_local"] is None


def test_local_pay_is_shown_on_the_platform_page_and_on_stats(client, settings):
    settings.K_ANONYMITY = 5
    kenya_paid_when_a_dollar_was_100_shillings()
    local = published_cell(platform="outlier-ai", country="KE")[
        "effective_hourly_local"
    ]

    figures = shown(client.get("/platforms/outlier-ai/?country=KE"))
    stats = client.get("/stats/?country=KE&currency=KES").content.decode()

    assert figures["median"] == money(Decimal(str(local["median"])), "KES")
    assert "the rate of the month it was earned in" in stats
    kenya = published_cell(country="KE")["effective_hourly_local"]
    assert f"{amount(kenya['median'])} KES (middle half" in stats


def test_local_pay_is_in_the_csv_file_and_the_data_package(client, settings, tmp_path):
    from frictionless import validate

    settings.K_ANONYMITY = 5
    kenya_paid_when_a_dollar_was_100_shillings()
    local = published_cell(country="KE")["effective_hourly_local"]
    expected = {
        "local_currency": "KES",
        "effective_hourly_local_median": str(local["median"]),
        "local_units_per_usd": str(local["units_per_usd"]),
    }

    (row,) = csv_rows(client.get("/stats.csv?country=KE&group_by=none"))
    archive = zipfile.ZipFile(io.BytesIO(client.get("/stats/release.zip").content))
    archive.extractall(tmp_path)
    with open(tmp_path / "reports.csv", encoding="utf-8") as text:
        in_package = [
            found
            for found in csv.DictReader(text)
            if found["country"] == "KE"
            and not any(found[name] for name in ("platform", "task_type", "quarter"))
            and not found["year"]
        ]

    assert {name: row[name] for name in expected} == expected
    assert {name: in_package[0][name] for name in expected} == expected
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # Without one country: empty.
    (world,) = csv_rows(client.get("/stats.csv?group_by=none"))
    assert world["local_currency"] == world["effective_hourly_local_median"] == ""
