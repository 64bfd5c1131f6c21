"""Site-wide pages: home, what we keep, and the server-error page."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    return render(request, "pages/home.html")


@require_safe
def privacy(request):
    return render(request, "pages/privacy.html")


def server_error(request):
    """The translated 500 page, without a trace.

    Rendered without the request's context processors: one of them may be
    what failed, and the error page must not fail in turn.
    """
    return HttpResponseServerError(render_to_string("500.html"))
