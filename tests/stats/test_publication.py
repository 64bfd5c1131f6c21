"""A release: what it publishes, what it withholds, and that nothing public
moves between releases. The whole suite runs on SQLite and on PostgreSQL."""

from datetime import timedelta

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from moderation.models import Status
from stats import disclosure, publication
from stats.models import PublishedCell, StatsRelease, Table
from stats.publication import release_waiting
from surveys.models import Platform, Report, TaskType
from tests.helpers import (
    days_ago,
    make_incident,
    make_report,
    published_cell,
    release,
)

pytestmark = pytest.mark.django_db


def approved(count, start=0, pay_amount=None, **fields):
    """`count` approved reports, sent on different days, with pay from 2.50
    to 10.50 an hour unless `pay_amount` is given."""
    return [
        make_report(
            status=Status.APPROVED,
            submitted_on=days_ago(start + number),
            pay_amount=pay_amount or f"{2 + (start + number) % 9}.50",
            **fields,
        )
        for number in range(count)
    ]


def elsewhere(count=12, start=200):
    """Reports of other workers in another country and on another platform,
    so that the cells a test looks at are not the whole table: a cell that
    holds the same entries as a cell containing it is withheld."""
    toloka = str(Platform.objects.get(slug="toloka").pk)
    return approved(count, start=start, country="PH", platform=toloka)


def test_release_waits_for_k_approved_reports(settings, capsys):
    settings.K_ANONYMITY = 5
    approved(4)

    call_command("release_stats")
    waiting = capsys.readouterr().out
    approved(1, start=4)
    call_command("release_stats")
    done = capsys.readouterr()

    assert "4 approved reports and 0 approved incidents wait" in waiting
    assert "Nothing released." in waiting
    release = StatsRelease.objects.get()
    assert f"Release {release.number} of {release.created_on}: 5 reports" in done.out
    assert "cells published" in done.out
    assert len(done.out.strip().splitlines()) == 1  # one summary line
    assert "reports by platform × country" in done.err  # progress
    assert Report.objects.counted_at(release.snapshot_at).count() == 5


def test_a_release_publishes_every_margin_of_both_tables(settings):
    settings.K_ANONYMITY = 3
    platforms = [str(Platform.objects.get(slug=slug).pk) for slug in ("sama", "appen")]
    number = 0
    for country in ("KE", "UG"):
        for platform in platforms:
            for task_type in ("response-rating", "text-annotation"):
                for period in ("2025-11", "2026-02", "2026-05"):
                    approved(
                        2,
                        start=number,
                        country=country,
                        platform=platform,
                        task_type=str(TaskType.objects.get(slug=task_type).pk),
                        period=period,
                    )
                    number += 2
                for started in ("2025-10", "2026-02", "2026-05") * 2:
                    number += 1
                    make_incident(
                        status=Status.APPROVED,
                        country=country,
                        platform=platform,
                        started=started,
                        amount_owed=str(100 + number),
                        submitted_on=days_ago(number),
                    )

    release()

    reports = {
        tuple(
            sorted(
                name
                for name in ("platform", "country", "task_type", "quarter", "year")
                if getattr(cell, name)
            )
        )
        for cell in PublishedCell.objects.filter(table="reports")
    }
    assert reports == {
        (),
        ("platform",), ("country",), ("task_type",), ("quarter",), ("year",),
        ("country", "platform"), ("platform", "task_type"), ("platform", "quarter"),
        ("platform", "year"), ("country", "task_type"), ("country", "quarter"),
        ("country", "year"), ("quarter", "task_type"), ("task_type", "year"),
        # For the comparison a worker sees, not offered to the tables' readers.
        ("country", "platform", "task_type"),
    }  # fmt: skip
    incidents = PublishedCell.objects.filter(table="incidents")
    assert incidents.exclude(quarter="").exclude(platform="").exists()
    assert incidents.exclude(year="").exclude(country="").exists()


def test_pending_rejected_and_unreleased_reports_are_not_counted(settings):
    settings.K_ANONYMITY = 5
    approved(30)
    make_report(pay_amount="900")
    make_report(pay_amount="900", status=Status.REJECTED)
    release()
    approved(30, start=30, pay_amount="900")  # approved after the release

    whole = published_cell()

    assert 28 <= whole["n"] <= 32
    assert whole["hourly_usd"]["median"] < 20


def test_counts_are_perturbed_within_the_ptable_and_never_under_k(settings):
    settings.K_ANONYMITY = 5
    approved(12, country="KE")
    approved(7, start=12, country="UG")
    approved(2, start=19, country="TZ")

    release()

    assert 10 <= published_cell(country="KE")["n"] <= 14
    uganda = published_cell(country="UG")
    assert uganda is None or 5 <= uganda["n"] <= 9
    assert published_cell(country="TZ") is None
    for cell in PublishedCell.objects.all():
        assert cell.n >= 5


def test_a_group_mostly_from_one_receipt_is_withheld(settings):
    from receipts.models import Receipt

    settings.K_ANONYMITY = 5
    approved(10, country="KE")
    receipt, _code = Receipt.objects.issue()
    for number in range(8):
        make_report(
            receipt=receipt,
            country="UG",
            period=f"2026-0{number + 1}",
            status=Status.APPROVED,
            submitted_on=days_ago(number),
        )
    approved(4, start=20, country="UG")

    release()

    # Eight months from one person, of twelve: a group mostly about one person.
    assert published_cell(country="UG") is None
    assert published_cell(country="KE") is not None


def test_a_group_from_fewer_than_k_receipts_is_withheld(settings):
    from receipts.models import Receipt

    settings.K_ANONYMITY = 5
    approved(10, country="KE")
    for person in range(4):
        receipt, _code = Receipt.objects.issue()
        for month in (5, 6):
            make_report(
                receipt=receipt,
                country="UG",
                period=f"2026-0{month}",
                pay_amount=f"{3 + person}.{month}0",
                status=Status.APPROVED,
                submitted_on=days_ago(10 * person + month),
            )

    release()

    # Eight reports, none dominating, but from four people only.
    assert published_cell(country="UG") is None
    assert published_cell(country="KE") is not None


def test_a_small_group_sent_mostly_on_one_day_is_withheld(settings):
    settings.K_ANONYMITY = 5
    approved(10, country="KE")
    for number in range(9):
        make_report(
            country="UG",
            pay_amount=f"{3 + number}",
            status=Status.APPROVED,
            submitted_on=days_ago(0 if number < 6 else number),
        )

    release()

    assert published_cell(country="UG") is None
    assert published_cell(country="KE") is not None


def test_a_small_group_of_identical_answers_is_withheld(settings):
    settings.K_ANONYMITY = 5
    approved(10, country="KE")
    for number in range(9):
        make_report(
            country="UG",
            pay_amount="4" if number < 6 else f"{5 + number}",
            status=Status.APPROVED,
            submitted_on=days_ago(number),
        )

    release()

    assert published_cell(country="UG") is None


def test_a_large_group_sent_on_one_day_is_published(settings):
    # A reporting drive: thirty workers of one team report the same evening.
    settings.K_ANONYMITY = 5
    elsewhere()
    for number in range(30):
        make_report(
            country="KE",
            pay_amount=f"{2 + number % 7}",
            status=Status.APPROVED,
        )

    release()

    assert published_cell(country="KE") is not None


def test_a_group_within_k_of_a_group_containing_it_is_withheld(settings):
    settings.K_ANONYMITY = 5
    sama = str(Platform.objects.get(slug="sama").pk)
    elsewhere()
    approved(10, start=300, country="PH", platform=sama)
    approved(12, country="VE", platform=sama)
    approved(2, start=12, country="VE")  # two Venezuelans on Outlier AI

    release()

    # Venezuela minus Venezuela-on-Sama would be about two people.
    assert published_cell(country="VE") is not None
    assert published_cell(country="VE", platform="sama") is None


def test_same_records_give_the_same_figures_at_the_next_release(settings):
    settings.K_ANONYMITY = 5
    approved(25, country="KE")
    approved(25, start=25, country="UG")
    release()
    kenya_before = published_cell(country="KE")
    uganda_before = published_cell(country="UG")

    approved(6, start=50, country="UG")
    summary = release_waiting()

    # Kenya did not change: the same noise, and the same private medians.
    assert published_cell(country="KE") == kenya_before
    assert published_cell(country="UG") != uganda_before
    assert summary.draws_reused > 0


def test_medians_from_20_and_quartiles_from_50(settings):
    settings.K_ANONYMITY = 5
    elsewhere()
    approved(70, country="KE")
    approved(30, start=70, country="UG")
    approved(12, start=100, country="TZ")

    release()

    kenya = published_cell(country="KE")
    uganda = published_cell(country="UG")
    tanzania = published_cell(country="TZ")
    # Forty hours each, each moved by 5 to 15 % before the median is drawn.
    assert 36 <= kenya["paid_hours_per_week"]["median"] <= 44
    assert None not in kenya["hourly_usd"].values()
    assert uganda["hourly_usd"]["p25"] is None
    assert uganda["hourly_usd"]["p75"] is None
    assert uganda["hourly_usd"]["median"] is not None
    assert tanzania["effective_hourly_usd"] is None
    assert tanzania["paid_hours_per_week"] is None
    grid = disclosure.GRIDS["usd_per_hour"]
    for value in [*kenya["hourly_usd"].values(), uganda["hourly_usd"]["median"]]:
        assert any(abs(value - candidate) < 0.006 for candidate in grid)


def test_private_medians_are_close_in_a_large_group(settings):
    settings.K_ANONYMITY = 5
    # Pay 2.50 to 10.50 an hour, evenly: the median is 6.50.
    elsewhere()
    approved(90, country="KE")

    release()

    pay = published_cell(country="KE")["hourly_usd"]
    assert 5.5 <= pay["median"] <= 7.5
    assert pay["p25"] <= pay["median"] <= pay["p75"]


def test_the_platforms_published_median_is_kept_for_the_outlier_flag(settings):
    settings.K_ANONYMITY = 5
    elsewhere()
    approved(30)

    release()

    outlier = Platform.objects.get(slug="outlier-ai")
    sama = Platform.objects.get(slug="sama")
    cell = published_cell(platform="outlier-ai")
    assert float(outlier.released_median_usd) == cell["effective_hourly_usd"]["median"]
    assert outlier.released_reports == cell["n"]
    assert sama.released_median_usd is None


def test_only_the_last_two_releases_keep_their_cells(settings):
    settings.K_ANONYMITY = 5
    first = None
    for round_number in range(3):
        approved(12, start=30 * round_number, country="KE")
        elsewhere(12, start=30 * round_number + 15)
        made = release()
        first = first or made
        assert made.cells.exists()

    kept = set(PublishedCell.objects.values_list("release", flat=True))

    assert first.number not in kept
    assert kept == set(
        StatsRelease.objects.order_by("-number").values_list("number", flat=True)[:2]
    )


def test_a_release_without_cells_is_published_again_after_an_upgrade(settings):
    settings.K_ANONYMITY = 5
    approved(8)
    first = release()
    first.cells.all().delete()  # as left by the migration from stored rows

    summary = release_waiting()

    assert summary.release is not None
    assert published_cell() is not None


def test_a_release_without_cells_is_published_again_for_incidents_alone(settings):
    settings.K_ANONYMITY = 5
    for number in range(8):
        make_incident(status=Status.APPROVED, submitted_on=days_ago(number))
    first = release()
    first.cells.all().delete()  # as left by the migration from stored rows

    summary = release_waiting()

    assert summary.release is not None
    assert summary.release.number == first.number + 1


def test_entries_approved_after_a_release_without_cells_wait_for_k(settings):
    settings.K_ANONYMITY = 5
    # A release without cells, before anything was approved.
    StatsRelease.objects.create(
        snapshot_at=timezone.now() - timedelta(hours=1), added_reports=0
    )
    for number in range(4):
        make_incident(status=Status.APPROVED, submitted_on=days_ago(number))

    summary = release_waiting()

    assert summary.release is None
    assert summary.waiting_incidents == 4
    assert StatsRelease.objects.count() == 1


def test_a_cell_equal_to_its_ancestor_is_withheld_but_its_parts_are_not(settings):
    # Every report is of 2026, in two quarters: the year is the whole table.
    settings.K_ANONYMITY = 5
    approved(12, period="2026-02")
    approved(12, start=12, period="2026-05")

    release()

    assert published_cell(year="2026") is None
    assert published_cell(quarter="2026-Q1") is not None
    assert published_cell(quarter="2026-Q2") is not None


def test_quartiles_drawn_far_from_their_median_are_not_published(settings, monkeypatch):
    settings.K_ANONYMITY = 5
    elsewhere()
    approved(60, country="KE")

    def stray(values, grid, alpha, snapped=False):
        # A median of 5, and a 75th percentile drawn from the far tail.
        return {0.25: 4.0, 0.5: 5.0, 0.75: 250.0}.get(alpha, 5.0)

    monkeypatch.setattr(disclosure, "private_quantile", stray)
    release()

    assert published_cell(country="KE")["hourly_usd"] == {
        "p25": None,
        "median": 5.0,
        "p75": None,
    }


def test_a_cell_too_close_to_its_ancestor_withholds_its_parts_whatever_the_noise(
    settings, monkeypatch
):
    """Outlier AI is three reports short of the whole, so it is withheld.
    Kenya-on-Outlier-AI is also two short of Kenya, which alone would
    withhold it; but noise may move those two counts apart, so the rule
    holds by itself: the parts of a withheld cell are withheld."""
    settings.K_ANONYMITY = 5
    sama = str(Platform.objects.get(slug="sama").pk)
    approved(10, country="KE")
    approved(10, start=10, country="PH")
    approved(2, start=20, country="KE", platform=sama)
    approved(1, start=22, country="UG", platform=sama)
    real_perturb = disclosure.perturb

    def kenya_moved_apart(counts, cell_keys, threshold):
        # No noise, but Kenya's 12 published as 15: five above its part.
        counts = np.asarray(counts)
        return np.where(
            counts == 12, 15, real_perturb(counts, cell_keys, 0) * 0 + counts
        )

    monkeypatch.setattr(disclosure, "perturb", kenya_moved_apart)
    release()

    assert published_cell(platform="outlier-ai") is None
    assert published_cell(country="KE") is not None
    assert published_cell(country="KE", platform="outlier-ai") is None


def stored_release(*cells):
    """A release holding `cells`, each given as its PublishedCell's fields
    (a report cell without draws unless they say otherwise)."""
    stored = StatsRelease.objects.create(added_reports=0)
    PublishedCell.objects.bulk_create(
        PublishedCell(release=stored, **{"table": Table.REPORTS, **cell})
        for cell in cells
    )
    return stored


def test_the_next_release_finds_the_draws_of_this_one_by_measure_and_records():
    drawn = {
        "hourly_usd": {"fingerprint": "101", "values": [4.1, 5.2, 6.3]},
        "paid_hours_per_week": {"fingerprint": "202", "values": [40.0]},
    }
    stored = stored_release(
        {"n": 30, "figures": {"n": 30}, "draws": drawn},
        {"platform": "sama", "n": 12, "figures": {"n": 12}},
        {
            "table": Table.INCIDENTS,
            "n": 9,
            "figures": {"n": 9},
            "draws": {"days": {"fingerprint": "303", "values": [7.0]}},
        },
    )

    assert publication._previous_draws(stored, Table.REPORTS) == {
        ("hourly_usd", "101"): [4.1, 5.2, 6.3],
        ("paid_hours_per_week", "202"): [40.0],
    }
    assert publication._previous_draws(None, Table.REPORTS) == {}


def test_each_platform_keeps_the_median_its_whole_platform_cell_published():
    def median(value):
        return {"effective_hourly_usd": {"median": value} if value else None}

    stored = stored_release(
        {"platform": "outlier-ai", "n": 30, "figures": {"n": 30, **median(6.5)}},
        {"platform": "toloka", "n": 7, "figures": {"n": 7, **median(None)}},
        # A platform's cells within a country, a type of work, a quarter or
        # a year are not its own: Sama has only such a cell.
        {"platform": "sama", "country": "KE", "n": 12, "figures": median(9.0)},
        *(
            {"platform": "outlier-ai", "n": 10, "figures": median(1.0), **within}
            for within in (
                {"country": "KE"},
                {"task_type": "rlhf"},
                {"quarter": "2025-Q1"},
                {"year": "2025"},
            )
        ),
    )
    Platform.objects.filter(slug="sama").update(
        released_median_usd=3, released_reports=5
    )

    publication._store_platform_medians(stored)

    medians = {
        platform.slug: (platform.released_median_usd, platform.released_reports)
        for platform in Platform.objects.filter(
            slug__in=["outlier-ai", "sama", "toloka"]
        )
    }
    assert medians == {
        "outlier-ai": (pytest.approx(6.5), 30),
        "sama": (None, None),
        "toloka": (None, None),
    }


def test_a_release_says_what_it_read_and_what_it_drew(settings):
    settings.K_ANONYMITY = 5
    elsewhere()
    approved(25, country="KE")
    make_incident(status=Status.APPROVED)
    lines = []

    first = release_waiting(progress=lines.append)
    approved(5, start=25, country="UG")
    second = release_waiting()

    assert "Read 37 reports." in lines
    assert "Read 1 incidents." in lines
    assert (first.waiting_reports, first.waiting_incidents) == (37, 1)
    assert first.cells == PublishedCell.objects.filter(release=first.release).count()
    assert first.draws_made > 0
    # A cell holding the same records as another reuses its draws.
    assert first.draws_reused > 0
    assert (second.waiting_reports, second.waiting_incidents) == (5, 0)
    assert second.cells == PublishedCell.objects.filter(release=second.release).count()
    # Kenya's and the Philippines' cells kept their records: their draws too.
    assert second.draws_reused > 0
    assert second.draws_made + second.draws_reused >= first.draws_made


def test_a_release_is_dated_the_moment_its_entries_were_read(settings, monkeypatch):
    """The next release counts what was approved after this moment: a
    release dated later than its reading would skip what came in between.
    Readers get the progress callback, which a long reading reports to."""
    settings.K_ANONYMITY = 5
    approved(5)
    readings = []

    def recorded(reader):
        def read(moment, progress=None):
            readings.append((reader.__name__, moment, progress))
            return reader(moment, progress)

        return read

    for name in ("read_reports", "read_incidents"):
        monkeypatch.setattr(publication, name, recorded(getattr(publication, name)))
    lines = []

    summary = release_waiting(progress=lines.append)

    moment = summary.release.snapshot_at
    assert readings == [
        ("read_reports", moment, lines.append),
        ("read_incidents", moment, lines.append),
    ]


def test_k_approved_incidents_alone_make_a_release_that_counts_them(settings):
    settings.K_ANONYMITY = 5
    for _ in range(5):
        make_incident(status=Status.APPROVED)

    summary = release_waiting()

    assert summary.release is not None
    assert (summary.release.added_reports, summary.release.added_incidents) == (0, 5)
