"""Backups: a dump restored after a wipe gives the same public figures, and
the researchers' export holds nothing that is not public."""

import json

import pytest
from django.core.management import call_command

from stats.publication import forget_current_release
from surveys.models import Report, Status
from testimonies.models import Testimony
from tests.helpers import days_ago, make_report, make_story, release

# Dump and restore go through committed data, like a real backup.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def export(tmp_path, name):
    path = tmp_path / name
    call_command("export_public_data", str(path))
    data = json.loads(path.read_text())
    data.pop("exported_on")
    return data


def test_dump_wipe_restore_gives_the_same_public_figures(tmp_path, settings):
    settings.K_ANONYMITY = 3
    for number, country in enumerate(["KE", "KE", "KE", "PH", "PH", "PH", "UG"]):
        make_report(
            country=country,
            pay_amount=f"{3 + number}",
            status=Status.APPROVED,
            submitted_on=days_ago(number),
        )
    release()
    make_story(published=True, consent_share_research=True, published_title="Shared")
    before = export(tmp_path, "before.json")
    backup = tmp_path / "backup.json"
    call_command(
        "dumpdata",
        "surveys",
        "testimonies",
        "incidents",
        "stats",
        "--natural-foreign",
        output=str(backup),
    )

    call_command("flush", interactive=False)
    forget_current_release()
    assert Report.objects.count() == 0
    call_command("loaddata", str(backup))
    forget_current_release()

    after = export(tmp_path, "after.json")
    assert after == before
    countries = [cell["cell"] for cell in after["cells"]["reports"]]
    assert {} in countries
    assert {"country": "UG"} not in countries  # one report: never published
    assert Testimony.objects.count() == 1


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
