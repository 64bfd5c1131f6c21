"""Walking the guided report on a phone, by field names: the words on the
page are the page language's. Each function taps through one step."""

CONTINUE = "main form button[type=submit]:not([name])"
SEND = "main form button[name=send]"


def press(page, button):
    """Tap a button that opens the next page; its HTTP status."""
    with page.expect_navigation() as navigation:
        page.locator(button).click()
    return navigation.value.status


def where(page, country="KE", task_type=None):
    """Outlier AI in `country`; `task_type` the option's value (its pk), or
    the first type of work in the list."""
    page.locator("#id_platform").select_option(label="Outlier AI")
    page.locator("#id_country").select_option(country)
    if task_type is None:
        page.locator("#id_task_type").select_option(index=1)
    else:
        page.locator("#id_task_type").select_option(task_type)
    return press(page, CONTINUE)


def pay(page, amount="30000", currency="KES", unit="month"):
    page.locator("#id_currency").select_option(currency)
    page.locator("#id_pay_amount").fill(amount)
    page.locator(f"input[name=pay_unit][value={unit}]").check()
    return press(page, CONTINUE)


def hours(page, paid="45", unpaid="10"):
    page.locator("#id_paid_hours_per_week").fill(paid)
    page.locator("#id_unpaid_hours_per_week").fill(unpaid)
    page.locator("input[name=contract_type][value=independent_contractor]").check()
    return press(page, CONTINUE)


def to_check_your_answers(page, **answers):
    """From the first step to "check your answers"; `answers` for pay()."""
    where(page)
    pay(page, **answers)
    hours(page)
    press(page, CONTINUE)  # the conditions, "prefer not to say" unless changed
