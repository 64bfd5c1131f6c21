"""The story queue: read the original with its personal data marked, edit
the copy that may be published, approve or reject."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import pii
from moderation.access import moderator_required
from moderation.decisions import AlreadyDecided, already_decided_message
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


def _story_page(request, story, form=None, status=200):
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
    return _story_page(request, story)


@require_POST
@moderator_required
def story_decide(request, pk):
    """Approve the edited copy or reject, then open the next pending story."""
    story = get_object_or_404(Testimony, pk=pk)
    form = StoryDecisionForm(request.POST)
    if not form.is_valid():
        return _story_page(request, story, form=form, status=400)
    data = form.cleaned_data
    try:
        if data["action"] == StoryDecisionForm.APPROVE:
            story = approve_story(
                story,
                moderator=request.user,
                version=data["version"],
                title=data["published_title"],
                text=data["published_text"],
                content_warnings=data["content_warnings"],
            )
            messages.success(
                request,
                _("Story #%(number)s approved: %(status)s.")
                % {"number": pk, "status": story.get_status_display()},
            )
        else:
            reject_story(
                story,
                moderator=request.user,
                version=data["version"],
                reason=form.reason,
            )
            messages.success(request, _("Story #%(number)s rejected.") % {"number": pk})
    except AlreadyDecided as conflict:
        already_decided_message(request, conflict.current)
        if conflict.current is None:
            return redirect("testimonies:moderation-stories")
        return _story_page(request, conflict.current, status=409)
    following = (
        Testimony.objects.pending()
        .exclude(pk=pk)
        .order_by("submitted_on", "pk")
        .first()
    )
    if following:
        return redirect("testimonies:moderation-story", pk=following.pk)
    return redirect("testimonies:moderation-stories")
