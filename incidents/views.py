"""Reporting an incident, and updating its outcome under the receipt."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from incidents.forms import IncidentForm
from surveys.models import Receipt
from surveys.views import (
    LOOKUP,
    SUBMISSION,
    entries_page,
    rate_limited_lookup,
    receipt_from_post,
    too_many_requests,
)


def _form_page(request, form, code="", incident=None, status=200):
    context = {
        "form": form,
        "code": code,
        "incident": incident,
        "rate_limited": status == 429,
    }
    return render(request, "incidents/incident_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def incident_new(request):
    """A new incident, on its own receipt or under the receipt of a report."""
    if request.method == "GET":
        return _form_page(request, IncidentForm())
    code = request.POST.get("code", "")
    receipt = receipt_from_post(request) if code else None
    if code and receipt is None:
        raise Http404
    if "kind" not in request.POST:
        # Arriving from a report's receipt page: the code comes along.
        return _form_page(request, IncidentForm(), code=code)

    form = IncidentForm(request.POST)
    if too_many_requests(request, SUBMISSION):
        return _form_page(request, form, code=code, status=429)
    if not form.is_valid():
        return _form_page(request, form, code=code)
    new_code = ""
    with transaction.atomic():
        if receipt is None:
            receipt, new_code = Receipt.objects.issue()
        incident = form.save(receipt=receipt)
    return render(
        request,
        "incidents/incident_sent.html",
        {"incident": incident, "code": new_code},
    )


def _owned_incident(request, pk):
    found = receipt_from_post(request)
    if found is None:
        raise Http404
    return found, get_object_or_404(found.incidents, pk=pk)


@never_cache
@require_POST
def incident_edit(request, pk):
    """Update an incident, its outcome above all; it goes back to review."""
    if too_many_requests(request, LOOKUP):
        return rate_limited_lookup(request)
    found, incident = _owned_incident(request, pk)
    code = request.POST["code"]
    if "save" in request.POST:
        form = IncidentForm(request.POST, instance=incident)
        if form.is_valid():
            with transaction.atomic():
                form.save()
            notice = _("Your update is saved. A moderator will review it again.")
            return entries_page(request, found, code, notice=notice)
    else:
        form = IncidentForm(instance=incident)
    return _form_page(request, form, code=code, incident=incident)


@never_cache
@require_POST
def incident_withdraw(request, pk):
    if too_many_requests(request, LOOKUP):
        return rate_limited_lookup(request)
    found, incident = _owned_incident(request, pk)
    code = request.POST["code"]
    if "confirm" not in request.POST:
        return render(
            request,
            "incidents/incident_withdraw.html",
            {"code": code, "incident": incident},
        )
    with transaction.atomic():
        incident.delete()
        found.delete_if_empty()
    if found.pk is None:
        return render(request, "surveys/withdrawn.html")
    return entries_page(request, found, code, notice=_("The incident is deleted."))
