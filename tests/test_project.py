"""Cheap project-wide checks: migrations and translation catalogs."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils.translation import to_locale

from config.settings import BASE_DIR

TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
# What makemessages reads: the code of every app of ours and the templates,
# not the environment.
SOURCE_PARTS = [
    "manage.py",
    "templates",
    "config",
    *(app.name for app in apps.get_app_configs() if Path(app.path).parent == BASE_DIR),
]


def catalog_path(language, root=BASE_DIR):
    return root / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"


def message_keys(catalog):
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural)
        for entry in catalog
        if not entry.obsolete
    }


def test_no_pending_migrations():
    # makemigrations --check exits non-zero when a model change has no
    # migration. In its own process: loading the migration graph in this one
    # would disturb the browser tests' saved reference data.
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=BASE_DIR,
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalog_is_complete(language):
    catalog = polib.pofile(catalog_path(language))

    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalog.translated_entries()) > 0


@pytest.fixture(scope="module")
def extracted_catalogs(tmp_path_factory):
    """Run makemessages on a copy of the sources, as a developer would."""
    root = tmp_path_factory.mktemp("sources")
    for part in SOURCE_PARTS:
        source = BASE_DIR / part
        if source.is_dir():
            shutil.copytree(
                source, root / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy(source, root / part)
    (root / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-location", "--verbosity=0"]
        + [f"--locale={to_locale(language)}" for language in TRANSLATED_LANGUAGES],
        cwd=root,
        env={"PATH": os.environ["PATH"], "DEBUG": "1"},
        check=True,
        timeout=120,
    )
    return root


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalog_matches_the_sources(extracted_catalogs, language):
    extracted = message_keys(polib.pofile(catalog_path(language, extracted_catalogs)))
    shipped = message_keys(polib.pofile(catalog_path(language)))

    assert sorted(extracted - shipped, key=str) == [], (
        "run `make messages` and translate"
    )
    assert sorted(shipped - extracted, key=str) == [], (
        "run `make messages` to drop these"
    )


# That every shipped language has its catalog is test_catalog_is_complete's
# first step (it opens each one); this is about the check that says so at
# start-up.
def test_a_language_without_catalog_fails_the_checks_clearly(settings):
    from core.checks import every_language_has_a_catalog

    shipped = every_language_has_a_catalog(None)
    settings.LANGUAGES = [*settings.LANGUAGES, ("pt", "Portuguese")]

    errors = every_language_has_a_catalog(None)

    assert shipped == []
    assert [error.id for error in errors] == ["groundtruth.E001"]
    assert "Portuguese (pt) is in LANGUAGES" in errors[0].msg
    assert "make messages" in errors[0].hint


# Physical sides in CSS: a right-to-left page (Arabic) would keep them on
# the wrong side. The site's own CSS says start and end instead.
PHYSICAL_SIDES = re.compile(
    r"^\s*(?:(?:margin|padding|border)-(?:left|right)|left|right)\s*:"
    r"|(?:text-align|float|clear)\s*:\s*(?:left|right)",
    re.MULTILINE,
)


def test_the_site_css_names_start_and_end_never_left_and_right():
    css = (BASE_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")

    assert PHYSICAL_SIDES.findall(css) == []


# The four-value shorthand says top, right, bottom, left: unequal sides are
# physical too (`padding: 0 0 0 2.5rem` is a padding-left).
FOUR_SIDES = re.compile(
    r"^[ \t]*(margin|padding|inset)[ \t]*:[ \t]*(\S+)[ \t]+(\S+)[ \t]+(\S+)[ \t]+([^;\s]+)[ \t]*;",
    re.MULTILINE,
)


def test_the_site_css_shorthands_keep_left_and_right_equal():
    css = (BASE_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")

    one_sided = [
        found.group(0).strip()
        for found in FOUR_SIDES.finditer(css)
        if found.group(3) != found.group(5)
    ]
    assert one_sided == []
