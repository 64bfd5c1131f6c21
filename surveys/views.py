"""The pay report: sent, changed and withdrawn under its receipt.

The flow every kind of entry shares (sending once, the code's lookup, the
entries page, changing and withdrawing) is in receipts.entries.

The receipt code never appears in a URL: it travels only in POST bodies, so
it cannot end up in a log, a browser history or a Referer header. Pages that
show it are marked no-store.
"""

import json

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core import countries
from core.ratelimit import OverLimit
from receipts.entries import (
    SUBMISSION,
    already_sent,
    campaign_from_link,
    edit_entry,
    keep_form_in_history,
    save_once,
    too_many_requests,
    withdraw_entry,
)
from receipts.sessions import receipt_pages
from surveys.forms import ReportForm
from surveys.models import ExchangeRate


def _report_form(*args, **kwargs):
    return ReportForm(*args, k_anonymity=settings.K_ANONYMITY, **kwargs)


def _form_context(form):
    convertible = set(ExchangeRate.objects.currencies())
    suggestions = {
        code: currency
        for code in sorted(countries.country_codes())
        if (currency := countries.local_currency(code)) in convertible
    }
    return {"form": form, "country_currencies_json": json.dumps(suggestions)}


@keep_form_in_history
@require_http_methods(["GET", "POST"])
def report_new(request):
    if request.method == "GET":
        form = _report_form(initial=campaign_from_link(request))
        return render(request, "surveys/report_form.html", _form_context(form))

    form = _report_form(data=request.POST)
    if too_many_requests(request, SUBMISSION):
        context = _form_context(form) | {"rate_limited": True}
        return render(request, "surveys/report_form.html", context, status=429)
    if not form.is_valid():
        return render(request, "surveys/report_form.html", _form_context(form))

    try:
        report, code = save_once(request, form)
    except OverLimit:
        context = _form_context(form) | {"rate_limited": True}
        return render(request, "surveys/report_form.html", context, status=429)
    if report is None:
        return already_sent(request)
    return render(
        request,
        "surveys/report_sent.html",
        {"code": code, "report": report},
    )


def _render_report_edit(request, form, code, report):
    context = _form_context(form) | {"code": code, "report": report}
    return render(request, "surveys/report_edit.html", context)


@receipt_pages
@never_cache
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    return edit_entry(
        request,
        pk,
        related_name="reports",
        form_class=_report_form,
        render_form=_render_report_edit,
        notice=_("Your changes are saved. A moderator will review them again."),
    )


@receipt_pages
@never_cache
@require_http_methods(["GET", "POST"])
def report_withdraw(request, pk):
    return withdraw_entry(
        request,
        pk,
        related_name="reports",
        confirm_template="surveys/report_withdraw.html",
        name="report",
        notice=_("Your report is deleted."),
    )
