from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ConfigConfig(AppConfig):
    """The project itself: its admin registrations (config.admin)."""

    name = "config"


# Through its module: a class imported here would count as this app's config.
class GroundTruthAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site of config.admin_site as admin.site."""

    # Not this app's configuration: only the one INSTALLED_APPS names.
    default = False
    default_site = "config.admin_site.GroundTruthAdminSite"
