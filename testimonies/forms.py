from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core import countries
from moderation.forms import DecisionForm
from receipts.forms import OneSubmissionMixin
from surveys.models import Platform, TaskType
from testimonies.models import (
    TEXT_MAX_LENGTH,
    TEXT_MIN_LENGTH,
    ContentWarning,
    Testimony,
    language_choices,
)


class YesNoField(forms.TypedChoiceField):
    """A required yes / no question, asked with two radio buttons, saved as a
    boolean."""

    def __init__(self, *, required_message, **kwargs):
        super().__init__(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda answer: answer == "yes",
            widget=forms.RadioSelect,
            error_messages={
                "required": required_message,
                "invalid_choice": required_message,
            },
            **kwargs,
        )

    def prepare_value(self, value):
        # The saved boolean of a story being changed, shown as its answer.
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value


class TestimonyForm(OneSubmissionMixin, forms.ModelForm):
    """A story, its optional context, its content warnings and three consents."""

    title = forms.CharField(
        label=_("Title (optional)"),
        max_length=120,
        required=False,
        error_messages={"max_length": _("Use at most 120 characters.")},
    )
    text = forms.CharField(
        label=_("Your story"),
        help_text=_(
            "What is the work like? What happened? Write in your own words, "
            "in any language."
        ),
        min_length=TEXT_MIN_LENGTH,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("Write your story here."),
            "min_length": _(
                "Please write a little more: at least %(limit_value)d characters "
                "(you wrote %(show_value)d)."
            ),
            "max_length": _(
                "Please shorten your story to %(limit_value)d characters "
                "(you wrote %(show_value)d)."
            ),
        },
    )
    language = forms.ChoiceField(
        label=_("Language of your story"),
        error_messages={
            "required": _("Choose the language of your story."),
            "invalid_choice": _("Choose a language from the list."),
        },
    )
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.active(),
        label=_("Platform (optional)"),
        required=False,
        empty_label=_("Prefer not to say"),
        error_messages={"invalid_choice": _("Choose a platform from the list.")},
    )
    country = forms.ChoiceField(
        label=_("Country (optional)"),
        required=False,
        error_messages={"invalid_choice": _("Choose a country from the list.")},
    )
    task_type = forms.ModelChoiceField(
        queryset=TaskType.objects.all(),
        label=_("Type of work (optional)"),
        required=False,
        empty_label=_("Prefer not to say"),
        error_messages={"invalid_choice": _("Choose a type of work from the list.")},
    )
    content_warnings = forms.MultipleChoiceField(
        label=_("Does your story describe any of these?"),
        help_text=_(
            "Readers will see a warning and open the story only if they choose to."
        ),
        choices=ContentWarning.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose warnings from the list.")},
    )
    # Publication and sharing are asked as yes or no, with nothing chosen
    # beforehand: a checkbox left unticked by mistake kept a story private
    # without its author knowing.
    consent_publish = YesNoField(
        label=_("May we publish an edited copy on this site?"),
        help_text=_("A moderator first removes details that could identify anyone."),
        required_message=_("Choose yes or no."),
    )
    consent_share_research = YesNoField(
        label=_(
            "May we share it with researchers and journalists who study this work?"
        ),
        help_text=_("Only the edited copy, and only if it is published."),
        required_message=_("Choose yes or no."),
    )
    consent_quote = forms.BooleanField(
        label=_("It may be quoted (without any detail that could identify me)."),
        required=False,
    )
    wants_to_review_edits = forms.BooleanField(
        label=_(
            "Show me the moderator's edited copy before it is published "
            "(under my receipt code)."
        ),
        required=False,
        initial=True,
    )
    # A field people never see or fill; naive bots fill every field.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    class Meta:
        model = Testimony
        fields = [
            "title",
            "text",
            "language",
            "platform",
            "country",
            "task_type",
            "content_warnings",
            "consent_publish",
            "consent_share_research",
            "consent_quote",
            "wants_to_review_edits",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["country"].choices = [
            ("", _("Prefer not to say")),
            *countries.country_choices(),
        ]
        if not self.instance.pk:
            self.initial.setdefault("language", translation.get_language())
            # The model's default (no) is not an answer: the author gives one.
            self.initial.pop("consent_publish", None)
            self.initial.pop("consent_share_research", None)
        self.add_submission_token()

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_text(self):
        return self.cleaned_data["text"].strip()

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(_("Leave this field empty."), code="honeypot")
        return ""

    def save(self, receipt=None):
        """Save the story pending review, with the personal data found in it.

        An edited story goes back to review, and its published copy is
        withdrawn until a moderator has read the new words.
        """
        testimony = super().save(commit=False)
        if receipt is not None:
            testimony.receipt = receipt
        testimony.find_personal_data()
        testimony.send_back_to_review()
        testimony.save()
        return testimony


class StoryFilterForm(forms.Form):
    """The filters of the public list; a value that does not fit is ignored."""

    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.all(),
        to_field_name="slug",
        label=_("Platform"),
        required=False,
        empty_label=_("All"),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    task_type = forms.ModelChoiceField(
        queryset=TaskType.objects.all(),
        to_field_name="slug",
        label=_("Type of work"),
        required=False,
        empty_label=_("All"),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All")), *countries.country_choices()]
        self.fields["language"].choices = [("", _("All")), *language_choices()]

    def valid_filters(self):
        """The filters that were given and make sense; the others are ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def apply(self, stories):
        filters = self.valid_filters()
        words = filters.pop("q", "")
        stories = stories.filter(**filters)
        return stories.search(words) if words else stories

    def query_string(self):
        """The valid filters as a query string, for the pagination links."""
        pairs = {
            name: getattr(value, "slug", value)
            for name, value in self.valid_filters().items()
        }
        return urlencode(pairs)


class StoryDecisionForm(DecisionForm):
    """A decision on a story, with the copy that may be published."""

    published_title = forms.CharField(
        label=_("Published title"), max_length=120, required=False
    )
    published_text = forms.CharField(
        label=_("Published text"),
        help_text=_("Only this copy is ever shown in public."),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    content_warnings = forms.MultipleChoiceField(
        label=_("Content warnings"),
        choices=ContentWarning.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("action") == self.APPROVE
            and not cleaned.get("published_text", "").strip()
        ):
            self.add_error(
                "published_text", _("An approved story needs a published text.")
            )
        return cleaned
