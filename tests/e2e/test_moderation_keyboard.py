"""A moderator at a desktop clears a queue by keyboard alone, with the
review page's single-key shortcuts; the decision bar stays on screen while
a long story scrolls; the moderators' layout opens on the entry."""

from moderation.models import Action, ModerationEvent, Status
from surveys.models import Flag, Report
from tests.conftest import make_moderator
from tests.e2e.conftest import PHONE
from tests.e2e.test_accessibility_and_weight import AXE, serious_violations
from tests.helpers import days_ago, make_report, make_story

DESKTOP = {"viewport": {"width": 1280, "height": 900}}

FOCUSED = "() => document.activeElement.name || document.activeElement.getAttribute('href') || document.activeElement.tagName"


def signed_in(browser, site_server, **options):
    """A moderator's page, signed in, in a new browser context."""
    context = browser.new_context(base_url=site_server.url, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/moderate/login/")
    page.locator("#id_username").fill("amina")
    page.locator("#id_password").fill("a long test password 91")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/moderate/")
    return page


def test_a_queue_is_cleared_by_keyboard_alone(browser, site_server, settings):
    first, second, third = (
        make_report(flags={}, submitted_on=days_ago(3 - number)) for number in range(3)
    )
    settings.REQUIRE_2FA = False
    make_moderator(name="amina", with_device=False)
    page = signed_in(browser, site_server, **DESKTOP)
    page.goto("/moderate/reports/")

    # Tab to the oldest entry, then Enter opens it.
    tabs = 0
    while page.evaluate(FOCUSED) != f"/moderate/reports/{first.pk}/":
        page.keyboard.press("Tab")
        tabs += 1
        assert tabs < 40, "the first entry cannot be reached with Tab"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/moderate/reports/{first.pk}/")

    # a approves; the next pending entry opens.
    approving = ["a"]
    for key in approving:
        page.keyboard.press(key)
    page.wait_for_url(f"**/moderate/reports/{second.pk}/")
    assert Report.objects.get(pk=first.pk).status == Status.APPROVED

    # j and k move through the queue.
    page.keyboard.press("j")
    page.wait_for_url(f"**/moderate/reports/{third.pk}/")
    page.keyboard.press("k")
    page.wait_for_url(f"**/moderate/reports/{second.pk}/")

    # r goes to the reason; its first letter picks it; Enter rejects.
    rejecting = ["r", "f", "Enter"]
    for key in rejecting:
        page.keyboard.press(key)
        if key == "r":
            assert page.evaluate(FOCUSED) == "reason_code"
    page.wait_for_url(f"**/moderate/reports/{third.pk}/")
    second.refresh_from_db()
    assert (second.status, second.decision_reason) == (
        Status.REJECTED,
        "Figures not plausible",
    )

    # Letters typed in the reason's details are words, not shortcuts.
    page.keyboard.press("r")
    # Enter with no reason yet sends nothing.
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == "reason_code"
    page.keyboard.press("o")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "reason_text"
    page.keyboard.type("a jk d")
    assert page.url.endswith(f"/moderate/reports/{third.pk}/")
    assert Report.objects.get(pk=third.pk).status == Status.PENDING
    page.keyboard.press("Enter")
    page.wait_for_url("**/moderate/reports/")
    third.refresh_from_db()
    assert (third.status, third.decision_reason) == (
        Status.REJECTED,
        "Other reason: a jk d",
    )
    print(
        f"\nkeystrokes: {tabs} Tab + Enter to open the queue's first entry; "
        f"approve {len(approving)}; reject with a listed reason {len(rejecting)}"
    )
    page.context.close()


def test_decision_bar_stays_on_screen_and_the_entry_opens_the_page(
    browser, site_server, settings
):
    story = make_story(text="We rate answers all night for cents. " * 400)
    flagged = make_report(pay_amount="480", unpaid_hours_per_week="0")
    settings.REQUIRE_2FA = False
    make_moderator(name="amina", with_device=False)
    page = signed_in(browser, site_server, bypass_csp=True, **DESKTOP)

    page.goto(f"/moderate/stories/{story.pk}/")
    bar = page.locator(".decision-bar")
    opening = bar.bounding_box()
    assert opening["y"] < 900, "the decision bar starts below the first screen"
    # At the end of the worker's long text, the bar is at the foot of the screen.
    end = page.locator(".original-text").evaluate(
        "text => Math.round(text.getBoundingClientRect().bottom - innerHeight)"
    )
    assert end > 1500
    page.mouse.wheel(0, end)
    page.wait_for_function(f"Math.abs(window.scrollY - {end}) < 5")
    scrolled = bar.bounding_box()
    assert scrolled["y"] >= 0
    assert scrolled["y"] + scrolled["height"] <= 900
    assert page.get_by_role("button", name="Approve this copy").is_visible()

    # Turned off (for a screen reader's or speech input's sake), "a" does nothing.
    page.get_by_text("Keyboard shortcuts").click()
    page.locator("#shortcuts-off").check()
    page.locator("main h1").click()
    page.keyboard.press("a")
    page.wait_for_timeout(300)
    assert page.url.endswith(f"/moderate/stories/{story.pk}/")
    story.refresh_from_db()
    assert story.status == Status.PENDING
    page.locator("#shortcuts-off").uncheck()

    page.goto(f"/moderate/reports/{flagged.pk}/")
    heading = page.locator("h1").bounding_box()
    flag = page.locator("main .alert-warning").first.bounding_box()
    print(
        f"\nflagged report: heading at {heading['y']:.0f} px, flag at {flag['y']:.0f} px"
    )
    assert flag["y"] < 130
    assert serious_violations(page, AXE.read_text(encoding="utf-8")) == []
    page.context.close()

    # On a phone the bar stays in its place: it covers nothing.
    phone = signed_in(browser, site_server, **PHONE)
    phone.goto(f"/moderate/stories/{story.pk}/")
    assert (
        phone.locator(".decision-bar").evaluate("bar => getComputedStyle(bar).position")
        == "static"
    )
    phone.context.close()


def test_a_duplicate_is_rejected_and_the_decision_undone_by_keyboard(
    browser, site_server, settings
):
    original = make_report(pay_amount="2.50", submitted_on=days_ago(5))
    twin = make_report(pay_amount="2.50", submitted_on=days_ago(2))
    assert twin.flags == {Flag.DUPLICATE: {"of": original.pk}}
    settings.REQUIRE_2FA = False
    make_moderator(name="amina", with_device=False)
    page = signed_in(browser, site_server, **DESKTOP)
    page.goto(f"/moderate/reports/{twin.pk}/")
    page.locator("main h1").click()

    # d: rejected as a duplicate of the report the flag points at, in one key.
    page.keyboard.press("d")
    page.locator("#undo-offer").wait_for()
    twin.refresh_from_db()
    assert twin.status == Status.REJECTED
    assert f"#{original.pk}" in twin.decision_reason

    # u: undone, in one more; the entry is pending again, both in the log.
    page.keyboard.press("u")
    page.wait_for_url(f"**/moderate/reports/{twin.pk}/")
    page.locator("main .alert-success").wait_for()
    twin.refresh_from_db()
    assert twin.status == Status.PENDING
    actions = list(
        ModerationEvent.objects.for_item(twin).values_list("action", flat=True)
    )
    assert actions == [Action.UNDO, Action.DECISION]
    page.context.close()
