"""Downloads and following releases: the CSV files say which question they
answer, in their name and on every row; the whole release as a Frictionless
Data package; the Atom feed of releases."""

import csv
import io

import pytest

from moderation.models import Status
from surveys.models import Platform
from tests.helpers import days_ago, make_incident, make_report, release

pytestmark = pytest.mark.django_db


def make_reports(country, slug, count, start=0):
    platform = str(Platform.objects.get(slug=slug).pk)
    for number in range(start, start + count):
        make_report(
            country=country,
            platform=platform,
            period=["2025-11", "2026-02", "2026-05"][number % 3],
            pay_amount=f"{2 + number % 11}.25",
            keystroke_monitoring="yes" if number % 4 else "no",
            status=Status.APPROVED,
            submitted_on=days_ago(number),
        )


@pytest.fixture
def published(settings):
    """Kenya: 25 reports on Sama, 25 on Outlier AI; the Philippines: 24 on
    Outlier AI; 12 incidents in Kenya, 12 in Uganda. Released, with k = 5."""
    settings.K_ANONYMITY = 5
    make_reports("KE", "sama", 25)
    make_reports("KE", "outlier-ai", 25, start=25)
    make_reports("PH", "outlier-ai", 24, start=50)
    sama = str(Platform.objects.get(slug="sama").pk)
    for number in range(24):
        make_incident(
            status=Status.APPROVED,
            submitted_on=days_ago(number),
            amount_owed=str(100 + 10 * number),
            **({"country": "UG", "platform": sama} if number % 2 else {}),
        )
    return release()


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_kenya_by_platform_and_the_world_by_platform_download_as_two_names(
    client, published
):
    kenya = client.get("/stats.csv?country=KE&group_by=platform")
    world = client.get("/stats.csv?group_by=platform")
    number = published.number

    assert kenya["Content-Disposition"] == (
        f'attachment; filename="ground-truth-release-{number}-reports-by-platform-'
        'country-KE.csv"'
    )
    assert world["Content-Disposition"] == (
        f'attachment; filename="ground-truth-release-{number}-reports-by-platform.csv"'
    )


def test_every_csv_row_names_the_filters_of_its_question(client, published):
    kenya = csv_rows(client.get("/stats.csv?country=KE&group_by=platform"))
    world = csv_rows(client.get("/stats.csv?group_by=platform&period=2026"))

    assert kenya
    assert world
    for row in kenya:
        assert row["filter_country"] == "KE"
        assert row["filter_platform"] == "all"
        assert row["filter_task_type"] == "all"
        assert row["filter_period"] == "all"
    for row in world:
        assert row["filter_country"] == "all"
        assert row["filter_period"] == "2026"
    # The same columns in every file, so files can be stacked.
    assert list(kenya[0]) == list(world[0])


def test_incident_csv_rows_name_their_filters_without_a_type_of_work(client, published):
    rows = csv_rows(client.get("/stats/incidents.csv?country=KE&group_by=none"))

    assert rows
    assert {row["filter_country"] for row in rows} == {"KE"}
    assert "filter_task_type" not in rows[0]
