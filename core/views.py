"""Site-wide pages: home, what we keep, about, health, security.txt, the
language switcher, errors."""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    return render(request, "pages/home.html")


@require_safe
def privacy(request):
    return render(request, "pages/privacy.html")


@require_safe
def about(request):
    """Who runs the site, how moderation works, what happens on a legal
    request, how to reach the operator: the operator's parts from settings."""
    contact = settings.SITE_CONTACT
    context = {
        "operator_name": settings.SITE_OPERATOR_NAME,
        "contact": contact,
        "contact_is_link": contact.startswith(("mailto:", "https://")),
        "legal_request_policy": settings.LEGAL_REQUEST_POLICY,
    }
    return render(request, "pages/about.html", context)


@never_cache
@require_safe
def choose_language(request, code):
    """The language switcher's links: remember the reader's pick in Django's
    language cookie, so that an unprefixed address no longer follows the
    phone's language (core.middleware), and open `next` in that language.

    A GET with no effect but the reader's own cookie, so the switcher stays
    plain links that work without JavaScript and put no form on every page.
    """
    if code not in dict(settings.LANGUAGES) or not check_for_language(code):
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("home")
    # `next` is in the language the reader leaves: resolve it in that one.
    with translation.override(translation.get_language_from_path(next_url)):
        target = translate_url(next_url, code)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


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
