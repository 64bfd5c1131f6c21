"""/receipt/: a worker types their code and sees everything it holds.

The code travels only in the POST body, never in the URL (receipts.entries).
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from receipts.entries import (
    LOOKUP,
    entries_page,
    look_up_code,
    rate_limited_lookup,
    too_many_requests,
)
from receipts.forms import ReceiptCodeForm


@never_cache
@require_http_methods(["GET", "POST"])
def receipt(request):
    if request.method == "GET":
        return render(request, "receipts/lookup.html", {"form": ReceiptCodeForm()})

    if too_many_requests(request, LOOKUP):
        return rate_limited_lookup(request)
    form, found = look_up_code(request)
    if found is None:
        return render(request, "receipts/lookup.html", {"form": form})
    return entries_page(request, found, request.POST["code"])
