"""Project checks run by `manage.py check` (and so by every test run)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def every_language_has_a_catalog(app_configs, **kwargs):
    """A language listed in settings without its catalog would show English
    to its readers while claiming to be translated: refuse it."""
    errors = []
    for code, name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        catalog = Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"
        if not catalog.exists():
            errors.append(
                Error(
                    f"{name} ({code}) is in LANGUAGES but {catalog} is missing.",
                    hint=f"Run `make messages` after adding {code} to the Makefile's "
                    "LANGUAGES, then translate the new catalog (README, Languages).",
                    id="groundtruth.E001",
                )
            )
    return errors
