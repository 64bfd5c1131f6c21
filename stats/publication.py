"""A release: the one place that computes public figures.

`release_waiting` snapshots every approved entry, computes every cell of
the published tables (stats.tables) under the disclosure rules
(stats.disclosure, stats.cells) and stores them, in one transaction. Pages,
files and the API then read the stored cells of the current release
(stats.published); nothing public is computed at request time, and nothing
public moves between releases.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from incidents.models import Incident
from stats.cells import Publisher
from stats.models import PublishedCell, StatsRelease, Table
from stats.snapshot import read_incidents, read_reports
from surveys.models import Platform, Report

CURRENT_RELEASE_CACHE_KEY = "stats:current-release"
# The releases whose cells are kept: the current one, and the one before
# (whose quantile draws the current one reused).
RELEASES_KEPT = 2


def _previous_draws(release, table):
    """The quantile draws of a release's cells, by (measure, fingerprint)."""
    if release is None:
        return {}
    found = {}
    cells = PublishedCell.objects.of(release, table).values_list("draws", flat=True)
    # In chunks (Django's 2,000 rows), never the whole release at once.
    for draws in cells.iterator():
        for measure, drawn in draws.items():
            found[(measure, drawn["fingerprint"])] = drawn["values"]
    return found


@dataclass
class ReleaseSummary:
    release: StatsRelease | None
    waiting_reports: int
    waiting_incidents: int
    cells: int = 0
    draws_made: int = 0
    draws_reused: int = 0


def release_waiting(*, is_demo=False, progress=None):
    """Publish a new release if enough approved entries wait.

    A release happens when at least K_ANONYMITY reports or K_ANONYMITY
    incidents were approved since the last one (or when the current release
    published no cell while approved entries exist, as after an upgrade).
    Effects, in one transaction:
    - a new StatsRelease records the moment of its snapshot;
    - every entry approved by then is read, and every publishable cell of
      the report and incident tables is stored with the new release;
    - each platform's published median and count are stored on it, for the
      moderators' outlier flag;
    - cells of releases older than the previous one are deleted;
    then the cached current release is forgotten, so every page is rendered
    afresh from the new cells (the old pages' cache keys hold the old
    release's token and are never read again).
    Returns a ReleaseSummary (release None when nothing was released).
    """
    k = settings.K_ANONYMITY
    current = StatsRelease.objects.current()
    since = current.snapshot_at if current else None
    summary = ReleaseSummary(
        None,
        Report.objects.waiting_since(since).count(),
        Incident.objects.waiting_since(since).count(),
    )
    enough = summary.waiting_reports >= k or summary.waiting_incidents >= k
    if not enough and not _needs_first_cells(current):
        return summary
    moment = timezone.now()
    with transaction.atomic():
        release = StatsRelease.objects.create(
            snapshot_at=moment,
            added_reports=summary.waiting_reports,
            added_incidents=summary.waiting_incidents,
            is_demo=is_demo,
        )
        for reader in (read_reports, read_incidents):
            snapshot = reader(moment, progress)
            if progress:
                progress(f"Read {snapshot.size:,} {snapshot.table}.")
            publisher = Publisher(
                snapshot, k, _previous_draws(current, snapshot.table), progress
            )
            cells = publisher.cells()
            _store(release, snapshot.table, cells)
            summary.cells += len(cells)
            summary.draws_made += publisher.draws_made
            summary.draws_reused += publisher.draws_reused
        _store_platform_medians(release)
        old = StatsRelease.objects.order_by("-number")[RELEASES_KEPT:]
        PublishedCell.objects.filter(release__in=list(old)).delete()
    forget_current_release()
    summary.release = release
    return summary


def _needs_first_cells(current):
    return (
        current is not None
        and not current.cells.exists()
        and (
            Report.objects.counted_at(current.snapshot_at).exists()
            or Incident.objects.counted_at(current.snapshot_at).exists()
        )
    )


def _store(release, table, cells):
    PublishedCell.objects.bulk_create(
        (
            PublishedCell(
                release=release,
                table=table,
                n=figures["n"],
                figures=figures,
                draws=draws,
                **key,
            )
            for key, figures, draws in cells
        ),
        # How many rows one INSERT carries: memory, not behaviour.
        batch_size=1000,  # pragma: no mutate
    )


def _store_platform_medians(release):
    """Store each platform's published median effective pay and report count
    on the platform, where the outlier flag reads them."""
    published = {}
    cells = PublishedCell.objects.of(release, Table.REPORTS).filter(
        country="", task_type="", quarter="", year=""
    )
    for slug, figures in cells.values_list("platform", "figures"):
        if figures["effective_hourly_usd"]:
            published[slug] = (figures["effective_hourly_usd"]["median"], figures["n"])
    platforms = list(Platform.objects.all())
    for platform in platforms:
        platform.released_median_usd, platform.released_reports = published.get(
            platform.slug, (None, None)
        )
    Platform.objects.bulk_update(platforms, ["released_median_usd", "released_reports"])


def current_release():
    """The current release, cached until the next release."""
    release = cache.get(CURRENT_RELEASE_CACHE_KEY)
    if release is None:
        release = StatsRelease.objects.current() or False
        cache.set(CURRENT_RELEASE_CACHE_KEY, release, None)
    return release or None


def forget_current_release():
    cache.delete(CURRENT_RELEASE_CACHE_KEY)
