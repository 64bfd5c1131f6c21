"""Issue 16, problems 7 to 9 walked on a phone: Back and the language
switcher under the receipt code, "End now", the phone's language on a first
visit, and the About page from the footer; with and without JavaScript."""

import pytest

from moderation.models import Status
from receipts.models import Receipt
from tests.e2e.conftest import new_phone
from tests.helpers import make_report


@pytest.fixture
def code():
    receipt, code = Receipt.objects.issue()
    make_report(receipt=receipt, pay_amount="3.10", status=Status.APPROVED)
    return code


@pytest.fixture
def worker(any_phone):
    return any_phone


def test_back_and_language_under_the_code_then_end_now(worker, code):
    worker.goto("/receipt/")
    worker.locator("#id_code").fill(code)
    worker.get_by_role("button", name="Open my entries").click()
    worker.get_by_role("heading", name="Your entries").wait_for()
    assert worker.url.endswith("/receipt/entries/")

    worker.get_by_role("link", name="Change").click()
    worker.get_by_role("heading", name="Change your report").wait_for()
    worker.go_back()
    # The entries again, from a GET: no "Confirm form resubmission".
    worker.get_by_role("heading", name="Your entries").wait_for()
    assert worker.url.endswith("/receipt/entries/")
    assert "3.10" in worker.locator("main").inner_text()

    worker.locator(".language-switcher summary").click()
    worker.locator('.language-switcher a[hreflang="sw"]').click()
    worker.get_by_role("heading", name="Ulichotuma").wait_for()
    assert worker.url.endswith("/sw/receipt/entries/")
    assert worker.locator("html").get_attribute("lang") == "sw"
    worker.locator(".language-switcher summary").click()
    worker.locator('.language-switcher a[hreflang="en"]').click()
    worker.get_by_role("heading", name="Your entries").wait_for()

    worker.get_by_role("button", name="End now (shared phone)").click()
    worker.locator("#id_code").wait_for()
    worker.go_back()
    worker.locator("#id_code").wait_for()
    assert worker.url.endswith("/receipt/")
    assert "3.10" not in worker.content()
    assert "Outlier AI" not in worker.content()


@pytest.mark.parametrize(
    ("locale", "language"),
    [("sw-KE", "sw"), ("fil-PH", "fil"), ("es-CO", "es"), ("ar-EG", "ar")],
)
def test_a_phone_lands_in_its_language_and_finds_the_about_page(
    browser, site_server, locale, language
):
    for javascript in (True, False):
        page = new_phone(browser, site_server, javascript, locale=locale)
        context = page.context

        page.goto("/")
        assert page.url == f"{site_server.url}/{language}/"
        assert page.locator("html").get_attribute("lang") == language
        page.locator(f"footer a[href='/{language}/about/']").click()
        assert page.url == f"{site_server.url}/{language}/about/"
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1

        # The reader picks English: it stays English, / included.
        page.locator(".language-switcher summary").click()
        page.locator('.language-switcher a[hreflang="en"]').click()
        page.get_by_role("heading", name="Who runs this site").wait_for()
        page.goto("/")
        assert page.url == f"{site_server.url}/"
        page.locator("footer").get_by_role("link", name="Who runs this site").click()
        assert page.url == f"{site_server.url}/about/"
        context.close()
