"""Stories: telling one, coming back to it with the receipt, reading them.

Public pages only ever show the moderator's published copy, and only of
approved stories whose author consented to publication.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django.views.generic import ListView

from moderation.decisions import AlreadyDecided
from moderation.models import Status
from receipts.entries import (
    LOOKUP,
    NotOpen,
    back_to_entries,
    code_is_posted,
    edit_entry,
    keep_form_in_history,
    new_entry,
    rate_limited_lookup,
    receipt_of_request,
    too_many_requests,
    withdraw_entry,
)
from receipts.sessions import receipt_pages
from testimonies.forms import StoryFilterForm, TestimonyForm
from testimonies.models import Testimony
from testimonies.moderation import accept_edits


def _form_page(request, form, code="", testimony=None, status=200, code_form=None):
    context = {
        "form": form,
        "code": code,
        "code_form": code_form,
        "testimony": testimony,
        "rate_limited": status == 429,
    }
    return render(request, "testimonies/story_form.html", context, status=status)


@receipt_pages
@keep_form_in_history
@require_http_methods(["GET", "POST"])
def story_new(request):
    """A new story, on its own receipt or added to the receipt of a report."""
    return new_entry(
        request,
        form_class=TestimonyForm,
        render_form=_form_page,
        marker="text",
        sent_template="testimonies/story_sent.html",
        name="testimony",
    )


@receipt_pages
@never_cache
@require_http_methods(["GET", "POST"])
def story_edit(request, pk):
    return edit_entry(
        request,
        pk,
        related_name="testimonies",
        form_class=TestimonyForm,
        render_form=_form_page,
        notice=_("Your story is saved. A moderator will read it again."),
    )


@receipt_pages
@never_cache
@require_http_methods(["GET", "POST"])
def story_withdraw(request, pk):
    return withdraw_entry(
        request,
        pk,
        related_name="testimonies",
        confirm_template="testimonies/story_withdraw.html",
        name="testimony",
        notice=_("Your story is deleted."),
    )


@receipt_pages
@never_cache
@require_POST
def story_accept(request, pk):
    """The author accepts the moderator's edited copy, which publishes it."""
    if code_is_posted(request) and too_many_requests(request, LOOKUP):
        return rate_limited_lookup(request)
    try:
        found = receipt_of_request(request)
    except NotOpen:
        return redirect("receipts:receipt")
    testimony = get_object_or_404(found.testimonies, pk=pk)
    if testimony.status != Status.AWAITING_AUTHOR:
        raise Http404
    try:
        accept_edits(testimony)
    except AlreadyDecided:
        raise Http404 from None
    return back_to_entries(request, found, notice=_("Your story is published."))


class StoryListView(ListView):
    """Published stories, newest first, filtered and searched."""

    template_name = "testimonies/story_list.html"
    context_object_name = "stories"
    paginate_by = 10

    def get(self, request, *args, **kwargs):
        self.filters = StoryFilterForm(request.GET or None)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        stories = Testimony.objects.published().select_related("platform", "task_type")
        return self.filters.apply(stories)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filters"] = self.filters
        context["filter_query"] = self.filters.query_string()
        return context


story_list = require_safe(StoryListView.as_view())


@require_safe
def story_detail(request, pk):
    testimony = get_object_or_404(
        Testimony.objects.published().select_related("platform", "task_type"), pk=pk
    )
    permalink = request.build_absolute_uri(testimony.get_absolute_url())
    return render(
        request,
        "testimonies/story_detail.html",
        {"testimony": testimony, "permalink": permalink},
    )
