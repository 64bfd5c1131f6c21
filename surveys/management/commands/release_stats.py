"""Add the approved reports waiting to the public figures, as one release.

Run it from cron, e.g. daily:

    30 3 * * *  cd /srv/groundtruth && .venv/bin/python manage.py release_stats

It does nothing while fewer than K_ANONYMITY approved reports wait, so that
nobody can learn one report's answers by comparing the figures just before
and just after it joined.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from surveys.models import Report
from surveys.stats import release_waiting_reports


class Command(BaseCommand):
    help = "Add the approved reports waiting to the public figures, if enough wait."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="mark the release as synthetic demonstration data",
        )

    def handle(self, demo=False, **options):
        release, waiting = release_waiting_reports(is_demo=demo)
        if release is None:
            self.stdout.write(
                f"{waiting} approved reports wait; a release needs at least "
                f"{settings.K_ANONYMITY} (of reports, or of incidents). Nothing released."
            )
            return
        total = Report.objects.released().count()
        self.stdout.write(
            f"Release {release.number} of {release.created_on}: "
            f"{release.added_reports} reports added, {total} in the public figures; "
            f"{release.added_incidents} incidents added."
        )
