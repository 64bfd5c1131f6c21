"""The story queue: read the original with its personal data marked, edit
the copy that may be published, approve or reject (through the moderation
app's decide view, which this app's registration in testimonies.apps
serves)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import pii
from moderation.access import moderator_required
from moderation.models import Status
from testimonies.forms import StoryDecisionForm
from testimonies.models import Testimony
from testimonies.moderation import approve_story, proposed_copy, reject_story


def marked_original(story):
    """The original text as runs of (kind of finding or "", text), for
    highlighting: a possible name is marked apart, as it is not removed."""
    findings = sorted(
        (f for f in story.pii_findings if f.get("field", "text") == "text"),
        key=lambda f: f["start"],
    )
    runs, position = [], 0
    for finding in findings:
        runs.append(("", story.text[position : finding["start"]]))
        runs.append((finding["kind"], story.text[finding["start"] : finding["end"]]))
        position = finding["end"]
    runs.append(("", story.text[position:]))
    return [run for run in runs if run[1]]


@require_safe
@moderator_required
def story_queue(request):
    stories = (
        Testimony.objects.pending()
        .select_related("platform")
        .order_by("submitted_on", "pk")
    )
    if request.GET.get("flag") == "personal_data":
        stories = stories.exclude(pii_findings=[])
    page = Paginator(stories, 50).get_page(request.GET.get("page"))
    for story in page:
        story.finding_sentences = pii.describe(story.pii_findings)
    return render(
        request,
        "testimonies/moderation/story_queue.html",
        {"page": page, "flag": request.GET.get("flag", "")},
    )


def review_page(request, story, form=None, status=200):
    if form is None:
        title, text = proposed_copy(story)
        form = StoryDecisionForm(
            initial={
                "version": story.version,
                "published_title": story.published_title or title,
                "published_text": story.published_text or text,
                "content_warnings": story.content_warnings,
            }
        )
    return render(
        request,
        "testimonies/moderation/story_review.html",
        {
            "story": story,
            "form": form,
            "original": marked_original(story),
            "finding_sentences": pii.describe(story.pii_findings),
        },
        status=status,
    )


@require_safe
@moderator_required
def story_review(request, pk):
    story = get_object_or_404(
        Testimony.objects.select_related("platform", "task_type"), pk=pk
    )
    return review_page(request, story)


def decide_story(story, form, *, moderator):
    """Approve the edited copy or reject, as the valid StoryDecisionForm says
    (moderation.kinds)."""
    data = form.cleaned_data
    if data["action"] == StoryDecisionForm.APPROVE:
        story = approve_story(
            story,
            moderator=moderator,
            version=data["version"],
            title=data["published_title"],
            text=data["published_text"],
            content_warnings=data["content_warnings"],
        )
        return _("Story #%(number)s approved: %(status)s.") % {
            "number": story.pk,
            "status": story.get_status_display(),
        }
    reject_story(
        story, moderator=moderator, version=data["version"], reason=form.reason
    )
    return _("Story #%(number)s rejected.") % {"number": story.pk}


def dashboard_counts(since):
    """The story card's counts. Stories are published when approved, not
    at a release, so `since` does not apply."""
    pending = Testimony.objects.pending()
    return {
        "pending_stories": pending.count(),
        "stories_with_personal_data": pending.exclude(pii_findings=[]).count(),
        "awaiting_authors": Testimony.objects.filter(
            status=Status.AWAITING_AUTHOR
        ).count(),
    }
