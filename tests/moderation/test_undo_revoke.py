"""Undo a decision for a few minutes after it, and revoke an approval."""

from datetime import timedelta

import pytest
from django.utils import timezone

from moderation.models import Action, ModerationEvent, Status
from surveys.forms import ReportForm
from surveys.models import Platform, Report
from testimonies.models import Testimony
from tests.conftest import make_moderator, verified_client
from tests.helpers import (
    make_incident,
    make_report,
    make_story,
    published_cell,
    release,
    report_form_data,
    visible_text,
)
from tests.moderation.test_decisions import alerts
from tests.stats.test_publication import approved, elsewhere

pytestmark = pytest.mark.django_db


def approve(client, report):
    return client.post(
        f"/moderate/reports/{report.pk}/decide/",
        {"version": report.version, "action": "approve"},
    )


def last_event():
    return ModerationEvent.objects.first()


def test_undo_in_time_puts_the_entry_back_and_logs_it(moderator_client, moderator):
    report = make_report()
    approve(moderator_client, report)
    decision = last_event()

    response = moderator_client.post(f"/moderate/undo/{decision.pk}/")

    report.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/moderate/reports/{report.pk}/"
    assert report.status == Status.PENDING
    assert report.version == 2
    undo = last_event()
    assert (undo.action, undo.moderator, undo.from_status, undo.to_status) == (
        Action.UNDO,
        moderator,
        Status.APPROVED,
        Status.PENDING,
    )
    assert undo.reason == f"undoes event #{decision.pk}"


def test_the_next_page_offers_undo_after_a_decision(moderator_client):
    report = make_report()
    following = make_report()

    response = moderator_client.post(
        f"/moderate/reports/{report.pk}/decide/",
        {"version": report.version, "action": "approve"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"/moderate/reports/{following.pk}/"
    page = response.content.decode()
    assert f'action="/moderate/undo/{last_event().pk}/"' in page
    assert f"Your last decision, on report #{report.pk}, can be undone" in (
        visible_text(response.content)
    )


def test_undo_too_late_is_refused_and_changes_nothing(moderator_client):
    from moderation.decisions import UNDO_MINUTES

    report = make_report()
    approve(moderator_client, report)
    decision = last_event()
    ModerationEvent.objects.filter(pk=decision.pk).update(
        at=timezone.now() - timedelta(minutes=UNDO_MINUTES, seconds=1)
    )

    response = moderator_client.post(f"/moderate/undo/{decision.pk}/", follow=True)

    report.refresh_from_db()
    assert report.status == Status.APPROVED
    assert ModerationEvent.objects.count() == 1
    assert (
        f"Too late to undo: a decision can be undone for {UNDO_MINUTES} minutes."
        in alerts(response)
    )
    assert "/moderate/undo/" not in response.content.decode()


def test_undo_of_another_moderators_decision_is_refused(moderator_client):
    report = make_report()
    approve(moderator_client, report)
    decision = last_event()
    other = verified_client(make_moderator("juan"))

    response = other.post(f"/moderate/undo/{decision.pk}/", follow=True)

    report.refresh_from_db()
    assert report.status == Status.APPROVED
    assert ModerationEvent.objects.count() == 1
    assert "Only your own last decisions can be undone." in alerts(response)


def test_undo_after_the_author_changed_the_entry_is_refused(moderator_client):
    report = make_report()
    approve(moderator_client, report)
    decision = last_event()
    # The author edits it under their receipt code: back to review.
    edit = ReportForm(
        data=report_form_data(pay_amount="9"), instance=Report.objects.get(pk=report.pk)
    )
    assert edit.is_valid()
    edit.save()

    response = moderator_client.post(f"/moderate/undo/{decision.pk}/", follow=True)

    report.refresh_from_db()
    assert report.status == Status.PENDING
    assert report.pay_amount == 9
    assert ModerationEvent.objects.count() == 1
    assert "This entry changed since your decision, so it was not undone." in (
        alerts(response)
    )


def test_undo_after_another_decision_is_refused(moderator_client):
    report = make_report()
    approve(moderator_client, report)
    decision = last_event()
    other = verified_client(make_moderator("juan"))
    report.refresh_from_db()
    other.post(
        f"/moderate/reports/{report.pk}/decide/",
        {
            "version": report.version,
            "action": "reject",
            "reason_code": "spam",
        },
    )

    moderator_client.post(f"/moderate/undo/{decision.pk}/")

    report.refresh_from_db()
    assert report.status == Status.REJECTED
    assert ModerationEvent.objects.filter(action=Action.UNDO).count() == 0


def test_undo_of_a_withdrawn_entry_goes_to_the_queue(moderator_client):
    report = make_report()
    approve(moderator_client, report)
    decision = last_event()
    Report.objects.filter(pk=report.pk).delete()

    response = moderator_client.post(f"/moderate/undo/{decision.pk}/")

    assert response["Location"] == "/moderate/reports/"
    assert ModerationEvent.objects.count() == 1


def test_undo_is_post_only_for_moderators_and_404_for_unknown(client, moderator_client):
    report = make_report()
    approve(moderator_client, report)
    decision = last_event()

    assert moderator_client.get(f"/moderate/undo/{decision.pk}/").status_code == 405
    assert client.post(f"/moderate/undo/{decision.pk}/").status_code == 302
    assert moderator_client.post("/moderate/undo/999999/").status_code == 404
    assert Report.objects.get(pk=report.pk).status == Status.APPROVED


def revoke(client, kind, entry, reason="Figures copied from another report."):
    return client.post(
        f"/moderate/{kind}/{entry.pk}/revoke/",
        {"version": entry.version, "reason": reason},
    )


def test_review_page_of_an_approved_entry_offers_revoke(moderator_client):
    approved = make_report(status=Status.APPROVED)
    pending = make_report()

    shown = moderator_client.get(f"/moderate/reports/{approved.pk}/").content.decode()
    hidden = moderator_client.get(f"/moderate/reports/{pending.pk}/").content.decode()

    assert f'action="/moderate/reports/{approved.pk}/revoke/"' in shown
    assert "/revoke/" not in hidden


def test_revoke_needs_a_reason_and_keeps_the_page(moderator_client):
    report = make_report(status=Status.APPROVED)

    response = revoke(moderator_client, "reports", report, reason="   ")

    assert response.status_code == 400
    assert "Say why the approval is revoked." in visible_text(response.content)
    assert Report.objects.get(pk=report.pk).status == Status.APPROVED
    assert ModerationEvent.objects.count() == 0


def test_revoke_of_a_stale_page_overwrites_nothing(moderator_client):
    report = make_report(status=Status.APPROVED)
    stale_version = report.version
    Report.objects.filter(pk=report.pk).update(version=stale_version + 1)

    response = revoke(moderator_client, "reports", report)

    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).status == Status.APPROVED
    assert ModerationEvent.objects.count() == 0


def test_revoke_of_a_pending_entry_is_refused(moderator_client):
    report = make_report()

    revoke(moderator_client, "reports", report)

    assert Report.objects.get(pk=report.pk).status == Status.PENDING
    assert ModerationEvent.objects.count() == 0


def test_revoked_report_is_out_of_the_next_release(moderator_client, settings):
    settings.K_ANONYMITY = 5
    toloka = str(Platform.objects.get(slug="toloka").pk)
    elsewhere()
    # Ten reports on Outlier AI in Uganda, a cell of its own beside others.
    uganda = approved(10, start=0, country="UG")
    approved(8, start=20, country="UG", platform=toloka)
    approved(8, start=40, country="KE")
    release()
    assert published_cell(platform="outlier-ai", country="UG") is not None

    response = revoke(moderator_client, "reports", uganda[0])
    for other in uganda[1:6]:
        revoke(moderator_client, "reports", other)

    assert response["Location"] == f"/moderate/reports/{uganda[0].pk}/"
    event = ModerationEvent.objects.filter(item_id=uganda[0].pk).get()
    assert (event.action, event.from_status, event.to_status, event.reason) == (
        Action.REVOKE,
        Status.APPROVED,
        Status.REJECTED,
        "Figures copied from another report.",
    )
    approved(5, start=60, country="PH", platform=toloka)
    second = release()
    counted = Report.objects.counted_at(second.snapshot_at)
    assert not counted.filter(pk__in=[entry.pk for entry in uganda[:6]]).exists()
    assert counted.filter(pk__in=[entry.pk for entry in uganda[6:]]).count() == 4
    # The four left are fewer than k: the cell is no longer published.
    assert published_cell(platform="outlier-ai", country="UG") is None


def test_revoked_story_leaves_the_public_list_at_once(client, moderator_client):
    story = make_story(published=True, published_title="Night shifts")
    assert "Night shifts" in client.get("/stories/").content.decode()

    revoke(moderator_client, "stories", story)

    assert Testimony.objects.get(pk=story.pk).status == Status.REJECTED
    assert "Night shifts" not in client.get("/stories/").content.decode()
    assert client.get(f"/stories/{story.pk}/").status_code == 404


def test_revoked_incident_is_logged(moderator_client, moderator):
    incident = make_incident(status=Status.APPROVED)

    revoke(moderator_client, "incidents", incident)

    incident.refresh_from_db()
    assert (incident.status, incident.decided_by) == (Status.REJECTED, moderator)
    assert (last_event().action, last_event().moderator) == (Action.REVOKE, moderator)


def test_revoke_from_the_admin_goes_through_the_same_function(moderator):
    moderator.is_staff = True
    moderator.save()
    client = verified_client(moderator)
    report = make_report(status=Status.APPROVED)
    changelist = "/admin/surveys/report/"
    chosen = {"action": "revoke_approvals", "_selected_action": [report.pk]}

    asked = client.post(changelist, chosen)
    done = client.post(changelist, {**chosen, "reason": "A unit slip."})

    assert asked.status_code == 200
    assert "Why is the approval revoked?" in visible_text(asked.content)
    assert done.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.decision_reason) == (Status.REJECTED, "A unit slip.")
    assert last_event().action == Action.REVOKE


def test_the_admin_lists_approved_reports_but_never_opens_one(moderator):
    moderator.is_staff = True
    moderator.save()
    client = verified_client(moderator)
    report = make_report(status=Status.APPROVED, project_codename="Tiger Bravo")

    listed = client.get("/admin/surveys/report/")
    opened = client.get(f"/admin/surveys/report/{report.pk}/change/")
    history = client.get(f"/admin/surveys/report/{report.pk}/history/")

    assert listed.status_code == 200
    assert f"/admin/surveys/report/{report.pk}/" not in listed.content.decode()
    # A report's own page would show its receipt (linking the worker's
    # entries) and every answer in words.
    assert opened.status_code in (302, 403, 404)
    assert history.status_code in (302, 403, 404)
    for response in (opened, history):
        assert b"Tiger Bravo" not in response.content
        assert f"receipt {report.receipt_id}".encode() not in response.content
