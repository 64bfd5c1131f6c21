"""Site-wide pages: home, what we keep, health, security.txt, errors."""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    return render(request, "pages/home.html")


@require_safe
def privacy(request):
    return render(request, "pages/privacy.html")


@require_safe
def healthz(request):
    """For load balancers: ok when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


# RFC 9116 asks for an expiry under a year away, so that a stale contact is
# not trusted for ever; the file is written afresh on each request.
SECURITY_TXT_VALID_FOR = timedelta(days=180)


@require_safe
def security_txt(request):
    """/.well-known/security.txt: whom to tell about a weakness in this site.

    Only when the operator set SECURITY_CONTACT: a made-up contact would
    send reports nowhere.
    """
    if not settings.SECURITY_CONTACT:
        raise Http404
    expires = (timezone.now() + SECURITY_TXT_VALID_FOR).replace(microsecond=0)
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACT] + [
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: " + ", ".join(code for code, _name in settings.LANGUAGES),
        f"Canonical: {request.build_absolute_uri()}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


def server_error(request):
    """The translated 500 page, without a trace.

    Rendered without the request's context processors: one of them may be
    what failed, and the error page must not fail in turn.
    """
    return HttpResponseServerError(render_to_string("500.html"))
