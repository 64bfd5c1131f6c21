"""Keyboard only: every control of the report form can be reached with Tab,
focus is always visible, and the form can be sent with the keyboard."""

from surveys.models import Report

FOCUS_STYLE = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    name: element.name || element.id || element.tagName,
    visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
  };
}"""


def tab_through(phone, controls):
    """Tab from the top of the page to its first button, checking that each
    of `controls` is reached with a visible focus on the way."""
    reached, invisible = [], []
    for _ in range(120):
        phone.keyboard.press("Tab")
        focus = phone.evaluate(FOCUS_STYLE)
        reached.append(focus["name"])
        if not focus["visible"]:
            invisible.append(focus["name"])
        if focus["name"] == "BUTTON" or focus["name"] == "send":
            break
    for control in controls:
        assert control in reached, control
    assert invisible == []


def test_report_form_can_be_reached_and_sent_with_the_keyboard(phone):
    phone.goto("/report/")
    tab_through(phone, ("platform", "country", "task_type", "period"))
    phone.locator("#id_platform").focus()
    phone.keyboard.press("ArrowDown")
    # A closed select picks the option whose name is typed.
    phone.locator("#id_country").focus()
    phone.keyboard.type("Kenya")
    assert phone.locator("#id_country").input_value() == "KE"
    phone.locator("#id_task_type").focus()
    phone.keyboard.press("ArrowDown")
    # Enter in a field continues (Continue is the form's first button, not Back).
    phone.locator("#id_period").focus()
    phone.keyboard.press("Enter")

    phone.locator("#id_pay_amount").wait_for()
    tab_through(phone, ("pay_amount", "currency", "pay_unit"))
    phone.locator("#id_pay_amount").focus()
    phone.keyboard.type("2.5")
    phone.locator("#id_pay_unit_0").focus()
    phone.keyboard.press("Space")
    phone.locator("#id_pay_amount").focus()
    phone.keyboard.press("Enter")

    phone.locator("#id_paid_hours_per_week").wait_for()
    tab_through(phone, ("paid_hours_per_week", "contract_type"))
    phone.locator("#id_contract_type_0").focus()
    phone.keyboard.press("Space")
    phone.locator("#id_paid_hours_per_week").focus()
    phone.keyboard.type("30")
    phone.keyboard.press("Enter")

    phone.locator("#id_keystroke_monitoring_0").wait_for()
    tab_through(phone, ("keystroke_monitoring",))
    phone.locator("button[type=submit]:not([name])").focus()
    phone.keyboard.press("Enter")

    phone.locator("button[name=send]").wait_for()
    tab_through(phone, ("goto",))
    phone.locator("button[name=send]").focus()
    phone.keyboard.press("Enter")

    phone.get_by_role("heading", name="Thank you. Your report is sent.").wait_for()
    assert Report.objects.get().country == "KE"


def test_error_summary_links_to_the_field(phone):
    phone.goto("/report/")
    phone.get_by_role("button", name="Continue").click()
    phone.locator("#id_platform.is-invalid").wait_for()
    targets, focused = follow_error_links(phone)
    # Each link puts the focus on its own field, the one it names.
    assert targets == ["#id_platform", "#id_country", "#id_task_type"]
    assert focused == targets

    phone.locator("#id_platform").select_option(index=1)
    phone.locator("#id_country").select_option("KE")
    phone.locator("#id_task_type").select_option(index=1)
    phone.get_by_role("button", name="Continue").click()
    phone.locator("#id_pay_amount").wait_for()
    phone.get_by_role("button", name="Continue").click()
    phone.locator("#id_pay_amount.is-invalid").wait_for()
    targets, focused = follow_error_links(phone)
    # A group of radio buttons is reached through its first button.
    assert targets == ["#id_pay_amount", "#id_pay_unit_0"]
    assert focused == targets


def follow_error_links(phone):
    summary = phone.get_by_role("alert").first
    links = summary.get_by_role("link")
    targets, focused = [], []
    for index in range(links.count()):
        link = links.nth(index)
        targets.append(link.get_attribute("href"))
        link.click()
        focused.append("#" + phone.evaluate("document.activeElement.id"))
    return targets, focused
