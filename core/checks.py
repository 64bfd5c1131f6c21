"""Project checks run by `manage.py check` (and so by every test run)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import to_locale


@register()
def every_language_has_a_catalog(app_configs, **kwargs):
    """A language listed in settings without its catalog would show English
    to its readers while claiming to be translated: refuse it."""
    errors = []
    for code, name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        catalog = (
            Path(settings.LOCALE_PATHS[0])
            / to_locale(code)
            / "LC_MESSAGES"
            / "django.po"
        )
        if not catalog.exists():
            errors.append(
                Error(
                    f"{name} ({code}) is in LANGUAGES but {catalog} is missing.",
                    hint=f"Run `make messages` after adding {to_locale(code)} to the Makefile's "
                    "LANGUAGES, then translate the new catalog (README, Languages).",
                    id="groundtruth.E001",
                )
            )
    return errors


@register(deploy=True)
def database_is_ready(app_configs, **kwargs):
    """`check --deploy` says when the database lacks migrations or the
    cache table, which would otherwise show as failing pages."""
    try:
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
        tables = set(connection.introspection.table_names())
    except DatabaseError as error:
        return [
            Warning(
                f"The database could not be checked: {type(error).__name__}: {error}",
                hint="Check DATABASE_URL and that the database server runs.",
                id="groundtruth.W002",
            )
        ]
    problems = []
    if unapplied:
        names = ", ".join(
            f"{migration.app_label}.{migration.name}" for migration, _ in unapplied[:5]
        )
        problems.append(
            Error(
                f"{len(unapplied)} migrations are not applied ({names}…).",
                hint="Run `manage.py migrate` (make serve does).",
                id="groundtruth.E002",
            )
        )
    for alias, cache in settings.CACHES.items():
        if (
            cache["BACKEND"].endswith("DatabaseCache")
            and cache["LOCATION"] not in tables
        ):
            problems.append(
                Error(
                    f"The table {cache['LOCATION']!r} of the cache {alias!r} is missing.",
                    hint="Run `manage.py migrate`: a migration creates it.",
                    id="groundtruth.E003",
                )
            )
    return problems


OPERATOR_SETTINGS = ("SITE_OPERATOR_NAME", "SITE_CONTACT", "LEGAL_REQUEST_POLICY")


@register(deploy=True)
def operator_is_named(app_configs, **kwargs):
    """The About page says "not filled in yet" where these are empty: a
    worker deciding whether to trust the site should not read that in
    production."""
    return [
        Warning(
            f"{name} is empty: the About page shows it as not filled in yet.",
            hint=f"Set the {name} environment variable (README, Configuration).",
            id="groundtruth.W003",
        )
        for name in OPERATOR_SETTINGS
        if not getattr(settings, name)
    ]
