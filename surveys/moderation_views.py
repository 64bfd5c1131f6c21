"""The moderators' report queue, review page, and what the moderation app's
decide view and dashboard need of reports (registered in surveys.apps).
Signing in, the decision view and the audit log are the moderation app's.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import (
    require_POST,
    require_safe,
)

from core import countries
from moderation import kinds
from moderation.access import moderator_required
from moderation.decisions import AlreadyDecided, already_decided_message
from moderation.forms import DecisionForm
from moderation.models import ModerationEvent, Status
from surveys import flags
from surveys.forms import CorrectionForm, DuplicateForm, PlatformMappingForm
from surveys.models import Flag, Platform, Report
from surveys.moderation import (
    approve_report,
    bulk_approve_reports,
    duplicate_candidates,
    map_report_platform,
    propose_correction,
    reject_as_duplicate,
    reject_report,
    similar_reports,
)

QUEUE_PAGE_SIZE = 50


def _report_queue(params):
    """The pending reports the queue's filters in `params` (the page's GET,
    or the hidden copy a bulk form posts back) choose, oldest first."""
    reports = Report.objects.pending().select_related("platform", "task_type")
    flag = params.get("flag", "")
    if flag in Flag.values:
        reports = reports.flagged(flag)
    platform = params.get("platform", "")
    if platform:
        reports = reports.filter(platform__slug=platform)
    country = params.get("country", "").upper()
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
    reports, chosen = _report_queue(request.GET)
    page = Paginator(reports, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for report in page:
        report.flag_sentences = flags.explain(report)
        report.days_waiting = (today - report.submitted_on).days
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
    similar = similar_reports(report)[:10]
    # The report the duplicate flag points at, if it is still there.
    duplicate_of = (
        duplicate_candidates(report)
        .filter(pk=report.flags.get(Flag.DUPLICATE, {}).get("of"))
        .first()
    )
    return render(
        request,
        "surveys/moderation/report_review.html",
        {
            "report": report,
            "flag_sentences": flags.explain(report),
            "similar": similar,
            "duplicate_of": duplicate_of,
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


def dashboard_counts(since):
    """The report card's counts; `since`: the current release's snapshot."""
    reports = Report.objects.pending()
    return {
        "pending_reports": reports.count(),
        "waiting_for_release": Report.objects.waiting_since(since).count(),
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
def report_reject_duplicate(request, pk):
    """Reject a report as a duplicate of the one the moderator's button
    names, then open the next pending report, as any decision does."""
    report = get_object_or_404(Report.objects.select_related("platform"), pk=pk)
    form = DuplicateForm(request.POST, report=report)
    if not form.is_valid():
        messages.error(
            request,
            _("This report cannot be rejected as a duplicate of that one."),
        )
        return redirect("surveys:moderation-report", pk=pk)
    original = form.cleaned_data["original"]
    try:
        reject_as_duplicate(
            report,
            moderator=request.user,
            version=form.cleaned_data["version"],
            original=original,
        )
    except AlreadyDecided as conflict:
        already_decided_message(request, conflict.current)
        if conflict.current is None:
            return redirect("surveys:moderation-reports")
        return redirect("surveys:moderation-report", pk=pk)
    messages.success(
        request,
        _("Report #%(number)s rejected as a duplicate of #%(original)s.")
        % {"number": report.pk, "original": original.pk},
    )
    following = kinds.named("reports").next_pending(report)
    if following:
        return redirect("surveys:moderation-report", pk=following.pk)
    return redirect("surveys:moderation-reports")


@require_POST
@moderator_required
def reports_bulk_approve(request):
    """Approve the ticked reports, or with "approve_page" every unflagged
    report of the page the moderator saw.

    For the whole page the server works the page out again from the posted
    filters and page number, and keeps only the reports the page listed when
    it was shown ("shown"): an id it never showed, or one that moved onto
    the page since, is left alone. bulk_approve_reports() then skips flagged
    reports and any decided meanwhile.
    """
    if "approve_page" in request.POST:
        reports, _chosen = _report_queue(request.POST)
        page = Paginator(reports, QUEUE_PAGE_SIZE).get_page(request.POST.get("page"))
        shown = set(request.POST.getlist("shown"))
        ids = [report.pk for report in page if str(report.pk) in shown]
    else:
        ids = [value for value in request.POST.getlist("report") if value.isdigit()]
    approved = bulk_approve_reports(ids, moderator=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s report without flags approved.",
            "%(count)s reports without flags approved.",
            approved,
        )
        % {"count": approved},
    )
    # Back to the same filters; the page number would now point further on.
    _reports, chosen = _report_queue(request.POST)
    query = urlencode({key: value for key, value in chosen.items() if value})
    return redirect(
        reverse("surveys:moderation-reports") + (f"?{query}" if query else "")
    )


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
