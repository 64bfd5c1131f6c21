"""/receipt/: a worker types their code and sees everything it holds.

The code travels only in the POST body, never in the URL (receipts.entries).
A right code opens the receipt on this phone for a short idle time
(receipts.sessions) and redirects to the entries page, a GET page that Back
and the language switcher can show again.
"""

from django.shortcuts import redirect, render
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from receipts import sessions
from receipts.entries import (
    LOOKUP,
    entries_page,
    look_up_code,
    rate_limited_lookup,
    too_many_requests,
)
from receipts.forms import ReceiptCodeForm


@sessions.receipt_pages
@require_http_methods(["GET", "POST"])
def receipt(request):
    if request.method == "GET":
        return render(request, "receipts/lookup.html", {"form": ReceiptCodeForm()})

    if too_many_requests(request, LOOKUP):
        return rate_limited_lookup(request)
    form, found = look_up_code(request)
    if found is None:
        return render(request, "receipts/lookup.html", {"form": form})
    sessions.open_receipt(request, found)
    return redirect("receipts:entries")


@sessions.receipt_pages
@require_safe
def entries(request):
    found = sessions.current_receipt(request)
    if found is None:
        return redirect("receipts:receipt")
    return entries_page(request, found)


@sessions.receipt_pages
@require_POST
def end(request):
    """ "End now (shared phone)": nothing under the code opens any more."""
    sessions.end(request)
    return redirect("receipts:ended")


@sessions.receipt_pages
@require_safe
def ended(request):
    context = {"form": ReceiptCodeForm(), "ended": True}
    return render(request, "receipts/lookup.html", context)
