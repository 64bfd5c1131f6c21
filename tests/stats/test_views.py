"""The statistics page, CSV files and API: the same stored cells on every
surface, questions outside the published tables refused with what is
offered, the OpenAPI document kept."""

import csv
import io

import jsonschema
import pytest
from openapi_spec_validator import validate

from moderation.models import Status
from stats import disclosure, tables
from stats.models import StatsRelease
from surveys.models import Platform
from tests.helpers import (
    csv_rows,
    days_ago,
    make_incident,
    make_report,
    parse_html,
    published_cell,
    release,
    visible_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(settings):
    """Kenya: 30 reports on Sama, 25 on Outlier AI; the Philippines: 24 on
    Outlier AI, 10 on Sama; Uganda: 3; work of 2025-11, 2026-02 and 2026-05.
    Released, with k = 5."""
    settings.K_ANONYMITY = 5
    number = 0
    for country, slug, count in [
        ("KE", "sama", 30),
        ("KE", "outlier-ai", 25),
        ("PH", "outlier-ai", 24),
        ("PH", "sama", 10),
        ("UG", "outlier-ai", 3),
    ]:
        platform = Platform.objects.get(slug=slug)
        for _ in range(count):
            make_report(
                country=country,
                platform=str(platform.pk),
                period=["2025-11", "2026-02", "2026-05"][number % 3],
                pay_amount=f"{2 + number % 11}.25",
                unpaid_hours_per_week=str(number % 7),
                keystroke_monitoring="yes" if number % 4 else "no",
                status=Status.APPROVED,
                submitted_on=days_ago(number),
            )
            number += 1
    return release()


def page_rows(response):
    """(label, reports) of each row of the page's pay table."""
    section = response.content.decode().split('id="pay-heading"')[1]
    body = section.split("<tbody>")[1].split("</tbody>")[0]
    rows = []
    for row in body.split("<tr>")[1:]:
        cells = [visible_text(cell) for cell in row.split("<t")[1:]]
        rows.append((cells[0].split(">", 1)[1], cells[1].split(">", 1)[1]))
    return rows


def test_page_csv_and_api_show_the_same_cells(client, published):
    # The page lists groups by name here, the order of the files.
    page = client.get("/stats/?group_by=platform&country=KE&order=name")
    table = csv_rows(client.get("/stats.csv?group_by=platform&country=KE"))
    api = client.get("/api/v1/stats/?group_by=platform&country=KE").json()

    stored = {
        slug: published_cell(country="KE", platform=slug)
        for slug in ("sama", "outlier-ai")
    }
    assert [(g["key"], g["n"]) for g in api["groups"]] == [
        ("outlier-ai", stored["outlier-ai"]["n"]),
        ("sama", stored["sama"]["n"]),
    ]
    assert [(row["group"], int(row["n"])) for row in table] == [
        (g["key"], g["n"]) for g in api["groups"]
    ]
    assert page_rows(page) == [
        ("Outlier AI", str(stored["outlier-ai"]["n"])),
        ("Sama", str(stored["sama"]["n"])),
    ]
    for row, group in zip(table, api["groups"], strict=True):
        assert (
            float(row["effective_hourly_usd_median"])
            == (group["effective_hourly_usd"]["median"])
        )
        assert row["keystroke_monitoring_yes_percent"] == str(
            group["conditions"]["keystroke_monitoring"]["share"]
        )
    assert api["total"]["n"] == published_cell(country="KE")["n"]


def test_a_cell_that_is_not_published_is_absent_everywhere(client, published):
    page = client.get("/stats/?country=UG")
    table = client.get("/stats.csv?country=UG")
    api = client.get("/api/v1/stats/?country=UG").json()
    by_country = client.get("/api/v1/stats/?group_by=country").json()

    assert "No published figures match these filters" in visible_text(page.content)
    assert "<svg" not in page.content.decode()
    assert csv_rows(table) == []
    assert table.content.decode().splitlines()[0].startswith("group,label,n,")
    assert api["groups"] == []
    assert api["total"] is None
    assert "No published cell matches" in api["message"]
    assert "UG" not in [group["key"] for group in by_country["groups"]]


def test_api_gives_the_documented_fields(client, published):
    body = client.get("/api/v1/stats/?platform=outlier-ai").json()

    assert body["k"] == 5
    assert body["currency"] == "USD"
    assert body["release"]["number"] == published.number
    assert body["filters"] == {"platform": "outlier-ai"}
    assert body["group_by"] == "none"
    (group,) = body["groups"]
    assert group == body["total"]
    assert set(group) == {
        "key", "label", "n", "hourly_usd", "effective_hourly_usd",
        "paid_hours_per_week", "unpaid_hours_per_week", "unpaid_share_median",
        "conditions", "below_minimum_wage", "promised_gap", "payout_methods",
        "effective_hourly_local",
    }  # fmt: skip
    # Nobody answered about paid leave: no share.
    assert group["conditions"]["paid_leave"] is None
    # Three in four said yes; the published share is corrected for the
    # swapped answers, within its (wider) interval.
    share = group["conditions"]["keystroke_monitoring"]
    assert 55 <= share["share"] <= 95
    assert share["ci95"][0] < share["share"] < share["ci95"][1]
    assert share["ci95"][1] - share["ci95"][0] >= 20


def test_a_period_is_a_year_or_a_quarter(client, published):
    this_year = client.get("/api/v1/stats/?period=2026").json()
    quarter = client.get("/api/v1/stats/?period=2026-Q1").json()
    by_year = client.get("/api/v1/stats/?group_by=year").json()
    by_quarter = client.get("/api/v1/stats/?group_by=quarter").json()

    assert this_year["filters"] == {"period": "2026"}
    assert this_year["total"]["n"] == published_cell(year="2026")["n"]
    assert quarter["total"]["n"] == published_cell(quarter="2026-Q1")["n"]
    assert [group["key"] for group in by_year["groups"]] == ["2025", "2026"]
    # 2025's only quarter holds the same reports as 2025: the year is shown.
    assert [group["key"] for group in by_quarter["groups"]] == ["2026-Q1", "2026-Q2"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("group_by=planet", "group_by"),
        ("platform=nope", "platform"),
        ("country=XX", "country"),
        ("task_type=juggling", "task_type"),
        ("period=2026-Q5", "period"),
        ("period=March", "period"),
        ("period_from=2025-01", "period_from"),
        ("period_to=2025-06", "period_to"),
        ("colour=red", "colour"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(client, query, parameter):
    api = client.get(f"/api/v1/stats/?{query}")
    page = client.get(f"/stats/?{query}")

    assert api.status_code == 400
    assert api.json()["parameter"] == parameter
    if parameter != "colour":
        assert page.status_code == 400
        assert client.get(f"/stats.csv?{query}").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "country=KE&platform=sama&group_by=quarter",
        "country=KE&platform=sama&task_type=response-rating",
        "platform=sama&group_by=platform",
        "period=2026&group_by=quarter",
    ],
)
def test_questions_beyond_the_published_tables_are_refused_with_what_is_offered(
    client, query
):
    api = client.get(f"/api/v1/stats/?{query}")
    page = client.get(f"/stats/?{query}")
    table = client.get(f"/stats.csv?{query}")

    assert api.status_code == page.status_code == table.status_code == 400
    message = api.json()["message"]
    assert "platform" in message or "period" in message
    assert "Choose" in visible_text(page.content).split("Please check these answers")[1]


def test_the_default_grouping_gives_way_to_two_filters(client, published):
    response = client.get("/stats/?country=KE&platform=sama")

    assert response.status_code == 200
    assert response.context["table"].group_by == "none"


def test_country_code_is_accepted_in_small_letters(client, published):
    assert client.get("/api/v1/stats/?country=ke").json()["filters"] == {
        "country": "KE"
    }


def test_openapi_document_is_valid_and_responses_conform(client, published):
    make_incident(status=Status.APPROVED)
    document = client.get("/api/v1/openapi.json").json()
    validate(document)

    def check(path, query, status, schema):
        response = client.get(f"{path}?{query}")
        assert response.status_code == status
        jsonschema.validate(
            response.json(),
            {**document, "$ref": f"#/components/schemas/{schema}"},
            cls=jsonschema.Draft202012Validator,
        )

    for group_by in tables.groupings("reports"):
        check("/api/v1/stats/", f"group_by={group_by}", 200, "Stats")
    check("/api/v1/stats/", "country=UG", 200, "Stats")
    check("/api/v1/stats/", "group_by=planet", 400, "Error")
    for group_by in tables.groupings("incidents"):
        check("/api/v1/incidents/stats/", f"group_by={group_by}", 200, "IncidentStats")
    check("/api/v1/incidents/stats/", "task_type=red-teaming", 400, "Error")
    assert "make_private_quantile" in document["info"]["description"]
    period = next(
        parameter
        for parameter in document["paths"]["/api/v1/stats/"]["get"]["parameters"]
        if parameter["name"] == "period"
    )
    assert period["schema"]["pattern"]


def test_incidents_api_refuses_a_type_of_work(client):
    response = client.get("/api/v1/incidents/stats/?task_type=red-teaming")

    assert response.status_code == 400
    assert response.json()["parameter"] == "task_type"


def test_page_has_charts_with_titles_and_tables(client, published):
    response = client.get("/fr/stats/")

    content = response.content.decode()
    tags = parse_html(response.content)
    svgs = [attrs for tag, attrs in tags if tag == "svg"]
    # Pay, paid hours, unpaid hours, conditions and the trend.
    assert len(svgs) == 5
    assert all(attrs["role"] == "img" for attrs in svgs)
    assert content.count('<title id="chart-') == 5
    assert content.count('<desc id="chart-') == 5
    # Pay, conditions, the trend, and (grouped by platform, the default)
    # each platform's share of each condition.
    assert len([tag for tag, _ in tags if tag == "table"]) == 4
    assert "Figures of release" not in content  # translated
    median = published_cell(platform="")["effective_hourly_usd"]["median"]
    assert f"{median:.2f}".replace(".", ",") in visible_text(response.content)


def test_minimum_wage_line_when_one_country_is_chosen(client, published):
    response = client.get("/stats/?country=KE&group_by=platform")

    assert 'class="minimum-wage"' in response.content.decode()


def test_csv_file_name_names_the_release_and_the_question(client, published):
    by_platform = client.get("/stats.csv?group_by=platform&period=2026")
    in_kenya = client.get("/stats.csv?country=KE&period=2026-Q3")

    assert by_platform["Content-Disposition"] == (
        f'attachment; filename="ground-truth-release-{published.number}-reports-'
        'by-platform-period-2026.csv"'
    )
    assert in_kenya["Content-Disposition"] == (
        f'attachment; filename="ground-truth-release-{published.number}-reports-'
        'country-KE-period-2026-Q3.csv"'
    )


def test_page_says_when_nothing_is_released_yet_and_then_which_release(
    client, settings
):
    before = visible_text(client.get("/stats/").content)
    settings.K_ANONYMITY = 5
    for number in range(8):
        make_report(status=Status.APPROVED, submitted_on=days_ago(number))
    made = release()
    after = visible_text(client.get("/stats/").content)

    assert "No figures are released yet." in before
    assert f"Figures of release {made.number}" not in before
    assert f"Figures of release {made.number}" in after
    assert "No figures are released yet." not in after


def test_demo_release_puts_a_banner_on_every_page(client, settings):
    settings.K_ANONYMITY = 1
    make_report(status=Status.APPROVED)
    release(is_demo=True)

    for path in ["/", "/stats/", "/report/"]:
        assert "made up for the demonstration, not from real workers" in visible_text(
            client.get(path).content
        )


def test_methodology_states_the_method_and_its_parameters(client, settings):
    settings.K_ANONYMITY = 7
    text = visible_text(client.get("/stats/methodology/").content)

    assert "cell-key method of the UK Office for National Statistics" in text
    assert "at most 2 either way" in text
    assert "noise +0: 39.8% of keys" in text
    assert "A count under 7 is never published" in text
    assert "groups of at least 20" in text
    assert "ε = 1.0" in text
    assert "swapped with a chance of 15% (post-randomisation, PRAM)" in text
    assert "moved up or down by 5% to 15% (noise infusion)" in text
    assert "Thompson, G., Broadfoot, S. and Elazar, D. (2013)" in text
    assert "Gouweleeuw, J., Kooiman, P., Willenborg, L. and de Wolf" in text
    assert "National Minimum Wage (Amendment) Act 2024" in text
    assert "National Bank of Poland" in text


def test_the_published_ptable_is_the_one_the_releases_use(client, settings):
    settings.K_ANONYMITY = 5
    rows = csv_rows(client.get("/stats/ptable.csv"))

    assert len(rows) == 750 * 256
    table = disclosure.ptable(5)
    for row in rows[::997]:
        assert int(row["pvalue"]) == table[int(row["pcv"])][int(row["ckey"])]


def test_incident_figures_on_page_csv_and_api(client, settings):
    settings.K_ANONYMITY = 5
    for number in range(24):
        make_incident(
            status=Status.APPROVED,
            submitted_on=days_ago(number),
            amount_owed=str(100 + 10 * number),
            outcome="never_paid" if number % 3 == 0 else "waiting",
        )
    sama = str(Platform.objects.get(slug="sama").pk)
    for number in range(10):
        make_incident(
            status=Status.APPROVED,
            platform=sama,
            country="UG",
            submitted_on=days_ago(30 + number),
            amount_owed=str(80 + 10 * number),
        )
    release()

    page = visible_text(client.get("/stats/incidents/?group_by=platform").content)
    table = csv_rows(client.get("/stats/incidents.csv?group_by=platform"))
    api = client.get("/api/v1/incidents/stats/?group_by=platform").json()

    group = api["groups"][0]
    stored = published_cell("incidents", platform="outlier-ai")
    assert group["n"] == stored["n"] == int(table[0]["n"])
    assert group["total_owed_usd"] == stored["total_owed_usd"]
    assert group["median_owed_usd"] is not None
    # One in three never paid (corrected for swapped outcomes).
    assert 10 <= group["never_paid_share"] <= 60
    rows = page.split("Median days to resolution")[1]
    assert f"Outlier AI {stored['n']}" in rows


@pytest.mark.parametrize("platform_count", [1, 3])
def test_stats_page_query_count_does_not_grow_with_groups(
    client, settings, django_assert_max_num_queries, platform_count
):
    settings.K_ANONYMITY = 1
    for number, slug in enumerate(["outlier-ai", "sama", "toloka"][:platform_count]):
        make_report(
            platform=str(Platform.objects.get(slug=slug).pk),
            status=Status.APPROVED,
            submitted_on=days_ago(number),
            amount_owed=str(80 + 10 * number),
            hours_covered=str(10 + number),
        )
    release()

    with django_assert_max_num_queries(25):
        response = client.get("/stats/?group_by=platform")

    assert response.status_code == 200


def test_second_visit_is_served_from_the_cache(
    client, published, django_assert_max_num_queries
):
    client.get("/stats/?group_by=platform")

    # The current release and the rendered page, both from the cache.
    with django_assert_max_num_queries(3):
        response = client.get("/stats/?group_by=platform")

    assert "Outlier AI" in visible_text(response.content)


def test_a_new_release_shows_at_once_and_only_its_cells(client, published, settings):
    first = client.get("/api/v1/stats/").json()
    page = client.get("/stats/")
    for number in range(6):
        make_report(status=Status.APPROVED, submitted_on=days_ago(100 + number))
    second = release()

    now = client.get("/api/v1/stats/?group_by=platform").json()
    assert now["release"]["number"] == second.number
    assert first["release"]["number"] != second.number
    assert page.content != client.get("/stats/").content
    # Each group once, from the new release (the previous one's cells are kept).
    assert [g["key"] for g in now["groups"]] == ["outlier-ai", "sama"]
    assert now["total"]["n"] == published_cell()["n"]
    assert StatsRelease.objects.count() == 2


def test_groups_are_shown_alike_when_their_whole_is_withheld(client):
    from stats.models import PublishedCell

    made = StatsRelease.objects.create(added_reports=40)
    sample = {
        "n": 20, "hourly_usd": None, "effective_hourly_usd": None,
        "paid_hours_per_week": None, "unpaid_hours_per_week": None,
        "unpaid_share_median": None, "conditions": {},
        "below_minimum_wage": {"share": None, "reports": None},
    }  # fmt: skip
    for country, n in [("KE", 21), ("PH", 19)]:
        PublishedCell.objects.create(
            release=made,
            table="reports",
            platform="outlier-ai",
            country=country,
            n=n,
            figures=sample | {"n": n},
        )

    page = client.get("/stats/?platform=outlier-ai&group_by=country&order=name")
    table = csv_rows(client.get("/stats.csv?platform=outlier-ai&group_by=country"))
    api = client.get("/api/v1/stats/?platform=outlier-ai&group_by=country").json()

    assert api["total"] is None
    assert "message" not in api
    assert [(g["key"], g["n"]) for g in api["groups"]] == [("KE", 21), ("PH", 19)]
    assert [(row["group"], row["n"]) for row in table] == [("KE", "21"), ("PH", "19")]
    assert page_rows(page) == [("Kenya", "21"), ("Philippines", "19")]
    assert "No published figures match" not in visible_text(page.content)


@pytest.mark.parametrize("period", ["٢٠٢٦", "２０２６", "2026-Q٣"])
def test_a_period_in_other_digits_is_refused(client, period):
    response = client.get(f"/api/v1/stats/?period={period}")

    assert response.status_code == 400
    assert response.json()["parameter"] == "period"


# (platform name, its label in the CSV files): quoted, so a spreadsheet shows
# it as text; the pipe of a DDE payload escaped too (defusedcsv), and a
# carriage return read as a line break, as translations normalise it.
FORMULA_NAMES = [
    ('=HYPERLINK("http://x.example/","y")', '\'=HYPERLINK("http://x.example/","y")'),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd\\|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\n=1+1"),
]


@pytest.mark.parametrize(("name", "label"), FORMULA_NAMES)
def test_csv_files_never_start_a_text_cell_with_a_formula(
    client, settings, name, label
):
    settings.K_ANONYMITY = 1
    platform = Platform.objects.create(name=name, slug="typed-by-a-worker")
    sama = Platform.objects.get(slug="sama")
    for number in range(24):
        make_report(
            platform=str([platform, sama][number % 2].pk),
            status=Status.APPROVED,
            period=["2025-11", "2026-02", "2026-05"][number % 3],
            pay_amount=f"{3 + number}.50",
            unpaid_hours_per_week=str(number % 7),
            submitted_on=days_ago(number),
        )
        make_incident(
            platform=str([platform, sama][number % 2].pk),
            status=Status.APPROVED,
            submitted_on=days_ago(number),
            amount_owed=str(80 + 10 * number),
            hours_covered=str(10 + number),
        )
    release()

    reports = csv_rows(client.get("/stats.csv?group_by=platform"))
    incidents = csv_rows(client.get("/stats/incidents.csv?group_by=platform"))

    for table in (reports, incidents):
        (row,) = [row for row in table if row["group"] == "typed-by-a-worker"]
        assert row["label"] == label
        assert int(row["n"]) > 0


def test_csv_keeps_negative_numbers_as_numbers(client):
    rows = list(
        csv.reader(io.StringIO(client.get("/stats/ptable.csv").content.decode()))
    )

    pvalues = [int(row[2]) for row in rows[1:]]
    assert min(pvalues) < 0
