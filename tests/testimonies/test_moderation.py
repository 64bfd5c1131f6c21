"""Moderating stories: redaction, the author's sign-off, publication."""

import html
import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils.formats import date_format

from moderation.models import ModerationEvent, Status
from receipts.models import Receipt
from testimonies.models import Testimony
from tests.conftest import make_moderator, verified_client
from tests.helpers import STORY_TEXT, make_story, story_form_data, visible_text

pytestmark = pytest.mark.django_db

WITH_PHONE = STORY_TEXT + " Call me on +254 712 345 678 if you want to know more."


def submit(client, **fields):
    """Send a story as a worker does; return it and the receipt code shown."""
    response = client.post("/stories/new/", story_form_data(**fields))
    code = re.search(
        r"GT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", response.content.decode()
    )
    story = Testimony.objects.latest("pk")
    story.code = code.group()
    return story


def approve(client, story, **data):
    fields = {
        "action": "approve",
        "version": story.version,
        "published_title": "",
        "published_text": story.text,
        "content_warnings": [],
    }
    fields.update(data)
    return client.post(f"/moderate/stories/{story.pk}/decide/", fields)


def test_review_page_highlights_findings_and_proposes_a_redacted_copy(
    client, moderator_client
):
    story = submit(client, text=WITH_PHONE)

    response = moderator_client.get(f"/moderate/stories/{story.pk}/")

    content = response.content.decode()
    assert '<mark class="pii">+254 712 345 678</mark>' in content
    assert "Contains a phone number" in visible_text(response.content)
    proposed = response.context["form"].initial["published_text"]
    assert proposed == STORY_TEXT + " Call me on [removed] if you want to know more."
    assert story.receipt.code_hash not in content


def test_edited_copy_waits_for_the_author_then_publishes(client, moderator_client):
    story = submit(client, text=WITH_PHONE, wants_to_review_edits="on")
    edited = STORY_TEXT + " Call me on [removed] if you want to know more."

    approve(
        moderator_client, story, published_text=edited, content_warnings=["violence"]
    )

    story.refresh_from_db()
    assert story.status == Status.AWAITING_AUTHOR
    assert story.content_warnings == ["violence"]
    assert client.get(f"/stories/{story.pk}/").status_code == 404

    code = story.code
    entries = client.post("/receipt/", {"code": code}, follow=True)
    assert "<del>+254 712 345 678</del>" in entries.content.decode()
    assert "<ins>[removed]</ins>" in entries.content.decode()

    accepted = client.post(
        f"/receipt/stories/{story.pk}/accept/", {"code": code}, follow=True
    )

    assert "Your story is published." in visible_text(accepted.content)
    story.refresh_from_db()
    assert story.status == Status.APPROVED
    public = client.get(f"/stories/{story.pk}/").content.decode()
    assert "[removed]" in public
    assert "712 345 678" not in public
    events = list(
        ModerationEvent.objects.order_by("pk").values_list("to_status", "moderator")
    )
    assert [status for status, _who in events] == ["awaiting_author", "approved"]
    assert events[1][1] is None


def test_author_who_did_not_ask_to_review_is_published_at_once(
    client, moderator_client
):
    story = submit(client, text=WITH_PHONE, wants_to_review_edits="")

    approve(
        moderator_client,
        story,
        published_text="A shorter, safe copy of the story for everyone.",
    )

    story.refresh_from_db()
    assert story.status == Status.APPROVED
    assert client.get(f"/stories/{story.pk}/").status_code == 200


def test_unchanged_copy_needs_no_sign_off(client, moderator_client):
    story = submit(client, wants_to_review_edits="on")

    approve(moderator_client, story)

    story.refresh_from_db()
    assert story.status == Status.APPROVED
    assert story.published_on is not None


def test_rejected_story_is_never_public(client, moderator_client):
    story = submit(client)

    response = moderator_client.post(
        f"/moderate/stories/{story.pk}/decide/",
        {"action": "reject", "version": story.version, "reason_code": "off_topic"},
    )

    story.refresh_from_db()
    assert response.status_code == 302
    assert story.status == Status.REJECTED
    assert client.get(f"/stories/{story.pk}/").status_code == 404


def test_approval_needs_a_published_text(client, moderator_client):
    story = submit(client)

    response = approve(moderator_client, story, published_text="   ")

    assert response.status_code == 400
    assert "An approved story needs a published text." in visible_text(response.content)


def test_second_moderator_is_told_and_overwrites_nothing(
    client, moderator_client, moderator
):
    story = submit(client)
    juan = verified_client(make_moderator(name="juan"))

    approve(moderator_client, story, published_text=story.text)
    response = juan.post(
        f"/moderate/stories/{story.pk}/decide/",
        {"action": "reject", "version": 0, "reason_code": "spam"},
    )

    assert response.status_code == 409
    story.refresh_from_db()
    assert story.status == Status.APPROVED
    assert ModerationEvent.objects.count() == 1


def test_accept_needs_the_right_code_and_a_waiting_story(client):
    story = submit(client)
    _other, other_code = Receipt.objects.issue()

    wrong_code = client.post(
        f"/receipt/stories/{story.pk}/accept/", {"code": other_code}
    )
    not_waiting = client.post(
        f"/receipt/stories/{story.pk}/accept/", {"code": story.code}
    )

    assert (wrong_code.status_code, not_waiting.status_code) == (404, 404)
    story.refresh_from_db()
    assert story.status == Status.PENDING


def test_story_queue_and_flag_filter(client, moderator_client):
    plain = submit(client)
    with_phone = submit(client, text=WITH_PHONE)

    everything = moderator_client.get("/moderate/stories/")
    flagged = moderator_client.get("/moderate/stories/?flag=personal_data")

    assert list(everything.context["page"]) == [plain, with_phone]
    assert list(flagged.context["page"]) == [with_phone]


def test_unknown_story_is_404_and_decide_refuses_get(moderator_client):
    story = make_story()

    assert moderator_client.get("/moderate/stories/999999/").status_code == 404
    assert (
        moderator_client.get(f"/moderate/stories/{story.pk}/decide/").status_code == 405
    )


def test_retention_deletes_old_rejected_stories(capsys):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    story = make_story(
        status=Status.REJECTED, decided_at=timezone.now() - timedelta(days=40)
    )
    # Decided 40 days ago: its last activity.
    Testimony.objects.filter(pk=story.pk).update(
        changed_on=timezone.localdate() - timedelta(days=40)
    )
    kept = make_story(status=Status.APPROVED)

    call_command("apply_retention")

    assert list(Testimony.objects.all()) == [kept]
    assert "1 stories" in capsys.readouterr().out
    assert not Receipt.objects.filter(pk=story.receipt_id).exists()


def days_since_last_change(story, days):
    Testimony.objects.filter(pk=story.pk).update(
        changed_on=date.today() - timedelta(days=days)
    )


def test_story_its_author_never_accepted_is_deleted_after_the_limit(
    client, moderator_client, settings
):
    settings.RETENTION_AWAITING_AUTHOR_DAYS = 60
    edited = STORY_TEXT + " Call me on [removed] if you want to know more."
    waiting = submit(client, text=WITH_PHONE, wants_to_review_edits="on")
    recent = submit(client, text=WITH_PHONE, wants_to_review_edits="on")
    for story in (waiting, recent):
        approve(moderator_client, story, published_text=edited)
    days_since_last_change(waiting, 61)
    days_since_last_change(recent, 60)

    call_command("apply_retention")

    assert list(Testimony.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Receipt.objects.filter(pk=waiting.receipt_id).exists()


def test_receipt_page_tells_the_author_when_a_waiting_story_goes(
    client, moderator_client, settings
):
    settings.RETENTION_AWAITING_AUTHOR_DAYS = 60
    story = submit(client, text=WITH_PHONE, wants_to_review_edits="on")
    approve(moderator_client, story, published_text=STORY_TEXT)

    entries = client.post("/receipt/", {"code": story.code}, follow=True)

    deadline = date_format(date.today() + timedelta(days=60))
    assert (
        f"Accept this copy by {deadline}, or the story will be deleted."
        in visible_text(entries.content)
    )


def test_original_words_give_way_to_the_published_copy_after_the_limit(
    client, moderator_client, settings
):
    settings.RETENTION_ORIGINALS_DAYS = 30
    copy = STORY_TEXT + " Call me on [removed] if you want to know more."
    old = submit(client, text=WITH_PHONE, title="Call +254 712 345 678")
    recent = submit(client, text=WITH_PHONE, wants_to_review_edits="")
    pending = submit(client, text=WITH_PHONE)
    for story in (old, recent):
        approve(moderator_client, story, published_title="Calls", published_text=copy)
    Testimony.objects.filter(pk=old.pk).update(
        published_on=date.today() - timedelta(days=31)
    )
    Testimony.objects.filter(pk__in=[recent.pk, pending.pk]).update(
        published_on=date.today() - timedelta(days=30)
    )

    call_command("apply_retention")

    old.refresh_from_db()
    assert (old.title, old.text, old.pii_findings) == ("Calls", copy, [])
    assert old.published_text == copy
    assert old.status == Status.APPROVED
    for story in (recent, pending):
        story.refresh_from_db()
        assert story.text == WITH_PHONE
        assert story.pii_findings
    entries = client.post("/receipt/", {"code": old.code}).content.decode()
    assert "712 345 678" not in entries


def rendered_textarea(response, name):
    """The text a page's textarea holds, as a browser would send it."""
    match = re.search(
        rf'<textarea[^>]*name="{name}"[^>]*>\n?(.*?)</textarea>',
        response.content.decode(),
        re.DOTALL,
    )
    assert match, f"no textarea {name!r} in the page"
    return html.unescape(match.group(1))


def test_review_page_marks_a_possible_name_and_leaves_it_for_the_moderator(
    client, moderator_client
):
    story = submit(
        client,
        text=STORY_TEXT + " Our lead John Kamau said: call +254 712 345 678.",
    )

    response = moderator_client.get(f"/moderate/stories/{story.pk}/")

    content = response.content.decode()
    assert re.search(r'<mark class="pii pii-name"[^>]*>John Kamau</mark>', content)
    assert '<mark class="pii">+254 712 345 678</mark>' in content
    shown = visible_text(response.content)
    assert "May contain a person's name" in shown
    assert "Contains a phone number" in shown
    proposed = rendered_textarea(response, "published_text")
    assert proposed == STORY_TEXT + " Our lead John Kamau said: call [removed]."


def test_moderator_removes_a_possible_name_by_editing_the_copy(
    client, moderator_client
):
    story = submit(client, text=STORY_TEXT + " Ask Mary Wanjiku Njeri, our lead.")
    page = moderator_client.get(f"/moderate/stories/{story.pk}/")
    assert "May contain a person's name" in visible_text(page.content)
    proposed = rendered_textarea(page, "published_text")
    assert "Mary Wanjiku Njeri" in proposed

    approve(
        moderator_client,
        story,
        published_text=proposed.replace("Mary Wanjiku Njeri", "[removed]"),
    )

    story.refresh_from_db()
    assert story.published_text == STORY_TEXT + " Ask [removed], our lead."
