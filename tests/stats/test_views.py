"""The statistics page, CSV and API: the same figures and the same
suppression everywhere, bad parameters refused, the OpenAPI document kept."""

import csv
import io

import jsonschema
import pytest
from openapi_spec_validator import validate

from surveys import stats
from surveys.models import Platform, StatsRelease, Status
from tests.helpers import make_report, parse_html, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_platforms(settings):
    """Outlier AI 6 reports, Sama 5, Toloka 4 (k = 5), released."""
    settings.K_ANONYMITY = 5
    for slug, count in [("outlier-ai", 6), ("sama", 5), ("toloka", 4)]:
        platform = Platform.objects.get(slug=slug)
        for number in range(count):
            make_report(
                platform=str(platform.pk),
                pay_amount=str(2 + number),
                unpaid_hours_per_week="0",
                keystroke_monitoring="yes" if number % 3 else "no",
                status=Status.APPROVED,
            )
    stats.release_waiting_reports()


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_small_groups_are_hidden_alike_in_page_csv_and_api(client, three_platforms):
    page = client.get("/stats/?group_by=platform")
    table = client.get("/stats.csv?group_by=platform")
    api = client.get("/api/v1/stats/?group_by=platform").json()

    results = page.content.decode().split('id="pay-heading"')[1].split("</section>")[0]
    page_rows = results.split("<tbody>")[1].split("<tr>")[1:]
    assert [visible_text(row).split(" ")[0] for row in page_rows] == ["Outlier"]
    assert [row["group"] for row in csv_rows(table)] == ["outlier-ai"]
    assert [group["key"] for group in api["groups"]] == ["outlier-ai"]
    for text in (visible_text(results), table.content.decode(), str(api)):
        assert "Toloka" not in text
        assert "Sama" not in text
        assert "toloka" not in text
    # The total still counts everyone: 15 reports.
    assert "15" in visible_text(page.content).split("Reports", 1)[1][:20]


def test_a_group_of_exactly_k_is_shown(client, settings):
    settings.K_ANONYMITY = 5
    for country in ["KE"] * 5 + ["UG"] * 5:
        make_report(country=country, status=Status.APPROVED)
    stats.release_waiting_reports()

    api = client.get("/api/v1/stats/?group_by=country").json()

    assert [(g["key"], g["n"]) for g in api["groups"]] == [("KE", 5), ("UG", 5)]


def test_filter_leaving_fewer_than_k_shows_only_a_message(client, three_platforms):
    page = client.get("/stats/?country=UG")
    table = client.get("/stats.csv?country=UG")
    api = client.get("/api/v1/stats/?country=UG").json()

    assert "Fewer than 5 released reports match these filters" in visible_text(
        page.content
    )
    assert "<svg" not in page.content.decode()
    assert csv_rows(table) == []
    assert table.content.decode().splitlines()[0].startswith("group,label,n,")
    assert api["groups"] == []
    assert "Fewer than 5" in api["message"]


def test_api_gives_the_documented_fields(client, three_platforms):
    body = client.get("/api/v1/stats/?group_by=none&platform=outlier-ai").json()

    assert body["k"] == 5
    assert body["currency"] == "USD"
    assert body["release"]["number"] == StatsRelease.objects.get().number
    assert body["filters"] == {"platform": "outlier-ai"}
    (group,) = body["groups"]
    assert group["n"] == 6
    # Pay 2, 3, 4, 5, 6, 7 an hour: median 4.5, quartiles 3.25 and 5.75.
    assert group["hourly_usd"] == {"p25": 3.25, "median": 4.5, "p75": 5.75}
    assert group["conditions"]["paid_leave"] == {
        "share": None,
        "ci95": None,
        "answered": None,
    }
    # 4 yes of 6 answers: 67%, Wilson 30% to 90%.
    assert group["conditions"]["keystroke_monitoring"] == {
        "share": 67,
        "ci95": [30, 90],
        "answered": 6,
    }


def test_csv_matches_the_api(client, three_platforms):
    row = csv_rows(client.get("/stats.csv?group_by=none"))[0]
    group = client.get("/api/v1/stats/?group_by=none").json()["groups"][0]

    assert int(row["n"]) == group["n"] == 15
    assert (
        float(row["effective_hourly_usd_median"])
        == group["effective_hourly_usd"]["median"]
    )
    assert row["release"] == str(StatsRelease.objects.get().number)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("group_by=planet", "group_by"),
        ("platform=nope", "platform"),
        ("country=XX", "country"),
        ("task_type=juggling", "task_type"),
        ("period_from=2025-13", "period_from"),
        ("period_to=March", "period_to"),
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


def test_reversed_period_matches_nothing(client, three_platforms):
    body = client.get("/api/v1/stats/?period_from=2026-05&period_to=2026-01").json()

    assert body["groups"] == []
    assert "Fewer than 5" in body["message"]


def test_country_code_is_accepted_in_small_letters(client, three_platforms):
    assert client.get("/api/v1/stats/?country=ke").json()["filters"] == {
        "country": "KE"
    }


def test_openapi_document_is_valid_and_responses_conform(client, three_platforms):
    document = client.get("/api/v1/openapi.json").json()
    validate(document)

    def check(query, status, schema):
        response = client.get(f"/api/v1/stats/?{query}")
        assert response.status_code == status
        jsonschema.validate(
            response.json(),
            {**document, "$ref": f"#/components/schemas/{schema}"},
            cls=jsonschema.Draft202012Validator,
        )

    for group_by in stats.GROUPINGS:
        check(f"group_by={group_by}", 200, "Stats")
    check("country=UG", 200, "Stats")
    check("group_by=planet", 400, "Error")


def test_page_has_charts_with_titles_and_tables(client, three_platforms):
    response = client.get("/fr/stats/")

    content = response.content.decode()
    tags = parse_html(response.content)
    svgs = [attrs for tag, attrs in tags if tag == "svg"]
    assert len(svgs) == 3
    assert all(attrs["role"] == "img" for attrs in svgs)
    assert content.count('<title id="chart-') == 3
    assert content.count('<desc id="chart-') == 3
    assert len([tag for tag, _ in tags if tag == "table"]) == 3
    assert "Figures of release" not in content  # translated
    text = visible_text(response.content)
    assert "4,50" in text  # French decimal comma in the median


def test_minimum_wage_line_when_one_country_is_chosen(client, settings):
    settings.K_ANONYMITY = 5
    for amount in ["50", "60", "70", "80", "90"]:
        make_report(
            country="KE",
            currency="KES",
            pay_amount=amount,
            unpaid_hours_per_week="0",
            status=Status.APPROVED,
        )
    stats.release_waiting_reports()

    response = client.get("/stats/?country=KE&group_by=none")

    assert 'class="minimum-wage"' in response.content.decode()


def test_page_shows_release_and_nothing_released_yet(client):
    before = visible_text(client.get("/stats/").content)

    assert "No figures are released yet." in before


def test_demo_release_puts_a_banner_on_every_page(client, settings):
    settings.K_ANONYMITY = 1
    make_report(status=Status.APPROVED)
    stats.release_waiting_reports(is_demo=True)

    for path in ["/", "/stats/", "/report/"]:
        assert "synthetic reports, not from real workers" in visible_text(
            client.get(path).content
        )


def test_methodology_names_k_and_the_wage_sources(client):
    text = visible_text(client.get("/stats/methodology/").content)

    assert "No figure is ever about fewer than 5 reports" in text
    assert "National Minimum Wage (Amendment) Act 2024" in text
    assert "National Bank of Poland" in text


@pytest.mark.parametrize("platform_count", [1, 3])
def test_stats_page_query_count_does_not_grow_with_groups(
    client, settings, django_assert_max_num_queries, platform_count
):
    settings.K_ANONYMITY = 1
    for slug in ["outlier-ai", "sama", "toloka"][:platform_count]:
        make_report(
            platform=str(Platform.objects.get(slug=slug).pk), status=Status.APPROVED
        )
    stats.release_waiting_reports()

    # Three tables (overall, grouped, trend), each a summary and a figures
    # query in a transaction, each written to the database cache (a few
    # queries a write), and the rendered page written too.
    # (PostgreSQL adds one SET LOCAL work_mem per table.)
    with django_assert_max_num_queries(60):
        response = client.get("/stats/?group_by=platform")

    assert len(response.context["table"].groups) == platform_count


def test_second_visit_is_served_from_the_cache(
    client, three_platforms, django_assert_max_num_queries
):
    client.get("/stats/?group_by=platform")

    # The current release and the rendered page, both from the cache.
    with django_assert_max_num_queries(3):
        response = client.get("/stats/?group_by=platform")

    assert "Outlier AI" in visible_text(response.content)
