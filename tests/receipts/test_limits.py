"""The limits on sending entries, as people behind one shared address meet
them (a cybercafé, an office, a carrier's CGNAT, an organizing meeting):
entries saved are counted, not forms sent back for a mistake; every post
is counted under a much looser cap; a campaign code lifts the per-address
limit for one event, under the campaign's own cap."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from core import ratelimit
from core.models import Campaign
from incidents.models import Incident
from surveys.models import Report
from testimonies.models import Testimony
from tests.helpers import (
    field_errors,
    field_value,
    incident_form_data,
    report_form_data,
    story_form_data,
    visible_text,
)

pytestmark = pytest.mark.django_db

MISTAKE = {"pay_amount": ""}  # a required answer left out


@pytest.fixture
def shared_address():
    """Everyone in one cybercafé: one client address."""
    return Client(REMOTE_ADDR="203.0.113.7")


def make_campaign(code="UNION-MARCH", limit=50, starts=-1, ends=1):
    """A campaign open from `starts` to `ends` hours from now."""
    now = timezone.now()
    return Campaign.objects.create(
        name="Nairobi raters' meeting",
        code=code,
        valid_from=now + timedelta(hours=starts),
        valid_until=now + timedelta(hours=ends),
        limit=limit,
    )


def test_the_default_allowance_is_one_a_shared_address_can_live_with():
    from config import settings

    assert settings.RATE_LIMIT_SUBMISSIONS_PER_HOUR == 60
    assert settings.RATE_LIMIT_ENTRY_POSTS_PER_HOUR == 300


def test_a_form_sent_back_for_a_mistake_costs_nothing(shared_address, settings):
    settings.RATE_LIMIT_SUBMISSIONS_PER_HOUR = 2
    mistakes = [
        shared_address.post("/report/", report_form_data(**MISTAKE)).status_code
        for _ in range(5)
    ]

    sent = [
        shared_address.post("/report/", report_form_data()).status_code
        for _ in range(2)
    ]

    assert mistakes == [200] * 5
    assert sent == [200, 200]
    assert Report.objects.count() == 2


def test_the_entry_past_the_limit_is_refused_with_the_answers_kept(
    shared_address, settings
):
    """Reports, stories and incidents share the allowance; mistakes between
    them cost nothing; the one past it is refused, kept, and saves nothing."""
    settings.RATE_LIMIT_SUBMISSIONS_PER_HOUR = 3
    shared_address.post("/report/", report_form_data(**MISTAKE))
    shared_address.post("/report/", report_form_data())
    shared_address.post("/stories/new/", story_form_data(text=""))
    shared_address.post("/stories/new/", story_form_data())
    shared_address.post("/incident/new/", incident_form_data())

    refused = shared_address.post("/fr/report/", report_form_data(pay_amount="7.25"))

    assert refused.status_code == 429
    assert field_value(refused, "pay_amount") == "7.25"
    assert "Trop d’essais depuis cette connexion" in visible_text(refused.content)
    assert (Report.objects.count(), Testimony.objects.count()) == (1, 1)
    assert Incident.objects.count() == 1
    elsewhere = Client(REMOTE_ADDR="203.0.113.8")
    assert elsewhere.post("/report/", report_form_data()).status_code == 200


def test_a_flood_of_valid_entries_saves_no_more_than_the_limit(
    shared_address, settings
):
    settings.RATE_LIMIT_SUBMISSIONS_PER_HOUR = 5

    statuses = [
        shared_address.post(
            "/stories/new/", story_form_data(title=f"Story {number}")
        ).status_code
        for number in range(12)
    ]
    last = shared_address.post("/stories/new/", story_form_data(title="Last one"))

    assert statuses == [200] * 5 + [429] * 7
    assert Testimony.objects.count() == 5
    assert last.status_code == 429
    assert field_value(last, "title") == "Last one"
    assert "Too many tries from this connection" in visible_text(last.content)


def test_a_flood_of_invalid_posts_is_refused_at_the_looser_cap(
    shared_address, settings
):
    settings.RATE_LIMIT_ENTRY_POSTS_PER_HOUR = 10

    statuses = [
        shared_address.post("/report/", report_form_data(**MISTAKE)).status_code
        for _ in range(12)
    ]
    valid_but_too_late = shared_address.post("/report/", report_form_data())

    assert statuses == [200] * 10 + [429] * 2
    assert valid_but_too_late.status_code == 429
    assert Report.objects.count() == 0


def test_an_open_campaign_lifts_the_address_limit(shared_address, settings):
    settings.RATE_LIMIT_SUBMISSIONS_PER_HOUR = 1
    campaign = make_campaign(limit=10)
    shared_address.post("/report/", report_form_data())
    without_code = shared_address.post("/report/", report_form_data())

    # Typed as on a phone: small letters, a space.
    with_code = [
        shared_address.post(
            "/report/", report_form_data(campaign=" union-march")
        ).status_code,
        shared_address.post(
            "/stories/new/", story_form_data(campaign="UNION-MARCH")
        ).status_code,
        shared_address.post(
            "/incident/new/", incident_form_data(campaign="Union-March")
        ).status_code,
    ]

    assert without_code.status_code == 429
    assert with_code == [200, 200, 200]
    assert Report.objects.count() == 2
    campaign.refresh_from_db()
    assert campaign.used == 3


def test_no_entry_records_its_campaign():
    """A link from an entry to its campaign would group one meeting's entries."""
    for model in (Report, Testimony, Incident):
        linked = [
            field.name
            for field in model._meta.get_fields()
            if field.related_model is Campaign or "campaign" in field.name
        ]
        assert linked == []


@pytest.mark.parametrize(
    ("starts", "ends"), [(-48, -1), (1, 48)], ids=["ended", "not-started"]
)
def test_a_closed_campaign_is_refused_by_its_field_with_the_answers_kept(
    shared_address, settings, starts, ends
):
    settings.RATE_LIMIT_SUBMISSIONS_PER_HOUR = 1
    campaign = make_campaign(starts=starts, ends=ends)
    shared_address.post("/report/", report_form_data())

    response = shared_address.post(
        "/report/", report_form_data(campaign="UNION-MARCH", pay_amount="4.75")
    )

    assert response.status_code == 200
    assert "No open campaign has this code" in field_errors(response, "campaign")
    assert field_value(response, "campaign") == "UNION-MARCH"
    assert field_value(response, "pay_amount") == "4.75"
    assert Report.objects.count() == 1
    campaign.refresh_from_db()
    assert campaign.used == 0


def test_an_unknown_campaign_code_is_refused_by_its_field(shared_address):
    make_campaign()

    response = shared_address.post(
        "/stories/new/", story_form_data(campaign="UNION-MARCHE", title="Kept")
    )

    assert response.status_code == 200
    assert "No open campaign has this code" in field_errors(response, "campaign")
    assert field_value(response, "title") == "Kept"
    assert Testimony.objects.count() == 0


@pytest.mark.parametrize("form", ["story", "report step"])
def test_campaign_code_guesses_count_with_receipt_code_guesses(
    shared_address, settings, form
):
    """A guessed campaign code would hand a stranger a meeting's allowance:
    wrong codes are counted under the receipt code guesses' limit, on the
    report's steps as on the other forms."""
    settings.RATE_LIMIT_RECEIPT_LOOKUPS_PER_HOUR = 3
    make_campaign()

    def guess(code):
        if form == "story":
            return shared_address.post("/stories/new/", story_form_data(campaign=code))
        data = report_form_data(campaign=code) | {"step": "where", "reached": "where"}
        return shared_address.post("/report/", data)

    answers = [guess(f"GUESS-{n:04}").status_code for n in range(5)]

    assert answers == [200, 200, 200, 429, 429]
    # The right code is not a guess: the meeting is not locked out by them.
    assert guess("union-march").status_code != 429


def test_a_new_campaign_gets_a_code_nobody_guesses():
    codes = {Campaign(name="Meeting").code for _ in range(50)}

    assert len(codes) == 50
    assert all(
        re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", c) for c in codes
    )


def test_only_an_open_campaign_with_room_left_is_taken_for_its_code():
    """A full or closed campaign lifts no limit, its posts' allowance included."""
    with_room = make_campaign("OPEN-WITH-ROOM", limit=2)
    full = make_campaign("OPEN-AND-FULL", limit=2)
    Campaign.objects.filter(pk=full.pk).update(used=2)
    make_campaign("CLOSED-WITH-ROOM", limit=2, starts=-3, ends=-1)

    assert ratelimit.open_campaign(" open-with-room ") == with_room
    assert ratelimit.open_campaign("OPEN-AND-FULL") is None
    assert ratelimit.open_campaign("CLOSED-WITH-ROOM") is None
    assert ratelimit.open_campaign("NO-SUCH-CAMPAIGN") is None
    assert ratelimit.open_campaign("") is None


def test_the_campaign_cap_holds(shared_address, settings):
    settings.RATE_LIMIT_SUBMISSIONS_PER_HOUR = 1
    campaign = make_campaign(limit=2)
    shared_address.post("/report/", report_form_data())

    statuses = [
        shared_address.post(
            "/report/", report_form_data(campaign="UNION-MARCH")
        ).status_code
        for _ in range(3)
    ]

    # Past its cap, the campaign leaves entries to the address's limit,
    # already reached here.
    assert statuses == [200, 200, 429]
    assert Report.objects.count() == 3
    campaign.refresh_from_db()
    assert campaign.used == 2


def test_posts_with_a_campaign_code_have_a_cap_too(shared_address, settings):
    """A bot that learned the code still meets a bound: five posts for each
    entry the campaign allows."""
    settings.RATE_LIMIT_ENTRY_POSTS_PER_HOUR = 1
    make_campaign(limit=1)

    statuses = [
        shared_address.post(
            "/report/", report_form_data(campaign="UNION-MARCH", **MISTAKE)
        ).status_code
        for _ in range(6)
    ]

    assert statuses == [200] * 5 + [429]


def test_each_campaign_counts_its_posts_apart(shared_address, settings):
    """Two meetings in one hall: the posts of the first do not use up the
    second's."""
    settings.RATE_LIMIT_ENTRY_POSTS_PER_HOUR = 1
    make_campaign(code="UNION-MARCH", limit=1)
    make_campaign(code="UNION-APRIL", limit=1)

    def statuses(code, posts):
        return [
            shared_address.post(
                "/report/", report_form_data(campaign=code, **MISTAKE)
            ).status_code
            for _ in range(posts)
        ]

    assert statuses("UNION-MARCH", 6) == [200] * 5 + [429]
    assert statuses("UNION-APRIL", 6) == [200] * 5 + [429]


@pytest.mark.parametrize("path", ["/report/", "/sw/stories/new/", "/incident/new/"])
def test_a_link_fills_the_campaign_code(client, path):
    response = client.get(f"{path}?campaign=UNION-MARCH")

    assert field_value(response, "campaign") == "UNION-MARCH"


def test_a_form_that_changes_an_entry_has_no_campaign_field(client):
    from receipts.models import Receipt
    from tests.helpers import make_report

    receipt, code = Receipt.objects.issue()
    report = make_report(receipt=receipt)

    response = client.post(f"/receipt/reports/{report.pk}/edit/", {"code": code})

    assert response.status_code == 200
    assert field_value(response, "campaign") is None
    assert field_value(response, "pay_amount") is not None


def test_staff_create_a_campaign_in_the_admin(superuser_client):
    response = superuser_client.post(
        "/admin/core/campaign/add/",
        {
            "name": "Manila organizing meeting",
            "code": "manila-june",
            "valid_from_0": "2026-06-01",
            "valid_from_1": "09:00:00",
            "valid_until_0": "2026-06-01",
            "valid_until_1": "18:00:00",
            "limit": "200",
        },
    )

    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.code, campaign.limit, campaign.used) == ("MANILA-JUNE", 200, 0)


def test_a_campaign_must_end_after_it_starts(superuser_client):
    response = superuser_client.post(
        "/admin/core/campaign/add/",
        {
            "name": "Backwards",
            "code": "BACKWARDS",
            "valid_from_0": "2026-06-02",
            "valid_from_1": "09:00:00",
            "valid_until_0": "2026-06-01",
            "valid_until_1": "09:00:00",
            "limit": "10",
        },
    )

    assert response.status_code == 200
    assert "The campaign must end after it starts." in visible_text(response.content)
    assert Campaign.objects.count() == 0
