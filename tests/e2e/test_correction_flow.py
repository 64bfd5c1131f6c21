"""A correction's round trip: a moderator at a desk sends a 9,000 PHP "per
hour" report back to its author as per month, with a note; the worker on a
360-px phone opens their receipt, sees both versions and accepts; the log
shows both events; the next release counts the corrected pay."""

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from moderation.models import Action, ModerationEvent, Status
from receipts.models import Receipt
from surveys.models import Report
from tests.conftest import make_moderator
from tests.e2e.conftest import new_phone, sign_in_with_second_factor
from tests.helpers import days_ago, make_report, published_cell, release_the_next_day
from tests.surveys.test_correction import group_in_the_philippines

DESK = {"width": 1280, "height": 900}


# English with JavaScript; Filipino without (its new words are English until
# the translator's turn: the Filipino run asserts the page's structure).
@pytest.mark.parametrize(("prefix", "javascript"), [("", True), ("/fil", False)])
def test_correction_round_trip_from_moderator_to_worker_to_the_figures(
    browser, site_server, settings, prefix, javascript
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.get(user=make_moderator(name="amina"))
    group_in_the_philippines()
    call_command("release_stats")
    assert published_cell(country="PH")["effective_hourly_usd"] is None
    receipt, code = Receipt.objects.issue()
    report = make_report(
        receipt=receipt,
        country="PH",
        currency="PHP",
        pay_amount="9000",
        pay_unit="hour",
        unpaid_hours_per_week="0",
    )

    context = browser.new_context(base_url=site_server.url, viewport=DESK)
    context.set_default_timeout(10_000)
    desk = context.new_page()
    sign_in_with_second_factor(desk, device)
    desk.goto(f"/moderate/reports/{report.pk}/")
    desk.get_by_text("Send the report back to its author").click()
    assert desk.locator("#id_correction-pay_amount").input_value() == "9,000.00"
    desk.get_by_label("per month").check()
    desk.get_by_label("Note to the author").fill(
        "9,000 pesos an hour looks like your pay for a month."
    )
    desk.get_by_role("button", name="Send the correction to the author").click()
    desk.get_by_text(f"Report #{report.pk} sent to its author").wait_for()
    assert Report.objects.get(pk=report.pk).status == Status.AWAITING_AUTHOR

    worker = new_phone(browser, site_server, javascript=javascript)
    worker.goto(f"{prefix}/receipt/")
    worker.locator("#id_code").fill(code)
    worker.locator("main form button[type=submit]").click()
    worker.wait_for_url(f"**{prefix}/receipt/entries/")
    assert worker.locator("html").get_attribute("lang") == (prefix[1:] or "en")
    panel = worker.locator(f"#correction-{report.pk}")
    cells = panel.locator("tbody tr").first.locator("td")
    # Both versions side by side, each with its effective hourly pay.
    assert "9,000.00 PHP" in cells.nth(0).inner_text()
    assert "9,000.00 PHP" in cells.nth(1).inner_text()
    assert cells.nth(0).inner_text() != cells.nth(1).inner_text()
    assert "51.92 PHP" in panel.locator("tbody tr").last.inner_text()
    assert "looks like your pay for a month" in panel.inner_text()
    # Nothing wider than the phone.
    assert worker.evaluate("document.documentElement.scrollWidth") <= 360
    panel.locator("form[action$='/correction/accept/'] button").click()
    worker.wait_for_url(f"**{prefix}/receipt/entries/")
    assert worker.locator(f"#correction-{report.pk}").count() == 0

    report.refresh_from_db()
    assert (report.status, report.pay_unit) == (Status.APPROVED, "month")
    desk.goto("/moderate/log/")
    log = desk.locator("main table").inner_text()
    assert "Correction proposed" in log
    assert "Correction accepted by the author" in log
    assert list(
        ModerationEvent.objects.for_item(report).order_by("pk").values_list("action")
    ) == [(Action.CORRECTION_PROPOSED,), (Action.CORRECTION_ACCEPTED,)]
    context.close()
    worker.context.close()

    # Four more elsewhere: the next release is due, and counts the correction.
    for number in range(4):
        make_report(
            country="KE",
            pay_amount=f"{4 + number}.25",
            status=Status.APPROVED,
            submitted_on=days_ago(20 + number),
        )
    # The worker's answer counts from the next midnight on.
    release_the_next_day()
    median = published_cell(country="PH")["effective_hourly_usd"]["median"]
    assert 0.5 < median < 1.5


def test_the_worker_s_correction_panel_passes_axe_in_every_language(
    browser, site_server
):
    from django.conf import settings as django_settings

    from surveys.moderation import propose_correction
    from tests.e2e.test_accessibility_and_weight import AXE, serious_violations

    moderator = make_moderator(name="amina")
    receipt, code = Receipt.objects.issue()
    report = make_report(receipt=receipt, country="PH", currency="PHP",
                         pay_amount="9000", pay_unit="hour")  # fmt: skip
    propose_correction(
        report,
        moderator=moderator,
        version=report.version,
        values={
            "pay_amount": report.pay_amount,
            "pay_unit": "month",
            "tasks_per_hour": None,
            "paid_hours_per_week": 40,
            "unpaid_hours_per_week": 10,
        },  # fmt: skip
        note="Per month, surely.",
    )
    page = new_phone(browser, site_server, bypass_csp=True)
    found = {}
    for language, _name in django_settings.LANGUAGES:
        prefix = "" if language == "en" else f"/{language}"
        page.goto(f"{prefix}/receipt/")
        if page.locator("#id_code").count():
            page.locator("#id_code").fill(code)
            page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"**{prefix}/receipt/entries/")
        page.locator(f"#correction-{report.pk}").wait_for()
        violations = serious_violations(page, AXE.read_text(encoding="utf-8"))
        if violations:
            found[language] = violations
    page.context.close()

    assert found == {}
