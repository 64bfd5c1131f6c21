"""The question a reader asks of the published tables: filters and a grouping,
for the page, the CSV files and the API alike."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import countries
from stats import published, tables
from stats.models import Table
from surveys.models import ExchangeRate, Platform, TaskType

GROUPING_LABELS = {
    "none": _("No grouping"),
    "platform": _("Platform"),
    "country": _("Country"),
    "task_type": _("Type of work"),
    "quarter": _("Quarter"),
    "year": _("Year"),
}
# Parameters of an earlier version of the site: free ranges of months, which
# let anyone difference two overlapping ranges. Refused with a pointer.
MONTH_RANGE_PARAMETERS = ("period_from", "period_to")


class CountryCodeField(forms.CharField):
    """A country by its ISO code, in capitals or not (?country=ke).

    Any country may be asked for (the answer may be that nothing is
    published); the list on the page offers those with published figures.
    """

    widget = forms.Select

    def to_python(self, value):
        return super().to_python(value).strip().upper()

    def validate(self, value):
        super().validate(value)
        if value and value not in countries.country_codes():
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )


def period_label(period):
    if tables.period_dimension(period) == "quarter":
        return published.quarter_label(period)
    return period


class StatsQueryForm(forms.Form):
    group_by = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        error_messages={"invalid_choice": _("Choose a grouping from the list.")},
    )
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.all(),
        to_field_name="slug",
        label=_("Platform"),
        required=False,
        empty_label=_("All"),
        error_messages={"invalid_choice": _("Choose a platform from the list.")},
    )
    country = CountryCodeField(
        label=_("Country"),
        required=False,
        max_length=2,
        error_messages={"invalid_choice": _("Choose a country from the list.")},
    )
    task_type = forms.ModelChoiceField(
        queryset=TaskType.objects.all(),
        to_field_name="slug",
        label=_("Type of work"),
        required=False,
        empty_label=_("All"),
        error_messages={"invalid_choice": _("Choose a type of work from the list.")},
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=7,
        widget=forms.Select,
    )
    # How the page lists the groups; the files and the API keep the
    # dimension's own order, so the field is the page's alone.
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("median", _("By median pay, highest first")),
            ("name", _("By name")),
        ],
        error_messages={"invalid_choice": _("Choose an order from the list.")},
    )
    # US dollars, or the currency of the one country chosen (the page's
    # alone, like the order: the files and the API keep US dollars).
    currency = forms.ChoiceField(
        label=_("Currency"),
        required=False,
        error_messages={"invalid_choice": _("Choose a currency from the list.")},
    )

    def __init__(
        self,
        data=None,
        *,
        table=Table.REPORTS,
        default_group_by="platform",
        release=None,
        lists=True,
    ):
        """`release` offers its countries and periods in the lists (unless
        `lists` is off, for the API, which shows no form)."""
        super().__init__(data)
        # Why the question is not among the published tables, as (parameter,
        # message in English) for the API; None when it is.
        self.refusal = None
        self.table = table
        self.default_group_by = default_group_by
        self.fields["group_by"].choices = [
            (name, GROUPING_LABELS[name]) for name in tables.groupings(table)
        ]
        self.fields["group_by"].initial = default_group_by
        if table != Table.REPORTS:
            del self.fields["task_type"]
            del self.fields["order"]
            del self.fields["currency"]
        else:
            self.fields["currency"].choices = self._currencies()
        if lists:
            self._offer(published.offered(table, release))

    def _currencies(self):
        """US dollars, and the local currency of the country asked for when
        we hold a rate for it."""
        choices = [("USD", countries.currency_name("USD"))]
        code = str(self.data.get("country", "")).strip().upper()
        local = (
            countries.local_currency(code)
            if code in countries.country_codes()
            else None
        )
        if (
            local
            and local != "USD"
            and ExchangeRate.objects.filter(currency=local).exists()
        ):
            choices.append((local, countries.currency_name(local)))
        return choices

    def _offer(self, offered):
        """Lists of what is published (and of what was asked for)."""
        asked = str(self.data.get("country", "")).strip().upper()
        shown = set(offered["country"]) | {asked}
        self.fields["country"].widget.choices = [
            ("", _("All")),
            *[
                (code, name)
                for code, name in countries.country_choices()
                if code in shown
            ],
        ]
        periods = list(offered["period"])
        asked = str(self.data.get("period", "")).strip()
        if tables.period_dimension(asked) and asked not in periods:
            periods = sorted([*periods, asked], reverse=True)
        self.fields["period"].widget.choices = [
            ("", _("All")),
            *[(period, period_label(period)) for period in periods],
        ]

    def clean_period(self):
        period = self.cleaned_data["period"].strip()
        if period and tables.period_dimension(period) is None:
            raise ValidationError(
                _("Choose a year, such as 2026, or a quarter, such as 2026-Q1."),
                code="invalid",
            )
        return period

    def clean(self):
        cleaned = super().clean()
        if any(name in self.data for name in MONTH_RANGE_PARAMETERS):
            raise ValidationError(
                _("Ranges of months are not offered: choose a year or a quarter."),
                code="not_offered",
            )
        if self.errors:
            return cleaned
        filters = self._filters(cleaned)
        group_by = cleaned.get("group_by")
        if not group_by:
            # The default grouping, unless the filters leave no room for it.
            group_by = self.default_group_by
            if tables.Query(self.table, filters, group_by).problem():
                group_by = "none"
        cleaned["group_by"] = group_by
        self.refusal = tables.Query(self.table, filters, group_by).problem()
        if self.refusal:
            raise ValidationError(self._explain(filters, group_by), code="not_offered")
        return cleaned

    def _filters(self, cleaned):
        filters = {}
        for name in ("platform", "task_type"):
            if cleaned.get(name):
                filters[name] = cleaned[name].slug
        if cleaned.get("country"):
            filters["country"] = cleaned["country"]
        if cleaned.get("period"):
            filters[tables.period_dimension(cleaned["period"])] = cleaned["period"]
        return filters

    def _explain(self, filters, group_by):
        """Why a question is not among the published tables, in words."""
        if group_by in filters:
            return _(
                "Choose either a filter on %(dimension)s or a grouping by it, not both."
            ) % {"dimension": GROUPING_LABELS[group_by]}
        if set(tables.PERIODS) <= {*filters, group_by}:
            return _(
                "Choose either a period or a grouping by quarter or year, not both."
            )
        if self.table == Table.REPORTS:
            return _(
                "Choose at most two of platform, country, type of work and period, "
                "counting the grouping: the published tables cross two at a time."
            )
        return _(
            "Choose at most two of platform, country and period, counting the "
            "grouping: the published tables cross two at a time."
        )

    def query(self):
        """The question of a valid (or empty) form."""
        if not self.is_bound:
            return tables.Query(self.table, {}, self.default_group_by)
        return tables.Query(
            self.table, self._filters(self.cleaned_data), self.cleaned_data["group_by"]
        )
