"""The platform pages: every figure is the published cell it comes from,
small platforms say so and show nothing withheld, reports approved after a
release change nothing until the next one, and a country shows its currency.
"""

import re
from decimal import Decimal

import pytest

from core.templatetags.ground_truth import money
from moderation.models import Status
from stats import platforms
from surveys.models import ExchangeRate, MinimumWage, Platform
from tests.helpers import (
    days_ago,
    make_incident,
    make_story,
    published_cell,
    release,
    report_form_data,
    visible_text,
)
from tests.stats.test_comparison import approved, groups_in_kenya

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r'data-figure="(?P<name>[a-z0-9-]+)">(?P<value>[^<]*)<')
CONDITION = re.compile(r'data-condition="[0-9-]+">(?P<share>\d+)%<')


def shown(response):
    assert response.status_code == 200, response.status_code
    return {m["name"]: m["value"] for m in FIGURE.finditer(response.content.decode())}


def with_conditions():
    """Outlier AI in Kenya with yes and no answers to monitoring, and
    approved incidents, released."""
    approved(30, country="KE", keystroke_monitoring="yes", paid_leave="no")
    approved(25, country="KE", keystroke_monitoring="no", paid_leave="no")
    approved(10, country="GH")
    approved(10, country="KE", platform="sama")
    sama = str(Platform.objects.get(slug="sama").pk)
    for number in range(16):
        make_incident(
            status=Status.APPROVED,
            submitted_on=days_ago(1 + number),
            amount_owed=str(40 + 13 * number),
            hours_covered=str(5 + number),
            **({"platform": sama} if number % 2 else {}),
        )
    return release()


def test_platform_page_every_figure_is_its_published_cell(client):
    with_conditions()
    cell = published_cell(platform="outlier-ai")
    owed = published_cell("incidents", platform="outlier-ai")
    assert owed is not None

    response = client.get("/platforms/outlier-ai/")

    figures = shown(response)
    pay = cell["effective_hourly_usd"]
    assert figures["n"] == str(cell["n"])
    assert figures["median"] == money(pay["median"], "USD")
    if pay["p25"] is not None:
        assert figures["p25"] == money(pay["p25"], "USD")
        assert figures["p75"] == money(pay["p75"], "USD")
    assert figures["incidents"] == str(owed["n"])
    if owed["total_owed_usd"] is not None:
        assert figures["total-owed"] == money(owed["total_owed_usd"], "USD")
    published_shares = [
        found["share"]
        for _key, _label, conditions in platforms.FAIRWORK_PRINCIPLES
        for slug, _good in conditions
        if (found := cell["conditions"].get(slug))
    ]
    assert published_shares, "the test data publishes no condition share"
    shares = [int(m["share"]) for m in CONDITION.finditer(response.content.decode())]
    assert shares == published_shares
    text = visible_text(response.content)
    assert "Scale AI" in text  # the parent company
    assert "Fair management" in text


def test_platform_page_groups_all_eleven_conditions():
    grouped = [
        slug for _key, _label, rows in platforms.FAIRWORK_PRINCIPLES for slug, _ in rows
    ]
    from surveys.models import Condition

    assert sorted(grouped) == sorted(Condition.objects.values_list("slug", flat=True))


def test_platform_list_shows_published_n_and_median_and_sorts(client):
    groups_in_kenya()
    outlier = published_cell(platform="outlier-ai")
    sama = published_cell(platform="sama")

    by_name = visible_text(client.get("/platforms/").content)
    by_n = visible_text(client.get("/platforms/?sort=n").content)

    median = money(outlier["effective_hourly_usd"]["median"], "USD")
    expected = f"Outlier AI {outlier['n']} {median}".replace("\xa0", " ")
    assert expected in by_name
    assert f"Sama {sama['n']} –" in by_name
    assert by_n.index("Outlier AI") < by_n.index("Sama")
    assert by_name.index("Outlier AI") < by_name.index("Sama")
    assert client.get("/platforms/?sort=bogus").status_code == 200


def test_small_platform_says_too_few_and_shows_no_withheld_figure(client):
    groups_in_kenya()
    approved(3, country="KE", platform="appen")
    assert published_cell(platform="appen") is None

    response = client.get("/platforms/appen/")

    assert shown(response) == {}
    assert "Too few reports" in visible_text(response.content)


def test_platform_without_a_median_says_so_and_shows_its_count_only(client):
    groups_in_kenya()
    cell = published_cell(platform="sama")
    assert cell["effective_hourly_usd"] is None

    response = client.get("/platforms/sama/")

    assert shown(response) == {"n": str(cell["n"])}
    assert "Too few reports for a median" in visible_text(response.content)


def test_reports_approved_after_the_release_change_nothing_until_the_next(client):
    groups_in_kenya()
    before = page(client, "/platforms/outlier-ai/?country=KE")
    listed = page(client, "/platforms/")
    # An attacker's own reports, approved and pending after the release, and
    # a story and incident not yet released.
    approved(30, country="KE", pay_amount="90.00")
    approved(5, country="KE", platform="appen")
    for number in range(6):
        make_incident(status=Status.APPROVED, submitted_on=days_ago(1 + number))

    assert page(client, "/platforms/outlier-ai/?country=KE") == before
    assert page(client, "/platforms/") == listed
    assert client.get("/platforms/appen/").content.count(b"data-figure") == 0

    release()
    assert shown(client.get("/platforms/outlier-ai/?country=KE")) != shown_of(before)


def page(client, path):
    """A page's content, the numbering of its charts' ids set aside."""
    return re.sub(rb"chart-\d+-", b"chart-", client.get(path).content)


def shown_of(content):
    return {m["name"]: m["value"] for m in FIGURE.finditer(content.decode())}


def test_country_shows_its_currency_and_minimum_wage(client):
    groups_in_kenya()
    cell = published_cell(platform="outlier-ai", country="KE")
    rate = ExchangeRate.objects.filter(currency="KES").order_by("-date").first()
    wage = MinimumWage.objects.get(country="KE")

    response = client.get("/platforms/outlier-ai/?country=KE")

    figures = shown(response)
    assert figures["n"] == str(cell["n"])
    local = cell["effective_hourly_local"]
    assert local["currency"] == "KES"
    assert local["units_per_usd"] == float(rate.units_per_usd)
    assert figures["median"] == money(Decimal(str(local["median"])), "KES")
    assert figures["minimum-wage"].startswith(money(wage.hourly_amount, "KES"))
    assert "KES" in visible_text(response.content)


def test_country_without_published_cells_is_refused_plainly(client):
    groups_in_kenya()

    response = client.get("/platforms/outlier-ai/?country=ZZ")

    assert response.status_code == 400
    assert "Select a valid choice" in visible_text(response.content)


def test_unknown_platform_is_404(client):
    assert client.get("/platforms/no-such-platform/").status_code == 404


def test_story_links_to_its_platform_page(client):
    story = make_story(published=True, platform=Platform.objects.get(slug="sama"))

    detail = client.get(story.get_absolute_url()).content.decode()
    listed = client.get("/stories/").content.decode()
    on_platform = client.get("/platforms/sama/").content.decode()

    assert 'href="/platforms/sama/"' in detail
    assert 'href="/platforms/sama/"' in listed
    assert f'href="{story.get_absolute_url()}"' in on_platform


def test_incidents_by_platform_link_to_platform_pages(client):
    with_conditions()

    content = client.get("/stats/incidents/?group_by=platform").content.decode()

    assert 'href="/platforms/outlier-ai/"' in content


def test_pay_comparison_links_to_the_platform_page(client):
    groups_in_kenya()

    response = client.post("/report/", report_form_data(country="KE"))

    assert 'href="/platforms/outlier-ai/"' in response.content.decode()


@pytest.mark.parametrize("platforms_published", [1, 3])
def test_platform_list_queries_do_not_grow_with_platforms(
    client, django_assert_num_queries, platforms_published
):
    for slug in ["outlier-ai", "sama", "appen"][:platforms_published]:
        approved(12, country="KE", platform=slug)
    approved(12, country="GH", platform="toloka")
    release()
    client.get("/platforms/")  # the current release, now in the cache

    # The cached release (twice: the view, then the context processor), the
    # published cells, the platforms' names (for the cells, then the links).
    with django_assert_num_queries(5):
        assert client.get("/platforms/").status_code == 200


@pytest.mark.parametrize("country", ["", "KE"])
def test_the_page_s_tables_download_as_csv_files_of_the_same_cells(client, country):
    with_conditions()
    page = client.get(
        f"/platforms/outlier-ai/?country={country}"
        if country
        else "/platforms/outlier-ai/"
    )
    section = (
        page.content.decode().split('id="downloads-heading"')[1].split("</section>")[0]
    )
    addresses = [
        address.replace("&amp;", "&")
        for address in re.findall(r'href="([^"]+)"', section)
    ]

    assert len(addresses) == (2 if country else 3)
    rows = 0
    for address in addresses:
        assert "platform=outlier-ai" in address
        assert (f"country={country}" in address) == bool(country)
        answer = client.get(address)
        assert answer.status_code == 200, address
        lines = answer.content.decode().splitlines()
        # Every row is a cell of this platform (and country): its filters.
        assert all("outlier-ai" in line for line in lines[1:]), address
        rows += len(lines) - 1
    assert rows > 0
