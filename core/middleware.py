"""Site-wide middleware: requests for another host refused, browser
permissions, the reader's language on a first visit, and a clear page when
the database is away."""

import logging
import sqlite3

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

# Nothing here needs a camera, a microphone, a location or a payment.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "browsing-topics",
    )
)
# Answers never echoed back into a page.
SECRET_FIELDS = {"password", "token", "csrfmiddlewaretoken"}
# PostgreSQL error classes of a lost or refused connection: connection
# exceptions, insufficient resources (too many clients), operator
# intervention (a restart, a shutdown).
CONNECTION_LOSS_STATES = {"08", "53", "57"}
# What SQLite says when another process holds the database for longer than
# a writer waits: the only SQLite errors worth trying again. Anything else
# (a table or column missing, a read-only file) needs an operator.
SQLITE_BUSY = ("database is locked", "database table is locked")

logger = logging.getLogger("core.middleware")


def is_connection_loss(exception):
    """Whether a database error means the database is away for a while
    (try again soon), rather than something an operator must fix."""
    if isinstance(exception, InterfaceError):
        return True
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if isinstance(cause, sqlite3.Error):
        return any(sign in str(cause).lower() for sign in SQLITE_BUSY)
    state = getattr(cause, "sqlstate", None)
    if state:
        return state[:2] in CONNECTION_LOSS_STATES
    # No answer from the server at all: the connection itself failed.
    return True


class KnownHostMiddleware:
    """Answer a request for a host outside ALLOWED_HOSTS with a short 400.

    Left to Django, it fails in CommonMiddleware, is logged with a traceback
    at error level, and then becomes a 500, because the 400 page links to
    itself in every language through the host it refuses. Scanners send such
    requests all day: a one-line warning is enough. First in MIDDLEWARE, so
    nothing before it asks for the host.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.get_host()
        except DisallowedHost:
            logger.warning(
                "Refused a request for host %r, not in ALLOWED_HOSTS.",
                request.META.get("HTTP_HOST", "")[:100],
            )
            return HttpResponseBadRequest(
                _("Bad request: this site does not answer to that host name."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class BrowserLanguageMiddleware:
    """Send a reader who opens an English (unprefixed) page to the same page
    in their language: the one they picked with the language switcher
    (Django's language cookie) or else their phone's (Accept-Language:
    sw-KE opens /sw/; pt-PT opens /pt-br/, our only Portuguese, as Django
    takes a supported variant of the same language). Only for GET pages that exist in every language:
    never the API, /healthz, static files, or a form's POST. A page whose
    language came from its prefix is never moved: a shared link keeps its
    language. After LocaleMiddleware, which reads the prefix.
    """

    # What a cache must look at before answering with an unprefixed page.
    VARY = ("Accept-Language", "Cookie")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        detected = self.page_in_readers_language(request)
        if detected is None:
            return self.get_response(request)
        if detected != request.get_full_path():
            response = HttpResponseRedirect(detected)
        else:
            response = self.get_response(request)
        patch_vary_headers(response, self.VARY)
        return response

    @staticmethod
    def page_in_readers_language(request):
        """This page's address in the reader's language; None where the
        language is not the reader's to choose (the address says it, the
        request is not a GET, or the page has no other languages)."""
        if request.method not in ("GET", "HEAD"):
            return None
        if translation.get_language_from_path(request.path_info):
            return None
        here = request.get_full_path()
        other = next(
            code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        )
        if translate_url(here, other) == here:
            return None  # the API, /healthz, a file, a page not found
        language = translation.get_language_from_request(request)
        if language == settings.LANGUAGE_CODE:
            return here
        return translate_url(here, language)


class DatabaseUnavailableMiddleware:
    """While the database is away (a restart, a failover), answer 503 with a
    translated "try again" page instead of an error, and keep the worker's
    answers: a form posted meanwhile comes back as hidden fields with a
    button that sends it again. The page is rendered without touching the
    database; every write is in a transaction, so nothing was half saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        """The 503 page for a lost connection only; anything else (a missing
        table, a migration not run) is a server error, logged with its
        traceback by Django."""
        if not is_connection_loss(exception):
            return None
        # The cause in the log, through the same scrubbing filter as the rest.
        logger.warning(
            "Database unavailable: %s: %s", type(exception).__name__, exception
        )
        answers = []
        if request.method == "POST":
            answers = [
                (name, value)
                for name, values in request.POST.lists()
                if name not in SECRET_FIELDS
                for value in values
            ]
        content = render_to_string(
            "503.html",
            {
                "answers": answers,
                "action": request.get_full_path(),
                "csrf_token_value": request.POST.get("csrfmiddlewaretoken", ""),
            },
        )
        response = HttpResponse(content, status=503)
        response["Retry-After"] = "30"
        return response
