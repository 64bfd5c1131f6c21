"""Incidents in the moderators' queue: same rules, same log as reports."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import pii
from incidents.models import Incident
from moderation.access import moderator_required
from moderation.decisions import AlreadyDecided, already_decided_message, decide
from moderation.forms import DecisionForm
from moderation.models import Status


@require_safe
@moderator_required
def queue(request):
    incidents = (
        Incident.objects.pending()
        .select_related("platform")
        .order_by("submitted_on", "pk")
    )
    page = Paginator(incidents, 50).get_page(request.GET.get("page"))
    for incident in page:
        incident.finding_sentences = pii.describe(incident.pii_findings)
    return render(request, "incidents/moderation/queue.html", {"page": page})


def _review_page(request, incident, form=None, status=200):
    return render(
        request,
        "incidents/moderation/review.html",
        {
            "incident": incident,
            "form": form or DecisionForm(initial={"version": incident.version}),
            "finding_sentences": pii.describe(incident.pii_findings),
        },
        status=status,
    )


@require_safe
@moderator_required
def review(request, pk):
    incident = get_object_or_404(Incident.objects.select_related("platform"), pk=pk)
    return _review_page(request, incident)


@require_POST
@moderator_required
def decide_view(request, pk):
    incident = get_object_or_404(Incident, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _review_page(request, incident, form=form, status=400)
    approve = form.cleaned_data["action"] == DecisionForm.APPROVE
    try:
        decide(
            incident,
            moderator=request.user,
            to_status=Status.APPROVED if approve else Status.REJECTED,
            version=form.cleaned_data["version"],
            reason="" if approve else form.reason,
        )
    except AlreadyDecided as conflict:
        already_decided_message(request, conflict.current)
        if conflict.current is None:
            return redirect("incidents:moderation-queue")
        return _review_page(request, conflict.current, status=409)
    messages.success(request, _("Incident #%(number)s decided.") % {"number": pk})
    following = (
        Incident.objects.pending().exclude(pk=pk).order_by("submitted_on", "pk").first()
    )
    if following:
        return redirect("incidents:moderation-review", pk=following.pk)
    return redirect("incidents:moderation-queue")
