"""The guided report at /report/: one short step at a time, answers carried
in hidden fields, checked before they are sent (test client)."""

from decimal import Decimal

import pytest

from surveys.models import Platform, Report, TaskType
from tests.helpers import (
    field_errors,
    field_value,
    html_of_field,
    parse_html,
    read_form,
    report_form_data,
    report_step,
    visible_text,
)

pytestmark = pytest.mark.django_db


def continue_from(client, response, path="/report/", **answers):
    """Press Continue on a step page: what it carries, with `answers` typed."""
    data = read_form(response).values
    data.pop("goto", None)
    data |= answers
    return client.post(path, data)


def where_answers():
    return {
        "platform": str(Platform.objects.get(slug="outlier-ai").pk),
        "country": "KE",
        "task_type": str(TaskType.objects.get(slug="response-rating").pk),
        "period": "2026-09",
    }


def test_first_step_asks_only_where_you_work_with_required_marks(client):
    response = client.get("/report/")

    names = {
        attributes["name"]
        for tag, attributes in parse_html(response.content)
        if tag in ("input", "select")
        and attributes.get("type") != "hidden"
        and "name" in attributes
    }
    assert {"platform", "country", "task_type", "period"} <= names
    assert not {"pay_amount", "paid_hours_per_week", "keystroke_monitoring"} & names
    text = visible_text(response.content)
    assert "Step 1 of 5" in text
    assert "Questions marked * need an answer." in text
    assert "required" in html_of_field(response, "platform")
    assert "required" in html_of_field(response, "country")


def test_every_step_in_turn_then_check_then_send(client):
    page = client.get("/report/")
    page = continue_from(client, page, **where_answers())
    # The pay step, with the chosen country's currency already chosen.
    assert "Step 2 of 5" in visible_text(page.content)
    assert field_value(page, "currency") == "KES"
    assert not read_form(page).errors
    page = continue_from(client, page, pay_amount="KSh 30,000", pay_unit="month")
    assert "Step 3 of 5" in visible_text(page.content)
    # The contract question is marked required too, its answers rows.
    assert "required" in html_of_field(page, "contract_type")
    page = continue_from(
        client,
        page,
        paid_hours_per_week="45",
        unpaid_hours_per_week="15",
        contract_type="employee",
    )
    assert "Step 4 of 5" in visible_text(page.content)
    page = continue_from(client, page, keystroke_monitoring="yes")
    text = visible_text(page.content)
    assert "Check your answers" in text
    assert "30,000.00 KES per month" in text
    assert "US dollars" in text
    assert Report.objects.count() == 0

    sent = continue_from(client, page, send="1")

    report = Report.objects.get()
    assert report.pay_amount == Decimal("30000")
    assert (report.currency, report.pay_unit, report.contract_type) == (
        "KES",
        "month",
        "employee",
    )
    assert report.conditions["keystroke_monitoring"] == "yes"
    assert "Thank you. Your report is sent." in visible_text(sent.content)


def test_spanish_reads_8_500_as_eight_thousand_five_hundred_and_shows_it(client):
    page = report_step(client, "pay", path="/es/report/")

    page = continue_from(
        client,
        page,
        path="/es/report/",
        pay_amount="8.500",
        currency="COP",
        pay_unit="month",
    )

    # Every step was answered once: Continue goes back to the check page.
    assert "8.500,00 COP" in visible_text(page.content)


@pytest.mark.parametrize(
    ("language", "typed", "currency", "understood"),
    [
        # Brazil writes a decimal comma; the other habit is read as well.
        ("pt-br", "1.500,50", "BRL", "1.500,50 BRL"),
        ("pt-br", "1,500.50", "BRL", "1.500,50 BRL"),
        # A phone's own digits, shown back in Latin digits, grouped by lakhs.
        ("bn", "১৫০০", "BDT", "1,500.00 BDT"),
        ("ar", "٩٠٠٠٫٥", "EGP", "9,000.50 EGP"),
        ("hi", "1,50,000", "INR", "1,50,000.00 INR"),
    ],
)
def test_pay_typed_in_the_new_languages_is_shown_back_as_understood(
    client, language, typed, currency, understood
):
    path = f"/{language}/report/"
    page = report_step(client, "pay", path=path)

    page = continue_from(
        client, page, path=path, pay_amount=typed, currency=currency, pay_unit="month"
    )

    assert understood in visible_text(page.content)


def test_a_mistake_stays_on_its_step_with_the_answers_kept(client):
    page = client.get("/report/")
    page = continue_from(client, page, **where_answers())

    page = continue_from(client, page, pay_amount="about twenty", pay_unit="hour")

    assert "Step 2 of 5" in visible_text(page.content)
    assert field_errors(page, "pay_amount") == "Enter an amount, such as 20 or 12.50."
    assert field_value(page, "pay_amount") == "about twenty"
    assert field_value(page, "country") == "KE"
    # The steps not reached yet have nothing to correct.
    assert "paid_hours_per_week" not in read_form(page).errors


def test_back_keeps_the_answers_of_both_steps(client):
    page = client.get("/report/")
    page = continue_from(client, page, **where_answers())

    page = continue_from(client, page, pay_amount="12", goto="where")

    assert "Step 1 of 5" in visible_text(page.content)
    assert field_value(page, "country") == "KE"
    assert field_value(page, "pay_amount") == "12"
    assert not read_form(page).errors


def test_improbable_pay_is_questioned_and_one_change_corrects_the_unit(client):
    answers = {
        "pay_amount": "₱9,000",
        "currency": "PHP",
        "pay_unit": "hour",
        "country": "PH",
    }
    page = continue_from(client, report_step(client, "pay", **answers))
    text = visible_text(page.content)
    assert "far above what others report" in text
    # 9,000 PHP at 62.49 to the dollar (September 2026): 144 US dollars an
    # hour, 115 counting 10 unpaid hours for 40 paid, 82 times the 86.88 PHP
    # (1.39 US dollars) of Manila's minimum wage.
    assert "about 144.02 US dollars an hour" in text
    assert "82 times the minimum wage in Philippines" in text
    assert "Did you mean per month?" in text

    page = continue_from(client, page, goto="pay")
    assert field_value(page, "pay_amount") == "₱9,000"
    page = continue_from(client, page, pay_unit="month")

    text = visible_text(page.content)
    assert "Check your answers" in text
    assert "far above" not in text
    assert "9,000.00 PHP per month" in text


def test_pay_question_names_the_published_median_when_there_is_one(client):
    Platform.objects.filter(slug="outlier-ai").update(
        released_median_usd=Decimal("8"), released_reports=40
    )

    page = continue_from(
        client, report_step(client, "pay", pay_amount="400", pay_unit="hour")
    )

    text = visible_text(page.content)
    assert "The published median on Outlier AI is 8.00 US dollars an hour." in text


def test_a_changed_hidden_answer_is_checked_again_when_sent(client):
    data = report_form_data(step="check", send="1", country="XX")

    response = client.post("/report/", data)

    assert Report.objects.count() == 0
    assert field_errors(response, "country") == "Choose a country from the list."


def test_the_guided_report_sent_twice_is_saved_once(client):
    answers = report_form_data()
    page = client.get("/report/")
    for _step in range(4):
        page = continue_from(client, page, **answers)
    data = read_form(page).values | {"send": "1"}

    client.post("/report/", data)
    again = client.post("/report/", data)

    assert Report.objects.count() == 1
    assert "already" in visible_text(again.content).lower()


def test_countries_sorted_by_the_reader_with_a_short_list_on_top(client):
    content = client.get("/report/").content.decode()

    assert content.index(">Türkiye<") < content.index(">Tuvalu<")
    most = content.index('label="Most reported"')
    everyone = content.index('label="All countries"')
    assert most < content.index('value="KE"') < everyone


def test_usd_and_the_country_currency_on_top_of_the_currencies(client):
    content = report_step(client, "pay", country="PH").content.decode()

    top = content[
        content.index('label="Most used"') : content.index('label="All currencies"')
    ]
    assert 'value="PHP"' in top
    assert 'value="USD"' in top


def test_continue_from_the_check_page_stays_on_it(client):
    data = report_form_data(step="check", reached="check")

    response = client.post("/report/", data)

    assert response.status_code == 200
    assert "Check your answers" in visible_text(response.content)
    assert Report.objects.count() == 0
