"""The audit log: each event links to its entry, and filters narrow it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from moderation.models import Action, ModerationEvent, Status
from tests.conftest import make_moderator, verified_client
from tests.helpers import make_incident, make_report, make_story, parse_html

pytestmark = pytest.mark.django_db


def event(moderator, entry, action=Action.DECISION, days_ago=0, **fields):
    logged = ModerationEvent.objects.create(
        moderator=moderator,
        item_type=entry._meta.model_name,
        item_id=entry.pk,
        from_status=Status.PENDING,
        to_status=Status.APPROVED,
        action=action,
        **fields,
    )
    if days_ago:
        ModerationEvent.objects.filter(pk=logged.pk).update(
            at=timezone.now() - timedelta(days=days_ago)
        )
    return logged


def listed(response):
    return [logged.pk for logged in response.context["page"]]


@pytest.fixture
def logged(moderator):
    juan = make_moderator("juan")
    report, story, incident = make_report(), make_story(), make_incident()
    return {
        "report": event(moderator, report, days_ago=3),
        "story": event(juan, story, action=Action.REVOKE, days_ago=1),
        "incident": event(moderator, incident),
        "entries": (report, story, incident),
        "juan": juan,
    }


def test_each_event_links_to_its_entrys_review_page(moderator_client, logged):
    report, story, incident = logged["entries"]

    response = moderator_client.get("/moderate/log/")

    links = response.content.decode()
    assert f'href="/moderate/reports/{report.pk}/"' in links
    assert f'href="/moderate/stories/{story.pk}/"' in links
    assert f'href="/moderate/incidents/{incident.pk}/"' in links
    assert 'href="?moderator=juan"' in links


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("moderator=juan", ["story"]),
        ("kind=reports", ["report"]),
        ("action=revoke", ["story"]),
        ("kind=incidents&moderator=moderator", ["incident"]),
    ],
)
def test_filters_narrow_the_log(moderator_client, logged, query, expected):
    response = moderator_client.get(f"/moderate/log/?{query}")

    assert response.status_code == 200
    assert listed(response) == [logged[name].pk for name in expected]


def test_filter_by_entry_number_and_dates(moderator_client, logged):
    report = logged["entries"][0]
    today = timezone.localdate()

    by_entry = moderator_client.get(f"/moderate/log/?entry={report.pk}&kind=reports")
    recent = moderator_client.get(
        f"/moderate/log/?since={today - timedelta(days=2)}&until={today}"
    )
    old = moderator_client.get(f"/moderate/log/?until={today - timedelta(days=2)}")

    assert listed(by_entry) == [logged["report"].pk]
    assert listed(recent) == [logged["incident"].pk, logged["story"].pk]
    assert listed(old) == [logged["report"].pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("entry=abc", "entry"),
        ("entry=-3", "entry"),
        ("since=2026-13-45", "since"),
        ("kind=payslips", "kind"),
        ("action=erase", "action"),
        ("moderator=nobody", "moderator"),
        ("since=2026-05-02&until=2026-05-01", "until"),
    ],
)
def test_bad_filter_values_are_said_by_their_field(
    moderator_client, logged, query, field
):
    response = moderator_client.get(f"/moderate/log/?{query}")

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert listed(response) == []
    assert "Correct the filters above" in response.content.decode()


def test_pages_keep_the_filters(moderator_client, moderator):
    report = make_report()
    for _ in range(101):
        event(moderator, report)

    response = moderator_client.get("/moderate/log/?kind=reports&action=decision")

    links = [
        attributes["href"]
        for tag, attributes in parse_html(response.content)
        if tag == "a" and "page=2" in attributes.get("href", "")
    ]
    assert links == ["?kind=reports&action=decision&page=2"]
    second = moderator_client.get(f"/moderate/log/{links[0]}")
    assert len(listed(second)) == 1


def test_log_is_for_moderators_only(client, logged):
    assert client.get("/moderate/log/").status_code == 302
    assert verified_client(logged["juan"]).get("/moderate/log/").status_code == 200
