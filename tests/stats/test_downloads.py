"""Downloads and following releases: the CSV files say which question they
answer, in their name and on every row; the whole release as a Frictionless
Data package; the Atom feed of releases."""

import csv
import io

import pytest

from moderation.models import Status
from surveys.models import Platform
from tests.helpers import csv_rows, days_ago, make_incident, make_report, release

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


# --- the data package -----------------------------------------------------------


def open_package(response, folder):
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    archive.extractall(folder)
    return archive


def test_the_release_downloads_as_a_data_package_that_validates(
    client, published, tmp_path
):
    from frictionless import Package, validate

    response = client.get("/stats/release.zip")

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        f'attachment; filename="ground-truth-release-{published.number}.zip"'
    )
    archive = open_package(response, tmp_path)
    assert sorted(archive.namelist()) == [
        "datapackage.json",
        "incidents.csv",
        "reports.csv",
    ]
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(tmp_path / "datapackage.json")
    assert package.version == str(published.number)
    assert package.created == f"{published.created_on.isoformat()}T00:00:00Z"
    assert package.licenses[0]["name"] == "CC-BY-4.0"
    assert "http://testserver/stats/methodology/" in package.description
    fields = package.get_resource("reports").schema.field_names
    assert fields[:5] == ["platform", "country", "task_type", "quarter", "year"]
    assert {"n", "effective_hourly_usd_median", "status"} <= set(fields)
    assert all(
        field.description for field in package.get_resource("reports").schema.fields
    )


def test_every_row_of_the_package_is_a_stored_cell(client, published, tmp_path):
    from stats import tables
    from stats.models import PublishedCell

    open_package(client.get("/stats/release.zip"), tmp_path)

    for table in ("reports", "incidents"):
        with open(tmp_path / f"{table}.csv", encoding="utf-8") as text:
            rows = list(csv.DictReader(text))
        dimensions = tables.DIMENSIONS[table]
        stored = {
            tuple(getattr(cell, name) for name in dimensions): cell.figures
            for cell in PublishedCell.objects.filter(release=published, table=table)
            if sum(bool(getattr(cell, name)) for name in dimensions) <= 2
        }
        assert len(rows) == len(stored)
        for row in rows:
            figures = stored[tuple(row[name] for name in dimensions)]
            assert int(row["n"]) == figures["n"]
            if table == "reports":
                pay = figures["effective_hourly_usd"]
                median = row["effective_hourly_usd_median"]
                assert (float(median) if median else None) == (pay and pay["median"])
                share = figures["conditions"]["keystroke_monitoring"]
                yes = row["keystroke_monitoring_yes_percent"]
                assert (int(yes) if yes else None) == (share and share["share"])
            else:
                total = row["total_owed_usd"]
                assert (float(total) if total else None) == figures["total_owed_usd"]
            empty = [name for name, value in row.items() if value == ""]
            withheld = row["withheld"].split()
            assert row["status"] == ("partly withheld" if withheld else "published")
            assert set(withheld) <= set(empty)


def test_a_partly_withheld_cell_says_so(client, published, tmp_path):
    open_package(client.get("/stats/release.zip"), tmp_path)

    with open(tmp_path / "reports.csv", encoding="utf-8") as text:
        rows = list(csv.DictReader(text))

    small = [row for row in rows if int(row["n"]) < 20]
    assert small
    for row in small:
        assert row["status"] == "partly withheld"
        assert "effective_hourly_usd_median" in row["withheld"].split()
        assert row["effective_hourly_usd_median"] == ""


def test_no_package_before_the_first_release(client):
    assert client.get("/stats/release.zip").status_code == 404


def test_the_package_is_made_once_per_release(
    client, published, django_assert_max_num_queries
):
    first = client.get("/stats/release.zip")

    with django_assert_max_num_queries(3):
        again = client.get("/stats/release.zip")

    assert again.content == first.content


# --- the feed of releases ---------------------------------------------------------


def test_the_feed_lists_releases_and_what_changed_per_platform(client, published):
    from stats.models import StatsRelease

    make_reports("KE", "sama", 10, start=100)
    second = release()
    first_sama = published_figures(published, "sama")
    second_sama = published_figures(second, "sama")

    feed = client.get("/stats/releases/feed/")

    assert feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert text.count("<entry>") == StatsRelease.objects.count() == 2
    assert f"<title>Release {second.number}</title>" in text
    assert f"<title>Release {published.number}</title>" in text
    assert (
        f"Sama: {first_sama[0]} → {second_sama[0]} reports, median effective pay "
        f"{first_sama[1]:.2f} → {second_sama[1]:.2f} US dollars an hour"
    ) in text
    assert f"<id>http://testserver/stats/#release-{second.number}</id>" in text


def published_figures(made, slug):
    from stats.models import PublishedCell

    cell = PublishedCell.objects.get(
        release=made,
        table="reports",
        platform=slug,
        country="",
        task_type="",
        quarter="",
        year="",
    )
    return cell.n, cell.figures["effective_hourly_usd"]["median"]


def test_the_feed_speaks_the_page_language(client, published):
    feed = client.get("/fr/stats/releases/feed/")

    assert feed.status_code == 200
    assert "<entry>" in feed.content.decode()
