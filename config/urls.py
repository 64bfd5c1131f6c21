from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from core import views
from stats import views as stats_views

# English pages have no prefix; every other language has its own (/fr/...).
urlpatterns = i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("about/", views.about, name="about"),
    path("", include("receipts.urls")),
    path("", include("surveys.urls")),
    path("", include("testimonies.urls")),
    path("", include("incidents.urls")),
    path("", include("stats.urls")),
    path("", include("moderation.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

# The API answers in English at one address, whatever the reader's language.
urlpatterns += [
    path("healthz", views.healthz, name="healthz"),
    path("language/<str:code>/", views.choose_language, name="choose-language"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path("api/v1/stats/", stats_views.api_stats, name="api-stats"),
    path("api/v1/openapi.json", stats_views.api_openapi, name="api-openapi"),
    path(
        "api/v1/incidents/stats/",
        stats_views.api_incident_stats,
        name="api-incident-stats",
    ),
]

handler500 = "core.views.server_error"
