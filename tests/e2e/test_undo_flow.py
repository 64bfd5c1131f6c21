"""A moderator at a desk approves a report, sees Undo on the next page,
undoes it with the keyboard, and the log shows both events with links.
Without JavaScript: the undo is a plain form."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from moderation.models import Action, ModerationEvent, Status
from surveys.models import Report
from tests.conftest import make_moderator
from tests.e2e.conftest import sign_in_with_second_factor
from tests.helpers import days_ago, make_report


def test_moderator_approves_undoes_and_reads_both_in_the_log(browser, site_server):
    moderator = make_moderator(name="amina")
    device = TOTPDevice.objects.get(user=moderator)
    report = make_report(submitted_on=days_ago(3))
    following = make_report(submitted_on=days_ago(1))
    context = browser.new_context(
        base_url=site_server.url,
        viewport={"width": 1280, "height": 900},
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    desk = context.new_page()

    sign_in_with_second_factor(desk, device)
    desk.goto(f"/moderate/reports/{report.pk}/")
    desk.get_by_role("button", name="Approve").click()

    # The next report opens, with the offer to undo the decision just taken.
    desk.wait_for_url(f"**/moderate/reports/{following.pk}/")
    offer = desk.locator("#undo-offer")
    assert f"#{report.pk}" in offer.inner_text()
    undo = offer.get_by_role("button", name="Undo")
    undo.focus()
    desk.keyboard.press("Enter")

    desk.wait_for_url(f"**/moderate/reports/{report.pk}/")
    assert desk.locator("#undo-offer").count() == 0
    assert Report.objects.get(pk=report.pk).status == Status.PENDING
    # Pending again: the decision box is back.
    desk.get_by_role("button", name="Approve").wait_for()

    desk.goto(f"/moderate/log/?entry={report.pk}")
    rows = desk.locator("#log tbody tr")
    assert rows.count() == 2
    assert [event.action for event in ModerationEvent.objects.for_item(report)] == [
        Action.UNDO,
        Action.DECISION,
    ]
    for row in range(2):
        link = rows.nth(row).get_by_role("link", name=f"Reports #{report.pk}")
        assert link.get_attribute("href") == f"/moderate/reports/{report.pk}/"
    rows.nth(0).get_by_role("link", name=f"Reports #{report.pk}").click()
    desk.wait_for_url(f"**/moderate/reports/{report.pk}/")
    context.close()
