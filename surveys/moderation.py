"""Decisions on reports: approve, reject, approve many, and set a report's
platform, each through moderation.decisions.decide().
"""

from django.db import transaction
from django.db.models import Q

from moderation.decisions import AlreadyDecided, decide
from moderation.models import Action, RejectionReason, Status
from surveys.models import Flag, Platform, Report


def approve_report(report, *, moderator, version):
    """Approve a report: it joins the public figures at the next release."""
    return decide(
        report, moderator=moderator, to_status=Status.APPROVED, version=version
    )


def reject_report(report, *, moderator, version, reason):
    return decide(
        report,
        moderator=moderator,
        to_status=Status.REJECTED,
        version=version,
        reason=reason,
    )


def similar_reports(report):
    """Other reports of the same platform, country and month, newest first:
    what a moderator compares a report with."""
    return (
        Report.objects.filter(
            platform=report.platform_id, country=report.country, period=report.period
        )
        .exclude(pk=report.pk)
        .select_related("platform")
        .order_by("-pk")
    )


def duplicate_candidates(report):
    """The reports `report` may be rejected as a duplicate of: the one its
    duplicate flag points at, and the similar ones its review page lists."""
    original = report.flags.get(Flag.DUPLICATE, {}).get("of")
    return Report.objects.filter(
        Q(pk=original)
        | Q(platform=report.platform_id, country=report.country, period=report.period)
    ).exclude(pk=report.pk)


def reject_as_duplicate(report, *, moderator, version, original):
    """Reject `report` as a duplicate of the report `original`.

    Effects (decide()): the report is rejected with reason Duplicate and a
    reason text naming #N of the original, and the decision is logged. The
    reason is for the moderators' log only: no worker is ever shown another
    receipt's entry number.
    """
    if original.pk == report.pk:
        raise ValueError("a report cannot duplicate itself")
    return decide(
        report,
        moderator=moderator,
        to_status=Status.REJECTED,
        version=version,
        reason=f"{RejectionReason.DUPLICATE.label}: #{original.pk}",
    )


def bulk_approve_reports(report_ids, *, moderator):
    """Approve the given pending reports that carry no flag; return how many.

    Flagged reports are left for a closer look, and a report someone else
    decided meanwhile is skipped, never overwritten.
    """
    approved = 0
    candidates = Report.objects.pending().filter(pk__in=report_ids, flags={})
    for report in candidates:
        try:
            decide(
                report,
                moderator=moderator,
                to_status=Status.APPROVED,
                version=report.version,
                action=Action.BULK_APPROVAL,
            )
        except AlreadyDecided:
            continue
        approved += 1
    return approved


def map_report_platform(report, *, moderator, platform=None, new_name=""):
    """Give a report typed with an unknown platform a platform of the list.

    Either an existing `platform`, or the one named `new_name` (added to the
    list if no platform has that name). The report stays pending and loses
    its unknown-platform flag; the event is logged.
    """
    with transaction.atomic():
        if platform is None:
            platform = Platform.objects.named(new_name)
        flags = {
            key: value
            for key, value in report.flags.items()
            if key != Flag.UNKNOWN_PLATFORM
        }
        decide(
            report,
            moderator=moderator,
            to_status=report.status,
            version=report.version,
            reason=f"platform set to {platform.name}",
            action=Action.CHANGE,
            platform=platform,
            platform_other="",
            flags=flags,
        )
    return platform
