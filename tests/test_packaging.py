"""The wheel holds every app of the project, its migrations and its data:
a deployment from the built package finds everything the code needs."""

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from config.settings import BASE_DIR

# What a wheel is built from: the code, not the environment around it.
LEFT_OUT = shutil.ignore_patterns(
    ".venv", ".git", "staticfiles", "node_modules", "__pycache__", "*.mo",
    "*.sqlite3*", "build", "*.egg-info", ".ruff_cache", ".hypothesis", "vendor",
)  # fmt: skip


def test_the_wheel_holds_every_app_its_migrations_and_data(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(BASE_DIR, source, ignore=LEFT_OUT)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
         "--no-build-isolation", "--wheel-dir", str(tmp_path), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())

    ours = [app for app in apps.get_app_configs() if Path(app.path).parent == BASE_DIR]
    assert {app.name for app in ours} >= {"core", "moderation", "surveys", "stats"}
    for app in ours:
        package = app.name
        assert f"{package}/__init__.py" in names
        for migration in (BASE_DIR / package / "migrations").glob("[0-9]*.py"):
            assert f"{package}/migrations/{migration.name}" in names
    for data in (BASE_DIR / "surveys" / "data").glob("*.csv"):
        assert f"surveys/data/{data.name}" in names
    assert "stats/templatetags/published_figures.py" in names
    # The project's settings and URLs, which are no app.
    assert {"config/settings.py", "config/urls.py", "config/wsgi.py"} <= names
    assert "core/management/commands/backup.py" in names


def _locked_pins(lock_file):
    """{normalised name: version} for each `name==version` line, and whether
    every pinned line carries at least one hash."""
    pins, hashed = {}, True
    lines = (BASE_DIR / lock_file).read_text().splitlines()
    for number, line in enumerate(lines):
        if line and not line[0].isspace() and not line.startswith("#"):
            name, version = line.split(";")[0].split("==")
            pins[canonicalize_name(name)] = Version(version.rstrip(" \\"))
            hashed &= number + 1 < len(lines) and "--hash=sha256:" in lines[number + 1]
    return pins, hashed


@pytest.mark.parametrize(
    ("lock_file", "extras"),
    [("requirements.lock", ["redis"]), ("requirements-dev.lock", ["redis", "dev"])],
)
def test_the_lock_files_pin_every_dependency_with_hashes(lock_file, extras):
    """make installs from the lock files only: a dependency added to
    pyproject.toml and not locked (run `make lock`) fails here, not on a
    fresh machine."""
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(text) for text in project["dependencies"]]
    for extra in extras:
        wanted += [
            Requirement(text) for text in project["optional-dependencies"][extra]
        ]
    wanted += [Requirement(text) for text in project_build_requires()]

    pins, hashed = _locked_pins(lock_file)
    assert hashed, f"{lock_file} has a pin without a hash"
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock_file}: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock_file} pins {name} {pins[name]}, outside {requirement}: run make lock"
        )


def project_build_requires():
    """setuptools, which `pip install --no-build-isolation -e .` needs."""
    pyproject = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())
    return pyproject["build-system"]["requires"]
