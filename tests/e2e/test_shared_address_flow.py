"""Problem 1 of issue 16, walked on a phone: workers behind one shared
address (here every browser is 127.0.0.1, as a cybercafé's customers are
one address to the site). A worker makes mistakes again and again and still
sends; once the address's allowance is used, the next worker is refused
with the answers kept, and one who came by an organizer's campaign link
sends anyway. In English and French, with and without JavaScript."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from core.models import Campaign
from surveys.models import Report
from tests.e2e.conftest import new_phone
from tests.e2e.report_steps import (
    CONTINUE,
    SEND,
    hours,
    pay,
    press,
    to_check_your_answers,
    where,
)
from tests.helpers import report_form_data


@pytest.fixture(
    params=[("", True), ("/fr", False), ("/fr", True), ("", False)],
    ids=["en-js", "fr-no-js", "fr-js", "en-no-js"],
)
def worker(request, browser, site_server):
    """The phone, in English or French, with or without JavaScript."""
    prefix, javascript = request.param
    page = new_phone(browser, site_server, javascript)
    yield page, prefix
    page.context.close()


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
    where(page)
    pay(page)
    statuses = [hours(page, unpaid="130") for _ in range(3)]
    assert page.locator("#id_unpaid_hours_per_week").input_value() == "130"
    statuses.append(hours(page, unpaid="10"))
    press(page, CONTINUE)
    statuses.append(press(page, SEND))

    assert statuses == [200] * 5
    assert page.locator("#receipt-code").is_visible()
    assert page.locator("html").get_attribute("lang") == (prefix[1:] or "en")
    assert Report.objects.count() == 2

    # The address's allowance is used: the next worker is refused, with
    # every answer kept...
    page.goto(f"{prefix}/report/")
    to_check_your_answers(page)
    assert press(page, SEND) == 429
    assert page.locator("input[name=pay_amount]").input_value() == "30000"
    assert Report.objects.count() == 2

    # ...but one who came by the organizer's link sends.
    page.goto(f"{prefix}/report/?campaign=UNION-MARCH")
    assert page.locator("#id_campaign").input_value() == "UNION-MARCH"
    to_check_your_answers(page)

    assert press(page, SEND) == 200
    assert page.locator("#receipt-code").is_visible()
    assert Report.objects.count() == 3
