"""Releases and the cells they publish.

A release is the only thing that computes public figures: it snapshots the
approved reports and incidents once, computes every cell of the published
tables under the disclosure rules (stats/disclosure.py) and stores them
here. Every page, file and API answer reads these stored cells, so nothing
public moves between releases.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StatsReleaseQuerySet(models.QuerySet):
    def current(self):
        return self.order_by("-number").first()


class StatsRelease(models.Model):
    """One publication of the figures: a fixed set of tables, computed once."""

    number = models.AutoField(primary_key=True)
    created_on = models.DateField(auto_now_add=True)
    # When the release read the approved entries: it counts those decided by
    # then, and the next release adds those decided after. Never published
    # (the day is): a moderator's decision times stay among moderators.
    snapshot_at = models.DateTimeField(default=timezone.now)
    # Part of every cache key of this release's pages: unlike the number,
    # never reused, even by a database restored or started afresh.
    cache_token = models.UUIDField(default=uuid.uuid4, editable=False)
    # Entries that joined the figures with this release. For the operators
    # only: a public "5 reports added" would tell an attacker who keeps 4
    # reports of their own waiting that exactly one real report joined.
    added_reports = models.PositiveIntegerField()
    added_incidents = models.PositiveIntegerField(default=0)
    # Synthetic data for demonstration: every page says so.
    is_demo = models.BooleanField(default=False)

    objects = StatsReleaseQuerySet.as_manager()

    class Meta:
        # The table kept its name when releases moved here from surveys.
        db_table = "surveys_statsrelease"
        ordering = ["-number"]
        verbose_name = _("statistics release")
        verbose_name_plural = _("statistics releases")

    def __str__(self):
        return f"release {self.number} ({self.created_on})"


class Table(models.TextChoices):
    """What a cell counts."""

    REPORTS = "reports", _("Pay reports")
    INCIDENTS = "incidents", _("Unpaid wages and deactivations")


class PublishedCellQuerySet(models.QuerySet):
    def of(self, release, table):
        return self.filter(release=release, table=table)


class PublishedCell(models.Model):
    """One published cell: the figures of the entries that share up to two
    values (a platform, a country, a type of work, a quarter or a year).

    The dimensions a cell does not fix are empty: the cell with every
    dimension empty is the whole table.
    """

    release = models.ForeignKey(
        StatsRelease, on_delete=models.CASCADE, related_name="cells"
    )
    table = models.CharField(max_length=10, choices=Table.choices)
    platform = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, blank=True)
    task_type = models.CharField(max_length=100, blank=True)
    quarter = models.CharField(max_length=7, blank=True)
    year = models.CharField(max_length=4, blank=True)
    # The perturbed count, as published (also in `figures`), for ordering.
    n = models.PositiveIntegerField()
    figures = models.JSONField()
    # Never published: for each measure, a fingerprint of the values behind
    # its quantiles and the values drawn, so that the next release publishes
    # the same draw for the same values instead of a new one to average.
    draws = models.JSONField(default=dict)

    objects = PublishedCellQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "release",
                    "table",
                    "platform",
                    "country",
                    "task_type",
                    "quarter",
                    "year",
                ],
                name="one_published_cell_per_key",
            )
        ]

    def __str__(self):
        fixed = [
            f"{name}={value}"
            for name in ("platform", "country", "task_type", "quarter", "year")
            if (value := getattr(self, name))
        ]
        return (
            f"{self.table} [{', '.join(fixed) or 'all'}] of release {self.release_id}"
        )
