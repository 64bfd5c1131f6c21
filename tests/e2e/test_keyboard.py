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


def test_report_form_can_be_reached_and_sent_with_the_keyboard(phone):
    phone.goto("/report/")
    reached, invisible = [], []
    for _ in range(120):
        phone.keyboard.press("Tab")
        focus = phone.evaluate(FOCUS_STYLE)
        reached.append(focus["name"])
        if not focus["visible"]:
            invisible.append(focus["name"])
        if focus["name"] == "BUTTON":
            break

    for control in ("platform", "country", "task_type", "period", "pay_amount",
                    "currency", "pay_unit", "paid_hours_per_week", "keystroke_monitoring"):  # fmt: skip
        assert control in reached, control
    assert reached[-1] == "BUTTON"
    assert invisible == []

    phone.locator("#id_platform").focus()
    phone.keyboard.press("ArrowDown")
    # A closed select picks the option whose name is typed.
    phone.locator("#id_country").focus()
    phone.keyboard.type("Kenya")
    assert phone.locator("#id_country").input_value() == "KE"
    phone.locator("#id_task_type").focus()
    phone.keyboard.press("ArrowDown")
    phone.locator("#id_contract_type_0").focus()
    phone.keyboard.press("Space")
    phone.locator("#id_pay_amount").focus()
    phone.keyboard.type("2.5")
    phone.locator("#id_pay_unit_0").focus()
    phone.keyboard.press("Space")
    phone.locator("#id_paid_hours_per_week").focus()
    phone.keyboard.type("30")
    phone.keyboard.press("Enter")

    phone.get_by_role("heading", name="Thank you. Your report is sent.").wait_for()
    assert Report.objects.get().country == "KE"


def test_error_summary_links_to_the_field(phone):
    phone.goto("/report/")
    phone.get_by_role("button", name="Send my report").click()

    summary = phone.get_by_role("alert").first
    links = summary.get_by_role("link")
    targets, focused = [], []
    for index in range(links.count()):
        link = links.nth(index)
        targets.append(link.get_attribute("href"))
        link.click()
        focused.append("#" + phone.evaluate("document.activeElement.id"))

    # Each link puts the focus on its own field, the one it names; a group
    # of radio buttons on its first button.
    assert targets[:3] == ["#id_platform", "#id_country", "#id_task_type"]
    assert "#id_pay_unit_0" in targets
    assert focused == targets
