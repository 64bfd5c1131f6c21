"""The moderator's forms: a decision, the login, and the second factor's code."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from moderation.access import (
    normalize_username,
)
from moderation.models import Action, RejectionReason

# The reason fields sit in the review page's decision bar, outside the
# <form> that holds the rest (templates/moderation/includes/decision.html):
# the bar stays on screen while the entry scrolls, so it cannot live inside
# a story's long copy. The `form` attribute ties them back to that form.
DECISION_FORM_ID = "decision-form"


class DecisionForm(forms.Form):
    """A moderator's decision on an entry, with the version they looked at."""

    APPROVE = "approve"
    REJECT = "reject"

    action = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))],
        widget=forms.HiddenInput,
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    reason_code = forms.ChoiceField(
        label=_("Reason for rejecting"),
        choices=[("", _("Choose…")), *RejectionReason.choices],
        required=False,
        # "r" moves here (static/js/moderation.js); Enter here sends the
        # rejection once a reason is chosen.
        widget=forms.Select(
            attrs={
                "form": DECISION_FORM_ID,
                "data-shortcut": "r",
                "aria-keyshortcuts": "r",
                "data-enter": "decision-reject",
            }
        ),
    )
    reason_text = forms.CharField(
        label=_("Details (for the moderators' log)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 1, "form": DECISION_FORM_ID, "data-enter": "decision-reject"}
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.REJECT:
            if not cleaned.get("reason_code"):
                self.add_error("reason_code", _("Choose a reason to reject."))
            elif cleaned["reason_code"] == RejectionReason.OTHER and not cleaned.get(
                "reason_text"
            ):
                self.add_error("reason_text", _("Say why this is rejected."))
        # The page comes back with the cursor in the first field to fix,
        # not on Approve: set in the HTML, so it holds without JavaScript.
        for name in ("reason_code", "reason_text"):
            if name in self.errors:
                self.fields[name].widget.attrs["autofocus"] = True
                break
        return cleaned

    @property
    def reason(self):
        code = self.cleaned_data.get("reason_code")
        text = self.cleaned_data.get("reason_text", "").strip()
        if not code:
            return text
        label = str(RejectionReason(code).label)
        return f"{label}: {text}" if text else label


class LoginForm(AuthenticationForm):
    """Django's login form, looking the account up under its one spelling.

    With `wait_seconds`, the account is slowed down for this client (see
    moderation.access): the form says so by the name, without checking the
    password, so that a slowed-down try tells nothing.
    """

    def __init__(self, request=None, *args, wait_seconds=0, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.wait_seconds = wait_seconds

    def clean_username(self):
        return normalize_username(self.cleaned_data["username"])

    def clean(self):
        if self.wait_seconds:
            raise ValidationError(
                {
                    "username": ngettext(
                        "This account has had many failed logins. Wait %(seconds)s second and try again.",
                        "This account has had many failed logins. Wait %(seconds)s seconds and try again.",
                        self.wait_seconds,
                    )
                    % {"seconds": self.wait_seconds}
                }
            )
        return super().clean()


class TokenForm(forms.Form):
    """The six digits of a TOTP authenticator app."""

    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
        error_messages={"required": _("Enter the six-digit code.")},
    )

    def clean_token(self):
        return re.sub(r"\s", "", self.cleaned_data["token"])


class RevokeForm(forms.Form):
    """Revoke an entry's approval: why, and the version the moderator read."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label=_("Why is the approval revoked?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Say why the approval is revoked.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the approval is revoked."))
        return reason


class AuditLogFilterForm(forms.Form):
    """The audit log's filters (a GET form: every field optional)."""

    # Whoever appears in the log, by name (readable in a shared link).
    moderator = forms.ModelChoiceField(
        label=_("Moderator"),
        required=False,
        queryset=get_user_model()
        .objects.filter(moderationevent__isnull=False)
        .distinct()
        .order_by("username"),
        to_field_name="username",
        empty_label=_("Any"),
    )
    kind = forms.ChoiceField(label=_("Kind of entry"), required=False)
    entry = forms.IntegerField(
        label=_("Entry number"), required=False, min_value=1, max_value=2**63 - 1
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any"))] + [
            (kind.name, kind.label) for kind in kinds
        ]
        self.fields["action"].choices = [("", _("Any"))] + Action.choices
        self.kinds = {kind.name: kind for kind in kinds}

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("This day comes before the first day."))
        return cleaned

    def filter(self, events):
        """`events` narrowed to what the valid form asks for."""
        chosen = self.cleaned_data
        if chosen["moderator"]:
            events = events.filter(moderator=chosen["moderator"])
        if chosen["kind"]:
            model = self.kinds[chosen["kind"]].model
            events = events.filter(item_type=model._meta.model_name)
        if chosen["entry"]:
            events = events.filter(item_id=chosen["entry"])
        if chosen["action"]:
            events = events.filter(action=chosen["action"])
        if chosen["since"]:
            events = events.filter(at__date__gte=chosen["since"])
        if chosen["until"]:
            events = events.filter(at__date__lte=chosen["until"])
        return events
