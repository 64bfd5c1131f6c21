from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config import views

# English pages have no prefix; every other language has its own (/fr/...).
urlpatterns = i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("", include("surveys.urls")),
    path("", include("testimonies.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler500 = "config.views.server_error"
