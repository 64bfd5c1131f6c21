"""How a moderator's decision is taken, so that it is logged and never
taken twice.

Every state change goes through `decide()`: a conditional UPDATE on the
entry's version, so that when two moderators decide the same entry at once,
the second finds it already decided and overwrites nothing.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from moderation.models import Action, ModerationEvent


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
        ModerationEvent.objects.create(
            moderator=moderator,
            item_type=model._meta.model_name,
            item_id=item.pk,
            from_status=item.status,
            to_status=to_status,
            action=action,
            reason=reason,
        )
    item.refresh_from_db()
    return item
