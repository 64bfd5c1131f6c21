"""How a moderator's decision is taken, so that it is logged and never
taken twice.

Every state change goes through `decide()`: a conditional UPDATE on the
entry's version, so that when two moderators decide the same entry at once,
the second finds it already decided and overwrites nothing.
"""

from datetime import datetime, timedelta

from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from moderation.models import Action, ModerationEvent, Status


class AlreadyDecided(Exception):
    """Someone decided this entry after the moderator opened it."""

    def __init__(self, current):
        super().__init__(f"{current} was decided meanwhile")
        self.current = current


def already_decided_message(request, current):
    """Tell the moderator that `current` (the entry as it is now, or None if
    deleted) was decided or withdrawn while they read it."""
    if current is None:
        messages.warning(request, _("This entry was deleted by its author meanwhile."))
        return
    messages.warning(
        request,
        _("%(who)s already decided this entry: %(status)s. Nothing was changed.")
        % {
            "who": current.decided_by or _("Its author"),
            "status": current.get_status_display(),
        },
    )


def decide(
    item, *, moderator, to_status, version, reason="", action=Action.DECISION, **fields
):
    """Move `item` to `to_status` unless it changed since `version` was read.

    Effects, in one transaction:
    - the entry gets the new status, who decided, when, why, any extra
      `fields`, and its version goes up by one;
    - a ModerationEvent records who, when, which entry, from, to, what
      kind of `action` (moderation.models.Action) and why.
    Raises AlreadyDecided, writing nothing, when the version moved on.
    """
    model = type(item)
    now = timezone.now()
    if moderator is None:
        now = author_moment()
    with transaction.atomic():
        changed = model.objects.filter(pk=item.pk, version=version).update(
            status=to_status,
            decided_by=moderator,
            decided_at=now,
            changed_on=timezone.localdate(),
            decision_reason=reason,
            version=F("version") + 1,
            **fields,
        )
        if not changed:
            current = (
                model.objects.select_related("decided_by").filter(pk=item.pk).first()
            )
            raise AlreadyDecided(current)
        event = ModerationEvent.objects.create(
            moderator=moderator,
            item_type=model._meta.model_name,
            item_id=item.pk,
            from_status=item.status,
            to_status=to_status,
            action=action,
            reason=reason,
            version_after=version + 1,
        )
        if moderator is None:
            # The author's answer is logged under its day, not its moment.
            start_of_day = now - timedelta(days=1)
            ModerationEvent.objects.filter(pk=event.pk).update(at=start_of_day)
    item.refresh_from_db()
    return item


def author_moment():
    """When an author's own answer (accepting a story's edits, a report's
    correction) is recorded as decided: the next local midnight. A worker's
    moment of activity could be matched with a platform's logs of who was
    online, so the day alone is kept (as for sending); and the next
    midnight rather than the last keeps a release made later that day from
    taking the entry for one its snapshot held."""
    today = timezone.localdate()
    return timezone.make_aware(
        datetime.combine(today + timedelta(days=1), datetime.min.time())
    )


# How long a moderator may take back their own decision: long enough to
# notice a slip on the next entry, short enough that nobody undoes a
# decision others already built on.
UNDO_MINUTES = 5


class NotUndoable(Exception):
    """An undo refused: the sentence that tells the moderator why."""


def undo_deadline(event):
    """Until when the moderator who took `event` may undo it."""
    return event.at + timedelta(minutes=UNDO_MINUTES)


def undoable_by(event, moderator, *, now=None):
    """Whether `moderator` may still offer to undo `event` (not checking the
    entry: undo_decision does, under its lock)."""
    now = now or timezone.now()
    return (
        event.action == Action.DECISION
        and event.moderator_id == moderator.pk
        and now <= undo_deadline(event)
    )


def undo_decision(event, *, moderator, model, now=None):
    """Put the entry of `event` (a `model`) back in the status it had before.

    Only the moderator who took the decision, within UNDO_MINUTES,
    and only while the entry is still as the decision left it (its version
    is the event's version_after: no other decision, no change or
    withdrawal by its author since). Bulk approvals and other actions are
    not undone here: each has its own way back (revoke, a new decision).
    Effects, through decide(), in one transaction:
    - the entry's status is the event's from_status again, its version goes
      up, and it records this moderator and the undo as its last decision;
    - a ModerationEvent with action UNDO names the event undone.
    Raises NotUndoable, changing nothing, with the reason in words.
    """
    if not undoable_by(event, moderator, now=now):
        if event.moderator_id != moderator.pk or event.action != Action.DECISION:
            raise NotUndoable(_("Only your own last decisions can be undone."))
        raise NotUndoable(
            _("Too late to undo: a decision can be undone for %(minutes)s minutes.")
            % {"minutes": UNDO_MINUTES}
        )
    entry = model.objects.filter(pk=event.item_id).first()
    if entry is None or entry.version != event.version_after:
        raise NotUndoable(
            _("This entry changed since your decision, so it was not undone.")
        )
    try:
        return decide(
            entry,
            moderator=moderator,
            to_status=event.from_status,
            version=event.version_after,
            reason=f"undoes event #{event.pk}",
            action=Action.UNDO,
        )
    except AlreadyDecided as conflict:
        raise NotUndoable(
            _("This entry changed since your decision, so it was not undone.")
        ) from conflict


def revoke_approval(entry, *, moderator, version, reason):
    """Take an approved entry out of everything public, with a reason.

    It becomes REJECTED rather than PENDING: revoking is a considered
    judgement with its reason, and a pending entry would be back in the
    queue where an "approve all unflagged" could publish it again unread.
    It leaves the public pages at once (they show approved entries only)
    and the published figures at the next release (a release counts the
    entries approved at its snapshot: Counted.counted_at); the figures
    already released do not move before then.
    Effects, through decide(), in one transaction: status REJECTED with the
    reason, version up, a ModerationEvent with action REVOKE.
    Raises NotApproved when the entry is not approved, AlreadyDecided when
    someone changed it since `version`.
    """
    if entry.status != Status.APPROVED:
        raise NotApproved
    return decide(
        entry,
        moderator=moderator,
        to_status=Status.REJECTED,
        version=version,
        reason=reason,
        action=Action.REVOKE,
    )


class NotApproved(Exception):
    """Only an approved entry's approval can be revoked."""
