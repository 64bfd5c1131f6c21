"""A story is typed by anyone: the personal-data scan and the author's diff
view must cost time in proportion to it, whatever it holds.

Each input below is the worst found for one pattern or one diff at 20,000
characters (a story's limit); before, some took from 1 to over 60 seconds of
CPU. CPU time (time.process_time) is measured, the best of three, so that a
busy machine does not fail the test.
"""

import os
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.pii import scan
from testimonies.moderation import marked_changes

STORY_LIMIT = 20_000
# Under `make mutation` every call into the scan goes through mutmut's
# dispatcher, which makes it a few times slower; the patterns this file
# guards against took from 1 to over 60 seconds, so five times the limit
# still catches them.
WORST_CASE_SECONDS = 0.5 if "MUTANT_UNDER_TEST" in os.environ else 0.1


def filled(unit, tail=""):
    """`unit` repeated to a story's limit, ending with `tail`."""
    repeated = unit * (STORY_LIMIT // len(unit) + 1)
    return repeated[: STORY_LIMIT - len(tail)] + tail


def cpu_seconds(function, *arguments, tries=3):
    """The least CPU time `function(*arguments)` took in `tries` runs."""
    best = float("inf")
    for _ in range(tries):
        started = time.process_time()
        function(*arguments)
        best = min(best, time.process_time() - started)
    return best


CRAFTED_STORIES = {
    "word characters, no @": filled("a"),
    "dotted words": filled("a."),
    "dotted capitals": filled("A."),
    "hyphenated words": filled("a-"),
    "hyphenated digits, then a decimal": filled("1-", ".1"),
    "spaced digits, then a decimal": filled("1 ", ".1"),
    "a long number": filled("1"),
    "capitals and digits": filled("A1", "a"),
    "at signs": filled("@"),
    "word, at sign": filled("a@"),
    "email-like": filled("a@a."),
    "phone openings": filled("+1 ("),
    "phone-like digits": filled("+1 1111111111 "),
    "local phone numbers": filled("0123 456 7890 "),
    "thousands of figures": filled("1,111", "1"),
    "web address openings": filled("www."),
    "web addresses with paths": filled("a.com/"),
    # A domain's labels, each a run of hyphens and word characters that the
    # pattern could start again after every hyphen.
    "hyphenated dotted labels": filled("_-" * 31 + "_."),
    "thousands of handles": filled("@ab "),
    "thousands of names": filled("John Kamau. "),
    "one long name": filled("John Kamau "),
    "hyphenated IDs": filled("A-11111-"),
    "one-letter lines": filled("Ah\n"),
}


@pytest.mark.parametrize("text", CRAFTED_STORIES.values(), ids=CRAFTED_STORIES.keys())
def test_scan_of_a_crafted_story_takes_linear_time(text):
    assert len(text) == STORY_LIMIT

    assert cpu_seconds(scan, text) < WORST_CASE_SECONDS


def words(alphabet, count, seed):
    """`count` words drawn from `alphabet` with a fixed seed, space-separated."""
    chosen = random.Random(seed).choices(alphabet, k=count)
    return " ".join(chosen)


CRAFTED_EDITS = {
    "every word changed": ("a " * 10_000, "b " * 10_000),
    "every pair swapped": ("a b " * 5_000, "b a " * 5_000),
    "a word inserted every fifty": ("a " * 10_000, ("a " * 50 + "x ") * 196),
    "two words at random": (words("ab", 10_000, 1), words("ab", 10_000, 2)),
    "four words at random": (words("abcd", 10_000, 1), words("abcd", 10_000, 2)),
    "lines turned around": (
        "\n".join(str(n) for n in range(4_000)),
        "\n".join(str(n) for n in reversed(range(4_000))),
    ),
    "one long word changed in the middle": (
        "a" * STORY_LIMIT,
        "a" * 10_000 + "b" + "a" * 9_999,
    ),
}


@pytest.mark.parametrize(
    ("original", "edited"), CRAFTED_EDITS.values(), ids=CRAFTED_EDITS.keys()
)
def test_diff_of_a_crafted_edit_takes_bounded_time(original, edited):
    assert len(original) <= STORY_LIMIT
    assert len(edited) <= STORY_LIMIT

    assert cpu_seconds(marked_changes, original, edited) < WORST_CASE_SECONDS


def test_diff_of_a_long_story_with_redactions_is_fast_and_fine():
    sentence = "On day {n} the reviewer {n} rejected task {n} and paid nothing. "
    original = "".join(sentence.format(n=n) for n in range(300))[:STORY_LIMIT]
    edited = original.replace("reviewer 17 ", "reviewer [removed] ")

    runs = marked_changes(original, edited)

    assert [kind for kind, _words in runs] == ["kept", "removed", "added", "kept"]
    assert runs[1:3] == [("removed", "17"), ("added", "[removed]")]
    assert cpu_seconds(marked_changes, original, edited) < WORST_CASE_SECONDS


SLOW_INPUT = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
RISKY = "0123456789 +-.()@aA_/:,\nwhtpZ"

# What makes regular expressions backtrack is repetition: a short unit
# repeated to a story's length, with any ending.
repeated_units = st.builds(
    lambda unit, tail: filled(unit, tail),
    st.text(alphabet=RISKY, min_size=1, max_size=8),
    st.text(alphabet=RISKY, max_size=12),
)
risky_stories = st.one_of(repeated_units, st.text(alphabet=RISKY, max_size=STORY_LIMIT))


@SLOW_INPUT
@given(risky_stories)
def test_scan_never_takes_long(text):
    assert cpu_seconds(scan, text, tries=1) < 0.2 or cpu_seconds(scan, text) < 0.2


@SLOW_INPUT
@given(repeated_units, repeated_units)
def test_diff_never_takes_long(original, edited):
    elapsed = cpu_seconds(marked_changes, original, edited, tries=1)

    assert elapsed < 0.2 or cpu_seconds(marked_changes, original, edited) < 0.2


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "c", " ", "\n", "Kamau"]), max_size=300),
    st.lists(st.sampled_from(["a", "b", "c", " ", "\n", "[removed]"]), max_size=300),
)
def test_diff_keeps_every_word_of_both_texts(original_words, edited_words):
    original, edited = "".join(original_words), "".join(edited_words)

    runs = marked_changes(original, edited)

    assert "".join(text for kind, text in runs if kind != "added") == original
    assert "".join(text for kind, text in runs if kind != "removed") == edited
    assert all(text for _kind, text in runs)
