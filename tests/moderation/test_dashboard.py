"""The dashboard's counts, with known data: oldest waiting, decided today
(by all and by me), approved and waiting for the next release."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moderation.models import Status
from tests.conftest import make_moderator, verified_client
from tests.helpers import days_ago, make_incident, make_report, make_story, release
from tests.stats.test_publication import approved, elsewhere

pytestmark = pytest.mark.django_db


def decide(client, kind, entry, action="approve"):
    return client.post(
        f"/moderate/{kind}/{entry.pk}/decide/",
        {"version": entry.version, "action": action, "reason_code": "spam"},
    )


def overview(response):
    return {
        line["kind"].name: {
            key: line[key]
            for key in (
                "oldest_days",
                "decided_today",
                "decided_today_by_me",
                "waiting_for_release",
            )
        }
        for line in response.context["overview"]
    }


def test_dashboard_counts_with_known_data(moderator_client, settings):
    settings.K_ANONYMITY = 5
    elsewhere()
    approved(5, start=20, country="KE")
    release()
    oldest = make_report(submitted_on=days_ago(9))
    make_report(submitted_on=days_ago(2))
    mine, theirs = make_report(), make_report()
    make_incident(submitted_on=days_ago(4))
    make_incident(status=Status.APPROVED)  # approved after the release
    juan = verified_client(make_moderator("juan"))
    decide(moderator_client, "reports", mine)
    decide(juan, "reports", theirs, action="reject")

    response = moderator_client.get("/moderate/")

    assert response.status_code == 200
    assert overview(response) == {
        "reports": {
            "oldest_days": 9,
            "decided_today": 2,
            "decided_today_by_me": 1,
            "waiting_for_release": 1,
        },
        "stories": {
            "oldest_days": None,
            "decided_today": 0,
            "decided_today_by_me": 0,
            "waiting_for_release": None,
        },
        "incidents": {
            "oldest_days": 4,
            "decided_today": 0,
            "decided_today_by_me": 0,
            "waiting_for_release": 1,
        },
    }
    assert (
        response.context["decided_today"],
        response.context["decided_today_by_me"],
    ) == (2, 1)
    page = response.content.decode()
    assert f'href="/moderate/reports/{oldest.pk}/"' in page


def test_everything_approved_waits_before_the_first_release(moderator_client):
    make_report(status=Status.APPROVED)
    make_story(published=True)

    response = moderator_client.get("/moderate/")

    counts = overview(response)
    assert counts["reports"]["waiting_for_release"] == 1
    assert counts["stories"]["waiting_for_release"] is None


def test_dashboard_query_count_does_not_grow(moderator_client):
    def queries_with(entries):
        for _ in range(entries):
            make_report()
            make_story()
            make_incident()
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get("/moderate/").status_code == 200
        return len(queries)

    queries_with(0)  # the first request of a session reads more, once
    assert queries_with(1) == queries_with(2)
