"""The apps depend on each other in one direction only, so that each can be
read and changed without the ones above it (README, Layout):

    core  <-  receipts  <-  moderation  <-  surveys  <-  testimonies, incidents

`stats` reads all of them and none reads it; `config` (settings, root URLs,
wsgi/asgi, gunicorn) sits above everything and is no app. An app that does not exist yet is
simply not found. Imports inside functions count too: they are how a
forbidden dependency usually sneaks in.
"""

import ast

import pytest

from config.settings import BASE_DIR

ORDER = ["core", "receipts", "moderation", "surveys"]
LEAVES = ["testimonies", "incidents"]
MAY_IMPORT = {
    **{app: set(ORDER[:rank]) for rank, app in enumerate(ORDER)},
    **{leaf: set(ORDER) for leaf in LEAVES},
    "stats": set(ORDER + LEAVES),
    "config": set(ORDER + LEAVES + ["stats"]),
}
OURS = set(MAY_IMPORT)


def imported_modules(path):
    """Every module `path` imports, as dotted names, wherever the import is."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def source_files(app):
    return sorted((BASE_DIR / app).rglob("*.py"))


def existing_apps():
    return [app for app in MAY_IMPORT if (BASE_DIR / app / "__init__.py").exists()]


@pytest.mark.parametrize("app", existing_apps())
def test_each_app_imports_only_the_apps_below_it(app):
    wrong = sorted(
        f"{path.relative_to(BASE_DIR)} imports {module}"
        for path in source_files(app)
        for module in imported_modules(path)
        if (top := module.split(".")[0]) in OURS
        and top != app
        and top not in MAY_IMPORT[app]
    )
    assert wrong == []


@pytest.mark.parametrize("app", existing_apps())
def test_no_app_imports_another_apps_views(app):
    """Views are the top of an app: what two apps share lives in a module
    named for what it does, not in a view module."""
    wrong = sorted(
        f"{path.relative_to(BASE_DIR)} imports {module}"
        for path in source_files(app)
        for module in imported_modules(path)
        if (parts := module.split("."))[0] in OURS
        and parts[0] != app
        and app != "config"  # the root URLconf routes to every app's views
        and any(part == "views" or part.endswith("_views") for part in parts[1:2])
    )
    assert wrong == []


def test_the_rule_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        "def later():\n    from stats.publication import current_release\n"
        "import surveys.models as reports\n"
    )

    found = set(imported_modules(module))

    assert "stats.publication" in found
    assert "surveys.models" in found


def templates_naming_other_apps(folder):
    """Templates under templates/<folder>/ that name another app's templates
    or URLs."""
    return sorted(
        f"{template.relative_to(BASE_DIR)}: {app}"
        for template in (BASE_DIR / "templates" / folder).rglob("*.html")
        for app in ORDER + LEAVES + ["stats"]
        if app != folder
        and (f"{app}/" in template.read_text() or f"{app}:" in template.read_text())
    )


def test_the_receipts_pages_name_no_kind_of_entry():
    """Reports, stories and incidents each register their kind
    (receipts.kinds); the receipts app's templates name none of them, so a
    new kind of entry changes nothing there."""
    assert templates_naming_other_apps("receipts") == []


def test_the_moderation_pages_name_no_kind_of_entry():
    """Each kind registers its queue, review page and dashboard card
    (moderation.kinds); the moderation app's own pages name none of them."""
    assert templates_naming_other_apps("moderation") == []


def test_config_holds_only_the_projects_settings_and_entry_points():
    """Anything else belongs to an app named for what it does."""
    modules = {path.name for path in (BASE_DIR / "config").glob("*.py")}
    assert modules == {
        "__init__.py",
        "settings.py",
        "urls.py",
        "wsgi.py",
        "asgi.py",
        "gunicorn_conf.py",
    }
