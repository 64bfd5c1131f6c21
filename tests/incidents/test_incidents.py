"""The incident ledger: the form's rules, the outcome updated under the
receipt, and moderation. Its published figures: tests/stats/."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings

from incidents.models import Incident
from moderation.models import ModerationEvent, Status
from receipts.models import Receipt
from surveys.models import ExchangeRate
from tests.helpers import (
    field_errors,
    field_value,
    incident_form_data,
    make_incident,
    visible_text,
)

pytestmark = pytest.mark.django_db
CODE = re.compile(r"GT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


def test_new_incident_gets_a_receipt_and_converts_the_amount(client):
    response = client.post(
        "/incident/new/",
        incident_form_data(amount_owed="13000", currency="KES", started="2026-06"),
    )

    incident = Incident.objects.get()
    rate = ExchangeRate.objects.for_period("KES", incident.started)
    assert CODE.search(response.content.decode())
    assert incident.status == Status.PENDING
    assert incident.amount_owed_usd == (Decimal("13000") / rate.units_per_usd).quantize(
        Decimal("0.0001")
    ).quantize(Decimal("0.01"))
    assert incident.exchange_rate_date == rate.date
    assert incident.resolved_on is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "", "Choose what happened."),
        ("kind", "robbery", "Choose what happened."),
        ("platform", "", "Choose the platform you worked on."),
        ("country", "ZZ", "Choose a country from the list."),
        ("started", "2026-13", "There is no month 13: use 01 to 12."),
        ("started", "2099-01", "This month has not started yet."),
        ("amount_owed", "-5", "Enter an amount above zero."),
        ("amount_owed", "lots", "Enter an amount, such as 20 or 12.50."),
        ("currency", "XXX", "Choose a currency from the list."),
        ("action", "", "Choose what you did."),
        ("outcome", "maybe", "Choose what happened since."),
        ("reason_given", "", "Choose an answer."),
        ("text", "x" * 5001, "Use at most 5000 characters."),
    ],
)
def test_bad_input_gets_a_message_and_keeps_the_rest(client, field, value, message):
    data = incident_form_data(hours_covered="12")
    data[field] = value

    response = client.post("/incident/new/", data)

    assert Incident.objects.count() == 0
    assert message in field_errors(response, field)
    if field != "hours_covered":
        assert field_value(response, "hours_covered") == "12"


def test_amount_needs_its_currency(client):
    response = client.post("/incident/new/", incident_form_data(currency=""))

    assert "Choose the currency of the amount owed." in field_errors(
        response, "currency"
    )


def test_recovered_amount_cannot_exceed_what_was_owed(client):
    response = client.post(
        "/incident/new/",
        incident_form_data(
            outcome="paid_part", amount_owed="100", amount_recovered="150"
        ),
    )

    assert "more than the amount owed" in field_errors(response, "amount_recovered")


def test_text_is_scanned_for_personal_data(client):
    client.post("/incident/new/", incident_form_data(text="Mail me at a.b@example.org"))

    assert Incident.objects.get().pii_findings[0]["kind"] == "email"


def test_outcome_is_updated_under_the_receipt_and_goes_back_to_review(client):
    receipt, code = Receipt.objects.issue()
    incident = make_incident(receipt=receipt, status=Status.APPROVED)

    opened = client.post(f"/receipt/incidents/{incident.pk}/edit/", {"code": code})
    saved = client.post(
        f"/receipt/incidents/{incident.pk}/edit/",
        {
            **incident_form_data(outcome="paid_part", amount_recovered="40"),
            "code": code,
            "save": "1",
        },
        follow=True,
    )

    assert field_value(opened, "outcome") == "waiting"
    assert "Your update is saved" in visible_text(saved.content)
    incident.refresh_from_db()
    assert incident.outcome == "paid_part"
    assert incident.amount_recovered == Decimal("40")
    assert incident.status == Status.PENDING
    assert incident.resolved_on is not None
    assert incident.days_to_resolution >= 0


def test_the_day_an_outcome_closed_the_matter_survives_later_changes(client):
    """Days to resolution count to the day the worker first said it was
    settled: correcting a word of the account a month later moves nothing."""
    receipt, code = Receipt.objects.issue()
    incident = make_incident(receipt=receipt, outcome="paid_full")
    settled = date(2026, 9, 14)
    Incident.objects.filter(pk=incident.pk).update(resolved_on=settled)

    client.post(
        f"/receipt/incidents/{incident.pk}/edit/",
        {
            **incident_form_data(outcome="paid_full", text="They paid in the end."),
            "code": code,
            "save": "1",
        },
    )

    incident.refresh_from_db()
    assert incident.text == "They paid in the end."
    assert incident.resolved_on == settled
    assert incident.days_to_resolution == (settled - date(2026, 6, 1)).days


def test_incident_of_another_receipt_is_404(client):
    incident = make_incident()
    _receipt, other_code = Receipt.objects.issue()

    response = client.post(
        f"/receipt/incidents/{incident.pk}/edit/", {"code": other_code}
    )

    assert response.status_code == 404


def test_withdrawing_an_incident_deletes_it(client):
    receipt, code = Receipt.objects.issue()
    incident = make_incident(receipt=receipt)

    client.post(
        f"/receipt/incidents/{incident.pk}/withdraw/", {"code": code, "confirm": "1"}
    )

    assert Incident.objects.count() == 0
    assert Receipt.objects.count() == 0


def test_incident_after_a_report_joins_its_receipt(client):
    receipt, code = Receipt.objects.issue()

    client.post("/incident/new/", {**incident_form_data(), "code": code})

    assert Incident.objects.get().receipt == receipt


def test_incident_under_a_wrong_code_comes_back_with_a_message(client):
    response = client.post(
        "/incident/new/",
        {**incident_form_data(amount_owed="640"), "code": "GT-0000-0000-0000"},
    )

    assert response.status_code == 200
    assert "No entries were found for this code." in field_errors(response, "code")
    assert field_value(response, "amount_owed") == "640"
    assert Incident.objects.count() == 0


@override_settings(RATE_LIMIT_RECEIPT_LOOKUPS_PER_HOUR=30)
def test_codes_guessed_on_the_incident_form_are_counted_as_lookups(client):
    guesses = [f"GT-0000-0000-{n:04d}" for n in range(31)]

    statuses = [
        client.post("/incident/new/", {"code": guess}).status_code for guess in guesses
    ]

    assert statuses == [200] * 30 + [429]


def test_moderator_approves_and_the_event_is_logged(moderator_client, moderator):
    incident = make_incident()

    response = moderator_client.post(
        f"/moderate/incidents/{incident.pk}/decide/",
        {"action": "approve", "version": incident.version},
    )

    incident.refresh_from_db()
    assert response.status_code == 302
    assert incident.status == Status.APPROVED
    assert ModerationEvent.objects.get().item_type == "incident"


def test_an_incident_sent_twice_is_saved_once(client):
    token = field_value(client.get("/incident/new/"), "submission_token")

    client.post("/incident/new/", incident_form_data(submission_token=token))
    client.post("/incident/new/", incident_form_data(submission_token=token))

    assert Incident.objects.count() == 1


def test_moderator_is_told_of_a_possible_name_in_an_incident(client, moderator_client):
    client.post(
        "/incident/new/",
        incident_form_data(text="Our team lead Peter Otieno kept the pay."),
    )
    incident = Incident.objects.get()

    response = moderator_client.get(f"/moderate/incidents/{incident.pk}/")

    assert [f["kind"] for f in incident.pii_findings] == ["name"]
    assert "May contain a person's name" in visible_text(response.content)
    assert "Peter Otieno kept the pay." in visible_text(response.content)
