"""What every moderated entry carries, and what moderation itself keeps:
the audit log of decisions and the moderators' accounts. The two tables
keep the names they had in surveys, where they were first made."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    # A story whose author asked to see the moderator's edits first.
    AWAITING_AUTHOR = "awaiting_author", _("Waiting for your approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RejectionReason(models.TextChoices):
    SPAM = "spam", _("Spam or automated")
    DUPLICATE = "duplicate", _("Duplicate")
    IMPLAUSIBLE = "implausible", _("Figures not plausible")
    OFF_TOPIC = "off_topic", _("Not about AI data work")
    IDENTIFYING = "identifying", _("Cannot be published without identifying someone")
    OTHER = "other", _("Other reason")


class Moderated(models.Model):
    """What every entry a moderator decides on carries.

    `version` grows with each decision, so that two moderators deciding the
    same entry at once cannot overwrite each other (see moderation.decisions).
    """

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING
    )
    # The day only, never the time: a timestamp could be matched with a
    # platform's own logs of who was online.
    submitted_on = models.DateField(auto_now_add=True)
    # The day of the last activity (sent, changed by its author, decided):
    # retention counts from it, so an entry updated lately is kept.
    changed_on = models.DateField(auto_now=True)
    version = models.PositiveIntegerField(default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    def send_back_to_review(self):
        """Pending again, after a change by its author: a moderator reads it
        again before it counts or is shown anywhere. Unsaved: the caller
        saves it with the change.

        The version of a saved entry goes up too, so that a moderator's
        form or undo read before the change overwrites nothing
        (moderation.decisions); a new entry starts at 0."""
        self.status = Status.PENDING
        if self.pk is not None:
            self.version += 1


class ModeratedQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Status.PENDING)

    def approved(self):
        return self.filter(status=Status.APPROVED)

    def past_retention(self, *, rejected_before, pending_before, awaiting_before):
        """Rejected entries, pending ones, and ones waiting for their author,
        whose last activity (sent, changed or decided) came before these
        dates."""
        return self.filter(
            Q(status=Status.REJECTED, changed_on__lt=rejected_before)
            | Q(status=Status.PENDING, changed_on__lt=pending_before)
            | Q(status=Status.AWAITING_AUTHOR, changed_on__lt=awaiting_before)
        )


class Action(models.TextChoices):
    """What a logged event did, besides its move from one status to another."""

    DECISION = "decision", _("Decision")
    BULK_APPROVAL = "bulk_approval", _("Approved with others on a page")
    CHANGE = "change", _("Changed by a moderator")
    UNDO = "undo", _("Decision undone")
    REVOKE = "revoke", _("Approval revoked")
    CORRECTION_PROPOSED = "correction_proposed", _("Correction proposed")
    CORRECTION_ACCEPTED = "correction_accepted", _("Correction accepted by the author")
    CORRECTION_DECLINED = "correction_declined", _("Correction declined by the author")

    @classmethod
    def taken_by_moderators(cls):
        """What the dashboard counts as a moderator's decision on an entry."""
        return [
            cls.DECISION,
            cls.BULK_APPROVAL,
            cls.REVOKE,
            cls.CORRECTION_PROPOSED,
        ]


class ModerationEventQuerySet(models.QuerySet):
    def for_item(self, item):
        return self.filter(item_type=item._meta.model_name, item_id=item.pk)

    def decisions(self):
        """Decisions moderators took (undos and authors' answers left out)."""
        return self.filter(
            action__in=Action.taken_by_moderators(), moderator__isnull=False
        )

    def on_day(self, day):
        return self.filter(at__date=day)


class ModerationEvent(models.Model):
    """One decision, for the audit log: who, when, which entry, from, to, why.

    Keeps no copy of the worker's words. Nobody edits it: the admin shows it
    read-only and no view writes to it but the decision functions.
    """

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    at = models.DateTimeField(auto_now_add=True)
    item_type = models.CharField(max_length=30)
    item_id = models.PositiveBigIntegerField()
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    action = models.CharField(
        max_length=30, choices=Action.choices, default=Action.DECISION
    )
    reason = models.TextField(blank=True)
    # The entry's version just after this event: an undo applies only while
    # the entry is still at it, that is, nothing changed it since.
    version_after = models.PositiveIntegerField(null=True, blank=True)

    objects = ModerationEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")
        db_table = "surveys_moderationevent"
        indexes = [
            models.Index(
                fields=["item_type", "item_id"], name="surveys_mod_item_ty_04a3e3_idx"
            )
        ]

    def __str__(self):
        return f"{self.item_type} {self.item_id}: {self.from_status} → {self.to_status}"

    def from_status_label(self):
        return _status_label(self.from_status)

    def to_status_label(self):
        return _status_label(self.to_status)


def _status_label(value):
    """A logged status in the reader's language (as stored, if no longer one)."""
    return Status(value).label if value in Status.values else value


class ModeratorAccount(models.Model):
    """What moderation adds to a user: when their sessions were last revoked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator"
    )
    sessions_valid_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "surveys_moderatoraccount"

    def __str__(self):
        return str(self.user)
