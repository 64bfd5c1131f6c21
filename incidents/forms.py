from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import countries
from incidents.models import Action, Incident, Kind, Outcome, Reply
from receipts.forms import OneSubmissionMixin
from surveys.forms import (
    MoneyField,
    ReportForm,
    clean_month,
    country_field,
    currency_choices,
    currency_suggestions,
    month_field,
)
from surveys.models import Platform

TEXT_MAX_LENGTH = 5000


def choice_field(label, choices, required_message):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": required_message,
            "invalid_choice": required_message,
        },
    )


def check_amount_recovered(form, amount_owed):
    """An amount got back is kept only for "paid in part", and is never more
    than the amount owed."""
    cleaned = form.cleaned_data
    if cleaned.get("outcome") == Outcome.PAID_PART:
        recovered = cleaned.get("amount_recovered")
        if amount_owed and recovered and recovered > amount_owed:
            form.add_error("amount_recovered", _("This is more than the amount owed."))
    else:
        cleaned["amount_recovered"] = None


def initial_from_report(report):
    """What a new incident can take from the worker's report under the same
    receipt: the platform, the country and the currency."""
    if report is None:
        return {}
    return {
        "platform": report.platform_id,
        "country": report.country,
        "currency": report.currency,
    }


class IncidentForm(OneSubmissionMixin, forms.ModelForm):
    """One incident: what happened, what is owed, what was done, how it ended."""

    kind = choice_field(_("What happened?"), Kind.choices, _("Choose what happened."))
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.active(),
        label=_("Platform or company"),
        empty_label=_("Choose…"),
        error_messages={
            "required": _("Choose the platform you worked on."),
            "invalid_choice": _("Choose a platform from the list."),
        },
    )
    country = country_field()
    started = month_field(_("Month it started"), "")
    amount_owed = MoneyField(
        label=_("Amount owed (optional)"),
        help_text=_("What they owe you, or what you lost, in its currency."),
        required=False,
    )
    currency = forms.ChoiceField(
        label=_("Currency of the amount"),
        required=False,
        error_messages={"invalid_choice": _("Choose a currency from the list.")},
    )
    hours_covered = MoneyField(
        label=_("Hours of work it covers (optional)"),
        required=False,
        max_digits=7,
    )
    action = choice_field(
        _("What did you do?"), Action.choices, _("Choose what you did.")
    )
    outcome = choice_field(
        _("What happened since?"), Outcome.choices, _("Choose what happened since.")
    )
    amount_recovered = MoneyField(
        label=_("If paid in part: how much you got back"),
        required=False,
    )
    reason_given = choice_field(
        _("Did the platform give a reason?"), Reply.choices, _("Choose an answer.")
    )
    evidence_given = choice_field(
        _("When asked, did it show task IDs or evidence?"),
        Reply.choices,
        _("Choose an answer."),
    )
    text = forms.CharField(
        label=_("Anything else (optional)"),
        help_text=_(
            "Do not write names, IDs, emails or phone numbers. Only moderators read this."
        ),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )
    website = forms.CharField(label=_("Leave this empty"), required=False)

    class Meta:
        model = Incident
        fields = [
            "kind",
            "platform",
            "country",
            "started",
            "amount_owed",
            "currency",
            "hours_covered",
            "action",
            "outcome",
            "amount_recovered",
            "reason_given",
            "evidence_given",
            "text",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", _("Choose…")),
            *countries.country_choices(),
        ]
        self.fields["currency"].choices = [("", _("Choose…")), *currency_choices()]
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("started", date.today().strftime("%Y-%m"))
        if self.instance.pk:
            self.initial["started"] = self.instance.started.strftime("%Y-%m")
        self.add_submission_token()

    def clean_started(self):
        return clean_month(self.cleaned_data["started"])

    clean_country = ReportForm.clean_country
    clean_website = ReportForm.clean_website

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("amount_owed")
        if amount and not cleaned.get("currency"):
            self.add_error("currency", _("Choose the currency of the amount owed."))
            self.suggest_currency(cleaned.get("country"))
        if (
            cleaned.get("currency")
            and amount is None
            and "amount_owed" not in self.errors
        ):
            cleaned["currency"] = ""
        check_amount_recovered(self, amount)
        return cleaned

    def suggest_currency(self, country):
        """Show the country's currency chosen when the form comes back, so
        that without JavaScript too the worker only has to check it."""
        suggested = currency_suggestions().get(country)
        if suggested:
            self.data = self.data.copy()
            self.data[self.add_prefix("currency")] = suggested

    def save(self, receipt=None):
        """Save pending review, with the amount in USD and personal data found.

        An outcome that closes the matter records today as its resolution
        day; an edited approved incident leaves the figures until reviewed
        and released again.
        """
        incident = super().save(commit=False)
        if receipt is not None:
            incident.receipt = receipt
        incident.price_amount_owed()
        incident.record_outcome(today=timezone.localdate())
        incident.find_personal_data()
        incident.send_back_to_review()
        incident.save()
        return incident


class OutcomeForm(forms.ModelForm):
    """What happened since, on its own page: the one answer that changes."""

    outcome = IncidentForm.base_fields["outcome"]
    amount_recovered = IncidentForm.base_fields["amount_recovered"]

    class Meta:
        model = Incident
        fields = ["outcome", "amount_recovered"]

    def clean(self):
        cleaned = super().clean()
        check_amount_recovered(self, self.instance.amount_owed)
        return cleaned

    def save(self):
        """Save the new outcome pending review again, with the day it closed
        the matter (Incident.record_outcome)."""
        incident = super().save(commit=False)
        incident.record_outcome(today=timezone.localdate())
        incident.send_back_to_review()
        incident.save()
        return incident
