"""The deployment the README describes, as a worker meets it: `make serve`
(migrations, static files, nginx with config/nginx.conf in front of gunicorn
with config/gunicorn_conf.py and four workers, whitenoise, DEBUG off) on its
own database — a SQLite file in the
SQLite phase, a fresh PostgreSQL database in the PostgreSQL phase — driven
over HTTP. The test client shares none of this: what gunicorn does
differently (an access log on by default, a worker killed by its timeout)
shows here.
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.request
import uuid
from contextlib import contextmanager
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings

from config.settings import BASE_DIR

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="submission_token" value="([^"]+)"')
CODE = re.compile(r"GT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")
# Every working condition's "prefer not to say" answer on the form.
UNSURE = re.compile(r'name="([a-z_]+)" value="unsure"')
BURST = 120
# The burst checks a dozen of its codes from 127.0.0.1; the rate-limit test
# uses other loopback addresses.
LOOKUPS_PER_HOUR = 30
ENTRIES_HEADING = "<h1>Your entries</h1>"
TIMEOUT = 8


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Database:
    """A database of the stack's own, on the engine of this test phase."""

    def __init__(self, directory):
        self.postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        if self.postgres:
            import psycopg

            self.name = f"gt_stack_{uuid.uuid4().hex[:8]}"
            base = urlsplit(os.environ["DATABASE_URL"])
            self.url = base._replace(path=f"/{self.name}").geturl()
            self.admin = base._replace(path="/postgres").geturl()
            with psycopg.connect(self.admin, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{self.name}"')
        else:
            self.path = directory / "stack.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def connect(self):
        if self.postgres:
            import psycopg

            return psycopg.connect(self.url, autocommit=True)
        return sqlite3.connect(self.path, timeout=30, isolation_level=None)

    def count(self, table):
        connection = self.connect()
        try:
            return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            connection.close()

    def drop(self):
        if self.postgres:
            import psycopg

            with psycopg.connect(self.admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE "{self.name}" WITH (FORCE)')


class Stack:
    def __init__(self, database, log):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DEBUG", "ACCESS_LOG", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}
        }
        env.update(
            DATABASE_URL=database.url,
            SECRET_KEY="live-stack-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            BIND=f"127.0.0.1:{self.port}",
            WORKERS="4",
            GUNICORN_TIMEOUT=str(TIMEOUT),
            RATE_LIMIT_SUBMISSIONS_PER_HOUR="0",
            RATE_LIMIT_ENTRY_POSTS_PER_HOUR="0",
            RATE_LIMIT_RECEIPT_LOOKUPS_PER_HOUR=str(LOOKUPS_PER_HOUR),
        )
        self.log = log
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=BASE_DIR,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(log.read_text()) from None
                time.sleep(0.3)
        raise RuntimeError(f"make serve did not answer:\n{log.read_text()}")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    made = Database(tmp_path_factory.mktemp("stack"))
    yield made
    made.drop()


@pytest.fixture(scope="module")
def stack(database, tmp_path_factory):
    served = Stack(database, tmp_path_factory.mktemp("stack-log") / "serve.log")
    yield served
    served.stop()


class Worker:
    """A worker's phone: one connection, the CSRF cookie, a form at a time."""

    def __init__(self, stack, address="127.0.0.1"):
        self.stack = stack
        # Linux answers on all of 127.0.0.0/8: other addresses, other clients.
        self.connection = HTTPConnection(
            "127.0.0.1", stack.port, timeout=60, source_address=(address, 0)
        )
        self.cookie = ""

    def request(self, method, path, fields=None):
        headers = {"Cookie": self.cookie}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.stack.base,
            }
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        page = response.read().decode()
        # The CSRF cookie, and the receipt's once a code opened it.
        kept = dict(
            pair.split("=", 1) for pair in self.cookie.split("; ") if "=" in pair
        )
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, value = cookie.split(";", 1)[0].split("=", 1)
            if name in ("csrftoken", "gt_receipt"):
                kept[name] = value
        self.cookie = "; ".join(f"{name}={value}" for name, value in kept.items())
        return response, page

    def report_form(self, pay):
        _response, page = self.request("GET", "/report/")
        conditions = set(UNSURE.findall(page))
        return dict.fromkeys(conditions, "unsure") | {
            "csrfmiddlewaretoken": TOKEN.search(page)[1],
            "submission_token": FORM_TOKEN.search(page)[1],
            "platform": "1", "country": "KE", "task_type": "3", "period": "2026-09",
            "pay_amount": pay, "currency": "USD", "pay_unit": "hour",
            "paid_hours_per_week": "40", "unpaid_hours_per_week": "10",
            "contract_type": "independent_contractor",
        }  # fmt: skip


def test_a_burst_of_submissions_is_all_saved_with_working_codes(stack, database):
    """A union shares the link in a group chat: everyone sends at once."""
    before = database.count("surveys_report")
    workers = [Worker(stack) for _ in range(BURST)]
    forms = [
        worker.report_form(f"{2 + n % 7}.{n % 100:02d}")
        for n, worker in enumerate(workers)
    ]
    start = threading.Barrier(BURST)
    answers = [None] * BURST

    def send(number):
        start.wait()
        try:
            answers[number] = workers[number].request("POST", "/report/", forms[number])
        except (OSError, HTTPException) as error:
            answers[number] = (error, "")

    threads = [threading.Thread(target=send, args=(n,)) for n in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    statuses = [getattr(response, "status", response) for response, _page in answers]
    codes = [CODE.search(page) for _response, page in answers]
    assert statuses == [200] * BURST
    assert all(codes)
    assert database.count("surveys_report") == before + BURST
    for code, worker in zip(
        codes[:: BURST // 12], workers[:: BURST // 12], strict=True
    ):
        _response, lookup = worker.request("GET", "/receipt/")
        fields = {"csrfmiddlewaretoken": TOKEN.search(lookup)[1], "code": code[0]}
        response, _page = worker.request("POST", "/receipt/", fields)
        assert response.status == 302
        response, page = worker.request("GET", response.getheader("Location"))
        assert response.status == 200
        assert ENTRIES_HEADING in page, page[:500]


def test_concurrent_receipt_lookups_stop_exactly_at_the_limit(stack):
    """Eight concurrent requests once got 37 lookups through a limit of 30:
    the count was read, then written, by workers that did not wait for
    each other."""
    tries = LOOKUPS_PER_HOUR + 18
    workers = [Worker(stack, address="127.0.0.5") for _ in range(tries)]
    _response, page = workers[0].request("GET", "/receipt/")
    for worker in workers:
        worker.cookie = workers[0].cookie
    guess = {"csrfmiddlewaretoken": TOKEN.search(page)[1], "code": "GT-0000-0000-0000"}
    start = threading.Barrier(tries)
    statuses = [None] * tries

    def look_up(number):
        start.wait()
        response, _page = workers[number].request("POST", "/receipt/", guess)
        statuses[number] = response.status

    threads = [threading.Thread(target=look_up, args=(n,)) for n in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [200] * LOOKUPS_PER_HOUR + [429] * (
        tries - LOOKUPS_PER_HOUR
    )


def test_a_request_killed_half_way_leaves_its_form_sendable(stack, database):
    """gunicorn kills a worker stuck past its timeout: nothing of the
    request may stay, its one-time token included."""
    worker = Worker(stack)
    form = worker.report_form("7.77")
    before = database.count("surveys_report")
    blocker = database.connect()
    # The request gets past its token, then is stuck saving its receipt.
    if database.postgres:
        blocker.execute("BEGIN")
        blocker.execute("LOCK TABLE surveys_receipt IN ACCESS EXCLUSIVE MODE")
    else:
        # SQLite has one lock for the whole file, which the request would
        # wait for before anything else: make the receipt's insert itself
        # take minutes instead (a billion-row count in a trigger).
        blocker.execute("CREATE TABLE slow_rows (x)")
        blocker.executemany(
            "INSERT INTO slow_rows VALUES (?)", [(n,) for n in range(1000)]
        )
        blocker.execute(
            "CREATE TRIGGER slow_receipt BEFORE INSERT ON surveys_receipt BEGIN "
            "SELECT count(*) FROM slow_rows a, slow_rows b, slow_rows c; END"
        )
    try:
        # Killed by gunicorn's timeout: a dropped connection or its 500, or
        # nginx's 502 for the worker that vanished under it.
        try:
            response, page = worker.request("POST", "/report/", form)
            killed = response.status in {500, 502} and not CODE.search(page)
        except (OSError, HTTPException):
            killed = True
    finally:
        if database.postgres:
            blocker.execute("ROLLBACK")
        else:
            blocker.execute("DROP TRIGGER slow_receipt")
            blocker.execute("DROP TABLE slow_rows")
        blocker.close()
    assert killed

    again = Worker(stack)
    again.cookie = worker.cookie
    response, page = again.request("POST", "/report/", form)

    assert response.status == 200
    assert CODE.search(page), page[:500]
    assert database.count("surveys_report") == before + 1


def test_headers_static_files_and_health_as_deployed(stack):
    worker = Worker(stack)
    response, page = worker.request("GET", "/")
    health = urllib.request.urlopen(stack.base + "/healthz", timeout=10)
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)[1]
    static = urllib.request.urlopen(
        urllib.request.Request(
            stack.base + stylesheet, headers={"Accept-Encoding": "gzip"}
        ),
        timeout=10,
    )

    assert response.status == 200
    assert "default-src 'self'" in response.getheader("Content-Security-Policy")
    assert response.getheader("Referrer-Policy") == "same-origin"
    assert "camera=()" in response.getheader("Permissions-Policy")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert health.read() == b"ok"
    assert static.status == 200
    assert static.headers["Content-Encoding"] == "gzip"
    assert "immutable" in static.headers["Cache-Control"]


def test_no_access_log_unless_asked(stack):
    Worker(stack).request("GET", "/privacy/")
    urllib.request.urlopen(stack.base + "/healthz", timeout=10).read()
    time.sleep(0.5)

    log = stack.log.read_text()
    assert "Booting worker" in log  # gunicorn's own log is there
    assert "/privacy/" not in log
    assert "/healthz" not in log
    assert "127.0.0.1" not in log.split("Listening at", 1)[-1].split("\n", 1)[-1]


PLAIN_APP = """
def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [environ["wsgi.url_scheme"].encode()]
"""


@contextmanager
def plain_gunicorn(tmp_path):
    """config/gunicorn_conf.py by itself, in front of an app that sets no
    logging and answers the scheme gunicorn gave the request: the stack
    above would hide a mistake of the configuration behind Django's.
    Yields the address and the log file."""
    (tmp_path / "plain_app.py").write_text(PLAIN_APP)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {key: value for key, value in os.environ.items() if key != "ACCESS_LOG"}
    env |= {"BIND": f"127.0.0.1:{port}", "WORKERS": "1"}
    process = subprocess.Popen(
        [str(BASE_DIR / ".venv/bin/gunicorn"), "-c", "config/gunicorn_conf.py",
         "--pythonpath", f"{BASE_DIR},{tmp_path}", "plain_app:application"],
        cwd=BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/started/", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_gunicorn_settings_alone_write_no_access_log(tmp_path):
    with plain_gunicorn(tmp_path) as (base, log):
        urllib.request.urlopen(f"{base}/asked/", timeout=10).read()

    written = log.read_text()
    assert "Booting worker" in written
    assert "/asked/" not in written


def test_a_client_cannot_declare_its_plain_request_https(tmp_path):
    """gunicorn trusts scheme headers from local peers (nginx, on its
    socket), and nginx passes the client's own: only Django's
    USE_X_FORWARDED_PROTO, set by an operator whose TLS proxy overwrites
    the header, may decide that a request came over HTTPS."""
    with plain_gunicorn(tmp_path) as (base, _log):
        declared = urllib.request.Request(
            f"{base}/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on"}
        )
        scheme = urllib.request.urlopen(declared, timeout=10).read()

    assert scheme == b"http"


def test_the_stack_serves_the_committed_migrations_only(database, stack):
    # `make serve` migrated a fresh database, cache table included.
    assert database.count("django_cache") >= 0
    assert Path(BASE_DIR / "staticfiles" / "staticfiles.json").exists()


# More slow clients than the stack has gunicorn workers.
SLOW_CLIENTS = 6
SLOW_REQUEST_STARTS = {
    # The request line, then its headers a byte at a time: slowloris.
    "headers": b"GET / HTTP/1.1\r\n",
    # Whole headers announcing a body, then the body a byte at a time; with
    # a CSRF cookie, so that Django reads the body to look for the token.
    "body": (
        b"POST /report/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Cookie: csrftoken=" + b"a" * 32 + b"\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\n"
    ),
}


def trickle(connection, stop):
    """A client on a very slow link (or an attacker): a byte a second."""
    while not stop.wait(1):
        try:
            connection.send(b"a")
        except OSError:
            return


def answer_time(stack, path):
    """The status and seconds a fresh client waits for `path` (None: no answer)."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(stack.base + path, timeout=5) as response:
            status = response.status
    except OSError:
        status = None
    return status, time.monotonic() - started


@pytest.mark.parametrize("slow_part", ["headers", "body"])
def test_slow_clients_do_not_stop_the_site(stack, slow_part):
    """A sync gunicorn worker serves one connection at a time: without a
    buffering proxy in front, a few clients sending their request a byte at
    a time hold every worker until gunicorn's timeout kills it."""
    stop = threading.Event()
    slow = []
    try:
        for _ in range(SLOW_CLIENTS):
            connection = socket.create_connection(("127.0.0.1", stack.port))
            connection.sendall(SLOW_REQUEST_STARTS[slow_part])
            slow.append(connection)
            threading.Thread(target=trickle, args=(connection, stop)).start()
        time.sleep(1)

        health_status, health_seconds = answer_time(stack, "/healthz")
        page_status, page_seconds = answer_time(stack, "/privacy/")
    finally:
        stop.set()
        for connection in slow:
            connection.close()

    assert health_status == 200
    assert health_seconds < 2
    assert page_status == 200
    assert page_seconds < 2


def look_up_a_code(worker, headers=None):
    _response, page = worker.request("GET", "/receipt/")
    fields = {"csrfmiddlewaretoken": TOKEN.search(page)[1], "code": "GT-AAAA-AAAA-AAAA"}
    worker.connection.request(
        "POST",
        "/receipt/",
        body=urlencode(fields),
        headers={
            "Cookie": worker.cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": worker.stack.base,
        }
        | (headers or {}),
    )
    response = worker.connection.getresponse()
    response.read()
    return response.status


def test_rate_limits_tell_clients_apart_through_the_proxy(stack):
    """Behind nginx every request comes from its socket: the limits must read
    the address nginx appends to X-Forwarded-For, and only that one."""
    guesser = Worker(stack, address="127.0.0.2")
    statuses = [look_up_a_code(guesser) for _ in range(LOOKUPS_PER_HOUR + 1)]
    other = Worker(stack, address="127.0.0.3")
    # What the guesser would send to pass for someone else.
    disguised = Worker(stack, address="127.0.0.2")

    assert statuses == [200] * LOOKUPS_PER_HOUR + [429]
    assert look_up_a_code(other) == 200
    assert look_up_a_code(disguised, {"X-Forwarded-For": "127.0.0.4"}) == 429
