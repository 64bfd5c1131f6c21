"""Time of the personal-data scan and of the author's diff view, at 20,000 characters.

    .venv/bin/python bench/pii_benchmark.py            # this code only
    .venv/bin/python bench/pii_benchmark.py --old      # and the code of 572e052

A story is at most 20,000 characters, typed by anyone. For a realistic
story (a moderator's copy with its findings removed) and for the worst
inputs found for each regular expression and for the diff, it prints the CPU
time (best of three) of `core.pii.scan` and of
`testimonies.moderation.marked_changes`. With --old, the same inputs go
through the code before the fix (from `git show 572e052:…`), each in a child
process stopped after --limit seconds, and it ends with one summary line.
"""

import argparse
import importlib.util
import itertools
import multiprocessing
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD_COMMIT = "572e052"
STORY_LIMIT = 20_000

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghij")


def filled(unit, tail=""):
    repeated = unit * (STORY_LIMIT // len(unit) + 1)
    return repeated[: STORY_LIMIT - len(tail)] + tail


def realistic_story(seed=14):
    """Sentences of words drawn as in real text (a few common, many rare),
    with an email, phone numbers and names here and there."""
    draw = random.Random(seed)
    common = [
        "we", "rate", "chatbot", "answers", "for", "ten", "hours", "a", "day",
        "the", "software", "takes", "screenshots", "every", "few", "minutes",
        "and", "half", "of", "work", "is", "rejected", "without", "any",
        "reason", "pay", "late", "my", "team", "lead", "said",
    ]  # fmt: skip
    rare = [
        "".join(draw.choice("bcdfghjklmnprstvwz") + draw.choice("aeiou") for _ in range(draw.randint(1, 4)))
        for _ in range(4000)
    ]  # fmt: skip
    vocabulary = common + rare
    weights = list(
        itertools.accumulate(1 / rank for rank in range(1, len(vocabulary) + 1))
    )
    personal = [
        "John Kamau",
        "+254 712 345 678",
        "amina.k@gmail.com",
        "RT-4483921",
        "Mary Wanjiku Njeri",
    ]
    sentences, length = [], 0
    while length < STORY_LIMIT:
        words = draw.choices(vocabulary, cum_weights=weights, k=draw.randint(6, 20))
        if draw.random() < 0.1:
            words.insert(draw.randrange(len(words)), draw.choice(personal))
        sentence = " ".join(words).capitalize() + (
            ".\n\n" if draw.random() < 0.15 else ". "
        )
        sentences.append(sentence)
        length += len(sentence)
    return "".join(sentences)[:STORY_LIMIT]


def redacted_copy(story):
    """What a moderator publishes: findings removed and a few words changed."""
    copy = re.sub(
        r"\+254 712 345 678|amina\.k@gmail\.com|RT-4483921|John Kamau",
        "[removed]",
        story,
    )
    return copy.replace("software", "tool", 20)


def scan_inputs():
    return {
        "realistic story": realistic_story(),
        "dotted words (a.a.a.)": filled("a."),
        "hyphenated words (a-a-a-)": filled("a-"),
        "hyphenated digits, then .1": filled("1-", ".1"),
        "word characters, no @": filled("a"),
        "capitals and digits": filled("A1", "a"),
        "thousands of handles": filled("@ab "),
        "phone openings (+1 ( …)": filled("+1 ("),
    }


def diff_inputs():
    story = realistic_story()
    return {
        "realistic story, redacted": (story, redacted_copy(story)),
        "every word changed": ("a " * 10_000, "b " * 10_000),
        "every pair swapped": ("a b " * 5_000, "b a " * 5_000),
        "a word inserted every fifty": ("a " * 10_000, ("a " * 50 + "x ") * 196),
    }


def load_old(name):
    """A module as it was at OLD_COMMIT, loaded under another name."""
    source = subprocess.run(
        ["git", "show", f"{OLD_COMMIT}:testimonies/{name}.py"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp()) / f"old_{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(f"old_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu_seconds(function, *arguments, tries=3):
    best = float("inf")
    for _ in range(tries):
        started = time.process_time()
        function(*arguments)
        best = min(best, time.process_time() - started)
    return best


def _timed_in_child(queue, function, arguments):
    queue.put(cpu_seconds(function, *arguments, tries=1))


def cpu_seconds_within(limit, function, *arguments):
    """CPU time of one run in a child process, or None past `limit` seconds."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_timed_in_child, args=(queue, function, arguments))
    child.start()
    child.join(limit)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    return queue.get()


def shown(seconds, limit):
    if seconds is None:
        return f"> {limit:.0f} s"
    return f"{seconds * 1000:,.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--old", action="store_true", help=f"also time the code of {OLD_COMMIT}"
    )
    parser.add_argument(
        "--limit", type=float, default=60, help="seconds before an old run is stopped"
    )
    options = parser.parse_args()

    import django

    django.setup()
    from core import pii
    from testimonies import moderation

    old_pii = load_old("pii") if options.old else None
    old_moderation = load_old("moderation") if options.old else None
    worst_new, worst_old = 0.0, 0.0
    rows = [
        ("scan", name, pii.scan, old_pii and old_pii.scan, (text,))
        for name, text in scan_inputs().items()
    ]
    rows += [
        ("diff", name, moderation.marked_changes, old_moderation and old_moderation.marked_changes, pair)
        for name, pair in diff_inputs().items()
    ]  # fmt: skip
    print(
        f"{'':5}{'input (20,000 characters)':<34}{'now':>12}{'before' if options.old else '':>14}"
    )
    for what, name, function, old_function, arguments in rows:
        now = cpu_seconds(function, *arguments)
        worst_new = max(worst_new, now)
        before = ""
        if old_function:
            seconds = cpu_seconds_within(options.limit, old_function, *arguments)
            worst_old = max(worst_old, options.limit if seconds is None else seconds)
            before = shown(seconds, options.limit)
        print(f"{what:<5}{name:<34}{shown(now, 0):>12}{before:>14}", flush=True)
    summary = f"Summary: the worst input costs {worst_new * 1000:.0f} ms of CPU now"
    if options.old:
        summary += f", {'at least ' if worst_old >= options.limit else ''}{worst_old:.1f} s before"
    print(summary + ".")


if __name__ == "__main__":
    main()
