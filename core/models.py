"""What the site itself keeps: rate-limit counters, the day's salt of
client keys (core.ratelimit), and the campaigns that lift a limit.
Counters and salts keep the table names they had in surveys, where they
were first made."""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class CounterQuerySet(models.QuerySet):
    def add_one(self, key, window):
        """Count one event of `key` in `window`; return the window's count.

        Atomic under concurrency on both databases: the row is created
        once, then incremented in place, each count seen by exactly one
        caller.
        """
        stored = Counter.stored_key(key, window)
        with transaction.atomic():
            if not self.filter(key=stored).update(count=F("count") + 1):
                try:
                    with transaction.atomic():
                        self.create(key=stored, count=1)
                except IntegrityError:
                    self.filter(key=stored).update(count=F("count") + 1)
            return self.filter(key=stored).values_list("count", flat=True)[0]

    def count_of(self, key, window):
        stored = Counter.stored_key(key, window)
        return self.filter(key=stored).values_list("count", flat=True).first() or 0


class Counter(models.Model):
    """How many events of one kind one client or account made in one window
    (requests sent, receipt codes tried, logins failed).

    The window is a number of hours (or quarter hours, or minutes) since
    1970, and it is not stored: the row's key is a keyed hash of the scope,
    the client's or account's own keyed hash and the window together. So
    no row tells in which hour anything was sent, even on a quiet site
    where a window stays the last one for hours: only the day it was
    created on, for retention, which deletes the rows of the days before
    yesterday. Unlike a cache entry, a counter is never evicted early: the
    limits hold.
    """

    key = models.CharField(max_length=64, unique=True)
    count = models.PositiveIntegerField(default=0)
    # The day the window opened, for retention only.
    created_on = models.DateField(auto_now_add=True)

    objects = CounterQuerySet.as_manager()

    class Meta:
        db_table = "surveys_counter"

    def __str__(self):
        return f"{self.count} on {self.created_on}"

    @staticmethod
    def stored_key(key, window):
        return salted_hmac(
            "groundtruth.counter", f"{key}@{window}", algorithm="sha256"
        ).hexdigest()


class ClientKeySalt(models.Model):
    """The random part of the day's client keys, shared by every worker.

    Client keys are HMACs of addresses under this salt and SECRET_KEY: a
    database dump alone cannot turn them back into addresses, and once a
    day's salt is deleted (by retention, after two days), nobody can.
    """

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    class Meta:
        db_table = "surveys_clientkeysalt"

    def __str__(self):
        return f"client-key salt of {self.day}"


def new_campaign_code():
    """A code nobody guesses: 40 random bits in Crockford's base 32, in two
    groups of four ("7K3Q-9XPA"), readable aloud at a meeting."""
    letters = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    drawn = "".join(secrets.choice(letters) for _ in range(8))
    return f"{drawn[:4]}-{drawn[4:]}"


def normalize_campaign_code(code):
    """One spelling of a campaign code, as typed on a phone: capital
    letters, no spaces ("  union-march " → "UNION-MARCH")."""
    return "".join(code.split()).upper()


class CampaignQuerySet(models.QuerySet):
    def open_at(self, moment):
        return self.filter(valid_from__lte=moment, valid_until__gt=moment)

    def for_code(self, code):
        """The campaign of a typed code, open or not, or None."""
        return self.filter(code=normalize_campaign_code(code)).first()


class Campaign(models.Model):
    """A reporting drive: a code an organizer hands out to everyone at one
    event, which lifts the per-address limit on saved entries while the
    campaign is open, counting them against its own `limit` instead.

    Here in core, beside the counters, because it is a rule of the rate
    limits (core.ratelimit) and the entry forms of receipts read it; its
    admin is with the moderators' (moderation.admin), who make campaigns.

    The code identifies nobody: everyone at the event types the same one.
    No entry records the campaign it came with, on purpose: such a link
    would let anyone holding the database group the entries of one
    meeting, and a small meeting is a handful of people. Only the number
    of entries saved under it (`used`) is kept, to hold the cap.
    """

    name = models.CharField(_("name"), max_length=200)
    # Drawn at random by default: a memorable word can be guessed, and a
    # guessed code hands a stranger the meeting's allowance (guesses are
    # also counted with receipt code guesses: receipts.entries).
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        default=new_campaign_code,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9-]{7,31}$",
                _("8 to 32 letters, digits or dashes."),
            )
        ],
        help_text=_(
            "What workers type, in capitals or not. Everyone at the event "
            "shares it: it is not a receipt code. Keep the one drawn at "
            "random: a word is easy to guess."
        ),
    )
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    limit = models.PositiveIntegerField(
        _("limit"),
        validators=[MinValueValidator(1)],
        help_text=_("Entries that may be sent with this code, for the whole event."),
    )
    used = models.PositiveIntegerField(_("entries sent"), default=0, editable=False)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")),
                name="campaign_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.code = normalize_campaign_code(self.code)
        super().save(*args, **kwargs)

    def clean(self):
        # Before the uniqueness check, so "union-march" meets "UNION-MARCH".
        self.code = normalize_campaign_code(self.code)
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValidationError(
                {"valid_until": _("The campaign must end after it starts.")}
            )

    def is_open(self, moment=None):
        moment = moment or timezone.now()
        return self.valid_from <= moment < self.valid_until

    def take_one(self):
        """Count one saved entry against the cap; False once the campaign is
        full or closed. Exact under concurrency: one conditional UPDATE,
        inside the transaction that saves the entry, so a save that fails
        counts nothing."""
        taken = (
            Campaign.objects.open_at(timezone.now())
            .filter(pk=self.pk, used__lt=F("limit"))
            .update(used=F("used") + 1)
        )
        return taken == 1
