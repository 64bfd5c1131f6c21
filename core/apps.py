from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide pieces every other app may use, and that use none of them:
    pages of the site itself, middleware, checks, the log filter, countries,
    shared template tags and the personal-data scan."""

    name = "core"

    def ready(self):
        from core import checks  # noqa: F401
