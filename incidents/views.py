"""Reporting an incident, and updating its outcome under the receipt."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from incidents.forms import IncidentForm
from receipts.entries import edit_entry, keep_form_in_history, new_entry, withdraw_entry
from receipts.sessions import receipt_pages


def _form_page(request, form, code="", incident=None, status=200, code_form=None):
    context = {
        "form": form,
        "code": code,
        "code_form": code_form,
        "incident": incident,
        "rate_limited": status == 429,
    }
    return render(request, "incidents/incident_form.html", context, status=status)


@receipt_pages
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


@receipt_pages
@never_cache
@require_http_methods(["GET", "POST"])
def incident_edit(request, pk):
    """Update an incident, its outcome above all; it goes back to review."""
    return edit_entry(
        request,
        pk,
        related_name="incidents",
        form_class=IncidentForm,
        render_form=_form_page,
        notice=_("Your update is saved. A moderator will review it again."),
    )


@receipt_pages
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
