"""The incident form one tap from home and header, pre-filled from the
receipt's report, its currency suggested, the outcome updated on its own
page, and a "what you can do next" page per kind of harm."""

import json
import re
from decimal import Decimal

import pytest

from incidents.models import Incident, Kind
from moderation.models import Status
from receipts.models import Receipt
from surveys.models import Platform
from tests.helpers import (
    field_errors,
    field_value,
    incident_form_data,
    make_incident,
    make_report,
    parse_html,
    read_form,
    visible_text,
)

pytestmark = pytest.mark.django_db


def links(response):
    return {
        attrs.get("href") for tag, attrs in parse_html(response.content) if tag == "a"
    }


def header_links(response):
    header = re.search(r"<header.*?</header>", response.content.decode(), re.S)
    return {
        attrs.get("href") for tag, attrs in parse_html(header.group()) if tag == "a"
    }


@pytest.mark.parametrize("prefix", ["", "/sw"])
def test_header_and_home_lead_to_the_incident_form(client, prefix):
    response = client.get(f"{prefix}/")

    assert f"{prefix}/incident/new/" in header_links(response)
    assert {f"{prefix}/incident/new/", f"{prefix}/incident/next/"} <= links(response)


def test_incident_form_opened_from_a_receipt_starts_from_its_latest_report(client):
    receipt, code = Receipt.objects.issue()
    sama = Platform.objects.get(slug="sama")
    make_report(receipt=receipt, period="2026-01", country="UG", currency="UGX")
    make_report(
        receipt=receipt, period="2026-08", platform=str(sama.pk), currency="KES"
    )

    response = client.post("/incident/new/", {"code": code})

    values = read_form(response).values
    assert (values["platform"], values["country"], values["currency"]) == (
        str(sama.pk),
        "KE",
        "KES",
    )
    assert values["code"] == code
    assert Incident.objects.count() == 0


def test_incident_form_from_a_receipt_without_a_report_starts_empty(client):
    _receipt, code = Receipt.objects.issue()

    response = client.post("/incident/new/", {"code": code})

    assert (field_value(response, "platform"), field_value(response, "country")) == (
        "",
        "",
    )


def test_incident_form_under_a_wrong_code_fills_nothing_in(client):
    response = client.post("/incident/new/", {"code": "GT-AAAA-BBBB-CCCC"})

    assert field_value(response, "country") == ""
    assert field_errors(response, "code")


def test_incident_form_carries_the_currency_of_each_country_for_the_script(client):
    response = client.get("/incident/new/")

    holder = next(
        attrs for tag, attrs in parse_html(response.content)
        if "data-country-currencies" in attrs
    )  # fmt: skip
    assert json.loads(holder["data-country-currencies"])["KE"] == "KES"
    assert "/static/js/report-form" in response.content.decode()


def test_without_javascript_a_missing_currency_comes_back_suggested(client):
    response = client.post(
        "/incident/new/", incident_form_data(country="KE", currency="")
    )

    assert Incident.objects.count() == 0
    assert "Choose the currency" in field_errors(response, "currency")
    assert field_value(response, "currency") == "KES"


def outcome_page(client, incident, code, **answers):
    data = {"code": code, **({"save": "1", **answers} if answers else {})}
    return client.post(f"/receipt/incidents/{incident.pk}/outcome/", data, follow=True)


def test_entries_page_offers_the_one_question_outcome_page(client):
    receipt, code = Receipt.objects.issue()
    incident = make_incident(receipt=receipt)

    response = client.post("/receipt/", {"code": code}, follow=True)

    links = {attrs.get("href") for tag, attrs in parse_html(response.content)}
    assert f"/receipt/incidents/{incident.pk}/outcome/" in links


def test_outcome_page_asks_only_what_happened_since(client):
    receipt, code = Receipt.objects.issue()
    incident = make_incident(receipt=receipt)

    response = outcome_page(client, incident, code)

    assert set(read_form(response).values) == {
        "csrfmiddlewaretoken", "code", "save", "outcome", "amount_recovered"
    }  # fmt: skip
    assert field_value(response, "outcome") == "waiting"


def test_outcome_update_is_saved_and_goes_back_to_review(client):
    receipt, code = Receipt.objects.issue()
    incident = make_incident(receipt=receipt, status=Status.APPROVED)

    response = outcome_page(
        client, incident, code, outcome="paid_part", amount_recovered="40"
    )

    incident.refresh_from_db()
    assert (incident.outcome, incident.amount_recovered) == ("paid_part", Decimal(40))
    assert incident.status == Status.PENDING
    assert incident.resolved_on is not None
    assert incident.amount_owed == Decimal(120)
    assert "Your update is saved." in visible_text(response.content)


def test_outcome_update_keeps_no_amount_back_unless_paid_in_part(client):
    receipt, code = Receipt.objects.issue()
    incident = make_incident(receipt=receipt)

    outcome_page(client, incident, code, outcome="never_paid", amount_recovered="40")

    incident.refresh_from_db()
    assert (incident.outcome, incident.amount_recovered) == ("never_paid", None)


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"outcome": ""}, "outcome", "Choose what happened since."),
        (
            {"outcome": "paid_part", "amount_recovered": "500"},
            "amount_recovered",
            "more than the amount owed",
        ),
    ],
)
def test_bad_outcome_gets_a_message_and_saves_nothing(client, answers, field, message):
    receipt, code = Receipt.objects.issue()
    incident = make_incident(receipt=receipt)

    response = outcome_page(client, incident, code, **answers)

    assert message in field_errors(response, field)
    incident.refresh_from_db()
    assert incident.outcome == "waiting"


def test_outcome_page_of_another_receipt_is_404_and_asks_for_a_code(client):
    incident = make_incident()
    _other, code = Receipt.objects.issue()

    assert outcome_page(client, incident, code).status_code == 404
    # Without a receipt open on this phone, the page asks for the code.
    opened = client.get(f"/receipt/incidents/{incident.pk}/outcome/")
    assert opened["Location"] == "/receipt/"


def test_every_kind_of_harm_has_its_next_steps_page():
    from incidents import next_steps

    assert [str(harm.kind) for harm in next_steps.all_harms()] == Kind.values


@pytest.mark.parametrize("kind", Kind.values)
def test_next_steps_page_says_what_to_keep_how_to_appeal_and_who_helps(client, kind):
    text = visible_text(client.get(f"/incident/next/{kind}/").content)

    assert str(Kind(kind).label) in text
    for heading in ("What to keep", "How to appeal", "Who can help"):
        assert heading in text
    assert "legal clinic" in text
    assert "not legal advice" in text


def test_next_steps_index_lists_every_kind_and_unknown_kind_is_404(client):
    index = links(client.get("/fr/incident/next/"))

    assert {f"/fr/incident/next/{kind}/" for kind in Kind.values} <= index
    assert client.get("/incident/next/nothing/").status_code == 404


def test_incident_sent_page_links_to_the_next_steps_of_its_kind(client):
    response = client.post(
        "/incident/new/", incident_form_data(kind="deactivated", outcome="waiting")
    )

    assert "/incident/next/deactivated/" in links(response)
