"""A moderator at a desktop clears a page of mixed reports: approves every
unflagged one in one click, then rejects the duplicate in one more; the log
shows both kinds of action."""

import time

from django_otp.plugins.otp_totp.models import TOTPDevice

from moderation.models import Action, ModerationEvent, Status
from surveys.models import Flag, Report
from tests.conftest import make_moderator
from tests.e2e.conftest import sign_in_with_second_factor
from tests.helpers import days_ago, make_report

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def test_approve_the_unflagged_page_then_reject_the_duplicate(
    browser, site_server, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    moderator = make_moderator(name="amina")
    device = TOTPDevice.objects.get(user=moderator)
    original = make_report(pay_amount="2.50", submitted_on=days_ago(5))
    clean = [
        make_report(pay_amount=amount, submitted_on=days_ago(4))
        for amount in ("3.00", "3.50")
    ]
    outlier = make_report(pay_amount="480", submitted_on=days_ago(3))
    twin = make_report(pay_amount="2.50", submitted_on=days_ago(2))
    assert twin.flags == {Flag.DUPLICATE: {"of": original.pk}}
    context = browser.new_context(base_url=site_server.url, **DESKTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    started = time.monotonic()

    sign_in_with_second_factor(page, device)

    page.goto("/moderate/reports/")
    page.get_by_role("button", name="Approve all unflagged on this page").click()
    page.get_by_text("3 reports without flags approved.").wait_for()
    # Left on the queue: the two flagged ones, the flags in cents.
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert "480.00 USD" in rows.first.inner_text()
    assert "480.0000" not in page.content()

    page.get_by_role("link", name=str(twin.pk), exact=True).click()
    page.get_by_role("button", name=f"Reject as duplicate of #{original.pk}").click()
    # The next pending report opens (review pages show the message twice
    # today: base.html's and their own).
    page.get_by_text(
        f"Report #{twin.pk} rejected as a duplicate of #{original.pk}."
    ).first.wait_for()

    page.goto("/moderate/log/")
    log = page.locator("tbody").inner_text()
    assert log.count("Approved with others on a page") == 3
    assert f"Duplicate: #{original.pk}" in log
    context.close()
    elapsed = time.monotonic() - started
    print(f"\nqueue walk: {elapsed:.1f} s")

    statuses = dict(Report.objects.values_list("pk", "status"))
    assert [statuses[r.pk] for r in (original, *clean)] == [Status.APPROVED] * 3
    assert statuses[outlier.pk] == Status.PENDING
    assert statuses[twin.pk] == Status.REJECTED
    actions = ModerationEvent.objects.values_list("item_id", "action")
    assert sorted(actions) == sorted(
        [(r.pk, Action.BULK_APPROVAL) for r in (original, *clean)]
        + [(twin.pk, Action.DECISION)]
    )
