"""Reporting an incident, updating its outcome under the receipt, and what
a worker can do next about each kind of harm."""

import json

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from incidents import next_steps
from incidents.forms import IncidentForm, OutcomeForm, initial_from_report
from receipts import sessions
from receipts.entries import edit_entry, keep_form_in_history, new_entry, withdraw_entry
from receipts.models import Receipt
from surveys.forms import currency_suggestions


def _receipt_to_start_from(request, code):
    """The receipt a new incident goes under: the one whose code was posted
    (receipts.entries.new_entry has checked it), else the one open on this
    phone when the form was opened from its entries page (?under=receipt);
    None for an incident on a receipt of its own. Never the open receipt
    for the plain form: on a shared phone, the next person's incident
    would go under, and show them, the last person's receipt."""
    if code:
        return Receipt.objects.for_code(code)
    if request.GET.get("under") == "receipt":
        return sessions.current_receipt(request)
    return None


def _form_page(request, form, code="", incident=None, status=200, code_form=None):
    if not form.is_bound and incident is None and status == 200:
        # Opened from a receipt: start from what its latest report says.
        receipt = _receipt_to_start_from(request, code)
        if receipt is not None:
            report = receipt.reports.order_by("-period", "-pk").first()
            form = IncidentForm(initial=initial_from_report(report))
    context = {
        "form": form,
        "code": code,
        "code_form": code_form,
        "incident": incident,
        "rate_limited": status == 429,
        "country_currencies_json": json.dumps(currency_suggestions()),
    }
    return render(request, "incidents/incident_form.html", context, status=status)


def _outcome_page(request, form, code, incident):
    context = {"form": form, "code": code, "incident": incident}
    return render(request, "incidents/incident_outcome.html", context)


@sessions.receipt_pages
@keep_form_in_history
@require_http_methods(["GET", "POST"])
def incident_new(request):
    """A new incident, on its own receipt or under the receipt of a report."""
    return new_entry(
        request,
        form_class=IncidentForm,
        render_form=_form_page,
        marker="kind",
        sent_template="incidents/incident_sent.html",
        name="incident",
    )


@sessions.receipt_pages
@never_cache
@require_http_methods(["GET", "POST"])
def incident_edit(request, pk):
    """Change anything of an incident; it goes back to review."""
    return edit_entry(
        request,
        pk,
        related_name="incidents",
        form_class=IncidentForm,
        render_form=_form_page,
        notice=_("Your update is saved. A moderator will review it again."),
    )


@sessions.receipt_pages
@never_cache
@require_http_methods(["GET", "POST"])
def incident_outcome(request, pk):
    """What happened since, as one question; it goes back to review."""
    return edit_entry(
        request,
        pk,
        related_name="incidents",
        form_class=OutcomeForm,
        render_form=_outcome_page,
        notice=_("Your update is saved. A moderator will review it again."),
    )


@sessions.receipt_pages
@never_cache
@require_http_methods(["GET", "POST"])
def incident_withdraw(request, pk):
    return withdraw_entry(
        request,
        pk,
        related_name="incidents",
        confirm_template="incidents/incident_withdraw.html",
        name="incident",
        notice=_("The incident is deleted."),
    )


@require_safe
def next_steps_index(request):
    return render(
        request, "incidents/next_steps_index.html", {"harms": next_steps.all_harms()}
    )


@require_safe
def next_steps_page(request, kind):
    harm = next_steps.for_kind(kind)
    if harm is None:
        raise Http404
    context = {"harm": harm, "keep_always": next_steps.KEEP_ALWAYS}
    return render(request, "incidents/next_steps.html", context)
