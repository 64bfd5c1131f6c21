"""The ledger's figures as a page, a CSV file and JSON, from one function."""

import csv

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from incidents.models import Kind
from incidents.stats import GROUPINGS, incident_figures
from surveys.forms import StatsFilterForm
from surveys.stats_views import api_error, api_form, errors_as_text, read_filters

COLUMNS = [
    "group", "label", "n", *[f"kind_{kind}" for kind in Kind.values],
    "amounts_reported", "total_owed_usd", "median_owed_usd", "resolved_percent",
    "paid_in_full_percent", "never_paid_percent", "median_days_to_resolution",
    "release", "release_date",
]  # fmt: skip


def _form(request, default="platform"):
    form = StatsFilterForm(request.GET or None, default_group_by=default)
    form.fields["group_by"].choices = [
        choice for choice in form.fields["group_by"].choices if choice[0] in GROUPINGS
    ]
    return form


@require_safe
def incident_stats_page(request):
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "incidents/stats.html", {"form": form}, status=400)
    filters, group_by = read_filters(form)
    table = incident_figures(filters, group_by)
    kinds = [(value, label) for value, label in Kind.choices]
    return render(
        request,
        "incidents/stats.html",
        {
            "form": form,
            "table": table,
            "kinds": kinds,
            "query": request.GET.urlencode(),
        },
    )


def _money(value):
    return None if value is None else float(value)


def group_as_json(group):
    return {
        "key": group.key,
        "label": group.label,
        "n": group.n,
        "by_kind": group.kinds,
        "amounts_reported": group.amounts,
        "total_owed_usd": _money(group.total_owed_usd),
        "median_owed_usd": _money(group.median_owed_usd),
        "resolved_share": group.resolved_share,
        "paid_in_full_share": group.paid_in_full_share,
        "never_paid_share": group.never_paid_share,
        "median_days_to_resolution": group.median_days_to_resolution,
    }


@require_safe
def incident_stats_csv(request):
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return errors_as_text(form)
    filters, group_by = read_filters(form)
    table = incident_figures(filters, group_by)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="ground-truth-incidents-{group_by}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    release = table["release"]
    for group in table["groups"]:
        row = [group.key, group.label, group.n]
        row += [group.kinds[kind] for kind in Kind.values]
        row += [
            group.amounts, group.total_owed_usd, group.median_owed_usd,
            group.resolved_share, group.paid_in_full_share, group.never_paid_share,
            group.median_days_to_resolution,
            release.number if release else "", release.created_on if release else "",
        ]  # fmt: skip
        writer.writerow(["" if value is None else value for value in row])
    return response


@require_safe
def api_incident_stats(request):
    form, refusal = api_form(request)
    if refusal:
        return refusal
    if form.cleaned_data["group_by"] not in GROUPINGS:
        return api_error("group_by", "Choose none, platform or country.")
    filters, group_by = read_filters(form)
    table = incident_figures(filters, group_by)
    release = table["release"]
    body = {
        "k": table["k"],
        "currency": "USD",
        "release": {"number": release.number, "date": release.created_on.isoformat()}
        if release
        else None,
        "filters": filters.as_params(),
        "group_by": group_by,
        "groups": [group_as_json(group) for group in table["groups"]],
    }
    if not table["groups"]:
        body["message"] = (
            f"Fewer than {table['k']} released incidents match: nothing is shown."
        )
    return JsonResponse(body)
