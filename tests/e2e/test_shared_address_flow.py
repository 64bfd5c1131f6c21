"""Problem 1 of issue 16, walked on a phone: workers behind one shared
address (here every browser is 127.0.0.1, as a cybercafé's customers are
one address to the site). A worker makes mistakes again and again and still
sends; once the address's allowance is used, the next worker is refused
with the answers kept, and one who came by an organizer's campaign link
sends anyway. In English with JavaScript, in French without."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from core.models import Campaign
from surveys.models import Report
from tests.e2e.conftest import PHONE
from tests.helpers import report_form_data


def fill_report(page, unpaid_hours="10"):
    """A report of 30,000 KES a month, by field names: the words on the page
    are the page language's."""
    page.locator("#id_platform").select_option(label="Outlier AI")
    page.locator("#id_country").select_option("KE")
    page.locator("#id_currency").select_option("KES")
    page.locator("#id_task_type").select_option(index=1)
    page.locator("input[name=contract_type][value=independent_contractor]").check()
    page.locator("#id_pay_amount").fill("30000")
    page.locator("input[name=pay_unit][value=month]").check()
    page.locator("#id_paid_hours_per_week").fill("45")
    page.locator("#id_unpaid_hours_per_week").fill(unpaid_hours)


def send(page):
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").last.click()
    return navigation.value.status


@pytest.fixture(params=["en-with-javascript", "fr-without-javascript"])
def worker(request, browser, site_server):
    """The phone, in English with JavaScript or in French without."""
    if request.param == "en-with-javascript":
        yield request.getfixturevalue("phone"), ""
        return
    context = browser.new_context(
        base_url=site_server.url, java_script_enabled=False, **PHONE
    )
    context.set_default_timeout(10_000)
    yield context.new_page(), "/fr"
    context.close()


def test_workers_on_a_shared_address_make_mistakes_and_still_send(worker, settings):
    page, prefix = worker
    settings.RATE_LIMIT_SUBMISSIONS_PER_HOUR = 2
    # Someone else in the cybercafé sent a report a moment ago.
    Client(REMOTE_ADDR="127.0.0.1").post("/report/", report_form_data())
    Campaign.objects.create(
        name="Raters' meeting",
        code="UNION-MARCH",
        valid_from=timezone.now() - timedelta(hours=1),
        valid_until=timezone.now() + timedelta(hours=3),
        limit=100,
    )

    # Hours that add up to more than a week, three times over: sent back
    # each time, answers kept, and none of it counted.
    page.goto(f"{prefix}/report/")
    fill_report(page, unpaid_hours="130")
    statuses = [send(page)]
    for _ in range(2):
        assert page.locator("#id_pay_amount").input_value() == "30000"
        statuses.append(send(page))
    page.locator("#id_unpaid_hours_per_week").fill("10")
    statuses.append(send(page))

    assert statuses == [200, 200, 200, 200]
    assert page.locator("#receipt-code").is_visible()
    assert page.locator("html").get_attribute("lang") == (prefix[1:] or "en")
    assert Report.objects.count() == 2

    # The address's allowance is used: the next worker is refused, with
    # every answer kept...
    page.goto(f"{prefix}/report/")
    fill_report(page)
    assert send(page) == 429
    assert page.locator("#id_pay_amount").input_value() == "30000"
    assert Report.objects.count() == 2

    # ...but one who came by the organizer's link sends.
    page.goto(f"{prefix}/report/?campaign=UNION-MARCH")
    assert page.locator("#id_campaign").input_value() == "UNION-MARCH"
    fill_report(page)

    assert send(page) == 200
    assert page.locator("#receipt-code").is_visible()
    assert Report.objects.count() == 3
