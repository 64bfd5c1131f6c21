"""Incidents in the moderators' queue: same rules, same log as reports; the
moderation app's decide view and dashboard use what incidents.apps
registers from here."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import pii
from incidents.models import Incident
from moderation import kinds as moderated_kinds
from moderation.access import moderator_required
from moderation.decisions import decide
from moderation.forms import DecisionForm
from moderation.models import Status
from surveys.models import Report


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


# The kinds of entry the "Same receipt" panel lists: those with amounts,
# which can confirm what is owed. Not stories: a worker's own words set
# beside their incident would narrow down who they are, for nothing the
# moderator needs to judge the amount.
SAME_RECEIPT_MODELS = (Report, Incident)


def same_receipt_entries(incident):
    """The other reports and incidents sent under a pending incident's
    receipt, for the review page's "Same receipt" panel: a report there may
    confirm the amount owed. Empty once the incident is decided: the panel
    serves the decision, not browsing who sent what.

    Each is a dict of what a moderator judges by (kind, number, platform,
    country, month, amount, status, review URL); never the receipt's code or
    hash.
    """
    entries = []
    if incident.status != Status.PENDING:
        return entries
    for kind in moderated_kinds.registered():
        model = kind.model
        if model not in SAME_RECEIPT_MODELS:
            continue
        others = (
            model.objects.filter(receipt_id=incident.receipt_id)
            .exclude(**{"pk": incident.pk} if model is Incident else {})
            .select_related("platform")
            .order_by("pk")
        )
        for entry in others:
            entries.append(
                {
                    # Report has no translated verbose_name of its own.
                    "kind": _("report")
                    if isinstance(entry, Report)
                    else entry._meta.verbose_name,
                    "number": entry.pk,
                    "platform": getattr(entry, "platform", None) or "",
                    "country": getattr(entry, "country", ""),
                    "month": _month_of(entry),
                    "amount": _amount_of(entry),
                    "status": entry.get_status_display(),
                    "url": reverse(kind.review_url, args=[entry.pk]),
                }
            )
    return entries


def _month_of(entry):
    if isinstance(entry, Report):
        return entry.period
    if isinstance(entry, Incident):
        return entry.started
    return None


def _amount_of(entry):
    """The pay as the worker gave it for a report, the amount owed for an
    incident, as (amount, currency, unit) with the unit possibly ""."""
    if isinstance(entry, Report):
        return (entry.pay_amount, entry.currency, entry.get_pay_unit_display())
    if isinstance(entry, Incident) and entry.amount_owed:
        return (entry.amount_owed, entry.currency, "")
    return None


def review_page(request, incident, form=None, status=200):
    return render(
        request,
        "incidents/moderation/review.html",
        {
            "incident": incident,
            "same_receipt": same_receipt_entries(incident),
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
