"""How an entry under a receipt (a report, a story, an incident) is sent,
found by its code, changed and withdrawn: one flow for every kind, used by
each app's thin views.

The receipt code never appears in a URL: it travels only in POST bodies, so
it cannot end up in a log, a browser history or a Referer header. Once a
code has opened a receipt, the pages under it are GET pages that read the
receipt from the phone's receipt session (receipts.sessions), so Back and
the language switcher work; a code posted by an older page still works, and
opens the session too. Pages under the code are marked no-store.
"""

from functools import wraps

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from core import ratelimit
from receipts import codes, kinds, sessions
from receipts.forms import ReceiptCodeForm
from receipts.models import Receipt

SUBMISSION = "submission"
LOOKUP = "receipt-lookup"


def too_many_requests(request, scope):
    """Count this request; True past its limit. A SUBMISSION is any post of
    an entry form, under the loose cap: entries saved are counted by
    save_once."""
    if scope == SUBMISSION:
        campaign = ratelimit.open_campaign(request.POST.get("campaign", ""))
        return ratelimit.too_many_entry_posts(request, campaign)
    limit = settings.RATE_LIMIT_RECEIPT_LOOKUPS_PER_HOUR
    return ratelimit.hit_rate_limit(request, scope, limit)


def campaign_guess_refused(request):
    """A posted campaign code that opens no campaign is a guess, counted
    with the receipt code guesses (LOOKUP); True once past that limit.
    Campaign codes are shared by a whole meeting: guessing one would hand
    a stranger its allowance."""
    code = request.POST.get("campaign", "").strip()
    if not code or ratelimit.open_campaign(code) is not None:
        return False
    return too_many_requests(request, LOOKUP)


def campaign_from_link(request):
    """A new form's campaign code from a link an organizer shared
    (/report/?campaign=UNION-MARCH): the code names an event, not a person."""
    return {"campaign": request.GET.get("campaign", "")[:40]}


def already_sent(request):
    """The answer to a form sent a second time: nothing saved twice."""
    return render(request, "receipts/already_sent.html")


class AlreadySent(Exception):
    """The form's one-time token was spent: this is a second sending."""


def save_once(request, form, receipt=None):
    """Save a new entry unless its form was already sent.

    Returns (entry, new receipt code), or (None, "") for a second sending;
    raises core.ratelimit.OverLimit past the client's limit of saved
    entries (or its campaign's), saving nothing. Effects, in one
    transaction: the form's one-time token spent, the entry counted, a new
    receipt when none is given, the entry. A failure anywhere (an error, a
    request killed by a timeout) keeps none of them, so the same form can
    be sent again.
    """
    token = form.cleaned_data.get("submission_token", "")
    try:
        with transaction.atomic():
            if not codes.spend_form_token(token):
                raise AlreadySent
            ratelimit.count_saved_entry(request, form.cleaned_data.get("campaign"))
            new_code = ""
            if receipt is None:
                receipt, new_code = Receipt.objects.issue()
            return form.save(receipt=receipt), new_code
    except AlreadySent:
        return None, ""


def keep_form_in_history(view):
    """A form page stays in the browser's history, so the back button brings
    the typed answers back; what a POST answers (a receipt code) is never
    stored."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "GET":
            patch_cache_control(response, private=True, no_cache=True, max_age=0)
        else:
            add_never_cache_headers(response)
        return response

    return wrapper


def receipt_from_post(request):
    """The receipt whose code came with this POST, or None."""
    form = ReceiptCodeForm(request.POST)
    if not form.is_valid():
        return None
    return Receipt.objects.for_code(form.cleaned_data["code"])


def look_up_code(request):
    """The code form of this POST and the receipt its code opens, or None;
    a well-formed code that opens nothing gets the form's "not found"."""
    form = ReceiptCodeForm(request.POST)
    found = form.is_valid() and Receipt.objects.for_code(form.cleaned_data["code"])
    if form.is_valid() and not found:
        form.add_not_found_error()
    return form, found or None


def entries_page(request, receipt):
    """Everything a receipt holds, with a way to change or delete each entry."""
    sections = [(kind, kind.entries(receipt)) for kind in kinds.registered()]
    context = {
        "receipt": receipt,
        "sections": sections,
        "notice": sessions.take_notice(request),
    }
    return render(request, "receipts/entries.html", context)


def back_to_entries(request, receipt, notice=""):
    """Redirect to the entries page (post/redirect/get), with `notice` shown
    there once. A receipt opened by a posted code gets its session here."""
    if sessions.current_receipt(request) != receipt:
        sessions.open_receipt(request, receipt)
    if notice:
        sessions.leave_notice(request, notice)
    return redirect("receipts:entries")


def rate_limited_lookup(request):
    context = {"form": ReceiptCodeForm(request.POST), "rate_limited": True}
    return render(request, "receipts/lookup.html", context, status=429)


# Every kind of entry under a receipt (reports, stories, incidents) is
# created, changed and withdrawn the same way; these carry the way.


def new_entry(request, *, form_class, render_form, marker, sent_template, name):
    """A new entry, on its own new receipt or under a receipt: the one open
    on this phone (the entries page's "add" buttons: `under=receipt`) or
    the one whose code was posted (a POST without `marker`, the form's
    first field, only opens the form with the code in it)."""
    under_receipt = request.GET.get("under") == "receipt"
    if request.method == "GET":
        if under_receipt and sessions.current_receipt(request) is None:
            return redirect("receipts:receipt")
        return render_form(request, form_class(initial=campaign_from_link(request)), "")
    code = request.POST.get("code", "")
    sending = marker in request.POST
    form = form_class(request.POST) if sending else form_class()
    receipt = None
    if request.POST.get("under") == "receipt" and not code:
        receipt = sessions.current_receipt(request)
        if receipt is None:
            # The session ended while the form was filled in: the code
            # field asks for the code, every answer kept.
            return render_form(request, form, code, code_form=ReceiptCodeForm())
    if code:
        # A code tried here is a code tried on /receipt/: counted under the
        # same limit, and a wrong one gets the same words, by the code,
        # with every answer kept.
        if too_many_requests(request, LOOKUP):
            return render_form(request, form, code, status=429)
        code_form, receipt = look_up_code(request)
        if receipt is None:
            return render_form(request, form, code, code_form=code_form)
    if not sending:
        return render_form(request, form, code)
    if campaign_guess_refused(request) or too_many_requests(request, SUBMISSION):
        return render_form(request, form, code, status=429)
    if not form.is_valid():
        return render_form(request, form, code)
    try:
        entry, new_code = save_once(request, form, receipt)
    except ratelimit.OverLimit:
        return render_form(request, form, code, status=429)
    if entry is None:
        return already_sent(request)
    return render(request, sent_template, {name: entry, "code": new_code})


class NotOpen(Exception):
    """Neither a posted code nor the phone's receipt session opens a receipt."""


def receipt_of_request(request):
    """The receipt of a page under the code: the one whose code was posted
    (by a page from before receipt sessions), else the session's. Raises
    Http404 for a posted code that opens nothing, NotOpen without either.
    Call it after the guessing limit when a code is posted."""
    if "code" in request.POST:
        found = receipt_from_post(request)
        if found is None:
            raise Http404
        return found
    found = sessions.current_receipt(request)
    if found is None:
        raise NotOpen
    return found


def code_is_posted(request):
    return "code" in request.POST


def _owned_entry(request, pk, related_name):
    found = receipt_of_request(request)
    return found, get_object_or_404(getattr(found, related_name), pk=pk)


def edit_entry(request, pk, *, related_name, form_class, render_form, notice):
    """Open an entry's form under its receipt (GET), or save it (back to
    review) and return to the entries page."""
    if code_is_posted(request) and too_many_requests(request, LOOKUP):
        return rate_limited_lookup(request)
    try:
        found, entry = _owned_entry(request, pk, related_name)
    except NotOpen:
        return redirect("receipts:receipt")
    code = request.POST.get("code", "")
    if "save" in request.POST:
        form = form_class(request.POST, instance=entry)
        # Each change sends the entry back to the moderators' queue: counted
        # under the posts cap, as a change costs no code guess any more.
        if too_many_requests(request, SUBMISSION):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "To protect everyone, we limit how often one connection "
                    "can send. Your answers are kept below: please try again "
                    "in an hour."
                ),
            )
            response = render_form(request, form, code, entry)
            response.status_code = 429
            return response
        if form.is_valid():
            with transaction.atomic():
                form.save()
            return back_to_entries(request, found, notice)
    else:
        form = form_class(instance=entry)
    return render_form(request, form, code, entry)


def withdraw_entry(request, pk, *, related_name, confirm_template, name, notice):
    """Ask (GET), then delete an entry for real, and its receipt with the
    last one (which ends the receipt session)."""
    if code_is_posted(request) and too_many_requests(request, LOOKUP):
        return rate_limited_lookup(request)
    try:
        found, entry = _owned_entry(request, pk, related_name)
    except NotOpen:
        return redirect("receipts:receipt")
    code = request.POST.get("code", "")
    if "confirm" not in request.POST:
        return render(request, confirm_template, {"code": code, name: entry})
    with transaction.atomic():
        entry.delete()
        found.delete_if_empty()
    if found.pk is None:
        sessions.end(request)
        return render(request, "receipts/withdrawn.html")
    return back_to_entries(request, found, notice)
