from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Review states, decisions and their audit log, and the moderators'
    accounts, sign-in and second factor, shared by every kind of entry."""

    name = "moderation"
    verbose_name = _("Moderation")
