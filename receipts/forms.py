"""The receipt code typed by a worker, and the one-time token of a form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import Campaign
from receipts import codes


class OneSubmissionMixin:
    """What every form of a new entry carries besides its answers: a hidden
    one-time token, so that a form sent twice is saved once, and an
    optional campaign code (core.models.Campaign), which makes
    cleaned_data["campaign"] the open campaign or None. The entry itself
    never records the campaign."""

    def add_submission_token(self):
        self.fields["submission_token"] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64
        )
        if not self.is_bound:
            self.initial["submission_token"] = codes.new_form_token()
        if self.instance.pk is None:
            self.fields["campaign"] = forms.CharField(
                label=_("Campaign code (optional)"),
                help_text=_(
                    "Only if an organizer gave you one for a reporting drive. "
                    "Everyone there types the same code: it does not identify you."
                ),
                required=False,
                max_length=40,
                widget=forms.TextInput(
                    attrs={
                        "autocomplete": "off",
                        "autocapitalize": "characters",
                        "spellcheck": "false",
                    }
                ),
            )

    def clean_campaign(self):
        code = self.cleaned_data["campaign"].strip()
        if not code:
            return None
        campaign = Campaign.objects.for_code(code)
        # One answer for a code that does not exist and for one not open
        # now: two would tell a guesser which codes exist, future ones too.
        if campaign is None or not campaign.is_open():
            raise ValidationError(
                _(
                    "No open campaign has this code. Check it with the "
                    "organizer, or leave this field empty."
                ),
                code="unknown",
            )
        return campaign


class ReceiptCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your receipt code"),
        help_text=_(
            "For example GT-7K3Q-9XPA-M2VD. "
            "Capital or small letters, with or without dashes."
        ),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Enter your receipt code.")},
    )

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not codes.is_receipt_code(code):
            raise ValidationError(
                _(
                    "This does not look like a receipt code: "
                    "it has 12 letters and digits after GT."
                ),
                code="invalid",
            )
        return codes.normalize_receipt_code(code)

    def add_not_found_error(self):
        """Tell that no receipt has this code, in the same words wherever a
        code is typed, so no page says more about a guess than another."""
        self.add_error(
            "code",
            _(
                "No entries were found for this code. "
                "Check each letter and digit and try again."
            ),
        )
