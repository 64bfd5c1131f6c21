import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core import countries
from receipts.forms import OneSubmissionMixin
from surveys import money
from surveys.flags import flags_for, pay_question
from surveys.models import (
    Answer,
    Condition,
    ExchangeRate,
    PayUnit,
    Platform,
    Report,
    ReportCorrection,
    TaskType,
)
from surveys.moderation import duplicate_candidates

# The oldest month a report may describe.
OLDEST_PERIOD = date(2015, 1, 1)
MAX_AMOUNT = Decimal("1000000000")
_PERIOD_FORMAT = re.compile(r"^(\d{4})-(\d{1,2})$")


class AmountField(forms.DecimalField):
    """A decimal typed as people write it (see money.read_amount), on a
    numeric keyboard."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off"}
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            value = money.read_amount(value)
        except (InvalidOperation, ValueError):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None
        if not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value

    def widget_attrs(self, widget):
        # No min/max/step attributes: they are for number inputs, and a text
        # input with inputmode keeps decimal commas working on every phone.
        return {}


class MoneyField(AmountField):
    """An amount of money above zero, with messages a worker understands.

    Four decimals, for the few cents (or fractions of a cent) paid per task;
    signs and codes around it (KSh, ₱, US$, /=) are left out.
    """

    def __init__(self, **kwargs):
        messages = {
            "invalid": _("Enter an amount, such as 20 or 12.50."),
            "min_value": _("Enter an amount above zero."),
            "max_value": _("This amount is too large."),
            "max_digits": _("This amount is too large."),
            "max_decimal_places": _("Use at most four decimals."),
            **kwargs.pop("error_messages", {}),
        }
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(
            min_value=Decimal("0.0001"),
            max_value=MAX_AMOUNT,
            error_messages=messages,
            **kwargs,
        )


def hours_field(label, help_text, required=True):
    return AmountField(
        label=label,
        help_text=help_text,
        required=required,
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=168,
        error_messages={
            "invalid": _("Enter a number of hours, such as 20 or 7.5."),
            "required": _("Enter a number of hours (0 if none)."),
            "max_value": _("A week has 168 hours: enter at most 168."),
            "min_value": _("Hours cannot be negative."),
            "max_digits": _("Enter a number of hours, such as 20 or 7.5."),
            "max_decimal_places": _("Use at most two decimals."),
        },
    )


def month_field(label, help_text):
    """A month as YYYY-MM, on a month picker where the phone has one."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=20,
        widget=forms.TextInput(
            attrs={"type": "month", "placeholder": "YYYY-MM", "autocomplete": "off"}
        ),
        error_messages={
            "required": _("Enter the month, such as 2026-03."),
            "max_length": _("Enter the month as year-month, such as 2026-03."),
        },
    )


def clean_month(text):
    """A past month from 2015 on, as its first day; ValidationError otherwise."""
    text = text.strip()
    match = _PERIOD_FORMAT.match(text)
    if not match:
        raise ValidationError(
            _("Enter the month as year-month, such as 2026-03."), code="invalid"
        )
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("There is no month %(month)s: use 01 to 12."),
            code="invalid",
            params={"month": match[2]},
        )
    if year < OLDEST_PERIOD.year:
        raise ValidationError(
            _("Only months from 2015 on can be reported."), code="too_old"
        )
    period = date(year, month, 1)
    if period > date.today():
        raise ValidationError(_("This month has not started yet."), code="future")
    return period


def country_field():
    return forms.ChoiceField(
        label=_("Country where you live"),
        error_messages={
            "required": _("Choose the country where you live."),
            "invalid_choice": _("Choose a country from the list."),
        },
    )


def check_pay_and_hours(form, cleaned):
    """The rules tying pay, its unit and the hours together, for the report
    form and a moderator's proposed correction alike: per-task pay needs
    tasks per hour, the hours fit in a week, weekly or monthly pay needs
    paid hours. Errors go by their field; `cleaned` is normalised."""
    pay_unit = cleaned.get("pay_unit")
    if pay_unit == PayUnit.TASK:
        if (
            cleaned.get("tasks_per_hour") is None
            and "tasks_per_hour" not in form.errors
        ):
            form.add_error(
                "tasks_per_hour",
                _("For pay per task, enter how many tasks you finish in an hour."),
            )
    elif pay_unit:
        cleaned["tasks_per_hour"] = None

    paid = cleaned.get("paid_hours_per_week")
    unpaid = cleaned.get("unpaid_hours_per_week")
    if paid is not None and unpaid is not None:
        if paid + unpaid > 168:
            form.add_error(
                "unpaid_hours_per_week",
                _("Paid and unpaid hours add up to more than the 168 hours of a week."),
            )
        elif paid + unpaid == 0:
            form.add_error(
                "paid_hours_per_week", _("Enter the hours you worked in a week.")
            )
        elif paid == 0 and pay_unit in (PayUnit.WEEK, PayUnit.MONTH):
            form.add_error(
                "paid_hours_per_week",
                _("Weekly or monthly pay needs the paid hours it covers."),
            )


class ReportForm(OneSubmissionMixin, forms.ModelForm):
    """One platform and one month of work.

    Field names are the API's (DESIGN.md). One extra field per working
    condition, named by its slug, is added from the database.
    """

    platform = forms.ModelChoiceField(
        queryset=Platform.objects.active(),
        label=_("Platform or company"),
        empty_label=_("Choose…"),
        error_messages={
            "required": _("Choose the platform you worked on."),
            "invalid_choice": _("Choose a platform from the list."),
        },
    )
    platform_other = forms.CharField(
        label=_("Platform name, if it is not in the list"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Use at most 100 characters.")},
    )
    country = country_field()
    task_type = forms.ModelChoiceField(
        queryset=TaskType.objects.all(),
        label=_("Main type of work"),
        empty_label=_("Choose…"),
        error_messages={
            "required": _("Choose the main type of work you did."),
            "invalid_choice": _("Choose a type of work from the list."),
        },
    )
    period = month_field(
        _("Month"), _("The month these answers describe (year and month).")
    )
    pay_amount = MoneyField(
        label=_("Pay"),
        help_text=_(
            "What you received, bonuses included, before tax. "
            "For example 20 (per hour) or 0.35 (per task)."
        ),
        error_messages={"required": _("Enter how much you were paid.")},
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        error_messages={
            "required": _("Choose the currency you were paid in."),
            "invalid_choice": _("Choose a currency from the list."),
        },
    )
    pay_unit = forms.ChoiceField(
        label=_("Paid"),
        choices=PayUnit.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how your pay is counted."),
            "invalid_choice": _("Choose how your pay is counted."),
        },
    )
    tasks_per_hour = AmountField(
        label=_("Tasks per hour"),
        help_text=_("Only for pay per task: how many tasks you finish in an hour."),
        required=False,
        max_digits=7,
        min_value=Decimal("0.01"),
        max_value=Decimal("10000"),
        error_messages={
            "invalid": _("Enter a number of tasks, such as 12."),
            "min_value": _("Enter a number of tasks above zero."),
            "max_value": _("Enter at most 10,000 tasks per hour."),
            "max_digits": _("Enter at most 10,000 tasks per hour."),
            "max_decimal_places": _("Use at most two decimals."),
        },
    )
    paid_hours_per_week = hours_field(
        _("Paid hours per week"),
        _("Hours of work you were paid for, in a usual week of this month."),
    )
    unpaid_hours_per_week = hours_field(
        _("Unpaid hours per week"),
        _(
            "Waiting for tasks, unpaid tests and training, work rejected or not "
            "paid. 0 if none."
        ),
    )
    contract_type = forms.ChoiceField(
        label=_("Your contract"),
        choices=Report._meta.get_field("contract_type").choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose your kind of contract."),
            "invalid_choice": _("Choose your kind of contract."),
        },
    )
    advertised_pay_amount = MoneyField(
        label=_("Pay advertised when you signed up"),
        help_text=_("Same currency and unit as your pay, so they can be compared."),
        required=False,
    )
    payout_method = forms.ChoiceField(
        label=_("How you are paid out"),
        choices=[
            ("", _("Prefer not to say")),
            *Report._meta.get_field("payout_method").choices,
        ],
        required=False,
        error_messages={"invalid_choice": _("Choose a way of payment from the list.")},
    )
    project_codename = forms.CharField(
        label=_("Project codename"),
        help_text=_(
            "Seen only by moderators, and in figures about at least %(k)s reports."
        ),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Use at most 100 characters.")},
    )
    # A field people never see or fill; naive bots fill every field.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Report
        fields = [
            "platform",
            "platform_other",
            "country",
            "task_type",
            "period",
            "pay_amount",
            "currency",
            "pay_unit",
            "tasks_per_hour",
            "paid_hours_per_week",
            "unpaid_hours_per_week",
            "contract_type",
            "advertised_pay_amount",
            "payout_method",
            "project_codename",
        ]

    # The guided report (surveys.views.report_new): the steps in order, and
    # the fields each asks; "conditions" also asks every active condition.
    STEPS = ("where", "pay", "hours", "conditions", "check")
    STEP_FIELDS = {
        # The campaign code, when an organizer gave one (new reports only).
        "where": (
            "platform",
            "platform_other",
            "country",
            "task_type",
            "period",
            "campaign",
        ),
        "pay": ("pay_amount", "currency", "pay_unit", "tasks_per_hour"),
        "hours": ("paid_hours_per_week", "unpaid_hours_per_week", "contract_type"),
        "conditions": ("advertised_pay_amount", "payout_method", "project_codename"),
        "check": (),
    }
    STEP_TITLES = {
        "where": _("Where you work"),
        "pay": _("What you are paid"),
        "hours": _("How long you work"),
        "conditions": _("Working conditions"),
        "check": _("Check your answers"),
    }

    def __init__(self, *args, k_anonymity=5, **kwargs):
        super().__init__(*args, **kwargs)
        self.k_anonymity = k_anonymity
        self.fields["country"].choices = [
            ("", _("Choose…")),
            *countries.country_choices(),
        ]
        self.fields["currency"].choices = [("", _("Choose…")), *currency_choices()]
        self.fields["project_codename"].help_text %= {"k": k_anonymity}
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("period", date.today().strftime("%Y-%m"))
            self.initial.setdefault("unpaid_hours_per_week", "0")
        if self.instance.pk:
            self.initial["period"] = self.instance.period.strftime("%Y-%m")
            # As the page's language writes it, and as it will read it back.
            for name in ("pay_amount", "advertised_pay_amount"):
                if getattr(self.instance, name) is not None:
                    self.initial[name] = money.format_amount(
                        getattr(self.instance, name)
                    )
        self.add_submission_token()
        self.conditions = list(Condition.objects.active())
        for condition in self.conditions:
            self.fields[condition.slug] = forms.ChoiceField(
                label=condition.label,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                initial=self.instance.conditions.get(condition.slug, Answer.UNSURE),
                error_messages={
                    "required": _("Choose an answer."),
                    "invalid_choice": _("Choose yes, no or prefer not to say."),
                },
            )

    def condition_fields(self):
        return [self[condition.slug] for condition in self.conditions]

    def step_field_names(self, step):
        names = [name for name in self.STEP_FIELDS[step] if name in self.fields]
        if step == "conditions":
            names[:0] = [condition.slug for condition in self.conditions]
        return names

    def offer_short_lists(self):
        """Put the likeliest countries and currencies on top of their lists,
        for a page that shows them (one query, not paid by a mere send)."""
        self.fields["country"].choices = country_choices(self.k_anonymity)
        self.fields["currency"].choices = currency_choices_for(
            self.data.get("country") or self.instance.country
        )

    def step_fields(self, step):
        return [self[name] for name in self.step_field_names(step)]

    def carried_fields(self, step):
        """The answers of every other step, carried as hidden fields."""
        shown = set(self.step_field_names(step)) | {"submission_token", "website"}
        return [field for field in self if field.name not in shown]

    def first_step_with_errors(self, until="check"):
        """The first step, up to `until`, with an answer to correct; or None."""
        for step in self.STEPS[: self.STEPS.index(until) + 1]:
            if any(name in self.errors for name in self.step_field_names(step)):
                return step
        return None

    def show_errors_of(self, step):
        """Keep only the messages of `step`'s fields (and none when `step` is
        None): a step not yet answered is not wrong yet."""
        names = set(self.step_field_names(step)) if step else set()
        for name in list(self.errors):
            if name not in names:
                del self.errors[name]

    def prefill_currency(self):
        """On first reaching the pay step, the currency of the chosen country
        (the worker can change it; works without JavaScript)."""
        if self.data.get("currency"):
            return
        suggested = countries.local_currency(self.data.get("country", ""))
        if suggested in ExchangeRate.objects.currencies():
            self.data = self.data.copy()
            self.data["currency"] = suggested

    def answer_rows(self):
        """Each step's answers in words, for "check your answers": a list of
        (step, [(question, answer)])."""
        data = self.cleaned_data
        not_given = _("Not given")

        def label(name):
            return self.fields[name].label

        def choice(name):
            value = data.get(name)
            return dict(self.fields[name].choices).get(value, value) or not_given

        platform = data["platform"]
        where = [
            (label("platform"), data["platform_other"] or platform.label),
            (label("country"), countries.country_name(data["country"])),
            (label("task_type"), str(data["task_type"])),
            (label("period"), formats.date_format(data["period"], "YEAR_MONTH_FORMAT")),
        ]
        pay = [
            (
                label("pay_amount"),
                f"{money.format_amount(data['pay_amount'])} {data['currency']} "
                f"{choice('pay_unit')}",
            ),
        ]
        if data.get("tasks_per_hour"):
            pay.append(
                (label("tasks_per_hour"), money.format_amount(data["tasks_per_hour"]))
            )
        hours = [
            (label(name), formats.number_format(data[name], use_l10n=True))
            for name in ("paid_hours_per_week", "unpaid_hours_per_week")
        ]
        hours.append((label("contract_type"), choice("contract_type")))
        conditions = [
            (condition.label, choice(condition.slug)) for condition in self.conditions
        ]
        advertised = data.get("advertised_pay_amount")
        conditions += [
            (
                label("advertised_pay_amount"),
                money.format_amount(advertised) if advertised else not_given,
            ),
            (label("payout_method"), choice("payout_method")),
            (label("project_codename"), data["project_codename"] or not_given),
        ]
        return [
            (step, self.STEP_TITLES[step], rows)
            for step, rows in (
                ("where", where),
                ("pay", pay),
                ("hours", hours),
                ("conditions", conditions),
            )
        ]

    def pay_understood(self):
        """The pay as an hourly figure, in the worker's currency and in US
        dollars, and what looks improbable about it (flags.pay_question)."""
        report = self.instance
        try:
            report.work_out_pay(self.exchange_rate)
            hourly = money.hourly_pay(
                report.pay_amount,
                report.pay_unit,
                paid_hours_per_week=report.paid_hours_per_week,
                tasks_per_hour=report.tasks_per_hour,
            )
        except (money.PayError, ArithmeticError):
            # Answers the form let through but no figure can be made of: the
            # page lists them without a conversion rather than fail.
            return None
        return {
            "hourly": money.format_amount(hourly.quantize(Decimal("0.01"))),
            "hourly_usd": money.format_amount(
                report.hourly_usd.quantize(Decimal("0.01"))
            ),
            "effective_usd": money.format_amount(
                report.effective_hourly_usd.quantize(Decimal("0.01"))
            ),
            "currency": report.currency,
            "question": pay_question(report),
        }

    def clean_period(self):
        return clean_month(self.cleaned_data["period"])

    def clean_country(self):
        code = self.cleaned_data["country"]
        if code not in countries.country_codes():
            raise ValidationError(_("Choose a country from the list."), code="invalid")
        return code

    def clean_platform_other(self):
        return " ".join(self.cleaned_data["platform_other"].split())

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(_("Leave this field empty."), code="honeypot")
        return ""

    def clean(self):
        cleaned = super().clean()
        platform = cleaned.get("platform")
        if platform and platform.is_other and not cleaned.get("platform_other"):
            self.add_error(
                "platform_other", _("Type the name of the platform you worked on.")
            )
        if platform and not platform.is_other:
            # A name typed next to a listed platform would only confuse review.
            cleaned["platform_other"] = ""

        check_pay_and_hours(self, cleaned)

        currency = cleaned.get("currency")
        period = cleaned.get("period")
        if currency and period:
            self.exchange_rate = ExchangeRate.objects.for_period(currency, period)
            if self.exchange_rate is None:
                self.add_error("currency", _("Choose a currency from the list."))
        return cleaned

    def save(self, receipt=None):
        """Save the report with its computed figures and flags, pending review.

        Editing an approved report sends it back to review.
        """
        report = super().save(commit=False)
        if receipt is not None:
            report.receipt = receipt
        report.record_conditions(
            self.conditions,
            {
                condition.slug: self.cleaned_data[condition.slug]
                for condition in self.conditions
            },
        )
        report.work_out_pay(self.exchange_rate)
        report.send_back_to_review()
        report.flags = flags_for(report)
        report.save()
        return report


# On top of the country list until enough approved reports say which
# countries are the most reported: where most of these workers live.
USUAL_COUNTRIES = ("KE", "PH", "VE", "CO", "UG", "IN")


# The short list of countries is counted at most once an hour: a count of
# every approved report was paid by each form (40 % slower to send a report
# at 100,000 reports, bench/stats_benchmark.py), and a list that moved with
# each approval would tell when one was made.
MOST_REPORTED_SECONDS = 3600


def most_reported_countries(k_anonymity):
    key = f"report-form:most-reported-countries:{k_anonymity}"
    top = cache.get(key)
    if top is None:
        top = Report.objects.most_reported_countries(
            at_least=k_anonymity, limit=len(USUAL_COUNTRIES)
        )
        cache.set(key, top, MOST_REPORTED_SECONDS)
    return top


def country_choices(k_anonymity):
    """Every country by its name in the reader's language, after a short list
    of the most reported ones (each by at least k approved reports)."""
    everyone = countries.country_choices()
    names = dict(everyone)
    top = most_reported_countries(k_anonymity) or USUAL_COUNTRIES
    return [
        ("", _("Choose…")),
        (_("Most reported"), [(code, names[code]) for code in top if code in names]),
        (_("All countries"), everyone),
    ]


def currency_choices():
    """Currencies we can convert, named and sorted in the active language."""
    codes = ExchangeRate.objects.currencies()
    return sorted(
        ((code, f"{countries.currency_name(code)} ({code})") for code in codes),
        key=lambda pair: countries.sort_key(pair[1]),
    )


def currency_suggestions():
    """{country code: its currency}, for the countries whose currency we can
    convert: what a form suggests once the country is chosen."""
    convertible = set(ExchangeRate.objects.currencies())
    return {
        code: currency
        for code in sorted(countries.country_codes())
        if (currency := countries.local_currency(code)) in convertible
    }


def currency_choices_for(country=""):
    """The currency list of the report: the chosen country's own currency and
    US dollars on top, then every one by name."""
    everyone = currency_choices()
    names = dict(everyone)
    local = countries.local_currency(country) if country else None
    top = [code for code in dict.fromkeys([local, "USD"]) if code in names]
    return [
        ("", _("Choose…")),
        (_("Most used"), [(code, names[code]) for code in top]),
        (_("All currencies"), everyone),
    ]


class DuplicateForm(forms.Form):
    """Reject a report as a duplicate of another, named by the moderator
    among the report's duplicate_candidates()."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    original = forms.ModelChoiceField(
        queryset=Report.objects.none(), widget=forms.HiddenInput
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = duplicate_candidates(report)


class PlatformMappingForm(forms.Form):
    """Give a typed, unknown platform a place in the list."""

    platform = forms.ModelChoiceField(
        queryset=Platform.objects.active().exclude(slug=Platform.OTHER_SLUG),
        label=_("Same as a platform in the list"),
        empty_label=_("Choose…"),
        required=False,
    )
    new_name = forms.CharField(
        label=_("Or add it to the list as"), max_length=100, required=False
    )

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("platform")
        name = " ".join(cleaned.get("new_name", "").split())
        if bool(chosen) == bool(name):
            raise ValidationError(
                _("Choose a platform in the list, or type a new name: one of the two.")
            )
        cleaned["new_name"] = name
        return cleaned


class CorrectionForm(forms.Form):
    """A moderator's proposed correction of a report's pay and hours, with a
    note to its author. The fields and their rules are the report form's,
    so "8.500" or "1,500" read the same here as there."""

    pay_amount = MoneyField(
        label=_("Pay"), error_messages={"required": _("Enter an amount above zero.")}
    )
    pay_unit = forms.ChoiceField(
        label=_("Paid"),
        choices=PayUnit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how your pay is counted.")},
    )
    tasks_per_hour = ReportForm.base_fields["tasks_per_hour"]
    paid_hours_per_week = hours_field(_("Paid hours per week"), "")
    unpaid_hours_per_week = hours_field(_("Unpaid hours per week"), "")
    note = forms.CharField(
        label=_("Note to the author"),
        help_text=_(
            "Plain words on what you changed and why. The author reads it "
            "under their receipt code."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell the author what you changed and why.")},
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    @classmethod
    def for_report(cls, report, data=None):
        """The form, prefilled with the report's own values."""
        initial = {"pay_unit": report.pay_unit, "version": report.version}
        # As the page's language writes them, and as it will read them back.
        for name in ReportCorrection.CHANGED_FIELDS:
            value = getattr(report, name)
            if name != "pay_unit" and value is not None:
                initial[name] = money.format_amount(value)
        return cls(data, initial=initial, prefix="correction")

    def clean(self):
        cleaned = super().clean()
        check_pay_and_hours(self, cleaned)
        return cleaned

    def values(self):
        """The proposed values, by the report's field names."""
        return {
            name: self.cleaned_data[name] for name in ReportCorrection.CHANGED_FIELDS
        }


class CorrectionAnswerForm(forms.Form):
    """The author's answer to a proposed correction, with the version of the
    report they saw: a second click finds it already answered."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class DeclineCorrectionForm(CorrectionAnswerForm):
    """The author declines a proposed correction, with an optional word for
    the moderator."""

    word = forms.CharField(
        label=_("A word for the moderator (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
