"""An organizer reads /stats/ on a 360-pixel phone, in English and in
French, with and without JavaScript: groups sorted by median, every chart
label 12 pixels or more and inside its chart."""

import re

import pytest

from moderation.models import Status
from stats.models import StatsRelease
from stats.published import release_rate
from surveys.models import Platform
from tests.e2e.conftest import PHONE
from tests.helpers import days_ago, make_report, published_cell, release
from tests.stats.test_promised import with_promises

# Each chart text's size as drawn on the screen (its font size scaled by the
# SVG's width over its viewBox), and whether its box is inside the SVG's.
MEASURE = """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
  const frame = svg.getBoundingClientRect();
  const scale = frame.width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map(text => {
    const box = text.getBoundingClientRect();
    return {
      text: text.textContent,
      size: parseFloat(getComputedStyle(text).fontSize) * scale,
      inside: box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5
        && box.top >= frame.top - 0.5 && box.bottom <= frame.bottom + 0.5,
    };
  });
})"""


@pytest.fixture
def figures(settings):
    settings.K_ANONYMITY = 5
    number = 0
    for country, slug, count, pay in [
        ("KE", "sama", 24, 2),
        ("KE", "outlier-ai", 22, 9),
        ("PH", "outlier-ai", 25, 5),
        ("PH", "sama", 10, 3),
    ]:
        platform = Platform.objects.get(slug=slug)
        for _ in range(count):
            make_report(
                country=country,
                platform=str(platform.pk),
                pay_amount=str(pay + number % 3),
                period=["2025-11", "2026-02", "2026-05"][number % 3],
                unpaid_hours_per_week=str(number % 4),
                status=Status.APPROVED,
                submitted_on=days_ago(number),
            )
            number += 1
    release()


def walk(page, prefix):
    page.goto(f"{prefix}/stats/?group_by=platform&country=KE")
    rows = page.locator("#pay-heading ~ .table-responsive tbody tr th")
    names = rows.all_inner_texts()
    slugs = {platform.label: platform.slug for platform in Platform.objects.all()}
    medians = [
        published_cell(country="KE", platform=slugs[name])["effective_hourly_usd"][
            "median"
        ]
        for name in names
    ]
    assert names == ["Outlier AI", "Sama"]
    assert medians == sorted(medians, reverse=True)

    texts = page.evaluate(MEASURE)
    assert texts
    assert all(text["size"] >= 12 for text in texts), texts
    assert all(text["inside"] for text in texts), texts
    assert not any("…" in text["text"] for text in texts)
    # The wide table says it scrolls, and can be reached by keyboard.
    region = page.locator(".table-responsive[role=region]").first
    assert region.get_attribute("aria-label")
    assert region.get_attribute("tabindex") == "0"
    # The form is open; the country list holds the two countries (and All).
    assert page.locator("#id_country").is_visible()
    assert page.locator("#id_country option").count() == 3

    # Kenya's currency, one tap away; effective pay is the published cell's
    # own figure in shillings (each report at its own month's rate), the
    # page names the rate of the rest, and the charts stay readable.
    page.locator(".currency-switch a").click()
    page.locator("#rate-note").wait_for()
    assert "currency=KES" in page.url
    rate = release_rate("KES", StatsRelease.objects.current())
    assert f"{rate.date:%Y-%m-%d}" in page.locator("#rate-note").inner_text()
    first = page.locator("#pay-heading ~ .table-responsive tbody tr").first
    local = published_cell(country="KE", platform="outlier-ai")[
        "effective_hourly_local"
    ]
    assert local["currency"] == "KES"
    shown = re.sub(r"\s", "", first.locator("strong").inner_text())
    # English groups with commas, French with narrow spaces and a comma
    # before the decimals.
    shown = shown.replace(",", ".") if prefix else shown.replace(",", "")
    assert float(shown) == pytest.approx(local["median"], abs=0.005)
    texts = page.evaluate(MEASURE)
    assert all(text["size"] >= 12 for text in texts), texts
    assert all(text["inside"] for text in texts), texts


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_stats_on_a_phone_with_and_without_javascript(any_phone, figures, prefix):
    walk(any_phone, prefix)
    assert any_phone.locator("html").get_attribute("lang") == (prefix[1:] or "en")


def test_stats_on_a_phone_in_french_without_javascript(browser, site_server, figures):
    context = browser.new_context(
        base_url=site_server.url, java_script_enabled=False, **PHONE
    )
    page = context.new_page()
    try:
        walk(page, "/fr")
        assert page.locator("html").get_attribute("lang") == "fr"
        # The form's "All" lists send empty parameters: the address drops them.
        page.locator("#id_platform").select_option("")
        page.locator("form[action$='/stats/'] button[type=submit]").click()
        page.wait_for_load_state()
        assert "=&" not in page.url
        assert not page.url.endswith("=")
        assert "country=KE" in page.url
    finally:
        context.close()


@pytest.mark.parametrize("prefix", ["", "/sw"])
def test_stats_shows_promised_against_paid_and_payout_methods(any_phone, prefix):
    with_promises()
    kenya = published_cell(country="KE")
    outlier = published_cell(country="KE", platform="outlier-ai")
    page = any_phone

    # The organizer picks Kenya in the form, as on any visit.
    page.goto(f"{prefix}/stats/")
    assert page.locator("html").get_attribute("lang") == (prefix[1:] or "en")
    page.locator("#id_country").select_option("KE")
    page.locator("form[action$='/stats/'] button[type=submit]").click()
    page.wait_for_url("**/stats/?*country=KE*")

    # Beside the published count: the gap and the payout shares, as stored.
    gap = kenya["promised_gap"]
    sentence = page.locator("[data-figure=promised-gap]").inner_text()
    assert f"{abs(gap['median_percent'])}%" in sentence
    assert str(gap["answers"]) in sentence
    if not prefix:
        assert sentence.startswith("the median report was paid")
        assert "less than advertised" in sentence
    mobile = kenya["payout_methods"]["mobile_money"]["share"]
    payouts = page.locator("[data-figure=payout-methods] li")
    assert payouts.count() == 7
    assert f"{mobile}%" in payouts.all_inner_texts()[3]

    # Grouped by platform (the page's default), each platform's own figures.
    row = page.locator("#payout-grid tbody tr", has_text="Outlier AI")
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == f"{outlier['promised_gap']['median_percent']}%"
    assert f"{outlier['payout_methods']['mobile_money']['share']}%" in cells[1:]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 360, scroll
