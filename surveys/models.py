"""Reference data, receipts and pay reports.

Reference data (platforms, task types, working conditions, exchange rates,
minimum wages) is shipped by data migrations and edited in the admin. Its
names are English source strings, translated when shown (see `label`).
"""

import secrets
from datetime import timedelta
from decimal import Decimal

from anyascii import anyascii
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core import countries
from core.encryption import EncryptedTextField
from moderation.models import Moderated, ModeratedQuerySet, Status
from receipts.models import Receipt
from surveys import money


class TranslatedNameMixin:
    """Reference names are stored in English and translated when shown.

    The shipped names are marked for translation in the data migrations; a
    name added later in the admin is shown as typed until it is translated.
    """

    @property
    def label(self):
        return gettext(self.name) if self.name else ""

    def __str__(self):
        return self.label


class PlatformQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def named(self, name):
        """The platform of this name (whatever its letter case), added to the
        list if there is none.

        The slug is the name in Latin letters (anyascii transliterates every
        script), so names in Arabic, Chinese or Devanagari keep slugs of
        their own; a slug another name already holds gets a number, so two
        different names never become one platform.
        """
        existing = self.filter(name__iexact=name).first()
        if existing:
            return existing
        stem = slugify(anyascii(name))[:90] or "platform"
        slug, number = stem, 1
        while self.filter(slug=slug).exists():
            number += 1
            slug = f"{stem}-{number}"
        try:
            with transaction.atomic():
                return self.create(name=name, slug=slug)
        except IntegrityError:
            # Another moderator added this name, or took this slug, at the
            # same moment: look again rather than fail their decision.
            return self.named(name)

    def names(self):
        """Every platform's and parent company's name: words that the
        personal-data scan must not take for a person's name."""
        return [
            name
            for pair in self.values_list("name", "parent_company")
            for name in pair
            if name
        ]


class Platform(TranslatedNameMixin, models.Model):
    OTHER_SLUG = "other"

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parent_company = models.CharField(_("parent company"), max_length=100, blank=True)
    is_active = models.BooleanField(_("offered in the form"), default=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)
    # What the outlier flag compares a new report with: the platform's
    # published median effective hourly pay and report count, written by each
    # statistics release (never computed when a report is sent).
    released_median_usd = models.DecimalField(
        _("published median effective hourly pay (USD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    released_reports = models.PositiveIntegerField(
        _("published number of reports"), null=True, blank=True, editable=False
    )

    objects = PlatformQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")

    @property
    def is_other(self):
        return self.slug == self.OTHER_SLUG


class TaskType(TranslatedNameMixin, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("task type")
        verbose_name_plural = _("task types")


class ConditionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Condition(TranslatedNameMixin, models.Model):
    """A working condition asked as yes / no / prefer not to say.

    Its slug is the name of the form and API field and the key of the answer
    stored on each report.
    """

    name = models.CharField(_("question"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    is_active = models.BooleanField(_("asked in the form"), default=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)
    # Each report also keeps its answers as two bit masks (yes, answered), so
    # the statistics count a million answers with integer arithmetic. A
    # condition's bit is given once and never reused.
    bit = models.PositiveSmallIntegerField(
        _("bit in the answer masks"),
        unique=True,
        validators=[MaxValueValidator(62)],
        editable=False,
    )

    objects = ConditionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("working condition")
        verbose_name_plural = _("working conditions")

    def save(self, *args, **kwargs):
        if self.bit is None:
            taken = Condition.objects.aggregate(models.Max("bit"))["bit__max"]
            self.bit = 0 if taken is None else taken + 1
        super().save(*args, **kwargs)


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Prefer not to say")


class ExchangeRateQuerySet(models.QuerySet):
    def currencies(self):
        return self.order_by("currency").values_list("currency", flat=True).distinct()

    def for_period(self, currency, period):
        """The rate to use for pay earned in `period` (a month's first day).

        The newest rate published before the month ended; for a month older
        than every rate we hold, the oldest one.
        """
        rates = self.filter(currency=currency)
        month_end = _next_month(period)
        return (
            rates.filter(date__lt=month_end).order_by("-date").first()
            or rates.order_by("date").first()
        )


class ExchangeRate(models.Model):
    currency = models.CharField(_("currency"), max_length=3)
    units_per_usd = models.DecimalField(
        _("units for one US dollar"), max_digits=20, decimal_places=6
    )
    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=200)

    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        ordering = ["currency", "-date"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date"], name="one_rate_per_currency_and_day"
            ),
            models.CheckConstraint(
                condition=Q(units_per_usd__gt=0), name="exchange_rate_positive"
            ),
        ]

    def __str__(self):
        return f"{self.currency} {self.units_per_usd} ({self.date})"


class MinimumWage(models.Model):
    country = models.CharField(_("country"), max_length=2, unique=True)
    currency = models.CharField(_("currency"), max_length=3)
    hourly_amount = models.DecimalField(
        _("hourly amount"), max_digits=14, decimal_places=2
    )
    date = models.DateField(_("in force since"))
    source = models.CharField(_("source"), max_length=300)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["country"]
        verbose_name = _("minimum wage")
        verbose_name_plural = _("minimum wages")
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_amount__gt=0), name="minimum_wage_positive"
            )
        ]

    def __str__(self):
        return f"{self.country} {self.hourly_amount} {self.currency}/h"

    @property
    def country_name(self):
        return countries.country_name(self.country)


def new_record_key():
    """A record's permanent random key, from which the statistics derive the
    noise of every published count the record is part of (the cell-key
    method: see stats/disclosure.py). Never shown, never changed."""
    return secrets.randbits(63)


class CountedQuerySet(ModeratedQuerySet):
    """Entries the published statistics count, as of a release's snapshot.

    The statistics pass the moment of their last snapshot; nothing here
    knows about releases. An approved entry without a decision time (loaded
    in bulk) counts as approved long ago.
    """

    def counted_at(self, moment):
        """What a snapshot taken at `moment` counts: approved by then."""
        return self.approved().filter(
            Q(decided_at__lte=moment) | Q(decided_at__isnull=True)
        )

    def waiting_since(self, moment):
        """Approved after the snapshot taken at `moment` (every approved
        entry when there was none): what the next release will add."""
        approved = self.approved()
        return approved if moment is None else approved.filter(decided_at__gt=moment)


class Counted(Moderated):
    """An entry the published statistics count (reports, incidents)."""

    record_key = models.BigIntegerField(default=new_record_key, editable=False)

    class Meta:
        abstract = True

    def send_back_to_review(self):
        """Pending again, after a change by its author: out of the next
        release until a moderator approves it again. The figures already
        published do not move; they change only at the next release."""
        super().send_back_to_review()


class PayUnit(models.TextChoices):
    HOUR = "hour", _("per hour")
    TASK = "task", _("per task")
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")


class ContractType(models.TextChoices):
    INDEPENDENT_CONTRACTOR = "independent_contractor", _("Independent contractor")
    AGENCY = "agency", _("Through an agency or vendor")
    EMPLOYEE = "employee", _("Employee")


class PayoutMethod(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    PAYPAL = "paypal", pgettext_lazy("payout method", "PayPal")
    PAYONEER = "payoneer", pgettext_lazy("payout method", "Payoneer")
    MOBILE_MONEY = "mobile_money", _("Mobile money")
    CRYPTO = "crypto", _("Cryptocurrency")
    GIFT_CARD = "gift_card", _("Gift card")
    OTHER = "other", _("Other")


class Flag(models.TextChoices):
    """Why a report needs a moderator's closer look."""

    OUTLIER = "outlier", _("Pay far from what others report")
    DUPLICATE = "duplicate", _("Looks like a duplicate")
    UNKNOWN_PLATFORM = "unknown_platform", _("Platform not in the list")


class ReportQuerySet(CountedQuerySet):
    def awaiting_author(self):
        """Sent back to their authors with a proposed correction."""
        return self.filter(status=Status.AWAITING_AUTHOR)

    def flagged(self, flag=None):
        if flag:
            return self.filter(flags__has_key=flag)
        return self.exclude(flags={})

    def most_reported_countries(self, *, at_least, limit):
        """Codes of the countries with the most approved reports, each with at
        least `at_least` of them (so that a short list of countries never
        tells that one person from a small country has reported)."""
        return list(
            self.approved()
            .values("country")
            .annotate(reports=models.Count("pk"))
            .filter(reports__gte=at_least)
            .order_by("-reports", "country")
            .values_list("country", flat=True)[:limit]
        )


class Report(Counted):
    """One worker, one platform, one month."""

    receipt = models.ForeignKey(
        Receipt, on_delete=models.CASCADE, related_name="reports"
    )
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT)
    platform_other = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2)
    task_type = models.ForeignKey(TaskType, on_delete=models.PROTECT)
    period = models.DateField()
    # Four decimals: per-task pay can be a fraction of a cent (0.005 USD).
    pay_amount = models.DecimalField(max_digits=16, decimal_places=4)
    currency = models.CharField(max_length=3)
    pay_unit = models.CharField(max_length=5, choices=PayUnit.choices)
    tasks_per_hour = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    paid_hours_per_week = models.DecimalField(max_digits=5, decimal_places=2)
    unpaid_hours_per_week = models.DecimalField(
        max_digits=5, decimal_places=2, default=0
    )
    contract_type = models.CharField(max_length=30, choices=ContractType.choices)
    conditions = models.JSONField(default=dict, blank=True)
    # The same answers as bit masks, by Condition.bit: see Condition.
    conditions_yes = models.BigIntegerField(default=0)
    conditions_answered = models.BigIntegerField(default=0)
    advertised_pay_amount = models.DecimalField(
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
    )
    payout_method = models.CharField(
        max_length=20,
        choices=PayoutMethod.choices,
        blank=True,
    )
    # A project's codename can point at a small team: encrypted at rest.
    project_codename = EncryptedTextField(max_length=100, blank=True)

    flags = models.JSONField(default=dict, blank=True)

    # Computed at submission and kept, so a later rate change does not move
    # old reports.
    hourly_usd = models.DecimalField(max_digits=14, decimal_places=4)
    effective_hourly_usd = models.DecimalField(max_digits=14, decimal_places=4)
    exchange_rate = models.DecimalField(max_digits=20, decimal_places=6)
    exchange_rate_date = models.DateField()
    # Below the country's hourly minimum wage, at the month's rates; None
    # where we know no minimum wage for the country.
    below_minimum_wage = models.BooleanField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["submitted_on", "pk"]
        indexes = [
            models.Index(fields=["status", "platform", "country"]),
            models.Index(fields=["status", "submitted_on"]),
            # The duplicate flag's lookup of the same answers: one index
            # probe, whatever the number of reports.
            models.Index(
                fields=["pay_amount", "period", "platform"], name="report_same_answers"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_amount__gt=0), name="report_pay_positive"
            ),
            models.CheckConstraint(
                condition=Q(paid_hours_per_week__gte=0)
                & Q(unpaid_hours_per_week__gte=0)
                & Q(paid_hours_per_week__lte=168),
                name="report_hours_in_range",
            ),
            models.CheckConstraint(
                condition=Q(paid_hours_per_week__lte=168 - F("unpaid_hours_per_week")),
                name="report_hours_fit_in_a_week",
            ),
            models.CheckConstraint(
                condition=~Q(pay_unit="task")
                | Q(tasks_per_hour__isnull=False, tasks_per_hour__gt=0),
                name="report_task_pay_has_rate",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        Status.PENDING,
                        # A moderator proposed a correction (ReportCorrection).
                        Status.AWAITING_AUTHOR,
                        Status.APPROVED,
                        Status.REJECTED,
                    ]
                ),
                name="report_status_valid",
            ),
        ]

    def __str__(self):
        return f"report {self.pk}"

    @property
    def country_name(self):
        return countries.country_name(self.country)

    @property
    def platform_label(self):
        if self.platform_other:
            return self.platform_other
        return self.platform.label

    def record_conditions(self, conditions, answers):
        """Keep the answer to each of `conditions` ({slug: Answer}), and the
        bit masks the statistics count them by (Condition.bit). Unsaved."""
        self.conditions = answers
        self.conditions_yes = self.conditions_answered = 0
        for condition in conditions:
            answer = answers.get(condition.slug)
            if answer in (Answer.YES, Answer.NO):
                self.conditions_answered |= 1 << condition.bit
                if answer == Answer.YES:
                    self.conditions_yes |= 1 << condition.bit

    def work_out_pay(self, rate):
        """The pay per hour, paid and effective (over paid and unpaid
        hours), in US dollars at `rate` (an ExchangeRate, kept with the
        report), and whether it is below the country's minimum wage.
        Unsaved."""
        hourly = money.hourly_pay(
            self.pay_amount,
            self.pay_unit,
            paid_hours_per_week=self.paid_hours_per_week,
            tasks_per_hour=self.tasks_per_hour,
        )
        effective = money.effective_hourly_pay(
            hourly,
            paid_hours_per_week=self.paid_hours_per_week,
            unpaid_hours_per_week=self.unpaid_hours_per_week,
        )
        self.hourly_usd = money.to_usd(hourly, rate.units_per_usd)
        self.effective_hourly_usd = money.to_usd(effective, rate.units_per_usd)
        self.exchange_rate = rate.units_per_usd
        self.exchange_rate_date = rate.date
        wage = self.minimum_wage_comparison()
        self.below_minimum_wage = wage["below"] if wage else None

    @property
    def effective_hourly_local(self):
        """The effective hourly pay in the report's own currency, worked out
        again from the answers rather than back from the rounded dollars
        (a bolívar figure divided by hundreds loses its digits)."""
        return money.effective_hourly_of(self)

    def minimum_wage_comparison(self):
        """This report's effective hourly pay against its country's minimum wage.

        None when we hold no minimum wage for the country (or no rate for its
        currency). Compared in the minimum wage's own currency: the report's
        pay as it was given when the currencies are the same, else converted
        at the rate of the reported month. `reason` says why the two are not
        comparable (see minimum_wage_not_comparable), and then `below` is None.
        """
        wage = MinimumWage.objects.filter(country=self.country).first()
        if wage is None:
            return None
        if wage.currency == self.currency:
            units_per_usd = self.exchange_rate
            pay = self.effective_hourly_local
        else:
            rate = ExchangeRate.objects.for_period(wage.currency, self.period)
            if rate is None:
                return None
            units_per_usd = rate.units_per_usd
            pay = money.from_usd(self.effective_hourly_usd, units_per_usd)
        ratio = pay / wage.hourly_amount
        reason = minimum_wage_not_comparable(wage, self.period, units_per_usd, ratio)
        return {
            "wage": wage,
            "hourly_usd": wage.hourly_amount / units_per_usd,
            "pay": pay,
            "share": (ratio * 100).quantize(Decimal("1")),
            "below": None if reason else pay < wage.hourly_amount,
            "reason": reason,
        }

    def condition_answers(self):
        """(condition, answer label) pairs in the form's order."""
        labels = dict(Answer.choices)
        return [
            (condition, labels.get(self.conditions.get(condition.slug), ""))
            for condition in Condition.objects.all()
            if condition.slug in self.conditions
        ]


# A minimum wage is not compared with a report's pay when its currency lost
# more than half its value against the dollar between the wage's date and
# the report's month (a wage frozen while prices ran away: Venezuela's 130
# bolívares a month); when it came into force more than a year after the
# report's month (the wage then was another); or when the pay is more than
# this many times the wage, which says the figure is out of date rather than
# anything about the pay.
MINIMUM_WAGE_MAX_RATIO = 20
MINIMUM_WAGE_MAX_CURRENCY_FALL = 2
MINIMUM_WAGE_MAX_MONTHS_AFTER = 12


class NotComparable(models.TextChoices):
    CURRENCY_FELL = "currency_fell"
    WAGE_LATER = "wage_later"
    RATIO = "ratio"


def minimum_wage_not_comparable(wage, period, units_per_usd, ratio):
    """Why a minimum wage says nothing about pay of `period` converted at
    `units_per_usd` (a NotComparable), or None when the two compare."""
    then = ExchangeRate.objects.for_period(wage.currency, wage.date.replace(day=1))
    if then and units_per_usd > MINIMUM_WAGE_MAX_CURRENCY_FALL * then.units_per_usd:
        return NotComparable.CURRENCY_FELL
    months_after = (wage.date.year - period.year) * 12 + wage.date.month - period.month
    if months_after > MINIMUM_WAGE_MAX_MONTHS_AFTER:
        return NotComparable.WAGE_LATER
    if ratio > MINIMUM_WAGE_MAX_RATIO:
        return NotComparable.RATIO
    return None


def _next_month(first_day):
    if first_day.month == 12:
        return first_day.replace(year=first_day.year + 1, month=1)
    return first_day.replace(month=first_day.month + 1)


class ReportCorrection(models.Model):
    """A moderator's proposed change to a report's pay and hours, sent to its
    author, who accepts it (the report takes these values and is approved)
    or declines it with an optional word (the report is pending again).

    One per report: a new proposal replaces the last. Deleted with the
    report, so a withdrawal leaves nothing of it behind; the audit log keeps
    only that it was proposed, accepted or declined.
    """

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, related_name="correction"
    )
    pay_amount = models.DecimalField(max_digits=16, decimal_places=4)
    pay_unit = models.CharField(max_length=5, choices=PayUnit.choices)
    tasks_per_hour = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True
    )
    paid_hours_per_week = models.DecimalField(max_digits=5, decimal_places=2)
    unpaid_hours_per_week = models.DecimalField(max_digits=5, decimal_places=2)
    # The moderator's words to the author, and the author's word back when
    # they decline: free text, so encrypted at rest like every other.
    note = EncryptedTextField(max_length=1000)
    declined_with = EncryptedTextField(max_length=500, blank=True)
    is_declined = models.BooleanField(default=False)
    proposed_on = models.DateField(auto_now=True)

    CHANGED_FIELDS = (
        "pay_amount",
        "pay_unit",
        "tasks_per_hour",
        "paid_hours_per_week",
        "unpaid_hours_per_week",
    )

    class Meta:
        verbose_name = _("proposed correction")
        verbose_name_plural = _("proposed corrections")
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_amount__gt=0), name="correction_pay_positive"
            ),
            models.CheckConstraint(
                condition=Q(paid_hours_per_week__lte=168 - F("unpaid_hours_per_week"))
                & Q(unpaid_hours_per_week__gte=0)
                & Q(paid_hours_per_week__gte=0),
                name="correction_hours_fit_in_a_week",
            ),
        ]

    def __str__(self):
        return f"correction of report {self.report_id}"

    @property
    def answer_deadline(self):
        """The last day the author can answer; then apply_retention deletes
        the report, as it does a story whose author never accepted its
        edited copy."""
        days = settings.RETENTION_AWAITING_AUTHOR_DAYS
        return self.report.changed_on + timedelta(days=days)

    @property
    def effective_hourly_local(self):
        """The effective hourly pay these values give, in the report's own
        currency, for the author to compare with their own figure."""
        return money.effective_hourly_of(self)
