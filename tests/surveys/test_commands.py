"""manage.py update_exchange_rates: rates move without code."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from surveys.models import ExchangeRate, Report
from tests.helpers import visible_text

pytestmark = pytest.mark.django_db


def write_csv(tmp_path, text):
    path = tmp_path / "rates.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_rates_are_added_and_corrected(tmp_path, capsys):
    existing = ExchangeRate.objects.filter(currency="KES").order_by("-date").first()
    path = write_csv(
        tmp_path,
        "currency,units_per_usd,date,source\n"
        "kes,129.20,2026-11-02,Central Bank of Kenya\n"
        f"KES,131,{existing.date.isoformat()},Corrected\n",
    )

    call_command("update_exchange_rates", path)

    added = ExchangeRate.objects.get(currency="KES", date=date(2026, 11, 2))
    assert added.units_per_usd == Decimal("129.20")
    assert added.source == "Central Bank of Kenya"
    existing.refresh_from_db()
    assert (existing.units_per_usd, existing.source) == (Decimal("131"), "Corrected")
    assert "1 rates added and 1 updated for 1 currencies" in capsys.readouterr().out


def test_a_bad_row_writes_nothing(tmp_path):
    before = ExchangeRate.objects.count()
    path = write_csv(
        tmp_path,
        "currency,units_per_usd,date,source\n"
        "GHS,11.5,2026-11-02,Bank of Ghana\n"
        "GHS,-3,2026-11-03,Bank of Ghana\n"
        "GHSX,3,2026-11-04,Bank of Ghana\n"
        "GHS,3,2026-13-04,Bank of Ghana\n"
        "GHS,3,2026-11-05,\n",
    )

    with pytest.raises(CommandError) as error:
        call_command("update_exchange_rates", path)

    message = str(error.value)
    assert "line 3: units_per_usd must be above zero" in message
    assert "line 4: currency 'GHSX'" in message
    assert "line 5: date '2026-13-04'" in message
    assert "line 6: source is empty" in message
    assert ExchangeRate.objects.count() == before


def test_missing_columns_are_named(tmp_path):
    path = write_csv(tmp_path, "currency,rate\nKES,130\n")

    with pytest.raises(
        CommandError, match="missing column.*date.*source.*units_per_usd"
    ):
        call_command("update_exchange_rates", path)


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="cannot read"):
        call_command("update_exchange_rates", "/no/such/file.csv")


def test_demo_data_fills_an_empty_database_as_make_run_does(client):
    """`make run` calls generate_demo_data on a fresh database: every column
    a report must have is written (raw SQL, COPY on PostgreSQL), and the
    figures are published: reports, incidents, and stories a first visitor
    can read, all under the banner that says they are synthetic."""
    from incidents.models import Incident, Outcome
    from moderation.models import Status
    from stats.models import StatsRelease
    from testimonies.models import Testimony

    call_command(
        "generate_demo_data", reports=60, seed=1, if_empty=True, stdout=StringIO()
    )

    reports = Report.objects.all()
    assert reports.count() == 60
    assert not reports.exclude(changed_on=F("submitted_on")).exists()
    release = StatsRelease.objects.get()
    assert release.is_demo
    assert release.added_incidents == Incident.objects.approved().count() > 0

    # Incidents as the form saves them: amounts in USD, days to resolution.
    incidents = Incident.objects.all()
    # Sent over many days, as real ones are: a group sent on one day only
    # is withheld from the release.
    assert incidents.values("submitted_on").distinct().count() > 10
    assert {Outcome.PAID_PART, Outcome.NEVER_PAID} <= set(
        incidents.values_list("outcome", flat=True)
    )
    assert incidents.exclude(currency__in=["", "USD"]).exists()
    assert not incidents.filter(amount_owed__isnull=False, amount_owed_usd=None)
    assert not incidents.filter(outcome=Outcome.NEVER_PAID, days_to_resolution=None)
    assert not incidents.filter(outcome=Outcome.WAITING, resolved_on__isnull=False)

    # Stories in several languages, some still with a moderator or the author.
    stories = Testimony.objects.all()
    statuses = set(stories.values_list("status", flat=True))
    assert {Status.APPROVED, Status.AWAITING_AUTHOR, Status.PENDING} <= statuses
    published = Testimony.objects.published()
    assert len(set(published.values_list("language", flat=True))) >= 3

    for prefix in ["", "/fr"]:
        story_page = client.get(f"{prefix}/stories/")
        assert story_page.status_code == 200
        listed = story_page.content.decode()
        shown = visible_text(story_page.content)
        first = published.first()
        assert first.published_title in shown
        assert listed.count('href="' + prefix + "/stories/") > 3
        assert 'class="demo-banner' in listed

        ledger = client.get(f"{prefix}/stats/incidents/")
        assert ledger.status_code == 200
        text = ledger.content.decode()
        assert 'class="table table-sm stats-table"' in text
        assert 'class="demo-banner' in text
    ledger = visible_text(client.get("/stats/incidents/").content)
    assert "No published figures match these filters" not in ledger
    assert "Paid in full" in ledger

    banner = visible_text(client.get("/stories/").content)
    assert "incident and story on this site is made up" in banner


def test_demo_data_is_the_same_for_the_same_seed():
    """--seed draws the same incidents and stories each time."""
    from incidents.models import Incident
    from testimonies.models import Testimony

    def drawn():
        call_command(
            "generate_demo_data", reports=10, seed=3, no_release=True, stdout=StringIO()
        )
        incidents = list(
            Incident.objects.order_by("pk").values_list(
                "kind", "platform", "country", "amount_owed", "currency", "outcome",
                "days_to_resolution", "record_key",
            )
        )  # fmt: skip
        stories = [
            (story.status, story.language, story.published_on, story.title)
            for story in Testimony.objects.order_by("pk")
        ]
        Incident.objects.all().delete()
        Testimony.objects.all().delete()
        Report.objects.all().delete()
        return incidents, stories

    assert drawn() == drawn()
