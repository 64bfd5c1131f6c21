import json
import math
import os
import random
import re
import resource
import shutil
import tomllib
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.test import Client


@pytest.fixture(scope="session", autouse=True)
def collected_static_files():
    """Pages are rendered with production's hashed static file names.

    The manifest that maps them exists only after collectstatic, which is
    quick when nothing changed (and done once before a mutation run).
    """
    if not MIGRATED_DATABASE:
        call_command("collectstatic", interactive=False, verbosity=0)


# The mutation check (`make mutation`) runs a few tests for each of thousands
# of mutants, each in a new process: building the test database from the
# migrations every time would take most of the half hour. It migrates one
# SQLite file first, and each process works on its own copy of it.
MIGRATED_DATABASE = os.environ.get("MUTATION_MIGRATED_DATABASE")

if MIGRATED_DATABASE:

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_blocker, tmp_path_factory):
        from django.conf import settings
        from django.db import connections

        copy = tmp_path_factory.mktemp("database") / "test.sqlite3"
        shutil.copyfile(MIGRATED_DATABASE, copy)
        with django_db_blocker.unblock():
            connections["default"].close()
        settings.DATABASES["default"]["NAME"] = str(copy)
        connections["default"].settings_dict["NAME"] = str(copy)


# mutmut names a mutant after its module and function:
# "stats.disclosure.x_share__mutmut_7", "moderation.decisions.xǁAlreadyDecidedǁ__init____mutmut_1".
MUTANT_NAME = re.compile(r"(?P<module>[\w.]+?)\.xǁ?\w*?__mutmut_\d+$")


def mutation_tests(rootpath):
    """The tests each mutated module runs against, by its file's path
    ([tool.ground-truth.mutation-tests] in pyproject.toml)."""
    with open(rootpath / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["ground-truth"]["mutation-tests"]


def inside(path, folder_or_file):
    """Whether `path` is `folder_or_file` or lies in that folder."""
    return path == folder_or_file or path.startswith(folder_or_file.rstrip("/") + "/")


# After pytest-django, which puts the tests without a database last.
@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Under `make mutation`, a mutant runs against its module's own tests
    only (docs/testing.md), quickest first. mutmut sets MUTANT_UNDER_TEST
    to the mutant's name, names the tests in order of their time, and stops
    at the first failure; its other runs, which record and check the whole
    selection, are left as they are."""
    match = MUTANT_NAME.fullmatch(os.environ.get("MUTANT_UNDER_TEST", ""))
    if match is None:
        return
    module_path = match["module"].replace(".", "/") + ".py"
    own_tests = mutation_tests(config.rootpath)[module_path]
    kept, deselected = [], []
    for item in items:
        test_file = item.nodeid.split("::")[0]
        if any(inside(test_file, path) for path in own_tests):
            kept.append(item)
        else:
            deselected.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    # Quickest first, by each test's whole time, its fixtures' included, as
    # recorded while mutmut ran the whole selection (mutmut's own order
    # counts the test's body only, and pytest-django would run every test
    # without a database last). No test in the selection is transactional:
    # one would empty the tables, reference data included, for the tests
    # after it (tests/test_mutation_setup.py holds that).
    durations = recorded_durations(config.rootpath)
    position = {name: index for index, name in enumerate(config.args)}
    items[:] = sorted(
        kept,
        key=lambda item: (
            durations.get(item.nodeid, 0.0),
            position.get(item.nodeid, position.get(item.nodeid.split("[")[0], 0)),
        ),
    )


# A mutant can make a loop run for ever (`while text != previous` whose
# `previous` is never updated). mutmut stops it only after 15 times the
# time of every test that reached the function in its first run, a quarter
# of an hour or more for a function every page calls. Each test here gets
# instead a few times its own recorded time, in CPU seconds: past that the
# kernel sends SIGXCPU, which mutmut counts as a timeout, that is the
# mutant caught.
CPU_SECONDS_AT_LEAST = 5
CPU_TIME_FACTOR = 5
_durations_read = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if MUTANT_NAME.fullmatch(os.environ.get("MUTANT_UNDER_TEST", "")):
        stash = item.config.stash
        if _durations_read not in stash:
            stash[_durations_read] = recorded_durations(item.config.rootpath)
        recorded = stash[_durations_read].get(item.nodeid, 0.0)
        limit_cpu_time(max(CPU_SECONDS_AT_LEAST, CPU_TIME_FACTOR * recorded))
    return (yield)


def limit_cpu_time(seconds):
    """Let this process use `seconds` more CPU time, then get SIGXCPU; never
    more than mutmut's own limit, which it sets one second under the hard
    limit (at the hard limit the kernel kills without SIGXCPU)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard - 1)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


# mutmut's first run, which records which tests reach which function,
# runs the whole selection with MUTANT_UNDER_TEST set to "stats".
DURATIONS_FILE = "mutation-test-durations.json"
_whole_durations = defaultdict(float)


def recorded_durations(rootpath):
    try:
        return json.loads((rootpath / DURATIONS_FILE).read_text())
    except FileNotFoundError:
        return {}


def pytest_runtest_logreport(report):
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        _whole_durations[report.nodeid] += report.duration


def pytest_sessionfinish(session):
    # Added to what was recorded: when tests were added, mutmut records the
    # new ones only.
    if os.environ.get("MUTANT_UNDER_TEST") == "stats" and _whole_durations:
        durations = recorded_durations(session.config.rootpath)
        durations.update(_whole_durations)
        (session.config.rootpath / DURATIONS_FILE).write_text(json.dumps(durations))


@pytest.fixture(autouse=True)
def predictable_record_keys(monkeypatch):
    """Record keys from a seeded generator, so that the noise of every
    published count is the same at each run of a test. In production they
    come from the system's secure random source (surveys.models)."""
    from incidents.models import Incident
    from surveys.models import Report

    generator = random.Random(2026)
    for model in (Report, Incident):
        field = model._meta.get_field("record_key")
        monkeypatch.setattr(field, "_get_default", lambda: generator.getrandbits(63))
    return generator


@pytest.fixture
def csrf_client():
    """A client that enforces CSRF checks, as a browser's requests meet them."""
    return Client(enforce_csrf_checks=True)


def totp_token(device):
    """The code an authenticator app would show for `device` right now."""
    from django_otp.oath import TOTP

    return TOTP(
        device.bin_key, device.step, device.t0, device.digits, device.drift
    ).token()


def make_moderator(name="moderator", with_device=True):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from moderation.access import add_moderator

    user = add_moderator(name, "a long test password 91")
    if with_device:
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def make_superuser(name="root"):
    """An admin's superuser with a confirmed TOTP device."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_superuser(
        name, password="a long test password 91"
    )
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def verified_client(user):
    """A client logged in as `user` who has passed the second factor."""
    client = Client()
    client.force_login(user)
    device = user.totpdevice_set.get()
    response = client.post("/moderate/verify/", {"token": f"{totp_token(device):06d}"})
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def moderator(db):
    return make_moderator()


@pytest.fixture
def moderator_client(moderator):
    return verified_client(moderator)


@pytest.fixture
def superuser_client(db):
    """A superuser in the admin, past the second factor."""
    return verified_client(make_superuser())
