"""The public statistics: the page, its methodology, the CSV and the JSON API.

All of them read surveys.stats.figures, so the same suppression holds on
every surface.
"""

import csv
import hashlib

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from surveys import charts, openapi, stats
from surveys.forms import StatsFilterForm
from surveys.models import ExchangeRate, MinimumWage
from surveys.templatetags.ground_truth import amount

API_PARAMETERS = {
    "group_by",
    "platform",
    "country",
    "task_type",
    "period_from",
    "period_to",
}


def read_filters(form):
    """The filters and grouping of a valid (or empty) filter form."""
    if not form.is_bound:
        return stats.Filters(), form.default_group_by
    return form.filters(), form.cleaned_data["group_by"]


def _minimum_wage_usd(country):
    wage = MinimumWage.objects.filter(country=country).first()
    rate = (
        wage
        and ExchangeRate.objects.filter(currency=wage.currency)
        .order_by("-date")
        .first()
    )
    if not rate:
        return None
    return wage.hourly_amount / rate.units_per_usd


def _charts(overall, table, trend, filters):
    groups = table.groups
    pay_rows = [
        (
            group.label,
            group.effective_hourly_usd["p25"],
            group.effective_hourly_usd["median"],
            group.effective_hourly_usd["p75"],
        )
        for group in groups
    ]
    wage = _minimum_wage_usd(filters.country) if filters.country else None
    built = {
        "pay": charts.pay_box_plot(
            pay_rows,
            title=_("Effective hourly pay in US dollars: middle half and median"),
            description="; ".join(
                _("%(group)s: median %(median)s, middle half %(p25)s to %(p75)s")
                % {
                    "group": label,
                    "median": amount(median),
                    "p25": amount(p25),
                    "p75": amount(p75),
                }
                for label, p25, median, p75 in pay_rows
            ),
            format_number=amount,
            minimum_wage=(_("Minimum wage"), wage) if wage else None,
        )
    }
    shares = [share for share in overall.conditions if share.share is not None]
    if shares:
        built["conditions"] = charts.share_chart(
            [(share.label, share.share, share.ci95) for share in shares],
            title=_("Share answering yes, with confidence intervals"),
            description="; ".join(
                _("%(condition)s: %(share)s%% (%(low)s%% to %(high)s%%)")
                % {
                    "condition": share.label,
                    "share": share.share,
                    "low": share.ci95[0],
                    "high": share.ci95[1],
                }
                for share in shares
            ),
        )
    if trend and trend.groups:
        points = [
            (
                _quarter_lines(group.key),
                group.effective_hourly_usd["p25"],
                group.effective_hourly_usd["median"],
                group.effective_hourly_usd["p75"],
            )
            for group in trend.groups
        ]
        built["trend"] = charts.trend_chart(
            points,
            title=_("Median effective hourly pay by quarter, in US dollars"),
            description="; ".join(
                f"{group.label}: {amount(group.effective_hourly_usd['median'])}"
                for group in trend.groups
            ),
            format_number=amount,
        )
    return built


def _quarter_lines(key):
    """A quarter's key (2026-Q1) as two short lines for a chart: Q1 / 2026."""
    year, number = key.split("-Q")
    return _("Q%(quarter)s") % {"quarter": number}, year


def _page_cache_key(request):
    release = stats.current_release()
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:24]
    token = release.cache_token.hex if release else "none"
    return f"stats-page:release-{token}:{translation.get_language()}:{address}"


@require_safe
def stats_page(request):
    """The figures as a page. The rendered page is cached per release,
    language and address: it holds nothing personal (only GET forms)."""
    key = _page_cache_key(request)
    cached = cache.get(key)
    if cached is not None:
        return HttpResponse(cached)
    response = _render_stats_page(request)
    if response.status_code == 200:
        cache.set(key, response.content, stats.CACHE_SECONDS)
    return response


def _render_stats_page(request):
    form = StatsFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "surveys/stats.html", {"form": form}, status=400)
    filters, group_by = read_filters(form)
    grouped = group_by != "none"
    overall, trend, *rest = stats.several_figures(
        (filters, "none", "full"),
        (filters, "quarter", "pay"),
        *([(filters, group_by, "pay")] if grouped else []),
    )
    table = rest[0] if grouped else overall
    context = {"form": form, "table": overall, "query": request.GET.urlencode()}
    if overall.enough:
        context |= {
            "table": table,
            "total": overall.total,
            "trend": trend,
            "charts": _charts(overall.total, table, trend, filters),
        }
    return render(request, "surveys/stats.html", context)


@require_safe
def methodology(request):
    return render(
        request,
        "surveys/methodology.html",
        {
            "rates": ExchangeRate.objects.order_by("-date").first(),
            "oldest_rate": ExchangeRate.objects.order_by("date").first(),
            "wages": MinimumWage.objects.all(),
            "release": stats.current_release(),
        },
    )


def csv_columns(conditions):
    columns = [
        "group",
        "label",
        "n",
        "hourly_usd_p25",
        "hourly_usd_median",
        "hourly_usd_p75",
        "effective_hourly_usd_p25",
        "effective_hourly_usd_median",
        "effective_hourly_usd_p75",
        "paid_hours_per_week_median",
        "unpaid_hours_per_week_median",
        "unpaid_share_median_percent",
        "below_minimum_wage_percent",
    ]
    for share in conditions:
        columns += [
            f"{share.slug}_yes_percent",
            f"{share.slug}_ci95_low",
            f"{share.slug}_ci95_high",
            f"{share.slug}_answered",
        ]
    return [*columns, "release", "release_date"]


def _csv_row(group, table):
    row = [
        group.key,
        group.label,
        group.n,
        group.hourly_usd["p25"],
        group.hourly_usd["median"],
        group.hourly_usd["p75"],
        group.effective_hourly_usd["p25"],
        group.effective_hourly_usd["median"],
        group.effective_hourly_usd["p75"],
        group.paid_hours_median,
        group.unpaid_hours_median,
        group.unpaid_share_median,
        group.below_minimum_wage_share,
    ]
    for share in group.conditions:
        low, high = share.ci95 or ("", "")
        row += [
            "" if share.share is None else share.share,
            low,
            high,
            share.answered if share.share is not None else "",
        ]
    release = table.release
    row += [release.number if release else "", release.created_on if release else ""]
    return ["" if value is None else value for value in row]


@require_safe
def stats_csv(request):
    """The current table as CSV: a first line of column names, a row per group."""
    form = StatsFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return errors_as_text(form)
    filters, group_by = read_filters(form)
    table = stats.figures(filters, group_by)
    number = table.release.number if table.release else 0
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="ground-truth-release-{number}-{group_by}.csv"'
    )
    writer = csv.writer(response)
    conditions = table.groups[0].conditions if table.groups else []
    writer.writerow(csv_columns(conditions or stats.empty_condition_shares()))
    for group in table.groups:
        writer.writerow(_csv_row(group, table))
    return response


def _money(value):
    return None if value is None else float(value)


def group_as_json(group):
    return {
        "key": group.key,
        "label": group.label,
        "n": group.n,
        "hourly_usd": {name: _money(value) for name, value in group.hourly_usd.items()},
        "effective_hourly_usd": {
            name: _money(value) for name, value in group.effective_hourly_usd.items()
        },
        "paid_hours_per_week": {"median": _money(group.paid_hours_median)},
        "unpaid_hours_per_week": {"median": _money(group.unpaid_hours_median)},
        "unpaid_share_median": group.unpaid_share_median,
        "conditions": {
            share.slug: {
                "share": share.share,
                "ci95": list(share.ci95) if share.ci95 else None,
                "answered": share.answered if share.share is not None else None,
            }
            for share in group.conditions
        },
        "below_minimum_wage_share": group.below_minimum_wage_share,
        "minimum_wage_countries": group.minimum_wage_countries,
    }


def api_error(parameter, message):
    return JsonResponse(
        {"error": "invalid_parameter", "parameter": parameter, "message": message},
        status=400,
    )


def api_form(request):
    """The API's filter form, or the 400 answer naming the first bad parameter."""
    unknown = sorted(set(request.GET) - API_PARAMETERS)
    if unknown:
        return None, api_error(unknown[0], "Unknown parameter.")
    form = StatsFilterForm(request.GET, default_group_by="none")
    if not form.is_valid():
        parameter, messages = next(iter(form.errors.items()))
        return None, api_error(parameter, " ".join(messages))
    return form, None


def errors_as_text(form):
    """A form's errors as one plain line, for a CSV request that failed."""
    text = "; ".join(
        f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()
    )
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


@require_safe
def api_stats(request):
    form, refusal = api_form(request)
    if refusal:
        return refusal
    filters, group_by = read_filters(form)
    table = stats.figures(filters, group_by)
    release = table.release
    body = {
        "k": table.k,
        "currency": "USD",
        "release": {"number": release.number, "date": release.created_on.isoformat()}
        if release
        else None,
        "filters": filters.as_params(),
        "group_by": group_by,
        "groups": [group_as_json(group) for group in table.groups],
    }
    if table.enough:
        body["period"] = {
            "first": stats.month_text(table.period_first),
            "last": stats.month_text(table.period_last),
        }
        body["exchange_rate_dates"] = {
            "first": table.rates_first.isoformat(),
            "last": table.rates_last.isoformat(),
        }
    else:
        body["message"] = (
            f"Fewer than {table.k} released reports match these filters: nothing is shown."
        )
    return JsonResponse(body)


@require_safe
def api_openapi(request):
    return JsonResponse(openapi.document(request.build_absolute_uri("/")))
