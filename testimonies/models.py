"""Workers' stories. Only a moderator's published copy is ever shown."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import countries, pii
from core.encryption import EncryptedTextField
from moderation.models import Moderated, ModeratedQuerySet, Status
from receipts.models import Receipt
from surveys.models import Platform, TaskType
from testimonies.moderation import marked_changes
from testimonies.search import matching_ids, search_words

TEXT_MIN_LENGTH = 80
TEXT_MAX_LENGTH = 20_000


class ContentWarning(models.TextChoices):
    VIOLENCE = "violence", _("Violence")
    SEXUAL = "sexual", _("Sexual content")
    SELF_HARM = "self_harm", _("Self-harm")
    HATE = "hate", _("Hate")


def language_choices():
    return [*settings.LANGUAGES, ("other", _("Another language"))]


class TestimonyQuerySet(ModeratedQuerySet):
    def published(self):
        """What the public may read: approved, consented, with a published copy."""
        return self.filter(status=Status.APPROVED, consent_publish=True).exclude(
            published_text=""
        )

    def originals_past_retention(self, *, published_before):
        """Approved stories with a moderator's copy since before this day:
        the author's own words are no longer needed."""
        return self.filter(status=Status.APPROVED, published_on__lt=published_before)

    def search(self, words):
        """Published copies whose title or text holds every word, in any
        case (testimonies.search: the copies are encrypted at rest)."""
        words = search_words(words)
        if not words:
            return self
        return self.filter(pk__in=matching_ids(self.model.objects.published(), words))


class Testimony(Moderated):
    """A worker's story, in their words, under their receipt."""

    receipt = models.ForeignKey(
        Receipt, on_delete=models.CASCADE, related_name="testimonies"
    )
    # The worker's words, encrypted at rest (core.encryption).
    title = EncryptedTextField(max_length=120, blank=True)
    text = EncryptedTextField()
    language = models.CharField(max_length=10)
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, null=True, blank=True
    )
    country = models.CharField(max_length=2, blank=True)
    task_type = models.ForeignKey(
        TaskType, on_delete=models.PROTECT, null=True, blank=True
    )
    content_warnings = models.JSONField(default=list, blank=True)
    consent_publish = models.BooleanField(default=False)
    consent_share_research = models.BooleanField(default=False)
    consent_quote = models.BooleanField(default=False)

    # Whether the author wants to see the moderator's edited copy before it
    # goes public.
    wants_to_review_edits = models.BooleanField(default=True)
    # What personal data the scan found in `text`: [{kind, start, end}].
    pii_findings = models.JSONField(default=list, blank=True)

    # The moderator's copy, the only text ever shown in public.
    published_title = EncryptedTextField(max_length=120, blank=True)
    published_text = EncryptedTextField(blank=True)
    published_on = models.DateField(null=True, blank=True)

    objects = TestimonyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [models.Index(fields=["status", "published_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="testimony_status_valid"
            ),
        ]

    def __str__(self):
        return f"story {self.pk}"

    def get_absolute_url(self):
        return reverse("testimonies:story-detail", args=[self.pk])

    @property
    def country_name(self):
        return countries.country_name(self.country) if self.country else ""

    def content_warning_labels(self):
        labels = dict(ContentWarning.choices)
        return [str(labels[slug]) for slug in self.content_warnings if slug in labels]

    @property
    def author_answer_days(self):
        """How long the author has to accept the moderator's copy."""
        return settings.RETENTION_AWAITING_AUTHOR_DAYS

    @property
    def author_answer_deadline(self):
        """The last day the author can accept the moderator's copy; then
        apply_retention deletes the story."""
        return self.changed_on + timedelta(days=self.author_answer_days)

    def send_back_to_review(self):
        """Pending again after its author changed it, and its published copy
        withdrawn until a moderator has read the new words. Unsaved."""
        super().send_back_to_review()
        self.published_title = ""
        self.published_text = ""
        self.published_on = None

    def find_personal_data(self):
        """Scan the title and text, so that the moderator sees where personal
        data may be (pii_findings). Unsaved."""
        self.pii_findings = pii.scan_fields(
            self, ("title", "text"), not_names=Platform.objects.names()
        )

    def clear_original(self):
        """Replace the author's words by the published copy, and forget where
        the scan found personal data in them. Returns whether anything
        changed (the text is encrypted, so this compares in Python)."""
        if (self.title, self.text) == (self.published_title, self.published_text):
            return False
        self.title = self.published_title
        self.text = self.published_text
        self.pii_findings = []
        self.save(update_fields=["title", "text", "pii_findings"])
        return True

    def marked_edits(self):
        """The moderator's copy against the author's words, changes marked."""
        return marked_changes(self.text, self.published_text)

    @property
    def language_name(self):
        return dict(language_choices()).get(self.language, self.language)
