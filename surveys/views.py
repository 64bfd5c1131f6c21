"""The pay report: sent, changed and withdrawn under its receipt.

The flow every kind of entry shares (sending once, the code's lookup, the
entries page, changing and withdrawing) is in receipts.entries.

The receipt code never appears in a URL: it travels only in POST bodies, so
it cannot end up in a log, a browser history or a Referer header. Pages that
show it are marked no-store.
"""

import json

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.ratelimit import OverLimit
from moderation.decisions import AlreadyDecided
from moderation.models import Status
from receipts.entries import (
    LOOKUP,
    SUBMISSION,
    NotOpen,
    already_sent,
    back_to_entries,
    campaign_from_link,
    campaign_guess_refused,
    edit_entry,
    keep_form_in_history,
    rate_limited_lookup,
    receipt_of_request,
    save_once,
    too_many_requests,
    withdraw_entry,
)
from receipts.sessions import receipt_pages
from surveys.forms import (
    CorrectionAnswerForm,
    DeclineCorrectionForm,
    ReportForm,
    currency_suggestions,
)
from surveys.moderation import accept_correction, decline_correction


def _report_form(*args, **kwargs):
    return ReportForm(*args, k_anonymity=settings.K_ANONYMITY, **kwargs)


def _form_context(form):
    """The edit page's context: its script suggests the chosen country's
    currency."""
    suggestions = currency_suggestions()
    return {"form": form, "country_currencies_json": json.dumps(suggestions)}


def _render_step(request, form, step, reached, status=200, rate_limited=False):
    if step in ("where", "pay"):
        form.offer_short_lists()
    context = {
        "form": form,
        "rate_limited": rate_limited,
        "step": step,
        "step_title": ReportForm.STEP_TITLES[step],
        "carried": form.carried_fields(step),
        "step_number": ReportForm.STEPS.index(step) + 1,
        "step_count": len(ReportForm.STEPS),
        "previous_step": _step_before(step),
        "reached": reached,
        "step_fields": form.step_fields(step) if step != "check" else [],
    }
    if step == "check":
        context["answers"] = form.answer_rows()
        context["pay"] = form.pay_understood()
    return render(request, "surveys/report_form.html", context, status=status)


def _step_before(step):
    index = ReportForm.STEPS.index(step)
    return ReportForm.STEPS[index - 1] if index else None


def _later(step, other):
    steps = ReportForm.STEPS
    return step if steps.index(step) >= steps.index(other) else other


@keep_form_in_history
@require_http_methods(["GET", "POST"])
def report_new(request):
    """The guided report: where -> pay -> hours -> conditions -> check your
    answers -> sent, each step a POST to this same URL.

    Each page posts `step` (the step it shows), `reached` (the furthest step
    seen) and every earlier answer in hidden fields, so nothing is stored on
    the server or in a cookie before the final send, and nothing needs
    JavaScript. The whole form is validated at every step; only the
    messages of the steps reached are shown. A `goto` button (Back,
    Change) opens a step with every answer kept; after a Change, Continue
    returns to "check your answers". `send`, from that page, validates
    everything again and saves once (the one-time token travels along).

    A POST without `step` (the API's shape, DESIGN.md's field names) is the
    whole report at once, validated and saved the same way; its mistakes
    come back on the first step that has one.
    """
    if request.method == "GET":
        form = _report_form(initial=campaign_from_link(request))
        return _render_step(request, form, "where", reached="where")

    step = request.POST.get("step")
    if step not in ReportForm.STEPS:
        return _send(request, _report_form(data=request.POST))

    form = _report_form(data=request.POST)
    if campaign_guess_refused(request):
        # Every step checks the campaign code: each is a guess counted.
        return _render_step(request, form, step, step, status=429, rate_limited=True)
    reached = request.POST.get("reached")
    reached = _later(step, reached if reached in ReportForm.STEPS else step)
    goto = request.POST.get("goto")
    if goto in ReportForm.STEPS and goto != "check":
        form.show_errors_of(None)
        return _render_step(request, form, goto, reached)
    if "send" in request.POST:
        return _send(request, form)

    wrong = form.first_step_with_errors(until=reached)
    if wrong:
        form.show_errors_of(wrong)
        return _render_step(request, form, wrong, reached)
    following = ReportForm.STEPS[ReportForm.STEPS.index(step) + 1 :] or ["check"]
    shown = "check" if reached == "check" else following[0]
    if shown == "pay":
        form.prefill_currency()
        form = _report_form(data=form.data)
        form.is_valid()
    form.show_errors_of(None)
    return _render_step(request, form, shown, _later(shown, reached))


def _send(request, form):
    """Save the whole report once, or show the first step with a mistake."""
    rate_limited = campaign_guess_refused(request) or too_many_requests(
        request, SUBMISSION
    )
    valid = form.is_valid()
    # A wrong hidden field only (the honeypot) comes back on the last page.
    wrong = form.first_step_with_errors() or "check"
    if rate_limited or not valid:
        form.show_errors_of(wrong)
        return _render_step(
            request,
            form,
            wrong,
            "check",
            status=429 if rate_limited else 200,
            rate_limited=rate_limited,
        )

    try:
        report, code = save_once(request, form)
    except OverLimit:
        return _render_step(
            request, form, "check", "check", status=429, rate_limited=True
        )
    if report is None:
        return already_sent(request)
    return render(
        request,
        "surveys/report_sent.html",
        {"code": code, "report": report},
    )


def _render_report_edit(request, form, code, report):
    form.offer_short_lists()
    context = _form_context(form) | {"code": code, "report": report}
    return render(request, "surveys/report_edit.html", context)


@receipt_pages
@never_cache
@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    return edit_entry(
        request,
        pk,
        related_name="reports",
        form_class=_report_form,
        render_form=_render_report_edit,
        notice=_("Your changes are saved. A moderator will review them again."),
    )


@receipt_pages
@never_cache
@require_http_methods(["GET", "POST"])
def report_withdraw(request, pk):
    return withdraw_entry(
        request,
        pk,
        related_name="reports",
        confirm_template="surveys/report_withdraw.html",
        name="report",
        notice=_("Your report is deleted."),
    )


def _report_awaiting_author(request, pk):
    """The receipt of this request and its report `pk`, which must be
    waiting for its author's answer to a correction (else None): a page
    under the code, counted as a guess when a code is posted."""
    found = receipt_of_request(request)
    report = get_object_or_404(found.reports.select_related("correction"), pk=pk)
    if report.status != Status.AWAITING_AUTHOR or not hasattr(report, "correction"):
        return found, None
    return found, report


def _already_answered(request, found):
    return back_to_entries(
        request, found, notice=_("This correction was already answered.")
    )


@receipt_pages
@never_cache
@require_POST
def correction_accept(request, pk):
    """The author accepts the moderator's correction: the report takes it
    and is approved."""
    if "code" in request.POST and too_many_requests(request, LOOKUP):
        return rate_limited_lookup(request)
    try:
        found, report = _report_awaiting_author(request, pk)
    except NotOpen:
        return redirect("receipts:receipt")
    form = CorrectionAnswerForm(request.POST)
    if report is None or not form.is_valid():
        return _already_answered(request, found)
    try:
        accept_correction(report, version=form.cleaned_data["version"])
    except AlreadyDecided:
        return _already_answered(request, found)
    if report.status == Status.APPROVED:
        notice = _("Your report is corrected and approved.")
    else:
        notice = _("Your report is corrected. A moderator will read it again.")
    return back_to_entries(request, found, notice=notice)


@receipt_pages
@never_cache
@require_http_methods(["GET", "POST"])
def correction_decline(request, pk):
    """The author declines the moderator's correction, with an optional
    word for them: the report waits for review again as it was sent."""
    if "code" in request.POST and too_many_requests(request, LOOKUP):
        return rate_limited_lookup(request)
    try:
        found, report = _report_awaiting_author(request, pk)
    except NotOpen:
        return redirect("receipts:receipt")
    if report is None:
        return _already_answered(request, found)
    if request.method == "GET":
        form = DeclineCorrectionForm(initial={"version": report.version})
    else:
        form = DeclineCorrectionForm(request.POST)
        if form.is_valid():
            try:
                decline_correction(
                    report,
                    version=form.cleaned_data["version"],
                    word=form.cleaned_data["word"],
                )
            except AlreadyDecided:
                return _already_answered(request, found)
            return back_to_entries(
                request,
                found,
                notice=_(
                    "You declined the correction. A moderator will read your report again."
                ),
            )
    context = {"report": report, "form": form, "code": request.POST.get("code", "")}
    return render(request, "surveys/correction_decline.html", context)
