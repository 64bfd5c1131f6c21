"""Incidents in the moderators' queue: same rules, same log as reports; the
moderation app's decide view and dashboard use what incidents.apps
registers from here."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import pii
from incidents.models import Incident
from moderation.access import moderator_required
from moderation.decisions import decide
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


def review_page(request, incident, form=None, status=200):
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
    return review_page(request, incident)


def decide_incident(incident, form, *, moderator):
    """Approve or reject as the valid DecisionForm says (moderation.kinds)."""
    approve = form.cleaned_data["action"] == DecisionForm.APPROVE
    decide(
        incident,
        moderator=moderator,
        to_status=Status.APPROVED if approve else Status.REJECTED,
        version=form.cleaned_data["version"],
        reason="" if approve else form.reason,
    )
    return _("Incident #%(number)s decided.") % {"number": incident.pk}


def dashboard_counts(since):
    """The incident card's counts; `since`: the current release's snapshot."""
    return {
        "pending_incidents": Incident.objects.pending().count(),
        "waiting_for_release": Incident.objects.waiting_since(since).count(),
    }
