"""Load synthetic reports, incidents and stories, approved, then publish
the figures as a demo release.

    manage.py generate_demo_data --reports 1000000 --incidents 300 --seed 1

Every page then carries a banner saying the figures and stories are
synthetic. Each app keeps its own demo data beside its models
(surveys/demo.py, incidents/demo.py, testimonies/demo.py); the command
lives here, in the statistics app, because it is the one app allowed to
read all three (tests/test_layout.py), and it publishes the release too.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from incidents import demo as incident_demo
from surveys import demo as report_demo
from surveys.models import Report
from testimonies import demo as story_demo


class Command(BaseCommand):
    help = (
        "Load synthetic reports, incidents and stories (approved), then "
        "release them as a demo release."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=3000, help="how many (3000)")
        parser.add_argument(
            "--incidents",
            type=int,
            default=None,
            help="how many (a tenth of reports, 120 to 2000)",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if the database already holds reports",
        )
        parser.add_argument(
            "--no-release",
            action="store_true",
            help="leave the entries waiting for a release",
        )

    def handle(self, reports, seed, incidents=None, if_empty=False, no_release=False,
               **options):  # fmt: skip
        if if_empty and Report.objects.exists():
            self.stdout.write("Reports already exist: no demo data added.")
            return
        if incidents is None:
            # Enough for the ledger to publish figures by platform and country.
            incidents = min(max(reports // 10, 120), 2000)
        started = time.monotonic()

        def progress_of(what):
            def progress(done, total, seconds=None):
                seconds = time.monotonic() - started if seconds is None else seconds
                self.stderr.write(f"  {done:>9,} of {total:,} {what} ({seconds:.1f} s)")

            return progress

        report_demo.generate(reports, seed, progress=progress_of("reports"))
        incident_demo.generate(incidents, seed, progress=progress_of("incidents"))
        stories = story_demo.generate(seed, progress=progress_of("stories"))
        self.stdout.write(
            f"Generated {reports:,} synthetic reports, {incidents:,} incidents and "
            f"{len(stories)} stories (seed {seed}) in "
            f"{time.monotonic() - started:.1f} s."
        )
        if not no_release:
            call_command(
                "release_stats", demo=True, stdout=self.stdout, stderr=self.stderr
            )
