"""Export what the public may see, as one JSON file for researchers.

    manage.py export_public_data public-data.json

The file holds every published cell of the current release, for reports
and for incidents (exactly what the pages and the API show, read from the
stored cells), and every published story that its author let us share with
researchers, in the moderator's published copy, dated to the month. No
report, incident, receipt or original text leaves the database this way.
"""

import json
from datetime import date

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

from stats import disclosure, tables
from stats.models import PublishedCell, Table
from stats.publication import current_release


def _month(day):
    return f"{day.year:04d}-{day.month:02d}" if day else None


def public_cells(release):
    """Every published cell of a release, by table, as plain data."""
    found = {table: [] for table in Table.values}
    if release is None:
        return found
    cells = PublishedCell.objects.filter(release=release).order_by(
        "table", "platform", "country", "task_type", "quarter", "year"
    )
    for cell in cells:
        key = {
            dimension: getattr(cell, dimension)
            for dimension in tables.DIMENSIONS[cell.table]
            if getattr(cell, dimension)
        }
        found[cell.table].append({"cell": key, **cell.figures})
    return found


def public_data():
    """The published cells and the shareable published stories."""
    release = current_release()
    stories = []
    Testimony = apps.get_model("testimonies", "Testimony")
    shareable = Testimony.objects.published().filter(consent_share_research=True)
    for story in shareable.select_related("platform", "task_type").order_by("pk"):
        stories.append(
            {
                "number": story.pk,
                "month": _month(story.published_on),
                "language": story.language,
                "title": story.published_title,
                "text": story.published_text,
                "platform": story.platform.slug if story.platform else None,
                "country": story.country or None,
                "task_type": story.task_type.slug if story.task_type else None,
                "content_warnings": story.content_warnings,
                "may_be_quoted": story.consent_quote,
            }
        )
    return {
        "format": "ground-truth-public-data/2",
        "release": {"number": release.number, "date": release.created_on.isoformat()}
        if release
        else None,
        "k": settings.K_ANONYMITY,
        "method": {
            "max_noise": disclosure.MAX_NOISE,
            "quantile_min_reports": disclosure.QUANTILE_MIN_REPORTS,
            "quantile_epsilon": disclosure.QUANTILE_EPSILON,
        },
        "currency": "USD",
        "cells": public_cells(release),
        "stories": stories,
    }


class Command(BaseCommand):
    help = "Export the published cells and the shareable published stories as JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", help="where to write the JSON file")

    def handle(self, path, **options):
        data = public_data()
        data["exported_on"] = date.today().isoformat()
        with open(path, "w", encoding="utf-8") as file:
            json.dump(data, file, ensure_ascii=False, indent=1)
        cells = sum(len(cells) for cells in data["cells"].values())
        self.stdout.write(
            f"Exported {cells} published cells and {len(data['stories'])} stories "
            f"to {path}."
        )
