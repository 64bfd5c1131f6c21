"""Backups: a dump restored after a wipe gives the same public figures, and
the researchers' export holds nothing that is not public."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from config.settings import BASE_DIR
from moderation.models import Status
from surveys.models import Report
from tests.helpers import (
    STORY_TEXT,
    days_ago,
    make_incident,
    make_report,
    make_story,
    release,
    report_form_data,
)

# Dump and restore go through committed data, like a real backup.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def export(tmp_path, name):
    path = tmp_path / name
    call_command("export_public_data", str(path))
    data = json.loads(path.read_text())
    data.pop("exported_on")
    return data


def test_backup_restores_into_a_fresh_database_with_the_same_figures(
    tmp_path, settings
):
    """Everything, moderators' decisions included, into a database that was
    only migrated, on the engine of this test phase."""
    from surveys.moderation import approve_report, reject_report
    from tests.conftest import make_moderator
    from tests.test_live_stack import Database

    settings.K_ANONYMITY = 3
    moderator = make_moderator(name="amina")
    for number, country in enumerate(["KE", "KE", "KE", "PH", "PH", "PH", "UG"]):
        report = make_report(
            country=country, pay_amount=f"{3 + number}", submitted_on=days_ago(number)
        )
        approve_report(report, moderator=moderator, version=report.version)
    rejected = make_report(country="GH")
    reject_report(rejected, moderator=moderator, version=0, reason="duplicate")
    make_incident(status=Status.APPROVED)
    release()
    make_story(published=True, consent_share_research=True, published_title="Shared")
    before = export(tmp_path, "before.json")
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup))

    fresh = Database(tmp_path)
    try:
        environment = {**os.environ, "DATABASE_URL": fresh.url, "K_ANONYMITY": "3"}
        for arguments in (["migrate", "--noinput"], ["restore", str(backup)]):
            subprocess.run(
                [sys.executable, "manage.py", *arguments],
                cwd=BASE_DIR, env=environment, check=True, capture_output=True,
            )  # fmt: skip
        exported = subprocess.run(
            [sys.executable, "manage.py", "export_public_data", str(tmp_path / "after.json")],
            cwd=BASE_DIR, env=environment, check=True, capture_output=True,
        )  # fmt: skip
        after = json.loads((tmp_path / "after.json").read_text())
        after.pop("exported_on")
        story = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c",
             "from testimonies.models import Testimony; print(Testimony.objects.get().text)"],
            cwd=BASE_DIR, env=environment, check=True, capture_output=True, text=True,
        )  # fmt: skip
        connection = fresh.connect()
        decisions = connection.execute(
            "SELECT count(*) FROM surveys_moderationevent e "
            "JOIN auth_user u ON u.id = e.moderator_id WHERE u.username = 'amina'"
        ).fetchone()[0]
        connection.close()
    finally:
        fresh.drop()

    assert b"Exported" in exported.stdout
    assert after == before
    assert story.stdout.strip() == STORY_TEXT
    assert decisions == 8
    assert {"country": "KE"} in [cell["cell"] for cell in after["cells"]["reports"]]


def test_restore_refuses_a_database_that_holds_entries(tmp_path):
    make_report()
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup))

    with pytest.raises(CommandError, match="restore into an empty database"):
        call_command("restore", str(backup))


def test_restore_under_another_key_loads_nothing(tmp_path, settings):
    from cryptography.fernet import Fernet

    from testimonies.models import Testimony

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TEXT_ENCRYPTION_KEYS = [old]
    make_story()
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup))
    Testimony.objects.all().delete()

    settings.TEXT_ENCRYPTION_KEYS = [new]
    with pytest.raises(CommandError, match="encrypted with another key"):
        call_command("restore", str(backup))
    assert not Testimony.objects.exists()

    settings.TEXT_ENCRYPTION_KEYS = [new, old]
    call_command("restore", str(backup), stdout=io.StringIO())
    assert Testimony.objects.get().text == STORY_TEXT


def test_the_backup_file_is_readable_by_its_owner_only(tmp_path):
    backup = tmp_path / "backup.json"
    backup.write_text("an older, world-readable backup")
    backup.chmod(0o644)

    call_command("backup", str(backup), stdout=io.StringIO())

    assert backup.stat().st_mode & 0o777 == 0o600


def test_backup_leaves_out_counters_salts_and_spent_tokens(tmp_path, client):
    from core.models import ClientKeySalt, Counter
    from receipts.models import SpentFormToken

    client.post("/report/", report_form_data(submission_token="a-token-seen-once"))
    assert Counter.objects.exists()
    assert ClientKeySalt.objects.exists()
    assert SpentFormToken.objects.exists()
    backup = tmp_path / "backup.json"

    call_command("backup", str(backup))

    models = {item["model"] for item in json.loads(backup.read_text())}
    assert "surveys.report" in models
    assert not models & {
        "core.counter",
        "core.clientkeysalt",
        "receipts.spentformtoken",
    }


def test_export_holds_only_public_data(tmp_path, settings):
    settings.K_ANONYMITY = 2
    for number in range(6):
        make_report(
            project_codename="Bulba",
            pay_amount=f"{3 + number}",
            status=Status.APPROVED,
            submitted_on=days_ago(number),
        )
    release()
    make_story(
        published=True,
        consent_share_research=True,
        text="original words here " * 5,
        published_text="the edited copy for everyone " * 4,
    )
    make_story(
        published=True, consent_share_research=False, published_title="Not shared"
    )
    make_story(status=Status.PENDING, published_title="Pending")

    data = export(tmp_path, "export.json")

    text = json.dumps(data)
    assert "Bulba" not in text
    assert "original words here" not in text
    assert "Not shared" not in text
    assert "Pending" not in text
    assert len(data["stories"]) == 1
    assert data["cells"]["reports"][0]["cell"] == {}
    assert 4 <= data["cells"]["reports"][0]["n"] <= 8
    assert "code_hash" not in text


def test_export_reads_the_published_cells_not_the_reports(tmp_path, settings):
    settings.K_ANONYMITY = 3
    for number, country in enumerate(["KE"] * 6 + ["PH"] * 6):
        make_report(
            country=country,
            pay_amount=f"{3 + number}",
            status=Status.APPROVED,
            submitted_on=days_ago(number),
        )
    release()
    before = export(tmp_path, "before.json")

    Report.objects.filter(country="KE").delete()  # withdrawn since the release
    after = export(tmp_path, "after.json")

    assert after["cells"] == before["cells"]
    assert {"country": "KE"} in [cell["cell"] for cell in after["cells"]["reports"]]


def test_every_model_of_the_project_is_saved_or_left_out_on_purpose():
    """A model moved to a new app, or a new model, is in the backup unless
    it is named as left out."""
    from django.apps import apps

    from config.settings import BASE_DIR
    from core.management.commands.backup import LEFT_OUT, SAVED

    ours = [app for app in apps.get_app_configs() if Path(app.path).parent == BASE_DIR]
    for app in ours:
        for model in app.get_models():
            label = model._meta.label_lower
            assert app.label in SAVED or label in SAVED or label in LEFT_OUT, label
