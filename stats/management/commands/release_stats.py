"""Publish a new release of the statistics, if enough approved entries wait.

Run it from cron, e.g. daily:

    30 3 * * *  cd /srv/groundtruth && .venv/bin/python manage.py release_stats

It does nothing while fewer than K_ANONYMITY approved reports (and fewer
than K_ANONYMITY approved incidents) wait. A release computes every
published table once, under the disclosure rules of stats/disclosure.py;
it shows its progress on the error stream and ends with one summary line.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from stats.publication import release_waiting


class Command(BaseCommand):
    help = "Publish a new release of the statistics, if enough approved entries wait."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo",
            action="store_true",
            help="mark the release as synthetic demonstration data",
        )

    def handle(self, demo=False, **options):
        started = time.monotonic()

        def progress(line):
            if options["verbosity"] >= 1:
                self.stderr.write(f"{line} [{time.monotonic() - started:.1f} s]")

        summary = release_waiting(is_demo=demo, progress=progress)
        seconds = time.monotonic() - started
        if summary.release is None:
            self.stdout.write(
                f"{summary.waiting_reports} approved reports and "
                f"{summary.waiting_incidents} approved incidents wait; a release "
                f"needs at least {settings.K_ANONYMITY} of either. Nothing released."
            )
            return
        release = summary.release
        self.stdout.write(
            f"Release {release.number} of {release.created_on}: "
            f"{release.added_reports} reports and {release.added_incidents} "
            f"incidents added; {summary.cells:,} cells published "
            f"({summary.draws_made:,} quantile draws, {summary.draws_reused:,} "
            f"reused) in {seconds:.1f} s."
        )
