"""Export what the public may see, as one JSON file for researchers.

    manage.py export_public_data public-data.json

The file holds the current release's figures for every grouping (the same
suppressed figures as the API, never about fewer than K_ANONYMITY reports)
and every published story that its author let us share with researchers,
in the moderator's published copy, dated to the month. No report, receipt
or original text leaves the database this way.
"""

import json
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import translation

from surveys import stats
from surveys.stats_views import group_as_json


def public_data():
    """The public figures and shareable stories, as plain data."""
    from django.apps import apps

    release = stats.current_release()
    with translation.override("en"):
        figures = {
            group_by: [
                group_as_json(group)
                for group in stats.figures(group_by=group_by).groups
            ]
            for group_by in stats.GROUPINGS
        }
    stories = []
    Testimony = apps.get_model("testimonies", "Testimony")
    shareable = Testimony.objects.published().filter(consent_share_research=True)
    for story in shareable.select_related("platform", "task_type").order_by("pk"):
        stories.append(
            {
                "number": story.pk,
                "month": stats.month_text(story.published_on),
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
        "format": "ground-truth-public-data/1",
        "release": {"number": release.number, "date": release.created_on.isoformat()}
        if release
        else None,
        "k": stats.figures().k,
        "currency": "USD",
        "figures": figures,
        "stories": stories,
    }


class Command(BaseCommand):
    help = "Export the public figures and the shareable published stories as JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", help="where to write the JSON file")

    def handle(self, path, **options):
        data = public_data()
        data["exported_on"] = date.today().isoformat()
        with open(path, "w", encoding="utf-8") as file:
            json.dump(data, file, ensure_ascii=False, indent=1)
        groups = sum(len(groups) for groups in data["figures"].values())
        self.stdout.write(
            f"Exported {groups} groups of figures and {len(data['stories'])} stories to {path}."
        )
