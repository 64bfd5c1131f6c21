"""Load synthetic reports, approved, then publish them as a demo release.

    manage.py generate_demo_data --reports 1000000 --seed 1

Every page then carries a banner saying the figures are synthetic. The
profiles are described in surveys/demo.py.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from surveys import demo
from surveys.models import Report


class Command(BaseCommand):
    help = "Load synthetic reports (approved, then released as a demo release)."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=3000, help="how many (3000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if the database already holds reports",
        )
        parser.add_argument(
            "--no-release",
            action="store_true",
            help="leave the reports waiting for a release",
        )

    def handle(self, reports, seed, if_empty=False, no_release=False, **options):
        if if_empty and Report.objects.exists():
            self.stdout.write("Reports already exist: no demo data added.")
            return
        started = time.monotonic()

        def progress(done, total, seconds):
            self.stderr.write(f"  {done:>9,} of {total:,} reports ({seconds:.1f} s)")

        demo.generate(reports, seed, progress=progress)
        self.stdout.write(
            f"Generated {reports:,} synthetic reports (seed {seed}) in "
            f"{time.monotonic() - started:.1f} s."
        )
        if not no_release:
            # The statistics app publishes them; a command, not an import,
            # keeps the reports app from depending on the statistics.
            call_command(
                "release_stats", demo=True, stdout=self.stdout, stderr=self.stderr
            )
