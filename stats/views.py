"""The published figures as pages, CSV files and JSON, for reports and for
incidents, and the methodology that explains them.

Every view reads stored cells of the current release through
stats.published.read: the same cells, the same figures, on every surface.
"""

import hashlib
from functools import wraps

from defusedcsv import csv
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import countries
from core.templatetags.ground_truth import amount
from incidents.models import Kind
from stats import charts, disclosure, openapi, package, published, tables
from stats.feeds import ReleasesFeed
from stats.forms import MONTH_RANGE_PARAMETERS, StatsQueryForm
from stats.models import Table
from stats.publication import current_release
from surveys.models import Condition, ExchangeRate, MinimumWage, PayoutMethod

PAGE_CACHE_SECONDS = 7 * 24 * 3600
API_PARAMETERS = {"group_by", "platform", "country", "task_type", "period"}


def _page_cache_key(request):
    release = current_release()
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:24]
    token = release.cache_token.hex if release else "none"
    return f"stats-page:release-{token}:{translation.get_language()}:{address}"


# The headers a cached answer keeps besides its content.
CACHED_HEADERS = ("Content-Type", "Content-Disposition")


def cached_per_release(view):
    """An answer made once per release, language and address: it holds
    nothing personal (only GET parameters), and a release makes the old key
    unreachable. Refusals (400) are not kept."""

    @wraps(view)
    def wrapper(request):
        key = _page_cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            return HttpResponse(content, headers=headers)
        response = view(request)
        if response.status_code == 200:
            headers = {
                name: response[name] for name in CACHED_HEADERS if name in response
            }
            cache.set(key, (response.content, headers), PAGE_CACHE_SECONDS)
        return response

    return wrapper


# --- pages ---------------------------------------------------------------------


def _trend_query(query):
    """The same cells by quarter, when that is a published table."""
    trend = tables.Query(query.table, query.filters, "quarter")
    return None if trend.problem() or query.group_by == "quarter" else trend


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


def _quartile_rows(cells, label=None):
    """(label, p25, median, p75) of the cells with a published median; a
    cell without quartiles is drawn as its median alone."""
    rows = []
    for cell in cells:
        pay = cell.figures["effective_hourly_usd"]
        if pay:
            low = pay["p25"] if pay["p25"] is not None else pay["median"]
            high = pay["p75"] if pay["p75"] is not None else pay["median"]
            rows.append(((label or _named)(cell), low, pay["median"], high))
    return rows


def _named(cell):
    """A group's name with its number of reports, for a chart's label."""
    return _("%(group)s (n = %(n)s)") % {"group": cell.label, "n": amount(cell.n, 0)}


# The figures of a cell that are amounts in US dollars an hour.
PAY_MEASURES = ("effective_hourly_usd", "hourly_usd")


def convert(cells, rate):
    """The cells' pay figures in the rate's currency, in place. Effective
    pay as the release published it in that currency (each report at its
    own month's rate) where the cell is one country using it; the rest,
    each published US-dollar figure times the rate. Whether any cell had
    its effective pay published in the currency."""
    own_rates = False
    for cell in cells:
        local = cell.figures.get("effective_hourly_local")
        for measure in PAY_MEASURES:
            pay = cell.figures.get(measure)
            if not pay:
                continue
            if (
                measure == "effective_hourly_usd"
                and local
                and local["currency"] == rate.currency
            ):
                cell.figures[measure] = {
                    name: local[name] for name in ("p25", "median", "p75")
                }
                own_rates = True
                continue
            cell.figures[measure] = {
                name: None
                if value is None
                else float(value) * float(rate.units_per_usd)
                for name, value in pay.items()
            }
    return own_rates


# Groupings whose groups have no order of their own: periods keep time's.
ORDERED_GROUPINGS = ("platform", "country", "task_type")


def _median(cell):
    pay = cell.figures["effective_hourly_usd"]
    return pay["median"] if pay else None


def sort_groups(groups, order):
    """Groups by median effective pay, highest first (those without a
    published median last, by name), or by name."""
    by_name = sorted(groups, key=lambda cell: countries.sort_key(str(cell.label)))
    if order == "name":
        return by_name
    return sorted(
        by_name, key=lambda cell: (_median(cell) is None, -(_median(cell) or 0))
    )


def _condition_rows(cell):
    """(name, published share) of each condition the cell shows a share for."""
    names = {condition.slug: condition.label for condition in Condition.objects.all()}
    return [
        (names.get(slug, slug), found)
        for slug, found in cell.figures["conditions"].items()
        if found
    ]


def condition_grid(groups):
    """Each group's published share of each condition, for a table of groups
    (rows) by conditions (columns): {"columns": [label], "rows": [(label,
    [share or None])]}. Only conditions some group has a share for."""
    conditions = [
        condition
        for condition in Condition.objects.all()
        if any(group.figures["conditions"].get(condition.slug) for group in groups)
    ]
    return {
        "columns": [condition.label for condition in conditions],
        "rows": [
            (
                group.label,
                [
                    (group.figures["conditions"].get(condition.slug) or {}).get("share")
                    for condition in conditions
                ],
            )
            for group in groups
        ],
    }


def payout_grid(groups):
    """Each group's published gap between paid and advertised pay and share
    of each payout method, for a table of groups (rows): {"columns": [method
    label], "rows": [(label, median gap percent or None, [share or None])]}.
    Only methods some group has a share for; no rows when nothing is
    published."""
    shares = [group.figures.get("payout_methods") or {} for group in groups]
    methods = [
        (value, label)
        for value, label in PayoutMethod.choices
        if any(found.get(value) for found in shares)
    ]
    rows = [
        (
            group.label,
            (group.figures.get("promised_gap") or {}).get("median_percent"),
            [(found.get(value) or {}).get("share") for value, _label in methods],
        )
        for group, found in zip(groups, shares, strict=True)
    ]
    published = any(gap is not None for _label, gap, _s in rows) or methods
    return {
        "columns": [label for _value, label in methods],
        "rows": rows if published else [],
    }


def _charts(table, trend, shares, currency="USD", rate=None):
    built = {}
    pay_rows = _quartile_rows(
        table.groups or ([table.total] if table.total else []),
        label=None if table.groups else (lambda cell: cell.label),
    )
    country = table.query.filters.get("country")
    wage = _minimum_wage_usd(country) if country else None
    if wage and rate:
        wage = float(wage) * float(rate.units_per_usd)
    if pay_rows:
        built["pay"] = charts.pay_box_plot(
            pay_rows,
            title=_("Effective hourly pay in %(currency)s: middle half and median")
            % {"currency": currency},
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
    if shares:
        built["conditions"] = charts.share_chart(
            [(label, found["share"], found["ci95"]) for label, found in shares],
            title=_("Share answering yes, with confidence intervals"),
            description="; ".join(
                _("%(condition)s: %(share)s%% (%(low)s%% to %(high)s%%)")
                % {
                    "condition": label,
                    "share": found["share"],
                    "low": found["ci95"][0],
                    "high": found["ci95"][1],
                }
                for label, found in shares
            ),
        )
    hours_cells = table.groups or ([table.total] if table.total else [])
    for measure, title in (
        ("paid_hours_per_week", _("Median paid hours per week")),
        ("unpaid_hours_per_week", _("Median unpaid hours per week")),
    ):
        rows = [
            (
                _named(cell) if table.groups else cell.label,
                cell.figures[measure]["median"],
            )
            for cell in hours_cells
            if cell.figures.get(measure) and cell.figures[measure]["median"] is not None
        ]
        if rows:
            built[measure] = charts.bar_chart(
                rows,
                title=title,
                description="; ".join(
                    f"{label}: {amount(value, 1)}" for label, value in rows
                ),
                format_number=lambda value: amount(value, 1),
            )
    trend_rows = _quartile_rows(trend.groups) if trend else []
    if trend_rows:
        cells = [cell for cell in trend.groups if cell.figures["effective_hourly_usd"]]
        built["trend"] = charts.trend_chart(
            [
                (_quarter_lines(cell.key), *row[1:])
                for cell, row in zip(cells, trend_rows, strict=True)
            ],
            title=_("Median effective hourly pay by quarter, in %(currency)s")
            % {"currency": currency},
            description="; ".join(
                f"{label}: {amount(median)}" for label, _p25, median, _p75 in trend_rows
            ),
            format_number=amount,
        )
    return built


def _quarter_lines(key):
    """A quarter's key (2026-Q1) as two short lines for a chart: Q1 / 2026."""
    year, number = key.split("-Q")
    return _("Q%(quarter)s") % {"quarter": number}, year


def _links_query(request, **changes):
    """The page's parameters for its links, empty ones left out (a shared
    link reads ?country=KE, not ?country=KE&platform=&period=), with
    `changes` made."""
    params = request.GET.copy()
    for name, value in changes.items():
        params[name] = value
    for name in [name for name, value in params.items() if not value]:
        del params[name]
    return params.urlencode()


def _without_empty_parameters(request):
    """A redirect to the same question without its empty parameters, which
    the form sends for every list left at "All"; None when there are none.
    The address a reader copies and shares is then the short one."""
    if not any(value == "" for value in request.GET.values()):
        return None
    query = _links_query(request)
    return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))


@require_safe
@cached_per_release
def stats_page(request):
    """The published figures of reports, for a question of the form."""
    redirect = _without_empty_parameters(request)
    if redirect:
        return redirect
    release = current_release()
    form = StatsQueryForm(request.GET or None, release=release)
    if form.is_bound and not form.is_valid():
        return render(request, "stats/stats.html", {"form": form}, status=400)
    query = form.query()
    table = published.read(query, release)
    order = form.cleaned_data.get("order") if form.is_bound else ""
    if table.group_by in ORDERED_GROUPINGS:
        table.groups = sort_groups(table.groups, order or "median")
    trend_query = _trend_query(query)
    trend = published.read(trend_query, release) if trend_query else None
    conditions = _condition_rows(table.total) if table.total else []
    currency = (form.cleaned_data.get("currency") if form.is_bound else "") or "USD"
    rate = (
        published.release_rate(currency, release)
        if currency != "USD" and release
        else None
    )
    own_rates = False
    if rate:
        cells = [*table.groups, *([table.total] if table.total else [])]
        own_rates = convert(cells + (trend.groups if trend else []), rate)
    else:
        currency = "USD"
    context = {
        "currency": currency,
        "rate": rate,
        "own_rates": own_rates,
        "currencies": [
            (code, name, _links_query(request, currency=code))
            for code, name in form.fields["currency"].choices
        ],
        "form": form,
        "table": table,
        "trend": trend,
        "rows": _table_rows(table),
        "conditions": conditions,
        "condition_grid": (
            condition_grid(table.groups) if table.group_by == "platform" else None
        ),
        "payout_grid": (
            payout_grid(table.groups) if table.group_by == "platform" else None
        ),
        "query": _links_query(request),
        "order": order or "median",
        "by_name": _links_query(request, order="name"),
        "by_median": _links_query(request, order="median"),
        "orderable": table.group_by in ORDERED_GROUPINGS and len(table.groups) > 1,
        "quantile_min": disclosure.QUANTILE_MIN_REPORTS,
        "quartile_min": disclosure.QUARTILE_MIN_REPORTS,
    }
    if table.enough:
        context["charts"] = _charts(table, trend, conditions, currency, rate)
    return render(request, "stats/stats.html", context)


@require_safe
@cached_per_release
def incidents_page(request):
    """The published figures of the incident ledger."""
    release = current_release()
    form = StatsQueryForm(request.GET or None, table=Table.INCIDENTS, release=release)
    if form.is_bound and not form.is_valid():
        return render(request, "stats/incidents.html", {"form": form}, status=400)
    table = published.read(form.query(), release)
    return render(
        request,
        "stats/incidents.html",
        {
            "form": form,
            "table": table,
            "rows": _table_rows(table),
            "kinds": Kind.choices,
            "quantile_min": disclosure.QUANTILE_MIN_REPORTS,
            "query": _links_query(request),
        },
    )


@require_safe
def methodology(request):
    k = settings.K_ANONYMITY
    noise = [
        (value, disclosure.NOISE_WEIGHTS[value] * 100 / disclosure.CELL_KEYS)
        for value in sorted(disclosure.NOISE_WEIGHTS)
    ]
    return render(
        request,
        "stats/methodology.html",
        {
            "rates": ExchangeRate.objects.order_by("-date").first(),
            "oldest_rate": ExchangeRate.objects.order_by("date").first(),
            "wages": MinimumWage.objects.all(),
            "release": current_release(),
            "noise": noise,
            "max_noise": disclosure.MAX_NOISE,
            "quantile_min": disclosure.QUANTILE_MIN_REPORTS,
            "quartile_min": disclosure.QUARTILE_MIN_REPORTS,
            "quartile_spread": disclosure.QUARTILE_MAX_SPREAD,
            "epsilon": disclosure.QUANTILE_EPSILON,
            "concentration_percent": round(disclosure.CONCENTRATION_SHARE * 100),
            "padding_rules_below": disclosure.PADDING_RULES_BELOW,
            "dominance_percent": round(disclosure.DOMINANCE_SHARE * 100),
            "magnitude_percent": round(disclosure.MAGNITUDE_NOISE * 100),
            "k": k,
            "smallest_share_cell": 2 * k,
            "swap_percent": round(disclosure.PRAM_SWAP * 100),
            "unswapped_percent": round((1 - disclosure.PRAM_SWAP) * 100),
            "infusion_low": round(disclosure.INFUSION[0] * 100),
            "infusion_high": round(disclosure.INFUSION[1] * 100),
        },
    )


@require_safe
def ptable_csv(request):
    """The perturbation table, in the format the ONS publishes its own."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="ground-truth-ptable-k{settings.K_ANONYMITY}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["pcv", "ckey", "pvalue"])
    writer.writerows(disclosure.ptable_rows(settings.K_ANONYMITY))
    return response


# --- CSV -----------------------------------------------------------------------


# Spreadsheets run a text cell that begins with = + - or @ as a formula, and
# a platform name is typed by a worker before a moderator adds it to the
# list. defusedcsv quotes those cells (numbers stay numbers); a leading tab,
# carriage return or line break, which some spreadsheets skip before they
# look, gets the same quote here (OWASP's list, and Django's translations turn
# a carriage return into a line break).
FORMULA_AFTER_WHITESPACE = ("\t", "\r", "\n")


def _csv_cell(value):
    if value is None:
        return ""
    # A label may be a lazy translation: compare its text.
    if str(value).startswith(FORMULA_AFTER_WHITESPACE):
        return "'" + str(value)
    return value


def _report_columns(conditions):
    columns = [
        "group", "label", "n",
        "hourly_usd_p25", "hourly_usd_median", "hourly_usd_p75",
        "effective_hourly_usd_p25", "effective_hourly_usd_median",
        "effective_hourly_usd_p75", "paid_hours_per_week_median",
        "unpaid_hours_per_week_median", "unpaid_share_median_percent",
        "below_minimum_wage_percent", "below_minimum_wage_reports",
    ]  # fmt: skip
    for slug in conditions:
        columns += [
            f"{slug}_yes_percent",
            f"{slug}_ci95_low",
            f"{slug}_ci95_high",
            f"{slug}_answered",
        ]
    columns += ["promised_gap_median_percent", "promised_gap_answers"]
    for method in PayoutMethod.values:
        columns += [
            f"payout_{method}_percent",
            f"payout_{method}_ci95_low",
            f"payout_{method}_ci95_high",
            f"payout_{method}_answered",
        ]
    columns += [
        "local_currency", "effective_hourly_local_p25",
        "effective_hourly_local_median", "effective_hourly_local_p75",
        "local_units_per_usd",
    ]  # fmt: skip
    return columns


def _share_cells(found):
    """A published share as four cells (share, interval, answered); empty
    where withheld."""
    return [found["share"], *found["ci95"], found["answered"]] if found else [None] * 4


def _report_row(cell, conditions):
    figures = cell.figures
    quartiles = [
        (figures[measure] or {}).get(name)
        for measure in ("hourly_usd", "effective_hourly_usd")
        for name in ("p25", "median", "p75")
    ]
    row = [
        cell.key, cell.label, cell.n, *quartiles,
        (figures["paid_hours_per_week"] or {}).get("median"),
        (figures["unpaid_hours_per_week"] or {}).get("median"),
        figures["unpaid_share_median"],
        figures["below_minimum_wage"]["share"],
        figures["below_minimum_wage"]["reports"],
    ]  # fmt: skip
    for slug in conditions:
        row += _share_cells(figures["conditions"].get(slug))
    # .get: a release made before these were published has neither.
    gap = figures.get("promised_gap") or {}
    row += [gap.get("median_percent"), gap.get("answers")]
    payouts = figures.get("payout_methods") or {}
    for method in PayoutMethod.values:
        row += _share_cells(payouts.get(method))
    # In the currency of the cell's one country, each report at its own rate.
    local = figures.get("effective_hourly_local") or {}
    row += [
        local.get(name)
        for name in ("currency", "p25", "median", "p75", "units_per_usd")
    ]
    return row


INCIDENT_COLUMNS = [
    "group", "label", "n", *[f"kind_{kind}" for kind in Kind.values],
    "amounts_reported", "total_owed_usd", "median_owed_usd", "resolved_percent",
    "paid_in_full_percent", "never_paid_percent", "median_days_to_resolution",
]  # fmt: skip


def _incident_row(cell):
    figures = cell.figures
    return [
        cell.key, cell.label, cell.n,
        *[figures["by_kind"].get(kind) for kind in Kind.values],
        figures["amounts_reported"], figures["total_owed_usd"],
        figures["median_owed_usd"], figures["resolved_share"],
        figures["paid_in_full_share"], figures["never_paid_share"],
        figures["median_days_to_resolution"],
    ]  # fmt: skip


def csv_file_name(table):
    """ground-truth-release-7-reports-by-platform-country-KE.csv"""
    number = table.release.number if table.release else 0
    parts = [f"ground-truth-release-{number}", table.query.table]
    if table.group_by != "none":
        parts.append(f"by-{table.group_by}")
    for name, value in sorted(table.query.as_params().items()):
        parts.append(f"{name}-{value}")
    return "-".join(parts).replace("_", "-") + ".csv"


def csv_filter_columns(query):
    """The question's filters as (column, value) pairs, one per parameter the
    table offers, "all" where it is not filtered: every row says which
    question it answers, so files pasted together in a spreadsheet keep
    Kenya's rows apart from the world's."""
    names = dict.fromkeys(
        tables.PERIOD_PARAMETER if dimension in tables.PERIODS else dimension
        for dimension in tables.DIMENSIONS[query.table]
    )
    asked = query.as_params()
    return [(f"filter_{name}", asked.get(name, "all")) for name in names]


def _csv_response(table, columns, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_file_name(table)}"'
    writer = csv.writer(response)
    release = table.release
    filters = csv_filter_columns(table.query)
    writer.writerow(
        [*columns, "release", "release_date", *[name for name, _v in filters]]
    )
    for row in rows:
        writer.writerow(
            [
                *map(_csv_cell, row),
                release.number if release else "",
                release.created_on if release else "",
                *[_csv_cell(value) for _name, value in filters],
            ]
        )
    return response


def _table_rows(table):
    """The rows of a table's files: its groups, or the cell of its filters."""
    if table.group_by != "none":
        return table.groups
    return [table.total] if table.total else []


@require_safe
@cached_per_release
def stats_csv(request):
    """The published table of a question as CSV: column names, a row per cell."""
    form = StatsQueryForm(request.GET or None, lists=False)
    if form.is_bound and not form.is_valid():
        return errors_as_text(form)
    table = published.read(form.query())
    conditions = list(Condition.objects.values_list("slug", flat=True))
    return _csv_response(
        table,
        _report_columns(conditions),
        [_report_row(cell, conditions) for cell in _table_rows(table)],
    )


@require_safe
@cached_per_release
def incidents_csv(request):
    form = StatsQueryForm(request.GET or None, table=Table.INCIDENTS, lists=False)
    if form.is_bound and not form.is_valid():
        return errors_as_text(form)
    table = published.read(form.query())
    return _csv_response(
        table, INCIDENT_COLUMNS, [_incident_row(cell) for cell in _table_rows(table)]
    )


@require_safe
@cached_per_release
def release_package(request):
    """The whole current release as a Frictionless Data package (a zip of
    datapackage.json and a CSV per table), named for its release."""
    release = current_release()
    if release is None:
        raise Http404("No release yet.")
    response = HttpResponse(
        package.build(
            release,
            method_url=request.build_absolute_uri(reverse("stats:methodology")),
            homepage=request.build_absolute_uri(reverse("stats:stats")),
        ),
        content_type="application/zip",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{package.file_name(release)}"'
    )
    return response


# Feed readers ask often; the answer changes only with a release.
release_feed = require_safe(cached_per_release(ReleasesFeed()))


def errors_as_text(form):
    """A form's errors as one plain line, for a CSV request that failed."""
    text = "; ".join(
        f"{name}: {' '.join(messages)}" for name, messages in form.errors.items()
    )
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


# --- the JSON API ------------------------------------------------------------


def api_error(parameter, message):
    return JsonResponse(
        {"error": "invalid_parameter", "parameter": parameter, "message": message},
        status=400,
    )


def _api_query(request, table):
    """The question of an API request, or the 400 answer naming what is wrong
    and what is offered."""
    offered = API_PARAMETERS - ({"task_type"} if table == Table.INCIDENTS else set())
    for name in MONTH_RANGE_PARAMETERS:
        if name in request.GET:
            return None, api_error(
                name,
                "Ranges of months are not offered: use period=YYYY (a year) or "
                "period=YYYY-Qn (a quarter), e.g. period=2026 or period=2026-Q1.",
            )
    unknown = sorted(set(request.GET) - offered)
    if unknown:
        return None, api_error(
            unknown[0],
            f"Unknown parameter. Offered: {', '.join(sorted(offered))}.",
        )
    form = StatsQueryForm(
        request.GET, table=table, default_group_by="none", lists=False
    )
    if not form.is_valid():
        if form.refusal:
            return None, api_error(*form.refusal)
        field, messages = next(iter(form.errors.items()))
        return None, api_error(field, " ".join(messages))
    return form.query(), None


def _api_answer(request, table_name, unit):
    """The JSON answer to a question of the API, or its 400 refusal."""
    query, refusal = _api_query(request, table_name)
    if refusal:
        return refusal
    return JsonResponse(_api_body(published.read(query), unit))


def _api_body(table, unit):
    release = table.release
    body = {
        "k": settings.K_ANONYMITY,
        "currency": "USD",
        "release": {"number": release.number, "date": release.created_on.isoformat()}
        if release
        else None,
        "filters": table.query.as_params(),
        "group_by": table.group_by,
        "total": cell_as_json(table.total) if table.total else None,
        "groups": [cell_as_json(cell) for cell in _table_rows(table)],
    }
    if not table.enough:
        body["message"] = (
            f"No published cell matches: too few released {unit}, or withheld "
            "by the disclosure rules (see /stats/methodology/)."
        )
    return body


def cell_as_json(cell):
    return {"key": cell.key, "label": cell.label, **cell.figures}


@require_safe
@cached_per_release
def api_stats(request):
    return _api_answer(request, Table.REPORTS, "reports")


@require_safe
@cached_per_release
def api_incident_stats(request):
    return _api_answer(request, Table.INCIDENTS, "incidents")


@require_safe
def api_openapi(request):
    return JsonResponse(openapi.document(request.build_absolute_uri("/")))
