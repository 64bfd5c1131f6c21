"""The settings: secure by default, everything from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import BASE_DIR, database_from_url


def run_django(*arguments, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    env.update(environment)
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "arguments",
    [
        ["-c", "import config.wsgi"],  # what gunicorn loads
        ["manage.py", "migrate", "--check"],
        ["manage.py", "runserver", "--noreload"],
    ],
)
def test_start_up_without_secret_key_stops_with_one_line(arguments):
    result = run_django(*arguments)

    assert result.returncode != 0
    message = result.stderr.strip()
    assert "\n" not in message
    assert "SECRET_KEY" in message


def test_code_checks_run_without_secret_key():
    # Nothing is served or signed by `check`: a developer may run it bare.
    result = run_django("manage.py", "check")

    assert result.returncode == 0, result.stderr


def test_start_up_in_debug_needs_no_secret_key():
    result = run_django("manage.py", "check", DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_sqlite_url_is_relative_to_the_project():
    database = database_from_url("sqlite:///db.sqlite3")

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == BASE_DIR / "db.sqlite3"


def test_sqlite_url_may_be_absolute():
    database = database_from_url("sqlite:////var/lib/gt/db.sqlite3")

    assert database["NAME"] == Path("/var/lib/gt/db.sqlite3")


def test_postgres_url_gives_every_part():
    database = database_from_url(
        "postgres://gt:s%40cret@db.internal:6543/groundtruth?sslmode=require"
    )

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == (
        "groundtruth",
        "gt",
        "s@cret",
    )
    assert (database["HOST"], str(database["PORT"])) == ("db.internal", "6543")
    assert database["OPTIONS"] == {"sslmode": "require"}
    assert database["CONN_HEALTH_CHECKS"] is True


def test_sqlite_url_keeps_the_options_for_many_writers():
    database = database_from_url("sqlite:///db.sqlite3")

    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] == 20
    assert "PRAGMA secure_delete=ON;" in database["OPTIONS"]["init_command"]
    assert "PRAGMA journal_mode=WAL;" in database["OPTIONS"]["init_command"]


@pytest.mark.parametrize(
    ("url", "host", "user"),
    [
        (
            "postgres://gt@%2Fvar%2Frun%2Fpostgresql/groundtruth",
            "/var/run/postgresql",
            "gt",
        ),
        (
            "postgresql://g%20t@%2Frun%2Fpg%20sockets/groundtruth",
            "/run/pg sockets",
            "g t",
        ),
    ],
)
def test_postgres_url_with_a_socket_directory_is_decoded(url, host, user):
    database = database_from_url(url)

    assert (database["HOST"], database["USER"], database["NAME"]) == (
        host,
        user,
        "groundtruth",
    )
    assert str(database["PORT"]) == ""


def test_settings_read_a_socket_directory_from_the_environment():
    result = run_django(
        "-c",
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['HOST'])",
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL="postgres://gt@%2Fvar%2Frun%2Fpostgresql/groundtruth",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/var/run/postgresql"


def test_unknown_database_scheme_stops_start_up():
    with pytest.raises(SystemExit, match="DATABASE_URL"):
        database_from_url("mysql://localhost/gt")


def test_deploy_check_is_clean_with_production_variables_once_migrated(tmp_path):
    environment = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "a-long-random-production-key-" + "x7Q2pLk9" * 6,
        "ALLOWED_HOSTS": "groundtruth.example",
        "DATABASE_URL": f"sqlite:///{tmp_path}/groundtruth.sqlite3",
        "SITE_OPERATOR_NAME": "A workers' collective",
        "SITE_CONTACT": "mailto:hello@groundtruth.example",
        "LEGAL_REQUEST_POLICY": "We answer only a court order, and say so.",
    }

    def manage(*arguments):
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )

    deploy_check = ["check", "--deploy", "--fail-level", "WARNING"]
    before = manage(*deploy_check)
    manage("migrate", "--verbosity", "0").check_returncode()
    after = manage(*deploy_check)

    assert before.returncode != 0
    assert "groundtruth.E002" in before.stderr
    assert after.returncode == 0, after.stdout + after.stderr
