"""The platform pages: the list of platforms with published figures, and
one platform's pay, conditions, debts, trend and stories (stats.platforms
gathers the published cells; nothing here computes a figure)."""

from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core import countries
from core.templatetags.ground_truth import money
from incidents.models import Kind
from stats import charts, disclosure, platforms
from stats.publication import current_release
from surveys.models import Platform
from testimonies.models import Testimony

STORIES_SHOWN = 10


class PlatformCountryForm(forms.Form):
    """The country a platform page shows, among those with published cells."""

    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)

    def __init__(self, data, *, offered):
        super().__init__(data)
        self.fields["country"].choices = [
            ("", _("All countries")),
            *[(code, countries.country_name(code)) for code in offered],
        ]


@require_safe
def platform_list(request):
    sort = request.GET.get("sort", "name")
    if sort not in platforms.SORTS:
        sort = "name"
    release = current_release()
    return render(
        request,
        "stats/platform_list.html",
        {
            "release": release,
            "platforms": platforms.platform_list(release, sort) if release else [],
            "sort": sort,
            "quantile_min": disclosure.QUANTILE_MIN_REPORTS,
        },
    )


def _charts(figures):
    built = {}
    currency = figures.currency.code
    pay = figures.amounts()
    if pay:
        low = pay["p25"] if pay["p25"] is not None else pay["median"]
        high = pay["p75"] if pay["p75"] is not None else pay["median"]
        wage = figures.minimum_wage_amount
        built["pay"] = charts.pay_box_plot(
            [(figures.platform.label, low, pay["median"], high)],
            title=_("Effective hourly pay in %(currency)s: middle half and median")
            % {"currency": currency},
            description=_("median %(median)s")
            % {"median": money(pay["median"], currency)},
            format_number=lambda value: money(value, currency),
            minimum_wage=(_("Minimum wage"), wage) if wage else None,
        )
    rows = [cell for cell in figures.trend if cell.figures["effective_hourly_usd"]]
    if len(rows) > 1:
        points = []
        for cell in rows:
            found = cell.figures["effective_hourly_usd"]
            year, number = cell.key.split("-Q")
            points.append(
                (
                    (_("Q%(quarter)s") % {"quarter": number}, year),
                    found["p25"] if found["p25"] is not None else found["median"],
                    found["median"],
                    found["p75"] if found["p75"] is not None else found["median"],
                )
            )
        built["trend"] = charts.trend_chart(
            points,
            title=_("Median effective hourly pay by quarter, in US dollars"),
            description="; ".join(
                f"{cell.label}: {money(cell.figures['effective_hourly_usd']['median'], 'USD')}"
                for cell in rows
            ),
            format_number=lambda value: money(value, "USD"),
        )
    return built


def downloads(platform, country):
    """(label, address) of the CSV files holding the page's tables: the same
    published cells, through the statistics' own files (which cross two
    dimensions at most: with a country, the platform's cells there)."""
    reports = reverse("stats:stats-csv")
    incidents = reverse("stats:incidents-csv")
    if country:
        fixed = urlencode({"platform": platform.slug, "country": country})
        return [
            (_("Pay and conditions in this country"), f"{reports}?{fixed}"),
            (_("What the platform owes in this country"), f"{incidents}?{fixed}"),
        ]

    def grouped(by):
        return urlencode({"platform": platform.slug, "group_by": by})

    return [
        (_("Pay and conditions by country"), f"{reports}?{grouped('country')}"),
        (_("Pay by quarter"), f"{reports}?{grouped('quarter')}"),
        (_("What the platform owes, by quarter"), f"{incidents}?{grouped('quarter')}"),
    ]


@require_safe
def platform_page(request, slug):
    platform = get_object_or_404(Platform, slug=slug)
    release = current_release()
    offered = platforms.offered_countries(platform, release) if release else []
    form = PlatformCountryForm(request.GET or None, offered=offered)
    if form.is_bound and not form.is_valid():
        status, country = 400, ""
    else:
        status = 200
        country = form.cleaned_data["country"] if form.is_bound else ""
    figures = (
        platforms.platform_figures(platform, release, country) if release else None
    )
    stories = (
        Testimony.objects.published()
        .filter(platform=platform)
        .order_by("-published_on", "-pk")[:STORIES_SHOWN]
    )
    context = {
        "platform": platform,
        "release": release,
        "form": form,
        "country": country,
        "figures": figures,
        "stories": stories,
        "kinds": Kind.choices,
        "k": settings.K_ANONYMITY,
        "quantile_min": disclosure.QUANTILE_MIN_REPORTS,
        "quartile_min": disclosure.QUARTILE_MIN_REPORTS,
        "charts": _charts(figures) if figures else {},
        "downloads": downloads(platform, country),
    }
    return render(request, "stats/platform.html", context, status=status)
