"""The kinds of entry moderators review, as their apps register them.

The moderation app names no kind: each app says, in its AppConfig.ready(),
how one of its entries is shown for review, how a decision on it is
recorded, and what the dashboard counts of its queue. The one decide view
and the dashboard (moderation.views) serve every registered kind in turn;
a new kind of entry registers itself and nothing here changes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q

from moderation.forms import DecisionForm
from moderation.models import ModerationEvent


@dataclass(frozen=True)
class ModeratedKind:
    # The kind's segment of its /moderate/ URLs: "reports", "stories".
    name: str
    # A model built on moderation.models.Moderated.
    model: type
    # The queue's name in the moderators' navigation (translatable).
    label: str
    # The review page: review_page(request, entry, form=None, status=200).
    review_page: Callable
    # Records the decision a valid form holds and returns the sentence that
    # tells the moderator so: decide(entry, form, moderator=user). Raises
    # moderation.decisions.AlreadyDecided when someone decided first.
    decide: Callable
    # The URL names of the kind's queue and review page (pk as argument).
    queue_url: str
    review_url: str
    # The dashboard's card of this kind, and what it counts:
    # dashboard_counts(since) is the card's context, where `since` is the
    # moment of the current release's snapshot (None before the first);
    # a kind the releases count says under "waiting_for_release" how many
    # entries were approved since.
    dashboard_template: str
    dashboard_counts: Callable
    # The form a decision is posted with.
    decision_form: type = DecisionForm
    # Where the kind comes on the dashboard, smallest first.
    order: int = 0

    @property
    def entry_name(self):
        """One entry of the kind as a sentence names it: "report", "story"."""
        return self.model._meta.verbose_name

    def next_pending(self, after):
        """The oldest pending entry other than `after`: the moderator's next."""
        return (
            self.model.objects.pending()
            .exclude(pk=after.pk)
            .order_by("submitted_on", "pk")
            .first()
        )

    def neighbours(self, entry):
        """The pending entries just before and after `entry` in the queue's
        order (oldest first), either None: the review page's previous and
        next, for moving through the queue without going back to it."""
        pending = self.model.objects.pending().exclude(pk=entry.pk)
        later = Q(submitted_on__gt=entry.submitted_on) | Q(
            submitted_on=entry.submitted_on, pk__gt=entry.pk
        )
        return (
            pending.exclude(later).order_by("-submitted_on", "-pk").first(),
            pending.filter(later).order_by("submitted_on", "pk").first(),
        )

    def overview(self, *, moderator, today, counts):
        """The dashboard's line for this kind: how long the oldest pending
        entry has waited (days, None when none waits), the decisions taken
        on it today by all and by `moderator`, and how many approved entries
        wait for the next release (None for a kind releases do not count)."""
        oldest = self.oldest_pending()
        today_events = (
            ModerationEvent.objects.decisions()
            .on_day(today)
            .filter(item_type=self.model._meta.model_name)
        )
        return {
            "kind": self,
            "oldest": oldest,
            "oldest_days": (today - oldest.submitted_on).days if oldest else None,
            "decided_today": today_events.count(),
            "decided_today_by_me": today_events.filter(moderator=moderator).count(),
            "waiting_for_release": counts.get("waiting_for_release"),
        }

    def oldest_pending(self):
        """The entry that has waited longest for a moderator, or None."""
        return self.model.objects.pending().order_by("submitted_on", "pk").first()


_registered = {}
# Stats registers the moment of the current release's snapshot here (the
# moderation app must not import stats): a callable, None until it does.
_release_moment = None


def register_release_moment(moment):
    """Called from stats' AppConfig.ready() with a callable returning the
    current release's snapshot moment (or None)."""
    global _release_moment
    _release_moment = moment


def release_moment():
    """The current release's snapshot moment, or None (no release yet)."""
    return _release_moment() if _release_moment else None


def of_model_name(model_name):
    """The kind whose model is named `model_name` (an event's item_type), or None."""
    for kind in _registered.values():
        if kind.model._meta.model_name == model_name:
            return kind
    return None


def register(kind):
    _registered[kind.name] = kind


def registered():
    return sorted(_registered.values(), key=lambda kind: kind.order)


def named(name):
    """The kind registered under `name`, or None."""
    return _registered.get(name)
