"""Hourly and effective pay, checked against figures worked out by hand."""

from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

import pytest
from django.utils import translation

from surveys import money


@pytest.mark.parametrize(
    ("amount", "unit", "tasks", "paid_hours", "expected"),
    [
        # 20 an hour is 20 an hour, whatever the hours.
        ("20", "hour", None, "30", Decimal("20")),
        # 0.35 a task at 12 tasks an hour: 4.20 an hour.
        ("0.35", "task", "12", "25", Decimal("4.20")),
        # 600 a week over 40 paid hours: 15 an hour.
        ("600", "week", None, "40", Decimal("15")),
        # 2600 a month at 40 hours a week: 40 x 52 / 12 = 173.33 hours, 15 an hour.
        ("2600", "month", None, "40", Decimal("15")),
    ],
)
def test_hourly_pay_for_each_unit(amount, unit, tasks, paid_hours, expected):
    hourly = money.hourly_pay(
        Decimal(amount), unit, paid_hours_per_week=paid_hours, tasks_per_hour=tasks
    )

    assert hourly.quantize(Decimal("0.0001")) == expected.quantize(Decimal("0.0001"))


def test_effective_pay_spreads_pay_over_unpaid_hours():
    # 10 an hour, 30 paid and 10 unpaid hours: 300 earned over 40 hours.
    effective = money.effective_hourly_pay(
        Decimal("10"), paid_hours_per_week="30", unpaid_hours_per_week="10"
    )

    assert effective == Decimal("7.5")


def test_a_reports_effective_pay_spreads_its_pay_over_its_unpaid_hours():
    # 0.35 a task at 12 tasks an hour is 4.20 an hour; 30 paid hours and 12
    # unpaid: 126 earned over 42 hours, 3 an hour.
    report = SimpleNamespace(
        pay_amount=Decimal("0.35"),
        pay_unit="task",
        tasks_per_hour=Decimal("12"),
        paid_hours_per_week=Decimal("30"),
        unpaid_hours_per_week=Decimal("12"),
    )

    assert money.effective_hourly_of(report) == Decimal("3")


def test_effective_pay_equals_hourly_without_unpaid_hours():
    effective = money.effective_hourly_pay(
        Decimal("12.40"), paid_hours_per_week="20", unpaid_hours_per_week="0"
    )

    assert effective == Decimal("12.40")


def test_effective_pay_is_zero_with_only_unpaid_hours():
    effective = money.effective_hourly_pay(
        Decimal("5"), paid_hours_per_week="0", unpaid_hours_per_week="8"
    )

    assert effective == 0


@pytest.mark.parametrize(
    ("amount", "units_per_usd", "expected_usd"),
    [
        ("20", "1", Decimal("20.0000")),  # US dollars stay as they are
        ("20", "1.3699", Decimal("14.5996")),  # 20 CAD at 1.3699 CAD a dollar
        ("129.16", "129.16", Decimal("1.0000")),  # 129.16 KES is one dollar
        ("1000", "4229.2026", Decimal("0.2365")),  # 1,000 UGX
        ("11.88", "0.8937", Decimal("13.2931")),  # the French SMIC, in dollars
    ],
)
def test_conversion_to_usd(amount, units_per_usd, expected_usd):
    assert money.to_usd(Decimal(amount), Decimal(units_per_usd)) == expected_usd


def test_monthly_pay_in_shillings_end_to_end():
    # 30,000 KES a month, 45 paid and 15 unpaid hours a week, 130 KES a dollar:
    # 45 x 52 / 12 = 195 paid hours a month, so 153.846 KES an hour = 1.1834 USD;
    # spread over 60 hours: 115.385 KES = 0.8876 USD.
    hourly = money.hourly_pay(Decimal("30000"), "month", paid_hours_per_week="45")
    effective = money.effective_hourly_pay(
        hourly, paid_hours_per_week="45", unpaid_hours_per_week="15"
    )

    assert money.to_usd(hourly, Decimal("130")) == Decimal("1.1834")
    assert money.to_usd(effective, Decimal("130")) == Decimal("0.8876")


@pytest.mark.parametrize(
    ("unit", "tasks", "paid_hours"),
    [
        ("task", None, "10"),
        ("task", "0", "10"),
        ("week", None, "0"),
        ("month", None, "0"),
    ],
)
def test_hourly_pay_refuses_what_cannot_be_computed(unit, tasks, paid_hours):
    with pytest.raises(money.PayError):
        money.hourly_pay(
            Decimal("100"), unit, paid_hours_per_week=paid_hours, tasks_per_hour=tasks
        )


def test_less_than_one_task_or_one_paid_hour_is_still_pay():
    # One long task every two hours, at 8 a task: 4 an hour.
    assert money.hourly_pay(
        Decimal("8"), "task", paid_hours_per_week="10", tasks_per_hour="0.5"
    ) == Decimal("4")
    # 3 a week for half an hour's paid work: 6 an hour.
    assert money.hourly_pay(Decimal("3"), "week", paid_hours_per_week="0.5") == Decimal(
        "6"
    )
    assert money.effective_hourly_pay(
        Decimal("6"), paid_hours_per_week="0.5", unpaid_hours_per_week="0"
    ) == Decimal("6")


def test_a_dollar_figure_in_a_local_currency():
    # 0.8876 dollars an hour at 130 shillings a dollar: 115.388 shillings.
    assert money.from_usd(Decimal("0.8876"), Decimal("130")) == Decimal("115.388")


def test_effective_pay_refuses_zero_hours():
    with pytest.raises(money.PayError):
        money.effective_hourly_pay(
            Decimal("5"), paid_hours_per_week="0", unpaid_hours_per_week="0"
        )


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("0.005", "en", Decimal("0.005")),
        # The page's language decides what a lone separator means.
        ("8.500", "es", Decimal("8500")),
        ("8.500", "en", Decimal("8.5")),
        ("1,500", "en", Decimal("1500")),
        ("1,500", "fr", Decimal("1.5")),
        ("1 500", "fr", Decimal("1500")),
        # Signs and codes around the figure, as people write them.
        ("KSh 1,500", "en", Decimal("1500")),
        ("Ksh. 1,500", "sw", Decimal("1500")),
        ("1500/=", "en", Decimal("1500")),
        ("₱9,000", "fil", Decimal("9000")),
        ("PHP 9,000", "en", Decimal("9000")),
        ("US$ 2.50", "en", Decimal("2.50")),
        ("COP 8.500", "es", Decimal("8500")),
        ("1500 KES", "en", Decimal("1500")),
        # What the language cannot read falls back to the habit of either mark.
        ("12,50", "en", Decimal("12.50")),
        ("12.50", "es", Decimal("12.50")),
        # Both marks: the last one is the decimal mark, the other groups.
        ("1.500,50", "en", Decimal("1500.50")),
        # A mark that repeats groups thousands, whichever the page's language.
        ("1,234,567", "es", Decimal("1234567")),
        ("1.234.567", "en", Decimal("1234567")),
        # A phone's own digits and Arabic's own separators.
        ("১৫০০", "bn", Decimal("1500")),
        ("१,५०,०००", "hi", Decimal("150000")),
        ("٩٠٠٠٫٥", "ar", Decimal("9000.5")),
        ("٩٬٠٠٠", "ar", Decimal("9000")),
        # Arabic's separators typed on a page in another language mean the
        # page's own: 5.5 in Spanish, 9000 in French.
        ("٥٫٥٠٠", "es", Decimal("5.5")),
        ("٩٬٠٠٠", "fr", Decimal("9000")),
        ("۱۲۰۰", "ar", Decimal("1200")),
        ("৳৫০০", "bn", Decimal("500")),
        ("٥٠٠ ج.م.", "ar", Decimal("500")),
        ("\u200f٥٠٠\u200f", "ar", Decimal("500")),
        # Indian grouping, and Brazil's decimal comma (either way round).
        ("1,50,000", "hi", Decimal("150000")),
        ("Rs. 1,50,000", "hi", Decimal("150000")),
        ("1.500,50", "pt-br", Decimal("1500.50")),
        ("1,500.50", "pt-br", Decimal("1500.50")),
        ("R$ 12,50", "pt-br", Decimal("12.50")),
        ("1.500", "pt-br", Decimal("1500")),
        ("Rp 50.000", "id", Decimal("50000")),
    ],
)
def test_read_amount_as_people_write_it(typed, language, expected):
    assert money.read_amount(typed, language) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "abc",
        "",
        "1-2",
        "twelve",
        "$",
        "1.2.3,4,5",
        "ج.م",
        "১৫০০x",
        # Each mark both before and after the other: neither can be the
        # decimal one, so no guess is made.
        "1.000,000.50",
        "1,000.000,50",
        # A mark that repeats separates thousands: the last group has three
        # digits. These most likely meant 1,000.50, never 100,050.
        "1,000,50",
        "1.000.50",
        "1,000,5",
        # The same with Arabic's own thousands separator.
        "١٬٠٠٠٬٠٠",
        "١٬٠٠٠٬٥٠",
        # No sign but the minus, which the form answers with its own message.
        "+5",
        "+1,500",
    ],
)
def test_read_amount_refuses_what_is_no_figure(typed):
    with pytest.raises(InvalidOperation):
        money.read_amount(typed, "en")


@pytest.mark.parametrize("typed", ["٥٬٥", "١٢٬٥٠", "١٬٠٠٠٬٥٠"])
def test_arabic_thousands_separators_that_group_no_thousands_are_refused_in_french(
    typed,
):
    # French groups with a narrow space: the mark must still group thousands
    # (55, 1250 or 100,050 would be a hundred times off, or ten).
    with pytest.raises(InvalidOperation):
        money.read_amount(typed, "fr")


def test_a_language_babel_does_not_know_or_none_reads_as_english():
    assert money.read_amount("1,500.50", "tlh") == Decimal("1500.50")
    assert money.format_amount(Decimal("1500.5"), "tlh") == "1,500.50"
    with translation.override(None):
        assert money.read_amount("1,500.50") == Decimal("1500.50")


def test_format_amount_keeps_each_typed_decimal_in_the_page_language():
    assert money.format_amount(Decimal("0.0050"), "en") == "0.005"
    assert money.format_amount(Decimal("8500"), "es") == "8.500,00"
    assert money.format_amount(Decimal("9000"), "en") == "9,000.00"
    # Four decimals at most, enough for per-task pay.
    assert money.format_amount(Decimal("1.23456"), "en") == "1.2346"
