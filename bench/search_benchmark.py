"""Benchmark: searching the published stories, which are encrypted at rest.

    .venv/bin/python bench/search_benchmark.py --stories 3000            # SQLite
    scripts/with-postgres .venv/bin/python bench/search_benchmark.py

Publishes that many stories of about 300 words in a database of its own,
then times a search the first time (every copy decrypted) and again (the
copies this process has opened are reused), with one, three and forty
repeated words, each the median of five runs.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stats_benchmark import ROOT, django_env, manage  # noqa: E402

WORDS = [
    "we",
    "rate",
    "chatbot",
    "answers",
    "for",
    "ten",
    "hours",
    "a",
    "day",
    "the",
    "software",
    "takes",
    "screenshots",
    "every",
    "few",
    "minutes",
    "and",
    "half",
    "of",
    "the",
    "work",
    "is",
    "rejected",
    "without",
    "any",
    "reason",
    "pay",
    "late",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=3000)
    options = parser.parse_args()
    env = django_env()
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        path = Path(tempfile.mkdtemp(prefix="gt-search-")) / "search.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{path}"
    print("Migrating...", flush=True)
    manage("migrate", "--noinput", env=env)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from datetime import date

    from moderation.models import Status
    from receipts.models import Receipt
    from testimonies import search
    from testimonies.models import Testimony

    print(f"Publishing {options.stories} stories...", flush=True)
    generator = random.Random(1)
    receipt, _code = Receipt.objects.issue()
    Testimony.objects.bulk_create(
        Testimony(
            receipt=receipt, text="-", language="en", consent_publish=True,
            status=Status.APPROVED, published_title=f"Story {number}",
            published_text=" ".join(generator.choice(WORDS) for _ in range(300)),
            published_on=date.today(),
        )
        for number in range(options.stories)
    )  # fmt: skip

    def timed(words, cold):
        runs = []
        for _ in range(5):
            if cold:
                search._opened = {}
            started = time.perf_counter()
            Testimony.objects.published().search(words).count()
            runs.append((time.perf_counter() - started) * 1000)
        return statistics.median(runs)

    vendor = "PostgreSQL" if "postgres" in env["DATABASE_URL"] else "SQLite"
    print(f"\n{vendor}, {options.stories} published stories (median of 5, ms):")
    print(f"{'search':<24}{'first time':>12}{'again':>10}")
    for words in ("pay", "late rate pay", " ".join(["a"] * 40)):
        cold, warm = timed(words, cold=True), timed(words, cold=False)
        print(f"{words[:22]!r:<24}{cold:>12.1f}{warm:>10.1f}")
    print(f"Summary: a search among {options.stories} stories: {warm:.0f} ms again, "
          f"{cold:.0f} ms the first time ({vendor}).")  # fmt: skip


if __name__ == "__main__":
    main()
