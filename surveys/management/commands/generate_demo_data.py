"""Load synthetic reports, approved and released, for demos and benchmarks.

    manage.py generate_demo_data --reports 1000000 --seed 1

Every page then carries a banner saying the figures are synthetic. The
profiles are described in surveys/demo.py.
"""

import time

from django.core.management.base import BaseCommand

from surveys import demo
from surveys.models import Report
from surveys.stats import clear_current_release


class Command(BaseCommand):
    help = "Load synthetic reports (approved and released) for demos and benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=3000, help="how many (3000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if the database already holds reports",
        )

    def handle(self, reports, seed, if_empty=False, **options):
        if if_empty and Report.objects.exists():
            self.stdout.write("Reports already exist: no demo data added.")
            return
        started = time.monotonic()

        def progress(done, total, seconds):
            self.stderr.write(f"  {done:>9,} of {total:,} reports ({seconds:.1f} s)")

        release = demo.generate(reports, seed, progress=progress)
        clear_current_release()
        self.stdout.write(
            f"Generated {reports:,} synthetic reports (seed {seed}) as demo release "
            f"{release.number} in {time.monotonic() - started:.1f} s."
        )
