"""Coming back with a receipt code: see, change and withdraw one's entries."""

from decimal import Decimal

import pytest
from django.test import override_settings

from moderation.models import Status
from receipts.models import Receipt
from surveys.models import Report
from tests.helpers import (
    field_errors,
    field_value,
    make_report,
    report_form_data,
    visible_text,
)

pytestmark = pytest.mark.django_db


def test_lookup_page_asks_for_the_code(client):
    response = client.get("/sw/receipt/")

    assert response.status_code == 200
    assert field_value(response, "code") == ""
    assert "Msimbo wako wa risiti" in visible_text(response.content)


def test_right_code_lists_the_entries(client, report, code):
    posted = client.post("/receipt/", {"code": code.lower().replace("-", " ")})
    response = client.get(posted["Location"])

    assert posted.status_code == 302
    assert posted["Location"] == "/receipt/entries/"
    assert response.status_code == 200
    text = visible_text(response.content)
    assert "Outlier AI" in text
    assert "3.10 USD" in text
    assert "Approved" in text
    assert "no-store" in response["Cache-Control"]


def test_wrong_code_gets_a_clear_message(client, report):
    response = client.post("/receipt/", {"code": "GT-0000-0000-0000"})

    assert response.status_code == 200
    assert "No entries were found for this code" in field_errors(response, "code")
    assert field_value(response, "code") == "GT-0000-0000-0000"


def test_malformed_code_gets_a_clear_message(client):
    response = client.post("/receipt/", {"code": "hello"})

    assert "does not look like a receipt code" in field_errors(response, "code")


def test_empty_code_gets_a_clear_message(client):
    response = client.post("/receipt/", {"code": ""})

    assert "Enter your receipt code." in field_errors(response, "code")


@override_settings(RATE_LIMIT_RECEIPT_LOOKUPS_PER_HOUR=3)
def test_lookups_are_throttled(client, report, code):
    for _ in range(3):
        client.post("/receipt/", {"code": "GT-0000-0000-0000"})

    response = client.post("/receipt/", {"code": code})

    assert response.status_code == 429
    assert "Too many tries" in visible_text(response.content)
    assert field_value(response, "code") == code


def test_guesses_on_the_edit_page_count_under_the_lookup_limit(
    client, report, code, settings
):
    settings.RATE_LIMIT_RECEIPT_LOOKUPS_PER_HOUR = 30  # the default
    edit = f"/receipt/reports/{report.pk}/edit/"
    guesses = [
        client.post(edit, {"code": f"GT-0000-0000-{number:04d}"}).status_code
        for number in range(30)
    ]

    with_the_right_code = client.post(edit, {"code": code})
    on_the_lookup_page = client.post("/receipt/", {"code": code})

    assert guesses == [404] * 30
    assert with_the_right_code.status_code == 429
    assert on_the_lookup_page.status_code == 429


def test_edit_opens_the_form_filled_with_the_answers(client, report, code):
    response = client.post(f"/receipt/reports/{report.pk}/edit/", {"code": code})

    assert response.status_code == 200
    assert field_value(response, "pay_amount") == "3.10"
    assert field_value(response, "period") == "2026-09"
    assert field_value(response, "code") == code


def test_edit_saves_and_sends_an_approved_report_back_to_review(client, report, code):
    data = report_form_data(pay_amount="4.00", unpaid_hours_per_week="0")

    response = client.post(
        f"/receipt/reports/{report.pk}/edit/",
        {**data, "code": code, "save": "1"},
        follow=True,
    )

    assert response.redirect_chain == [("/receipt/entries/", 302)]
    report.refresh_from_db()
    assert report.pay_amount == 4
    assert report.effective_hourly_usd == 4
    assert report.status == Status.PENDING
    assert "Your changes are saved" in visible_text(response.content)


def test_edit_with_bad_input_keeps_the_answers(client, report, code):
    data = report_form_data(pay_amount="-1", project_codename="Atlas")

    response = client.post(
        f"/receipt/reports/{report.pk}/edit/", {**data, "code": code, "save": "1"}
    )

    assert "Enter an amount above zero." in field_errors(response, "pay_amount")
    assert field_value(response, "project_codename") == "Atlas"
    report.refresh_from_db()
    assert report.pay_amount == Decimal("3.10")
    assert report.status == Status.APPROVED


def test_edit_with_another_receipts_code_is_404(client, report):
    _other, other_code = Receipt.objects.issue()

    response = client.post(f"/receipt/reports/{report.pk}/edit/", {"code": other_code})

    assert response.status_code == 404


def test_edit_of_unknown_report_is_404(client, report, code):
    response = client.post("/receipt/reports/999999/edit/", {"code": code})

    assert response.status_code == 404


def test_edit_and_withdraw_without_an_open_receipt_ask_for_the_code(client, report):
    edit = client.get(f"/receipt/reports/{report.pk}/edit/")
    withdraw = client.get(f"/receipt/reports/{report.pk}/withdraw/")

    assert (edit.status_code, edit["Location"]) == (302, "/receipt/")
    assert (withdraw.status_code, withdraw["Location"]) == (302, "/receipt/")


def test_withdraw_asks_first(client, report, code):
    response = client.post(f"/receipt/reports/{report.pk}/withdraw/", {"code": code})

    assert response.status_code == 200
    assert "Delete this report?" in visible_text(response.content)
    assert Report.objects.filter(pk=report.pk).exists()


def test_withdraw_deletes_for_real_with_the_empty_receipt(client, report, code):
    response = client.post(
        f"/receipt/reports/{report.pk}/withdraw/", {"code": code, "confirm": "1"}
    )

    assert response.status_code == 200
    assert not Report.objects.filter(pk=report.pk).exists()
    assert Receipt.objects.count() == 0
    assert "Nothing is left of it" in visible_text(response.content)
    again = client.post("/receipt/", {"code": code})
    assert "No entries were found" in field_errors(again, "code")


def test_withdraw_keeps_the_receipt_while_entries_remain(client, report, code):
    other = make_report(receipt=report.receipt, period="2026-08")

    response = client.post(
        f"/receipt/reports/{report.pk}/withdraw/",
        {"code": code, "confirm": "1"},
        follow=True,
    )

    assert list(Report.objects.all()) == [other]
    assert "Your report is deleted." in visible_text(response.content)


def test_withdraw_with_another_receipts_code_deletes_nothing(client, report):
    _other, other_code = Receipt.objects.issue()

    response = client.post(
        f"/receipt/reports/{report.pk}/withdraw/", {"code": other_code, "confirm": "1"}
    )

    assert response.status_code == 404
    assert Report.objects.filter(pk=report.pk).exists()


def test_code_never_appears_in_a_url(client, report, code):
    response = client.post("/receipt/", {"code": code})

    content = response.content.decode()
    for marker in ('href="', 'action="'):
        for chunk in content.split(marker)[1:]:
            assert code not in chunk.split('"', 1)[0]
