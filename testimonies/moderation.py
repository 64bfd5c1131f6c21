"""Moderating stories: publish an edited copy, or hand it to its author first.

Built on moderation.decisions.decide, so every decision is logged and a story
is never decided twice.
"""

import re

from django.utils import timezone

from core import pii
from moderation.decisions import decide
from moderation.models import Status
from testimonies import diff


def proposed_copy(story):
    """The text a moderator starts from: every finding replaced by [removed]."""

    def redacted(field):
        findings = [
            pii.Finding(f["kind"], f["start"], f["end"])
            for f in story.pii_findings
            if f.get("field", "text") == field
        ]
        return pii.redact(getattr(story, field), findings)

    return redacted("title"), redacted("text")


def approve_story(story, *, moderator, version, title, text, content_warnings):
    """Approve a story with the moderator's copy.

    When the author asked to see edits first and the copy differs from
    their words, the story waits for them (awaiting_author); otherwise it is
    published today. Effects: see moderation.decisions.decide.
    """
    edited = (title, text) != (story.title, story.text)
    waits = story.wants_to_review_edits and edited
    return decide(
        story,
        moderator=moderator,
        to_status=Status.AWAITING_AUTHOR if waits else Status.APPROVED,
        version=version,
        published_title=title,
        published_text=text,
        content_warnings=content_warnings,
        published_on=None if waits else timezone.localdate(),
    )


def reject_story(story, *, moderator, version, reason):
    return decide(
        story,
        moderator=moderator,
        to_status=Status.REJECTED,
        version=version,
        reason=reason,
        published_title="",
        published_text="",
        published_on=None,
    )


def accept_edits(story):
    """The author accepts the moderator's copy: it is published today."""
    return decide(
        story,
        moderator=None,
        to_status=Status.APPROVED,
        version=story.version,
        reason="edits accepted by the author",
        published_on=timezone.localdate(),
    )


def marked_changes(original, edited):
    """The edited copy as (kind, words) runs: kept, removed or added words."""
    before = re.findall(r"\S+|\s+", original)
    after = re.findall(r"\S+|\s+", edited)
    runs = []
    for operation, a_start, a_end, b_start, b_end in diff.opcodes(before, after):
        if operation == "equal":
            runs.append(("kept", "".join(before[a_start:a_end])))
            continue
        if a_end > a_start:
            runs.append(("removed", "".join(before[a_start:a_end])))
        if b_end > b_start:
            runs.append(("added", "".join(after[b_start:b_end])))
    return runs
