"""Property-based tests: arbitrary values in every public form and in the
API never give a 500, never save an invalid submission, and always put a
message by the field that caused it."""

import re

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from moderation.models import Status
from stats.tables import Query, period_dimension
from surveys.models import Report
from testimonies.models import Testimony
from tests.helpers import (
    days_ago,
    make_report,
    read_form,
    release,
    report_form_data,
    story_form_data,
)

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CODE = re.compile(r"GT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")

awkward = st.sampled_from(
    [
        "", " ", "\x00", "0", "-1", "1e309", "NaN", "inf", "2025-13", "9" * 40,
        "١٢٣", "１２", "💸" * 30, "<script>alert(1)</script>", "' OR 1=1 --",
        "%s%s%n", "\u202e", "a" * 5000, "1,5", "1.5.5", "--1", "0x1F",
    ]
)  # fmt: skip
values = st.one_of(
    awkward,
    st.text(max_size=200),
    st.integers().map(str),
    st.floats().map(str),
    st.binary(max_size=40).map(lambda raw: raw.decode("latin-1")),
)


def fields_of(data):
    return st.dictionaries(
        st.sampled_from(sorted(data)), values, min_size=1, max_size=6
    )


# Fields whose rules also involve another field's value.
DEPENDENTS = {
    "pay_unit": {"tasks_per_hour", "paid_hours_per_week"},
    "platform": {"platform_other"},
    "paid_hours_per_week": {"unpaid_hours_per_week"},
    "unpaid_hours_per_week": {"paid_hours_per_week"},
    "period": {"currency"},
    "pay_amount": {"paid_hours_per_week"},
}


def assert_refusal_explained(response, changed):
    errors = read_form(response).errors
    assert errors, "an invalid submission came back without any message"
    allowed = set(changed) | {d for name in changed for d in DEPENDENTS.get(name, ())}
    assert set(errors) <= allowed, (errors, changed)


@pytest.fixture
def unlimited(settings):
    settings.RATE_LIMIT_SUBMISSIONS_PER_HOUR = 0
    settings.RATE_LIMIT_ENTRY_POSTS_PER_HOUR = 0
    settings.RATE_LIMIT_RECEIPT_LOOKUPS_PER_HOUR = 0
    settings.LOGIN_FAILURES_PER_ACCOUNT = 10_000
    settings.LOGIN_FAILURES_PER_CLIENT = 10_000
    settings.LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT = 10_000


@FUZZ
@given(changes=fields_of({
    "platform", "platform_other", "country", "task_type", "period", "pay_amount",
    "currency", "pay_unit", "tasks_per_hour", "paid_hours_per_week",
    "unpaid_hours_per_week", "contract_type", "advertised_pay_amount",
    "payout_method", "project_codename", "keystroke_monitoring",
}))  # fmt: skip
def test_report_form_takes_anything(unlimited, changes):
    data = {**report_form_data(), **changes}
    before = Report.objects.count()

    response = Client().post("/report/", data)

    assert response.status_code == 200
    if CODE.search(response.content.decode()):
        assert Report.objects.count() == before + 1
    else:
        assert Report.objects.count() == before
        assert_refusal_explained(response, changes)


@FUZZ
@given(changes=fields_of({
    "title", "text", "language", "platform", "country", "task_type",
    "content_warnings", "consent_publish",
}))  # fmt: skip
def test_story_form_takes_anything(unlimited, changes):
    data = {**story_form_data(), **changes}
    before = Testimony.objects.count()

    response = Client().post("/stories/new/", data)

    assert response.status_code == 200
    if CODE.search(response.content.decode()):
        assert Testimony.objects.count() == before + 1
    else:
        assert Testimony.objects.count() == before
        assert_refusal_explained(response, changes)


@FUZZ
@given(code=values)
def test_receipt_lookup_takes_anything(unlimited, code):
    response = Client().post("/receipt/", {"code": code})

    assert response.status_code == 200
    assert read_form(response).errors.get("code")


@FUZZ
@given(username=values, password=values)
def test_moderator_login_takes_anything(unlimited, moderator, username, password):
    # A real account exists, so that a login letting anything in has
    # someone to sign in as; the session read is the posting client's own.
    client = Client()
    response = client.post(
        "/moderate/login/", {"username": username, "password": password}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/moderate/")["Location"].startswith("/moderate/login/")


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["group_by", "platform", "country", "task_type", "period_from", "period_to"]
        ),
        values,
        max_size=4,
    )
)
def test_statistics_page_and_csv_take_any_parameters(params):
    for path in ("/stats/", "/stats.csv", "/stories/"):
        response = Client().get(path, params)
        if response.status_code == 302:
            # /stats/ drops empty parameters by sending to the short address,
            # which is then answered like any other.
            assert response["Location"].startswith(path), response["Location"]
            assert "=&" not in response["Location"] + "&"
            response = Client().get(response["Location"])
        assert response.status_code in (200, 400)


@pytest.fixture
def wsgi_app():
    """The site's WSGI application, called in the test's own transaction.

    Like Django's test client, it must not close the connection as each
    request starts and ends, or the test's transaction would go with it;
    the test client puts that signal back after each of its own requests,
    so it is taken off again at every call.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    signals = (request_started, request_finished)
    handler = get_wsgi_application()

    def application(environ, start_response):
        for signal in signals:
            signal.disconnect(close_old_connections)
        return handler(environ, start_response)

    yield application
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def released_reports(settings):
    settings.K_ANONYMITY = 2
    for number, country in enumerate(["KE", "KE", "PH", "PH", "PH"]):
        make_report(
            country=country,
            pay_amount=f"{2 + number}",
            status=Status.APPROVED,
            submitted_on=days_ago(number),
        )
    release()


@FUZZ
@given(data=st.data())
def test_api_follows_its_openapi_description(released_reports, wsgi_app, data):
    # Read from the running app, whose enums come from the database.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    path = data.draw(st.sampled_from(["/api/v1/stats/", "/api/v1/incidents/stats/"]))
    case = data.draw(schema[path]["GET"].as_strategy())

    # The WSGI test transport does not unpack gzip, which the site sends to
    # any client that accepts it. A valid parameter may still ask for more
    # dimensions than the published tables cross, which OpenAPI cannot say:
    # such a 400 is checked below instead.
    response = case.call_and_validate(
        headers={"Accept-Encoding": "identity"},
        excluded_checks=[positive_data_acceptance],
    )
    if response.status_code == 400:
        table = "incidents" if "incidents" in path else "reports"
        parameters = dict(case.query or {})
        group_by = parameters.pop("group_by", "none") or "none"
        filters = {name: value for name, value in parameters.items() if value}
        if "period" in filters:
            filters[period_dimension(filters.pop("period"))] = "x"
        assert Query(table, filters, group_by).problem(), response.text
