from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Review states, decisions and their audit log, and the moderators'
    accounts, sign-in and second factor, shared by every kind of entry."""

    name = "moderation"
    verbose_name = _("Moderation")


# Through its module: a class imported here would count as this app's config.
class GroundTruthAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site of moderation.admin_site as admin.site:
    behind the moderators' sign-in and second factor."""

    # Not this app's configuration: only the one INSTALLED_APPS names.
    default = False
    default_site = "moderation.admin_site.GroundTruthAdminSite"
