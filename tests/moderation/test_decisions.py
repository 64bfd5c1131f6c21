"""moderation.decisions: what a decision writes on its entry and in the log,
what a stale decision tells the moderator, and the edges of undo."""

import html
import re
from datetime import datetime, time, timedelta

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from moderation import decisions
from moderation.decisions import (
    NotUndoable,
    already_decided_message,
    undo_deadline,
    undo_decision,
)
from moderation.models import Action, ModerationEvent, Status
from surveys.models import Report
from surveys.moderation import decline_correction
from testimonies.moderation import accept_edits
from tests.conftest import make_moderator, verified_client
from tests.helpers import days_ago, make_report, make_story

pytestmark = pytest.mark.django_db


def alerts(response):
    """The messages shown at the top of the page, each in full."""
    return [
        html.unescape(text)
        for text in re.findall(r'role="status">(.*?)</div>', response.content.decode())
    ]


def post_decision(client, report, version, **fields):
    return client.post(
        f"/moderate/reports/{report.pk}/decide/",
        {"version": version, **fields},
    )


def test_an_approval_is_recorded_on_the_entry_and_in_the_log(
    moderator_client, moderator
):
    report = make_report()
    Report.objects.filter(pk=report.pk).update(changed_on=days_ago(100))

    post_decision(moderator_client, report, report.version, action="approve")

    report.refresh_from_db()
    event = ModerationEvent.objects.get()
    assert (
        report.status,
        report.decided_by,
        report.decision_reason,
        report.version,
        report.changed_on,
    ) == (Status.APPROVED, moderator, "", 1, timezone.localdate())
    assert (
        event.moderator,
        event.action,
        event.from_status,
        event.to_status,
        event.reason,
        event.version_after,
    ) == (moderator, Action.DECISION, Status.PENDING, Status.APPROVED, "", 1)


def test_retention_of_a_rejected_entry_counts_from_its_rejection(moderator_client):
    # Sent 100 days ago, read only today: rejected entries are kept 30 days
    # from their rejection, so it stays.
    report = make_report()
    Report.objects.filter(pk=report.pk).update(
        submitted_on=days_ago(100), changed_on=days_ago(100)
    )

    post_decision(
        moderator_client, report, report.version, action="reject", reason_code="spam"
    )
    call_command("apply_retention")

    assert Report.objects.get(pk=report.pk).status == Status.REJECTED


@pytest.mark.parametrize(
    ("decided_first", "expected"),
    [
        (
            "another moderator",
            "juan already decided this entry: Rejected. Nothing was changed.",
        ),
        (
            "its author",
            "Its author already decided this entry: Waiting for review. "
            "Nothing was changed.",
        ),
    ],
)
def test_a_stale_decision_overwrites_nothing_and_says_who_decided(
    moderator_client, decided_first, expected
):
    report = make_report(status=Status.AWAITING_AUTHOR)
    read_version = report.version
    if decided_first == "another moderator":
        juan = verified_client(make_moderator("juan"))
        post_decision(juan, report, read_version, action="reject", reason_code="spam")
    else:
        decline_correction(report, version=read_version)
    before = Report.objects.filter(pk=report.pk).values().get()

    response = post_decision(moderator_client, report, read_version, action="approve")

    assert response.status_code == 409
    assert alerts(response) == [expected]
    assert Report.objects.filter(pk=report.pk).values().get() == before
    assert ModerationEvent.objects.count() == 1


def test_an_entry_deleted_meanwhile_is_said_so():
    # Reached when the author withdraws the entry between the moderator's
    # request loading it and the decision being written.
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)

    already_decided_message(request, None)

    assert [str(message) for message in request._messages] == [
        "This entry was deleted by its author meanwhile."
    ]


def test_an_authors_answer_is_logged_under_its_day_not_its_moment():
    story = make_story(
        status=Status.AWAITING_AUTHOR,
        wants_to_review_edits=True,
        published_text="An edited copy.",
    )

    accept_edits(story)

    event = ModerationEvent.objects.get()
    today = timezone.localdate()
    assert timezone.localtime(event.at) == timezone.make_aware(
        datetime.combine(today, time(0))
    )
    assert event.moderator is None
    story.refresh_from_db()
    assert timezone.localtime(story.decided_at) == timezone.make_aware(
        datetime.combine(today + timedelta(days=1), time(0))
    )


def approved_by(client):
    report = make_report()
    post_decision(client, report, report.version, action="approve")
    return report, ModerationEvent.objects.get()


def test_undo_is_allowed_up_to_its_deadline_and_not_after(moderator_client, moderator):
    report, decision = approved_by(moderator_client)
    deadline = undo_deadline(decision)

    with pytest.raises(NotUndoable) as refused:
        undo_decision(
            decision,
            moderator=moderator,
            model=Report,
            now=deadline + timedelta(microseconds=1),
        )
    assert Report.objects.get(pk=report.pk).status == Status.APPROVED
    undone = undo_decision(decision, moderator=moderator, model=Report, now=deadline)

    assert str(refused.value) == (
        "Too late to undo: a decision can be undone for 5 minutes."
    )
    assert undone.status == Status.PENDING


def test_undo_racing_another_decision_is_refused_and_changes_nothing(
    moderator_client, moderator, monkeypatch
):
    report, decision = approved_by(moderator_client)
    juan = make_moderator("juan")
    real_decide = decisions.decide

    def juan_decides_first(entry, **undo):
        # Juan's rejection lands after the undo read the entry, before it
        # writes.
        real_decide(
            Report.objects.get(pk=entry.pk),
            moderator=juan,
            to_status=Status.REJECTED,
            version=entry.version,
            reason="spam",
        )
        return real_decide(entry, **undo)

    monkeypatch.setattr(decisions, "decide", juan_decides_first)

    with pytest.raises(NotUndoable) as refused:
        undo_decision(decision, moderator=moderator, model=Report)

    assert str(refused.value) == (
        "This entry changed since your decision, so it was not undone."
    )
    assert Report.objects.get(pk=report.pk).status == Status.REJECTED
    assert not ModerationEvent.objects.filter(action=Action.UNDO).exists()
