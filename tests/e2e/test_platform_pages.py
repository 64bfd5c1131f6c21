"""An organizer on a phone, in English and in Swahili, with and without
JavaScript: the list of platforms, a platform's page, the same page in
Kenyan shillings, promised against paid pay and payout methods, and a
story's link to its platform."""

import csv
from decimal import Decimal

import pytest
from django.utils import translation

from core.templatetags.ground_truth import money
from surveys.models import Platform
from tests.e2e.conftest import PHONE
from tests.e2e.test_accessibility_and_weight import (
    KILOBYTE,
    axe_source,  # noqa: F401 (a fixture)
    serious_violations,
    transferred,
)
from tests.helpers import make_story, published_cell
from tests.stats.test_comparison import groups_in_kenya
from tests.stats.test_promised import with_promises


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def phone(request, browser, site_server):
    """A 360-px phone, with or without JavaScript."""
    context = browser.new_context(
        base_url=site_server.url, java_script_enabled=request.param, **PHONE
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_organizer_reads_a_platform_in_shillings_and_follows_a_story_to_it(phone):
    groups_in_kenya()
    story = make_story(published=True, platform=Platform.objects.get(slug="outlier-ai"))

    phone.goto("/platforms/?sort=n")
    assert phone.locator("main tbody tr").first.inner_text().startswith("Outlier AI")
    phone.locator("main tbody a", has_text="Outlier AI").click()
    phone.wait_for_url("**/platforms/outlier-ai/")
    assert "USD" in phone.locator("[data-figure=median]").inner_text()
    assert "Scale AI" in phone.locator(".parent-company").inner_text()

    # In Swahili, switched to Kenya: the median in shillings, and the
    # minimum wage beside it.
    phone.goto("/sw/platforms/outlier-ai/")
    assert phone.locator("html").get_attribute("lang") == "sw"
    phone.locator("select[name=country]").select_option("KE")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/sw/platforms/outlier-ai/?country=KE")
    # Effective pay as the release published it in shillings, each report
    # at its own month's rate, and a note saying so.
    local = published_cell(platform="outlier-ai", country="KE")[
        "effective_hourly_local"
    ]
    with translation.override("sw"):
        expected = money(Decimal(str(local["median"])), "KES")
    assert phone.locator("[data-figure=median]").inner_text() == expected
    assert phone.locator("#currency-note").is_visible()
    assert "KES" in phone.locator("[data-figure=minimum-wage]").inner_text()
    scroll = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 360, scroll
    # The page's figures download as a file of the same cells.
    with phone.expect_download() as download:
        phone.locator("#downloads-heading ~ ul a").first.click()
    assert "country-KE" in download.value.suggested_filename
    with open(download.value.path(), encoding="utf-8") as text:
        (row,) = csv.DictReader(text)
    assert row["filter_platform"] == "outlier-ai"
    assert row["local_currency"] == "KES"
    assert row["effective_hourly_local_median"] == str(local["median"])

    # A story names its platform, and the name leads to the platform page.
    phone.goto(f"/sw{story.get_absolute_url()}")
    phone.locator("main a.platform-link").click()
    phone.wait_for_url("**/sw/platforms/outlier-ai/")
    assert phone.locator(f'main a[href="/sw{story.get_absolute_url()}"]').count() == 1


def test_platform_page_is_light_and_passes_axe(browser, site_server, axe_source):  # noqa: F811
    groups_in_kenya()
    weights = {}
    for path in ["/platforms/", "/sw/platforms/outlier-ai/?country=KE"]:
        # A fresh browser each time: the first visit, nothing cached.
        context = browser.new_context(
            base_url=site_server.url, bypass_csp=True, **PHONE
        )
        page = context.new_page()
        weights[path] = transferred(page, path)
        print(f"{path}: first visit {weights[path] / KILOBYTE:.1f} KB")
        assert serious_violations(page, axe_source) == [], path
        context.close()

    for path, weight in weights.items():
        assert weight <= 80 * KILOBYTE, (path, weight)


def test_organizer_reads_promised_against_paid_and_payout_methods(phone):
    with_promises()
    kenya = published_cell(platform="outlier-ai", country="KE")
    gap = kenya["promised_gap"]
    mobile = kenya["payout_methods"]["mobile_money"]["share"]

    phone.goto("/platforms/outlier-ai/?country=KE")
    sentence = phone.locator("[data-figure=promised-gap]").inner_text()
    assert f"paid {abs(gap['median_percent'])}% less than advertised" in sentence
    assert (
        f"Mobile money: {mobile}%"
        in phone.locator("[data-figure=payout-methods]").inner_text()
    )

    # In Swahili, in Uganda, where too few said: nothing is shown but that
    # it is withheld (the structure, as the words await the translator).
    phone.goto("/sw/platforms/outlier-ai/?country=UG")
    assert phone.locator("html").get_attribute("lang") == "sw"
    assert phone.locator("[data-figure=promised-gap]").count() == 0
    assert phone.locator("[data-withheld=promised-gap]").count() == 1
    assert phone.locator("[data-withheld=payout-methods]").count() == 1
    # And in Kenya, the same stored figures.
    phone.goto("/sw/platforms/outlier-ai/?country=KE")
    assert (
        str(abs(gap["median_percent"]))
        in phone.locator("[data-figure=promised-gap]").inner_text()
    )
    assert phone.locator("[data-figure=payout-methods] li").count() == 7
    scroll = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 360, scroll
