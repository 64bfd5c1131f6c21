"""The moderators' dashboard: what waits for them, across every kind of entry.

It reads every app's entries, so it lives above them all, with the root
URLs (the moderation app sits below the apps whose entries it counts).
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from incidents.models import Incident
from moderation.access import moderator_required
from moderation.models import Status
from surveys.models import Flag, Report
from testimonies.models import Testimony


@require_safe
@moderator_required
def moderation_dashboard(request):
    """What waits for the moderators: pending entries and flags, at a glance."""
    reports = Report.objects.pending()
    stories = Testimony.objects.all()
    return render(
        request,
        "moderation/dashboard.html",
        {
            "pending_reports": reports.count(),
            "flag_counts": [
                (value, label, reports.flagged(value).count())
                for value, label in Flag.choices
            ],
            "pending_stories": stories.pending().count(),
            "stories_with_personal_data": stories.pending()
            .exclude(pii_findings=[])
            .count(),
            "awaiting_authors": stories.filter(status=Status.AWAITING_AUTHOR).count(),
            "pending_incidents": Incident.objects.pending().count(),
        },
    )
