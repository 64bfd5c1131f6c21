"""The site's URLconf plus one view that fails, to see the 500 page."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("deliberate failure in a test")


urlpatterns = [
    *i18n_patterns(path("boom/", failing_view), prefix_default_language=False),
    *site_urlpatterns,
]
