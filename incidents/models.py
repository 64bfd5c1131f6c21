"""The incident ledger: work not paid, pay late or withheld, accounts closed.

One incident per harm, under the worker's receipt, so the outcome can be
updated later ("still waiting" -> "paid in part"): a ledger of what
platforms owe. Only approved, released incidents count in the figures.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import countries, pii
from core.encryption import EncryptedTextField
from receipts.models import Receipt
from surveys import money
from surveys.models import Counted, CountedQuerySet, ExchangeRate, Platform


class Kind(models.TextChoices):
    NOT_PAID = "not_paid", _("Not paid for completed work")
    LATE = "late", _("Payment late")
    WITHHELD = "withheld", _("Payment withheld or reversed")
    DEACTIVATED = "deactivated", _("Account deactivated")
    REMOVED = "removed", _("Removed from the team chat or support after complaining")
    UNPAID_ASSESSMENT = (
        "unpaid_assessment",
        _("Unpaid assessment or training longer than announced"),
    )
    OTHER = "other", _("Something else")


class Action(models.TextChoices):
    NOTHING = "nothing", _("Nothing")
    TICKET = "ticket", _("A support ticket")
    TICKETS = "tickets", _("Several tickets")
    PUBLIC = "public", _("A public complaint")
    LEGAL = "legal", _("Legal or union help")


class Outcome(models.TextChoices):
    PAID_FULL = "paid_full", _("Paid in full")
    PAID_PART = "paid_part", _("Paid in part")
    NEVER_PAID = "never_paid", _("Never paid")
    WAITING = "waiting", _("Still waiting")
    RESTORED = "restored", _("Account restored")
    NOT_RESTORED = "not_restored", _("Account not restored")

    @classmethod
    def resolved(cls):
        """Every outcome but waiting closes the matter."""
        return [value for value in cls.values if value != cls.WAITING]


class Reply(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_ASKED = "not_asked", _("I did not ask")


class Incident(Counted):
    receipt = models.ForeignKey(
        Receipt, on_delete=models.CASCADE, related_name="incidents"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT)
    country = models.CharField(max_length=2)
    started = models.DateField()
    amount_owed = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(max_length=3, blank=True)
    hours_covered = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    outcome = models.CharField(max_length=15, choices=Outcome.choices)
    amount_recovered = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True
    )
    reason_given = models.CharField(max_length=10, choices=Reply.choices)
    evidence_given = models.CharField(max_length=10, choices=Reply.choices)
    # The worker's account, encrypted at rest (core.encryption).
    text = EncryptedTextField(blank=True)
    pii_findings = models.JSONField(default=list, blank=True)
    # In US dollars at the rate of the month the incident started, kept.
    amount_owed_usd = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True
    )
    exchange_rate_date = models.DateField(null=True, blank=True)
    # The day the worker reported a final outcome, and the days from the
    # start of the month it began: the figures' "days to resolution".
    resolved_on = models.DateField(null=True, blank=True)
    days_to_resolution = models.PositiveIntegerField(null=True, blank=True)

    objects = CountedQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_on", "pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_owed__isnull=True) | Q(amount_owed__gt=0),
                name="incident_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(amount_owed__isnull=True) | ~Q(currency=""),
                name="incident_amount_has_currency",
            ),
        ]

    def __str__(self):
        return f"incident {self.pk}"

    @property
    def country_name(self):
        return countries.country_name(self.country)

    def price_amount_owed(self):
        """The amount owed in US dollars, at the rate of the month the
        incident started (the form offers only currencies with a rate).
        Unsaved."""
        self.amount_owed_usd = self.exchange_rate_date = None
        if self.amount_owed:
            rate = ExchangeRate.objects.for_period(self.currency, self.started)
            self.amount_owed_usd = money.to_usd(self.amount_owed, rate.units_per_usd)
            self.exchange_rate_date = rate.date

    def record_outcome(self, today):
        """An outcome that closes the matter keeps the day it was first
        reported (`today` then) and the days it took from the start; an open
        one has neither. Unsaved."""
        if self.outcome in Outcome.resolved():
            self.resolved_on = self.resolved_on or today
            self.days_to_resolution = max((self.resolved_on - self.started).days, 0)
        else:
            self.resolved_on = self.days_to_resolution = None

    def find_personal_data(self):
        """Scan the account, so that the moderator sees where personal data
        may be (pii_findings). Unsaved."""
        self.pii_findings = pii.scan_fields(
            self, ("text",), not_names=Platform.objects.names()
        )
