"""The mutation check's setup (`make mutation`, docs/testing.md): every
mutated module has tests of its own, mutmut's selection is exactly their
union, and a mutant runs against its own module's tests only."""

import json
import os
import signal
import subprocess
import sys
import tomllib

from config.settings import BASE_DIR
from tests import conftest

with open(BASE_DIR / "pyproject.toml", "rb") as file:
    TOOLS = tomllib.load(file)["tool"]
MUTMUT = TOOLS["mutmut"]
MUTATION_TESTS = TOOLS["ground-truth"]["mutation-tests"]


def test_every_mutated_module_has_tests_that_exist():
    assert sorted(MUTATION_TESTS) == sorted(MUTMUT["only_mutate"])
    for paths in MUTATION_TESTS.values():
        for path in paths:
            assert (BASE_DIR / path).exists(), path


def test_mutmuts_selection_is_the_union_of_the_modules_tests():
    selection = MUTMUT["pytest_add_cli_args_test_selection"]
    union = {path for paths in MUTATION_TESTS.values() for path in paths}

    assert set(selection) <= union
    for path in union:
        assert any(conftest.inside(path, selected) for selected in selection), path
    # A file named beside its folder would be collected twice.
    for path in selection:
        assert not any(
            conftest.inside(path, other) for other in selection if other != path
        )


def pytest_in_project(mutant_under_test, *arguments, timeout=None):
    environment = {**os.environ, "MUTANT_UNDER_TEST": mutant_under_test}
    # On SQLite, as the mutation check runs: on PostgreSQL this pytest would
    # make and drop the test database of the session that started it.
    environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", *arguments],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def collected(mutant_under_test, *paths):
    """The test ids pytest would run for `paths`, in order, while mutmut
    tests this mutant."""
    result = pytest_in_project(mutant_under_test, "--collect-only", *paths)
    return [line for line in result.stdout.splitlines() if "::" in line]


def collected_files(mutant_under_test, *paths):
    return {test.split("::")[0] for test in collected(mutant_under_test, *paths)}


def test_a_mutant_runs_against_its_own_modules_tests_only():
    asked = [
        "tests/test_hardening.py",
        "tests/stats/test_disclosure.py",
        "tests/receipts",
    ]

    # The log filter's tests are test_hardening's alone.
    assert collected_files("core.logging.x_scrub__mutmut_3", *asked) == {
        "tests/test_hardening.py"
    }
    # A method's mutant, in a module a folder deeper, and a folder of tests.
    assert collected_files("receipts.codes.xǁReceiptǁcheck__mutmut_1", *asked) == {
        "tests/test_hardening.py",
        "tests/receipts/test_anonymity.py",
        "tests/receipts/test_limits.py",
        "tests/receipts/test_sessions.py",
        "tests/receipts/test_views_receipt.py",
    }
    # mutmut's own runs (recording which tests reach which function, the
    # clean run) keep the whole selection.
    assert collected_files("stats", *asked) >= {
        "tests/test_hardening.py",
        "tests/stats/test_disclosure.py",
        "tests/receipts/test_anonymity.py",
    }


QUICK = (
    "tests/stats/test_disclosure.py::test_rounding_to_three_significant_digits[1.0-1.0]"
)
WITH_DATABASE = (
    "tests/stats/test_publication.py::test_release_waits_for_k_approved_reports"
)


def test_tests_run_quickest_first_by_their_whole_time(tmp_path):
    """While mutmut runs the whole selection ("stats"), each test's whole
    time is recorded, its fixtures' included; under a mutant the tests run
    quickest first by it, and pytest-django would run every test without a
    database last."""
    durations = BASE_DIR / conftest.DURATIONS_FILE
    earlier = "tests/stats/test_views.py::recorded_by_an_earlier_run"
    try:
        durations.write_text(json.dumps({earlier: 3.5}))
        recorded = pytest_in_project("stats", QUICK, WITH_DATABASE)
        assert recorded.returncode == 0, recorded.stdout
        whole = json.loads(durations.read_text())
        assert whole[WITH_DATABASE] > whole[QUICK] > 0
        # mutmut records only the tests added since its last run: the others
        # keep their time.
        assert whole[earlier] == 3.5

        in_order = collected(
            "stats.disclosure.x_round_significant__mutmut_1", QUICK, WITH_DATABASE
        )
        assert in_order[-1] == WITH_DATABASE

        # A test that took longer runs later, whatever the order it was named in.
        durations.write_text(json.dumps({WITH_DATABASE: 0.1, QUICK: 9.0}))
        reordered = collected(
            "stats.disclosure.x_round_significant__mutmut_1", QUICK, WITH_DATABASE
        )
        assert reordered == [WITH_DATABASE, QUICK]
    finally:
        durations.unlink(missing_ok=True)


def test_a_mutant_that_makes_a_test_loop_for_ever_is_stopped_within_seconds():
    """mutmut's own limit, set from every test that reached the function,
    let two such mutants run for over ten minutes each; the check's limit
    is a few times the test's own time, in CPU seconds, and the kernel's
    SIGXCPU is what mutmut counts as a timeout, the mutant caught."""
    # Named without "test_" (and ignored by git): left behind by a killed
    # run, no later run collects it. Named on the command line, it runs.
    looping = BASE_DIR / "tests/receipts/loops_for_ever.py"
    looping.write_text("def test_loops_for_ever():\n    while True:\n        pass\n")
    try:
        result = pytest_in_project(
            "receipts.codes.x_new_receipt_code__mutmut_1",
            "tests/receipts/loops_for_ever.py",
            timeout=60,
        )
    finally:
        looping.unlink()

    assert result.returncode == -signal.SIGXCPU, result.stdout


def test_no_test_the_mutation_check_runs_empties_the_database():
    """Run quickest first, a transactional test would leave the tests after
    it without the reference data the migrations load."""
    for path in MUTMUT["pytest_add_cli_args_test_selection"]:
        files = (
            [BASE_DIR / path]
            if path.endswith(".py")
            else (BASE_DIR / path).rglob("*.py")
        )
        for file in files:
            text = file.read_text()
            for sign in ("transaction=True", "transactional_db", "live_server"):
                assert sign not in text, f"{file}: {sign}"
