"""The incident review page: the other entries under the same receipt, and
labels written for the moderator, not the worker's questions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moderation.models import Status
from receipts.models import Receipt
from tests.helpers import make_incident, make_report, make_story, visible_text

pytestmark = pytest.mark.django_db


def test_same_receipt_panel_lists_the_other_entries_never_the_code_or_hash(
    moderator_client,
):
    receipt, code = Receipt.objects.issue()
    incident = make_incident(receipt=receipt)
    report = make_report(
        receipt=receipt, pay_amount="30000", currency="KES", pay_unit="month"
    )
    story = make_story(receipt=receipt)
    earlier = make_incident(receipt=receipt, kind="deactivated", amount_owed="")
    stranger = make_report(pay_amount="7.25")

    response = moderator_client.get(f"/moderate/incidents/{incident.pk}/")

    page = response.content.decode()
    text = visible_text(response.content)
    assert "Same receipt" in text
    assert (
        f"Report #{report.pk} Outlier AI Kenya September 2026 "
        "30,000.00 KES per month Waiting for review"
    ) in text
    # Not a story: the worker's words beside their incident would narrow
    # down who they are, and confirm no amount.
    assert f"Story #{story.pk}" not in text
    assert (
        f"Incident #{earlier.pk} Outlier AI Kenya June 2026 Waiting for review" in text
    )
    assert f'href="/moderate/reports/{report.pk}/"' in page
    assert f'href="/moderate/stories/{story.pk}/"' not in page
    assert f'href="/moderate/incidents/{earlier.pk}/"' in page
    # Neither this incident itself nor another receipt's entry.
    assert f"Incident #{incident.pk} " not in text
    assert f"/moderate/reports/{stranger.pk}/" not in page
    receipt.refresh_from_db()
    assert receipt.code_hash
    assert receipt.code_hash not in page
    assert code not in page


def test_same_receipt_panel_is_gone_once_the_incident_is_decided(moderator_client):
    receipt, _code = Receipt.objects.issue()
    incident = make_incident(receipt=receipt, status=Status.REJECTED)
    report = make_report(receipt=receipt)

    response = moderator_client.get(f"/moderate/incidents/{incident.pk}/")

    assert response.status_code == 200
    assert "Same receipt" not in visible_text(response.content)
    assert f"/moderate/reports/{report.pk}/" not in response.content.decode()


def test_same_receipt_panel_says_when_there_is_nothing_else(moderator_client):
    incident = make_incident()

    response = moderator_client.get(f"/moderate/incidents/{incident.pk}/")

    assert "No other entry under this receipt." in visible_text(response.content)


def test_incident_review_speaks_to_the_moderator_not_the_worker(moderator_client):
    incident = make_incident()

    text = visible_text(
        moderator_client.get(f"/moderate/incidents/{incident.pk}/").content
    )

    for worker_label in (
        "What happened?",
        "What did you do?",
        "What happened since?",
        "Did the platform give a reason?",
        "When asked, did it show task IDs or evidence?",
        "(optional)",
    ):
        assert worker_label not in text
    for label in (
        "Kind of incident",
        "Amount owed 120.00 USD",
        "Hours covered 30.00",
        "What the worker did",
        "Outcome so far",
        "Reason given by the platform",
        "Task IDs or evidence shown when asked",
    ):
        assert label in text


def test_report_review_speaks_to_the_moderator_not_the_worker(moderator_client):
    report = make_report(advertised_pay_amount="3", payout_method="paypal")

    text = visible_text(moderator_client.get(f"/moderate/reports/{report.pk}/").content)

    assert "Your contract" not in text
    assert "when you signed up" not in text
    assert "How you are paid out" not in text
    assert "Contract Independent contractor" in text


def test_incident_review_query_count_does_not_grow_with_the_receipt(
    moderator_client,
):
    def queries_with(siblings):
        receipt, _code = Receipt.objects.issue()
        incident = make_incident(receipt=receipt)
        for number in range(siblings):
            make_report(receipt=receipt, pay_amount=f"{3 + number}.00")
            make_story(receipt=receipt)
            make_incident(receipt=receipt)
        with CaptureQueriesContext(connection) as queries:
            response = moderator_client.get(f"/moderate/incidents/{incident.pk}/")
        assert response.status_code == 200
        return len(queries)

    queries_with(0)  # the first request of a session reads more, once
    assert queries_with(1) == queries_with(3)
