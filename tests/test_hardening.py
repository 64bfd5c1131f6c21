"""Headers, logs, oversized requests and a database that goes away."""

import io
import logging
import re
import sqlite3
import time
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

import pytest
from django.db import OperationalError
from django.test import Client

from surveys.models import Report
from tests.helpers import (
    database_values,
    field_value,
    incident_form_data,
    parse_html,
    public_url_names,
    report_form_data,
    story_form_data,
    visible_text,
)

pytestmark = pytest.mark.django_db

EXPECTED_CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


@pytest.mark.parametrize("name", public_url_names())
def test_every_public_page_sends_the_security_headers(client, name):
    from django.urls import reverse

    response = client.get(reverse(name), secure=True)

    assert response["Content-Security-Policy"] == EXPECTED_CSP
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_inline_script_or_style_in_any_public_page(client):
    from django.urls import reverse

    inline = []
    for name in public_url_names():
        for tag, attrs in parse_html(client.get(reverse(name)).content):
            # A data block (json_script) is never run, so the CSP allows it.
            code_script = tag == "script" and attrs.get("type") != "application/json"
            if (code_script and not attrs.get("src")) or tag == "style":
                inline.append((name, tag, attrs))
            for attribute, value in attrs.items():
                if (
                    attribute == "style"
                    or attribute.startswith("on")
                    or (value or "").strip().lower().startswith("javascript:")
                ):
                    inline.append((name, tag, attribute))

    assert inline == []


def cookie_flags(response, name):
    """The attributes of a Set-Cookie header, as the browser reads them."""
    header = response.cookies[name].OutputString()
    return {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}


def test_cookies_are_secure_and_http_only_in_production(client, moderator):
    form_page = client.get("/report/", secure=True)
    logged_in = client.post(
        "/moderate/login/",
        {"username": "moderator", "password": "a long test password 91"},
        secure=True,
    )

    assert logged_in.status_code == 302
    # The session: never sent over plain HTTP, never read by a script.
    assert cookie_flags(logged_in, "sessionid") >= {"secure", "httponly", "samesite"}
    assert logged_in.cookies["sessionid"]["samesite"] == "Lax"
    assert cookie_flags(form_page, "csrftoken") >= {"secure", "samesite"}
    assert form_page.cookies["csrftoken"]["samesite"] == "Lax"


def test_csrf_cookie_lasts_only_until_the_browser_closes(client):
    response = client.get("/report/", secure=True)

    header = response.cookies["csrftoken"].OutputString().lower()
    assert "csrftoken=" in header
    assert "expires" not in header
    assert "max-age" not in header


def test_healthz_says_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_says_unavailable_without_details(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("connection refused to 10.0.0.5")

    monkeypatch.setattr("core.views.connection.cursor", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"unavailable"


def test_security_txt_names_the_operators_contact(client, settings):
    settings.SECURITY_CONTACT = [
        "mailto:security@union.example",
        "https://union.example/report",
    ]

    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = [line.split(": ", 1) for line in response.content.decode().splitlines()]
    assert ["Contact", "mailto:security@union.example"] in fields
    assert ["Contact", "https://union.example/report"] in fields
    # RFC 9116: an expiry less than a year away, and the file's own address.
    (expires,) = [value for name, value in fields if name == "Expires"]
    days_left = (datetime.fromisoformat(expires) - datetime.now(UTC)).days
    assert 0 < days_left < 365
    assert ["Canonical", "http://testserver/.well-known/security.txt"] in fields


def test_no_security_txt_without_a_contact(client, settings):
    settings.SECURITY_CONTACT = []

    assert client.get("/.well-known/security.txt").status_code == 404


def test_database_outage_gets_a_503_page_that_keeps_the_answers(client, monkeypatch):
    def outage(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("surveys.forms.ReportForm.is_valid", outage)
    answers = report_form_data(pay_amount="7.25", project_codename="Atlas")

    response = Client(raise_request_exception=False).post("/fr/report/", answers)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Réessayez dans un instant" in visible_text(response.content)
    assert field_value(response, "pay_amount") == "7.25"
    assert field_value(response, "project_codename") == "Atlas"
    assert "server closed" not in response.content.decode()
    assert Report.objects.count() == 0


def test_database_outage_page_keeps_no_password(moderator, monkeypatch):
    def outage(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("moderation.views.login_refusal", outage)
    password = "a long test password 91"

    response = Client(raise_request_exception=False).post(
        "/moderate/login/", {"username": "moderator", "password": password}
    )

    assert response.status_code == 503
    # The name comes back to be sent again; the password never is.
    assert field_value(response, "username") == "moderator"
    assert password not in response.content.decode()
    assert [
        attrs
        for _tag, attrs in parse_html(response.content)
        if attrs.get("name") == "password"
    ] == []


def test_oversized_request_is_refused_clearly(client):
    response = Client(raise_request_exception=False).post(
        "/stories/new/", {"text": "x" * 300_000}
    )

    assert response.status_code == 400
    assert "too large or had too many fields" in visible_text(response.content)


def test_too_many_fields_are_refused_clearly():
    fields = {f"field{number}": "x" for number in range(300)}

    response = Client(raise_request_exception=False).post("/report/", fields)

    assert response.status_code == 400


@pytest.fixture
def log_output():
    """What the site's console handler writes, however the loggers are set."""
    stream = io.StringIO()
    handlers = [
        handler
        for name in ("", "django", "django.server")
        for handler in logging.getLogger(name).handlers
        if getattr(handler, "name", "") == "console"
    ]
    assert handlers, "the console handler of settings.LOGGING is missing"
    # Swapped by hand: setStream() flushes the old stream first, which the
    # capture of an earlier pytest run in the same process (mutmut runs
    # pytest again and again) has closed.
    previous = [handler.stream for handler in handlers]
    for handler in handlers:
        handler.stream = stream
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.stream = old


def test_logs_never_show_a_client_address_or_a_receipt_code(log_output):
    client = Client(REMOTE_ADDR="203.0.113.77", HTTP_X_FORWARDED_FOR="198.51.100.23")

    client.get("/receipt/GT-7K3Q-9XPA-M2VD/")
    client.get("/no-such-page/198.51.100.23/")
    # A story accepted twice: the second tap finds nothing to accept.
    client.post("/receipt/stories/4817/accept/", {"code": "GT-7K3Q-9XPA-M2VD"})
    logging.getLogger("surveys").warning(
        "lookup from %s with %s", "2001:db8::1", "gt7k3q9xpam2vd"
    )

    written = log_output.getvalue()
    assert "Not Found" in written
    assert "/receipt/stories/[entry]/accept/" in written
    for secret in (
        "203.0.113.77",
        "198.51.100.23",
        "2001:db8::1",
        "7K3Q",
        "7k3q",
        "4817",
    ):
        assert secret not in written


def test_a_logged_traceback_shows_no_address_or_receipt_code(log_output):
    try:
        raise ValueError("no receipt GT-7K3Q-9XPA-M2VD for 203.0.113.77")
    except ValueError:
        logging.getLogger("surveys").exception("The lookup failed.")

    written = log_output.getvalue()
    assert "The lookup failed." in written
    assert "Traceback (most recent call last)" in written
    assert "ValueError: no receipt [receipt code] for [address]" in written
    assert "7K3Q" not in written
    assert "203.0.113.77" not in written


# A time of day as a dump or a log line would show it: 2026-11-26 14:03 or 14:03:59.
TIME_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b")


# Django's database cache writes "never expires" as the last second there is.
NEVER = "9999-12-31 23:59:59"


# A midnight says the day only (a receipt session's row expires at one).
MIDNIGHT = re.compile(r"\b00:00:00\b")


def values_with_a_time_of_day():
    return {
        (table, column, str(value))
        for table, column, value in database_values()
        if TIME_OF_DAY.search(str(value))
        and not str(value).startswith(NEVER)
        and not MIDNIGHT.search(str(value))
    }


def test_workers_actions_leave_no_time_finer_than_the_day(client, log_output):
    """What a worker sends is dated to the day, in the database and in the
    logs, so that nobody holding them can match an entry with the moment a
    phone was seen on a network.

    Rate-limit counters count per hour, but their window is hashed into
    their key with the client's, never stored (core.models.Counter).
    """
    before = values_with_a_time_of_day()

    report = client.post("/report/", report_form_data())
    code = re.search(r"GT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", report.text)[0]
    client.post("/receipt/", {"code": code})
    client.post("/stories/new/", {**story_form_data(), "code": code})
    client.post("/incident/new/", incident_form_data())
    client.post("/receipt/", {"code": "GT-0000-0000-0000"})
    client.get("/stories/no-such-story/")

    assert values_with_a_time_of_day() - before == set()
    # Nor a window's number: the minutes, quarter hours or hours since 1970.
    now = time.time()
    windows = {str(int(now // seconds)) for seconds in (60, 900, 3600)}
    windows |= {str(int(now // seconds) - 1) for seconds in (60, 900, 3600)}
    assert [row for row in database_values() if str(row[2]) in windows] == []
    log_lines = log_output.getvalue().splitlines()
    assert any("Not Found" in line for line in log_lines)
    assert [line for line in log_lines if TIME_OF_DAY.search(line)] == []


def test_gunicorn_access_log_format_names_nobody():
    from config import gunicorn_conf

    fmt = gunicorn_conf.access_log_format
    for atom in ("%(h)s", "%(a)s", "%(f)s", "%(r)s", "%(q)s", "%({x-forwarded-for}i)s"):
        assert atom not in fmt
    assert gunicorn_conf.accesslog is None


def test_pages_travel_compressed_to_clients_that_accept_it(client):
    response = client.get("/report/", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_a_missing_table_is_a_logged_server_error_not_a_503(caplog):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE django_cache")

    response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 500
    errors = [record for record in caplog.records if record.levelname == "ERROR"]
    assert errors
    assert errors[-1].exc_info is not None
    assert "django_cache" in str(errors[-1].exc_info[1])


def test_a_missing_column_is_a_logged_server_error_not_a_503(caplog):
    """A migration not run shows as a missing column on the first write;
    "try again" would be a lie, forever."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE surveys_spentformtoken DROP COLUMN spent_on")

    response = Client(raise_request_exception=False).post(
        "/report/", report_form_data(submission_token="a-fresh-token")
    )

    assert response.status_code == 500
    errors = [record for record in caplog.records if record.levelname == "ERROR"]
    assert errors[-1].exc_info is not None
    assert "spent_on" in str(errors[-1].exc_info[1])


def sqlite_error(message):
    """A database error as Django raises it from SQLite's."""
    try:
        raise OperationalError(message) from sqlite3.OperationalError(message)
    except OperationalError as error:
        return error


@pytest.mark.parametrize(
    ("message", "try_again"),
    [
        ("database is locked", True),
        ("database table is locked: surveys_report", True),
        ("table surveys_report has no column named version", False),
        ('near "SELEC": syntax error', False),
        ("attempt to write a readonly database", False),
    ],
)
def test_only_a_busy_sqlite_database_is_worth_trying_again(message, try_again):
    from core.middleware import is_connection_loss

    assert is_connection_loss(sqlite_error(message)) is try_again


def test_a_lost_connection_logs_its_cause(client, monkeypatch, caplog):
    def outage(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("surveys.forms.ReportForm.is_valid", outage)

    Client(raise_request_exception=False).post("/report/", report_form_data())

    assert (
        "Database unavailable: OperationalError: server closed the connection"
        in caplog.text
    )


def test_deploy_check_says_when_the_cache_table_is_missing():
    from django.db import connection

    from core.checks import database_is_ready

    ready = database_is_ready(None)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE django_cache")
    missing = database_is_ready(None)

    assert ready == []
    assert [problem.id for problem in missing] == ["groundtruth.E003"]


def test_a_flooded_cache_resets_no_limit_and_no_spent_token(moderator, settings):
    """The attack: a few hundred cheap requests with distinct query strings
    filled the database cache, which culls, and took the rate limits, the
    login throttle and the spent form tokens with it. Emptying the cache is
    the worst such a flood can do."""
    from django.core.cache import cache

    settings.RATE_LIMIT_SUBMISSIONS_PER_HOUR = 2
    settings.LOGIN_FAILURES_PER_CLIENT = 2
    sender = Client(REMOTE_ADDR="203.0.113.5")
    token = field_value(sender.get("/report/"), "submission_token")
    sent = report_form_data(submission_token=token)
    assert sender.post("/report/", sent).status_code == 200
    assert sender.post("/report/", report_form_data()).status_code == 200
    for name in ("a", "b"):
        sender.post("/moderate/login/", {"username": name, "password": "x"})

    cache.clear()

    again = sender.post("/report/", sent, REMOTE_ADDR="203.0.113.6")
    over_limit = sender.post("/report/", report_form_data())
    login = sender.post("/moderate/login/", {"username": "c", "password": "x"})

    assert "This was already sent" in visible_text(again.content)
    assert over_limit.status_code == 429
    assert login.status_code == 429
    assert Report.objects.count() == 2


@pytest.mark.parametrize("https_redirect", [False, True])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/healthz"),
        ("get", "/"),
        ("get", "/no-such-page/"),
        ("post", "/report/"),
    ],
)
def test_a_foreign_host_gets_400_and_one_line_in_the_log(
    log_output, caplog, settings, https_redirect, method, path
):
    # Production redirects to HTTPS first, and that asks for the host too.
    settings.SECURE_SSL_REDIRECT = https_redirect
    client = Client(raise_request_exception=False)

    response = getattr(client, method)(path, HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "evil.example" not in response.content.decode()
    # Ours, then Django's "Bad Request: <path>": warnings without a traceback.
    assert {record.levelname for record in caplog.records} == {"WARNING"}
    assert [record.exc_info for record in caplog.records] == [None, None]
    written = log_output.getvalue()
    assert "not in ALLOWED_HOSTS" in written
    assert "Traceback" not in written


def leaves_the_site(link):
    """Whether a browser on http://testserver/ would follow this link to
    another site. Browsers read a backslash as a slash, and //host,
    ///host and /\\host all as another host's address."""
    normalised = link.strip().replace("\\", "/")
    if normalised.startswith("//"):
        return True
    parts = urlsplit(normalised)
    return bool(parts.scheme or parts.netloc) and parts.netloc != "testserver"


def get_raw_path(client, raw):
    """GET a path exactly as a WSGI server passes it on (percent-decoded);
    the test client would read a leading // as a host name."""
    path, _, query = raw.partition("?")
    return client.get("/", PATH_INFO=unquote(path), QUERY_STRING=query)


@pytest.mark.parametrize(
    "raw",
    [
        "//evil.example/",
        "//evil.example",
        "//evil.example/report/",
        "//evil.example/fr/",
        "///evil.example/",
        "////evil.example/",
        "/\\evil.example/",
        "/\\/evil.example/",
        "/\\\\evil.example/",
        "/%2F%2Fevil.example/",
        "/%2f%2fevil.example",
        "/%5C%5Cevil.example/",
        "/%2F%5Cevil.example/",
        "/fr//evil.example/",
        "/fr/%2F%2Fevil.example/",
        "//evil.example/?lang=fr",
        "/%09/evil.example/",
        "//evil.example@evil.example/",
        "/https://evil.example/",
        "/http:%2F%2Fevil.example/",
    ],
)
def test_no_path_turns_a_link_into_an_off_site_link(client, raw):
    response = get_raw_path(client, raw)

    assert response.status_code in {301, 404}
    assert not leaves_the_site(response.get("Location", ""))
    links = [
        value
        for _tag, attributes in parse_html(response.content)
        for name, value in attributes.items()
        if name in {"href", "src", "action"} and value
    ]
    assert links
    assert [link for link in links if leaves_the_site(link)] == []
