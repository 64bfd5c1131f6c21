"""Site-wide middleware: browser permissions, and a clear page when the
database is away."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

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


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


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
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
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
