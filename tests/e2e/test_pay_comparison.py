"""A Kenyan rater on a phone, in English and in Swahili: the comparison of
their pay in Kenyan shillings after sending, and again on their receipt
after the next release."""

import re

from django.utils import timezone

from moderation.models import Status
from surveys.models import Report
from tests.e2e.report_steps import CONTINUE, SEND, hours, pay, press, where
from tests.helpers import release
from tests.stats.test_comparison import approved, groups_in_kenya, ids

# "240 KES (about 1.84 USD)", "(takriban 1.84 USD)" in Swahili.
IN_SHILLINGS = re.compile(r"[\d,]+\sKES \(\w+ [\d.]+\sUSD\)")


def send_report(page, prefix):
    """A Kenyan's report through the form's steps: 300 KES an hour, 40 paid
    and 10 unpaid hours a week (240 KES an hour, effective)."""
    page.goto(f"{prefix}/report/")
    where(page, task_type=ids()["task_type"])
    pay(page, amount="300", currency="KES", unit="hour")
    hours(page, paid="40", unpaid="10")
    press(page, CONTINUE)
    press(page, SEND)
    page.locator("#receipt-code").wait_for()
    return page.locator("#receipt-code").inner_text().strip()


def open_receipt(phone, path, code):
    phone.goto(path)
    phone.locator("input[name=code]").fill(code)
    phone.locator("main form button[type=submit]").first.click()
    phone.locator(".pay-comparison, .text-body-secondary").first.wait_for()


def test_kenyan_sees_pay_compared_in_shillings_then_again_on_the_receipt(any_phone):
    phone = any_phone
    groups_in_kenya()

    code_en = send_report(phone, "")
    sent_en = phone.locator("main").inner_text()
    code_sw = send_report(phone, "/sw")
    sent_sw = phone.locator("main").inner_text()

    assert "Compared with the published figures for Outlier AI in Kenya" in sent_en
    assert "Your effective hourly pay: 240\xa0KES (about" in sent_en
    assert IN_SHILLINGS.search(sent_en), sent_en
    assert phone.locator("html").get_attribute("lang") == "sw"
    assert IN_SHILLINGS.search(sent_sw), sent_sw

    # Before a release counts them, the receipt says when the comparison comes.
    open_receipt(phone, "/receipt/", code_en)
    assert "Compared with" not in phone.locator("main").inner_text()

    # A moderator approves both; the next release counts them.
    Report.objects.filter(currency="KES").update(
        status=Status.APPROVED, decided_at=timezone.now()
    )
    approved(5, country="UG")
    release()

    open_receipt(phone, "/receipt/", code_en)
    later_en = phone.locator("main").inner_text()
    open_receipt(phone, "/sw/receipt/", code_sw)
    later_sw = phone.locator("main").inner_text()

    assert "Compared with the published figures for Outlier AI in Kenya" in later_en
    assert IN_SHILLINGS.search(later_en), later_en
    assert phone.locator("html").get_attribute("lang") == "sw"
    assert IN_SHILLINGS.search(later_sw), later_sw
    # Nothing wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
