from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project itself, so that its system checks are registered."""

    name = "config"

    def ready(self):
        from config import checks  # noqa: F401
