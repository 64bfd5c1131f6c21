"""Decisions on reports: approve, reject, approve many, set a report's
platform, and propose a correction to its author, who accepts or declines
it; each through moderation.decisions.decide().
"""

from django.db import transaction
from django.db.models import Q

from moderation.decisions import AlreadyDecided, decide
from moderation.models import Action, RejectionReason, Status
from surveys.flags import flags_for
from surveys.models import ExchangeRate, Flag, Platform, Report, ReportCorrection


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


def propose_correction(report, *, moderator, version, values, note):
    """Send a pending report back to its author with corrected pay and hours.

    Effects, in one transaction: the report's ReportCorrection holds
    `values` (pay_amount, pay_unit, tasks_per_hour, paid and unpaid hours)
    and the moderator's `note`, replacing any earlier one; the report waits
    for its author (AWAITING_AUTHOR: out of the queue and of every figure);
    a CORRECTION_PROPOSED event is logged. Raises AlreadyDecided, writing
    nothing, when the report changed since `version`.
    """
    with transaction.atomic():
        ReportCorrection.objects.update_or_create(
            report=report,
            defaults={
                **values,
                "note": note,
                "is_declined": False,
                "declined_with": "",
            },
        )
        decide(
            report,
            moderator=moderator,
            to_status=Status.AWAITING_AUTHOR,
            version=version,
            reason="correction proposed",
            action=Action.CORRECTION_PROPOSED,
        )


def accept_correction(report, *, version):
    """The author accepts the moderator's correction.

    Effects, in one transaction: the report takes the corrected pay and
    hours; its hourly and effective pay in US dollars and its minimum-wage
    comparison are worked out again at the report's own exchange rate
    (the rate of its month, kept with it) and its flags again; it is
    approved, so the next release counts it with these figures — unless
    the corrected figures raise a flag (a slip in the moderator's own
    proposal), in which case it waits for a moderator again, since no
    flagged report is approved without one; the
    correction is deleted (its values now live on the report); a
    CORRECTION_ACCEPTED event is logged with no moderator (the author).
    Raises AlreadyDecided, writing nothing, when the report changed since
    `version` (a second click, or a moderator meanwhile).
    """
    correction = report.correction
    for name in ReportCorrection.CHANGED_FIELDS:
        setattr(report, name, getattr(correction, name))
    report.work_out_pay(
        ExchangeRate(units_per_usd=report.exchange_rate, date=report.exchange_rate_date)
    )
    report.flags = flags_for(report)
    with transaction.atomic():
        decide(
            report,
            moderator=None,
            to_status=Status.PENDING if report.flags else Status.APPROVED,
            version=version,
            reason="correction accepted by the author",
            action=Action.CORRECTION_ACCEPTED,
            hourly_usd=report.hourly_usd,
            effective_hourly_usd=report.effective_hourly_usd,
            below_minimum_wage=report.below_minimum_wage,
            flags=report.flags,
            **{name: getattr(report, name) for name in ReportCorrection.CHANGED_FIELDS},
        )
        correction.delete()


def decline_correction(report, *, version, word=""):
    """The author declines the moderator's correction.

    Effects, in one transaction: the report is pending again with its own
    values; the correction stays, marked declined with the author's `word`,
    for the moderator to read on the review page; a CORRECTION_DECLINED
    event is logged with no moderator (the author), without the word (the
    log keeps no worker text). Raises AlreadyDecided, writing nothing, when
    the report changed since `version`.
    """
    with transaction.atomic():
        decide(
            report,
            moderator=None,
            to_status=Status.PENDING,
            version=version,
            reason="correction declined by the author",
            action=Action.CORRECTION_DECLINED,
        )
        ReportCorrection.objects.filter(report=report).update(
            is_declined=True, declined_with=word
        )
