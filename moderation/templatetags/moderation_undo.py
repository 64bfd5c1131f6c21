"""The offer to undo the moderator's last decision, on every moderator page
for a few minutes after it (moderation.decisions.undo_decision)."""

from django import template

from moderation import kinds
from moderation.decisions import undo_deadline, undoable_by
from moderation.models import ModerationEvent

register = template.Library()


@register.simple_tag(takes_context=True)
def undo_offer(context):
    """The moderator's last event if they may still undo it, with its kind
    and deadline; None otherwise (too late, not a single decision, or the
    entry changed since: its version moved on or it was withdrawn)."""
    user = context["request"].user
    event = ModerationEvent.objects.filter(moderator=user).first()
    if event is None or not undoable_by(event, user):
        return None
    kind = kinds.of_model_name(event.item_type)
    if kind is None:
        return None
    entry = kind.model.objects.filter(pk=event.item_id).only("version").first()
    if entry is None or entry.version != event.version_after:
        return None
    return {"event": event, "kind": kind, "deadline": undo_deadline(event)}
