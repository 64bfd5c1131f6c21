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
    # The dashboard's card of this kind, and what it counts: dashboard_counts()
    # is the card's context.
    dashboard_template: str
    dashboard_counts: Callable
    # The form a decision is posted with.
    decision_form: type = DecisionForm
    # Where the kind comes on the dashboard, smallest first.
    order: int = 0

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


_registered = {}


def register(kind):
    _registered[kind.name] = kind


def registered():
    return sorted(_registered.values(), key=lambda kind: kind.order)


def named(name):
    """The kind registered under `name`, or None."""
    return _registered.get(name)
