"""Promised against paid, and how workers are paid out: published in each
release's cells under the rules of every other median and share, and shown
on the platform page exactly as stored."""

import csv
import io
import re
import zipfile

import pytest

from stats import disclosure
from surveys.models import PayoutMethod, Platform
from tests.helpers import csv_rows, published_cell, release
from tests.stats.test_publication import approved, elsewhere

pytestmark = pytest.mark.django_db


def with_promises():
    """Kenya: 30 reports paid 2.50 to 10.50 against 20.00 advertised, two in
    three paid by mobile money. Uganda: 25 reports on Outlier AI, of which only 12 gave an
    advertised pay and 3 a payout method. Released."""
    elsewhere()
    for number in range(30):
        approved(
            1,
            start=number,
            country="KE",
            advertised_pay_amount="20.00",
            payout_method="mobile_money" if number % 3 else "bank",
        )
    approved(12, start=40, country="UG", advertised_pay_amount="20.00")
    approved(3, start=52, country="UG", payout_method="mobile_money")
    approved(10, start=55, country="UG")
    # Other platforms in both countries, so that each platform's cell in a
    # country is not the country's whole cell (that one would be withheld).
    toloka = str(Platform.objects.get(slug="toloka").pk)
    approved(10, start=70, country="KE", platform=toloka)
    approved(10, start=80, country="UG", platform=toloka)
    return release()


def test_promised_gap_and_payout_shares_are_published_only_past_the_thresholds(
    settings,
):
    settings.K_ANONYMITY = 5
    with_promises()

    kenya = published_cell(country="KE")
    uganda = published_cell(country="UG")

    # Gaps of -87.5 % to -47.5 %, the median near -67.5 %: drawn privately
    # on the grid of 5 points.
    gap = kenya["promised_gap"]
    assert gap["median_percent"] in disclosure.GRIDS["percent_gap"]
    assert -90 <= gap["median_percent"] <= -45
    assert abs(gap["answers"] - 30) <= 2
    mobile = kenya["payout_methods"]["mobile_money"]
    assert 40 <= mobile["share"] <= 95
    assert abs(mobile["answered"] - 30) <= 4
    assert set(kenya["payout_methods"]) == {
        "bank", "paypal", "payoneer", "mobile_money", "crypto", "gift_card", "other"
    }  # fmt: skip

    # Uganda's cell is published (35 reports) but 12 advertised pays are
    # under the medians' minimum, and 3 payout answers under k.
    assert uganda is not None
    assert uganda["n"] >= 30
    assert disclosure.QUANTILE_MIN_REPORTS > 12
    assert uganda["promised_gap"] is None
    assert set(uganda["payout_methods"].values()) == {None}


FIGURE = re.compile(r'data-figure="(?P<name>[a-z-]+)">(?P<value>.*?)</dd>', re.S)


def figures_on(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return {m["name"]: m["value"] for m in FIGURE.finditer(response.content.decode())}


def test_platform_page_shows_the_stored_gap_and_payout_shares(client, settings):
    settings.K_ANONYMITY = 5
    with_promises()
    kenya = published_cell(platform="outlier-ai", country="KE")
    uganda = published_cell(platform="outlier-ai", country="UG")
    assert kenya["promised_gap"]
    assert uganda["promised_gap"] is None

    shown = figures_on(client, "/platforms/outlier-ai/?country=KE")

    gap = kenya["promised_gap"]
    assert shown["promised-gap"] == (
        f"the median report was paid {abs(gap['median_percent'])}% less than "
        f"advertised ({gap['answers']} answers)"
    )
    expected = [
        f"{found['share']}%"
        for found in kenya["payout_methods"].values()
        if found is not None
    ]
    assert re.findall(r"<strong>(\d+%)</strong>", shown["payout-methods"]) == expected
    mobile = kenya["payout_methods"]["mobile_money"]["share"]
    assert f"Mobile money: <strong>{mobile}%</strong>" in shown["payout-methods"]

    response = client.get("/platforms/outlier-ai/?country=UG")
    content = response.content.decode()
    assert 'data-withheld="promised-gap">not published<' in content
    assert 'data-withheld="payout-methods">not published<' in content
    assert "promised-gap" not in figures_on(client, "/platforms/outlier-ai/?country=UG")


# --- the same figures in /stats/, its CSV files and the release's package ----


def number(text):
    return int(text) if text else None


def assert_columns_hold(row, figures):
    """The row's promised-gap and payout columns are the stored figures."""
    gap = figures["promised_gap"] or {}
    assert number(row["promised_gap_median_percent"]) == gap.get("median_percent")
    assert number(row["promised_gap_answers"]) == gap.get("answers")
    for method in PayoutMethod.values:
        found = figures["payout_methods"][method] or {}
        assert number(row[f"payout_{method}_percent"]) == found.get("share")
        assert number(row[f"payout_{method}_ci95_low"]) == (
            found["ci95"][0] if found else None
        )
        assert number(row[f"payout_{method}_ci95_high"]) == (
            found["ci95"][1] if found else None
        )
        assert number(row[f"payout_{method}_answered"]) == found.get("answered")


def test_csv_columns_hold_the_stored_gap_and_payout_shares(client, settings):
    settings.K_ANONYMITY = 5
    with_promises()
    kenya = published_cell(country="KE")
    assert kenya["promised_gap"]
    assert kenya["payout_methods"]["mobile_money"]

    (row,) = csv_rows(client.get("/stats.csv?country=KE&group_by=none"))
    assert_columns_hold(row, kenya)
    assert row["promised_gap_median_percent"] == str(
        kenya["promised_gap"]["median_percent"]
    )

    (row,) = csv_rows(client.get("/stats.csv?country=UG&group_by=none"))
    assert row["promised_gap_median_percent"] == ""
    assert row["payout_mobile_money_percent"] == ""

    # The platform page's file: the platform's cells by country.
    rows = csv_rows(client.get("/stats.csv?platform=outlier-ai&group_by=country"))
    assert {row["group"] for row in rows} >= {"KE", "UG"}
    for row in rows:
        assert_columns_hold(
            row, published_cell(platform="outlier-ai", country=row["group"])
        )


def test_package_columns_hold_the_stored_gap_and_payout_shares(
    client, settings, tmp_path
):
    from frictionless import Package, validate

    from stats.models import PublishedCell

    settings.K_ANONYMITY = 5
    made = with_promises()

    archive = zipfile.ZipFile(io.BytesIO(client.get("/stats/release.zip").content))
    archive.extractall(tmp_path)

    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    schema = Package(tmp_path / "datapackage.json").get_resource("reports").schema
    declared = {field.name: field for field in schema.fields}
    for name in (
        "promised_gap_median_percent",
        "promised_gap_answers",
        *[f"payout_{method}_{end}" for method in PayoutMethod.values
          for end in ("percent", "ci95_low", "ci95_high", "answered")],
    ):  # fmt: skip
        assert declared[name].type == "integer"
        assert declared[name].description
        assert not declared[name].required
    with open(tmp_path / "reports.csv", encoding="utf-8") as text:
        rows = list(csv.DictReader(text))
    dimensions = ("platform", "country", "task_type", "quarter", "year")
    stored = {
        tuple(getattr(cell, name) for name in dimensions): cell.figures
        for cell in PublishedCell.objects.filter(release=made, table="reports")
    }
    assert any(row["promised_gap_median_percent"] for row in rows)
    assert any(row["payout_mobile_money_percent"] for row in rows)
    for row in rows:
        assert_columns_hold(row, stored[tuple(row[name] for name in dimensions)])


def test_stats_page_shows_the_stored_gap_and_payout_shares(client, settings):
    settings.K_ANONYMITY = 5
    with_promises()
    kenya = published_cell(country="KE")

    shown = figures_on(client, "/stats/?country=KE&group_by=none")

    gap = kenya["promised_gap"]
    assert shown["promised-gap"] == (
        f"the median report was paid {abs(gap['median_percent'])}% less than "
        f"advertised ({gap['answers']} answers)"
    )
    mobile = kenya["payout_methods"]["mobile_money"]["share"]
    assert f"Mobile money: <strong>{mobile}%</strong>" in shown["payout-methods"]

    content = client.get("/stats/?country=UG&group_by=none").content.decode()
    assert 'data-withheld="promised-gap">not published<' in content
    assert 'data-withheld="payout-methods">not published<' in content


def test_stats_page_by_platform_tables_each_platforms_gap_and_payouts(client, settings):
    settings.K_ANONYMITY = 5
    with_promises()
    outlier = published_cell(platform="outlier-ai", country="KE")
    toloka = published_cell(platform="toloka", country="KE")
    assert toloka["promised_gap"] is None

    content = client.get("/stats/?country=KE&group_by=platform").content.decode()

    grid = content[content.index('id="payout-grid"') :]
    grid = grid[: grid.index("</table>")]
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', grid, re.S))
    cells = {label: re.findall(r"<td>(.*?)</td>", row) for label, row in rows.items()}
    gap = outlier["promised_gap"]["median_percent"]
    assert cells["Outlier AI"][0] == f"{gap}%"
    mobile = outlier["payout_methods"]["mobile_money"]["share"]
    assert f"{mobile}%" in cells["Outlier AI"][1:]
    assert cells["Toloka"][0] == "–"
