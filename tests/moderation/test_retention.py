"""apply_retention: what goes on which day, and the summary it prints.

The retention windows are set to four different lengths, so that each
cut-off day in the summary can only come from its own setting; for each
kind of row, one lies a day past its cut-off and one exactly on it.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import ClientKeySalt, Counter
from incidents.models import Incident
from moderation.models import Status
from receipts.models import Receipt, SpentFormToken
from surveys.models import Report
from testimonies.models import Testimony
from tests.helpers import make_incident, make_report, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def retention_days(settings):
    settings.RETENTION_REJECTED_DAYS = 20
    settings.RETENTION_PENDING_DAYS = 40
    settings.RETENTION_AWAITING_AUTHOR_DAYS = 60
    settings.RETENTION_ORIGINALS_DAYS = 80


def days_before_today(days):
    return timezone.localdate() - timedelta(days=days)


def last_changed(entry, days):
    type(entry).objects.filter(pk=entry.pk).update(changed_on=days_before_today(days))


def made_on(model, field, days, **values):
    """A row of `model` whose day (`field`, set on creation) is `days` ago."""
    row = model.objects.create(**values)
    model.objects.filter(pk=row.pk).update(**{field: days_before_today(days)})
    return row.pk


def test_retention_deletes_past_each_cut_off_and_prints_what_it_did(
    retention_days, capsys
):
    old_rejected = make_report(status=Status.REJECTED)
    last_changed(old_rejected, 21)
    kept_rejected = make_report(status=Status.REJECTED, country="UG")
    last_changed(kept_rejected, 20)
    old_pending = make_report(country="GH")
    last_changed(old_pending, 41)
    kept_pending = make_report(country="NG")
    last_changed(kept_pending, 40)
    old_awaiting = make_story(published=True, status=Status.AWAITING_AUTHOR)
    last_changed(old_awaiting, 61)
    kept_awaiting = make_story(published=True, status=Status.AWAITING_AUTHOR)
    last_changed(kept_awaiting, 60)
    old_original = make_story(published=True, published_on=days_before_today(81))
    kept_original = make_story(published=True, published_on=days_before_today(80))
    incident = make_incident(status=Status.REJECTED)
    last_changed(incident, 20)
    lone_receipt, _code = Receipt.objects.issue()
    # Counters, spent tokens and salts of the days before yesterday go, in
    # different numbers so that the printed total is only their sum.
    kept_counters = [
        made_on(Counter, "created_on", days, key=f"kept {days}") for days in (0, 1)
    ]
    made_on(Counter, "created_on", 2, key="old")
    kept_token = made_on(SpentFormToken, "spent_on", 1, token_hash="kept")
    for days in (2, 3):
        made_on(SpentFormToken, "spent_on", days, token_hash=f"old {days}")
    kept_salt = made_on(ClientKeySalt, "day", 1, day=days_before_today(1), salt="k")
    for days in (2, 3, 4, 5):
        made_on(ClientKeySalt, "day", days, day=days_before_today(days), salt="o")

    call_command("apply_retention")

    assert set(Report.objects.values_list("pk", flat=True)) == {
        kept_rejected.pk,
        kept_pending.pk,
    }
    assert set(Testimony.objects.values_list("pk", flat=True)) == {
        kept_awaiting.pk,
        old_original.pk,
        kept_original.pk,
    }
    assert list(Incident.objects.values_list("pk", flat=True)) == [incident.pk]
    gone = [old_rejected, old_pending, old_awaiting]
    assert not Receipt.objects.filter(
        pk__in=[entry.receipt_id for entry in gone] + [lone_receipt.pk]
    ).exists()
    old_original.refresh_from_db()
    kept_original.refresh_from_db()
    assert old_original.text == old_original.published_text
    assert kept_original.text != kept_original.published_text
    assert sorted(Counter.objects.values_list("pk", flat=True)) == kept_counters
    assert list(SpentFormToken.objects.values_list("pk", flat=True)) == [kept_token]
    assert list(ClientKeySalt.objects.values_list("pk", flat=True)) == [kept_salt]
    assert capsys.readouterr().out == (
        "Removed 2 reports, 1 stories, 0 incidents, 4 receipts left empty, "
        "7 counters and spent tokens "
        f"(rejected before {days_before_today(20)}, "
        f"pending since before {days_before_today(40)}, "
        f"waiting for their author since before {days_before_today(60)}). "
        "Replaced the original words of 1 entries published before "
        f"{days_before_today(80)} by their published copy.\n"
    )
