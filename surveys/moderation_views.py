"""The moderators' report queue, review page, and what the moderation app's
decide view and dashboard need of reports (registered in surveys.apps).
Signing in, the decision view and the audit log are the moderation app's.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_POST,
    require_safe,
)

from core import countries
from moderation.access import moderator_required
from moderation.decisions import AlreadyDecided, already_decided_message
from moderation.forms import DecisionForm
from moderation.models import ModerationEvent, Status
from surveys import flags
from surveys.forms import CorrectionForm, PlatformMappingForm
from surveys.models import Flag, Platform, Report
from surveys.moderation import (
    approve_report,
    bulk_approve_reports,
    map_report_platform,
    propose_correction,
    reject_report,
)


def _report_queue(request):
    reports = Report.objects.pending().select_related("platform", "task_type")
    flag = request.GET.get("flag", "")
    if flag in Flag.values:
        reports = reports.flagged(flag)
    platform = request.GET.get("platform", "")
    if platform:
        reports = reports.filter(platform__slug=platform)
    country = request.GET.get("country", "").upper()
    if country:
        reports = reports.filter(country=country)
    return reports.order_by("submitted_on", "pk"), {
        "flag": flag,
        "platform": platform,
        "country": country,
    }


@require_safe
@moderator_required
def report_queue(request):
    reports, chosen = _report_queue(request)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    for report in page:
        report.flag_sentences = flags.explain(report)
    return render(
        request,
        "surveys/moderation/report_queue.html",
        {
            "page": page,
            "chosen": chosen,
            "flags": Flag.choices,
            "platforms": Platform.objects.all(),
            "countries": countries.country_choices(),
        },
    )


def review_page(
    request, report, form=None, mapping_form=None, correction_form=None, status=200
):
    similar = (
        Report.objects.filter(
            platform=report.platform_id, country=report.country, period=report.period
        )
        .exclude(pk=report.pk)
        .select_related("platform")
        .order_by("-pk")[:10]
    )
    return render(
        request,
        "surveys/moderation/report_review.html",
        {
            "report": report,
            "flag_sentences": flags.explain(report),
            "similar": similar,
            "form": form or DecisionForm(initial={"version": report.version}),
            "mapping_form": mapping_form or PlatformMappingForm(),
            "correction_form": correction_form or CorrectionForm.for_report(report),
            "correction": getattr(report, "correction", None),
            "events": ModerationEvent.objects.for_item(report).select_related(
                "moderator"
            ),
        },
        status=status,
    )


@require_safe
@moderator_required
def report_review(request, pk):
    report = get_object_or_404(
        Report.objects.select_related(
            "platform", "task_type", "decided_by", "correction"
        ),
        pk=pk,
    )
    return review_page(request, report)


def decide_report(report, form, *, moderator):
    """Approve or reject as the valid DecisionForm says (moderation.kinds)."""
    version = form.cleaned_data["version"]
    if form.cleaned_data["action"] == DecisionForm.APPROVE:
        approve_report(report, moderator=moderator, version=version)
        return _("Report #%(number)s approved.") % {"number": report.pk}
    reject_report(report, moderator=moderator, version=version, reason=form.reason)
    return _("Report #%(number)s rejected.") % {"number": report.pk}


def dashboard_counts():
    reports = Report.objects.pending()
    return {
        "pending_reports": reports.count(),
        "awaiting_author_reports": Report.objects.awaiting_author().count(),
        "flag_counts": [
            (value, label, reports.flagged(value).count())
            for value, label in Flag.choices
        ],
    }


@require_POST
@moderator_required
def report_map_platform(request, pk):
    report = get_object_or_404(Report.objects.select_related("platform"), pk=pk)
    form = PlatformMappingForm(request.POST)
    if not form.is_valid():
        return review_page(request, report, mapping_form=form, status=400)
    try:
        platform = map_report_platform(
            report,
            moderator=request.user,
            platform=form.cleaned_data["platform"],
            new_name=form.cleaned_data["new_name"],
        )
    except AlreadyDecided as conflict:
        already_decided_message(request, conflict.current)
        return redirect("surveys:moderation-report", pk=pk)
    messages.success(
        request, _("The platform is now %(name)s.") % {"name": platform.label}
    )
    return redirect("surveys:moderation-report", pk=pk)


@require_POST
@moderator_required
def reports_bulk_approve(request):
    ids = [value for value in request.POST.getlist("report") if value.isdigit()]
    approved = bulk_approve_reports(ids, moderator=request.user)
    messages.success(
        request, _("%(count)s reports without flags approved.") % {"count": approved}
    )
    return redirect("surveys:moderation-reports")


@require_POST
@moderator_required
def report_propose_correction(request, pk):
    """Send a pending report back to its author with corrected pay and hours;
    the next pending report opens, as after a decision."""
    report = get_object_or_404(
        Report.objects.select_related("platform", "task_type", "correction"), pk=pk
    )
    if report.status != Status.PENDING:
        # Decided, or already sent back, since the moderator opened it.
        already_decided_message(request, report)
        return redirect("surveys:moderation-report", pk=pk)
    form = CorrectionForm.for_report(report, data=request.POST)
    if not form.is_valid():
        return review_page(request, report, correction_form=form, status=400)
    try:
        propose_correction(
            report,
            moderator=request.user,
            version=form.cleaned_data["version"],
            values=form.values(),
            note=form.cleaned_data["note"],
        )
    except AlreadyDecided as conflict:
        already_decided_message(request, conflict.current)
        return redirect("surveys:moderation-report", pk=pk)
    messages.success(
        request,
        _("Report #%(number)s sent to its author with your correction.")
        % {"number": report.pk},
    )
    following = (
        Report.objects.pending().exclude(pk=pk).order_by("submitted_on", "pk").first()
    )
    if following:
        return redirect("surveys:moderation-report", pk=following.pk)
    return redirect("surveys:moderation-reports")
