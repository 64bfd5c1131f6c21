"""The wheel holds every app of the project, its migrations and its data:
a deployment from the built package finds everything the code needs."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from django.apps import apps

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
    assert {app.name for app in ours} >= {"surveys", "incidents", "stats", "config"}
    for app in ours:
        package = app.name
        assert f"{package}/__init__.py" in names
        for migration in (BASE_DIR / package / "migrations").glob("[0-9]*.py"):
            assert f"{package}/migrations/{migration.name}" in names
    for data in (BASE_DIR / "surveys" / "data").glob("*.csv"):
        assert f"surveys/data/{data.name}" in names
    assert "stats/templatetags/published_figures.py" in names
    assert "surveys/management/commands/backup.py" in names
