"""The receipt session: after a right code, the pages under it are GET pages
that open with a short-lived cookie, and nothing else."""

import base64
import time
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from moderation.models import Status
from receipts import sessions
from receipts.models import Receipt
from tests.helpers import (
    field_value,
    make_report,
    report_form_data,
    story_form_data,
    visible_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(client, report, code):
    """A client whose phone has the receipt open."""
    client.post("/receipt/", {"code": code})
    return client


def test_right_code_redirects_to_a_get_page_of_the_entries(client, report, code):
    posted = client.post("/sw/receipt/", {"code": code})
    page = client.get(posted["Location"])

    assert (posted.status_code, posted["Location"]) == (302, "/sw/receipt/entries/")
    assert page.status_code == 200
    assert "Outlier AI" in visible_text(page.content)
    assert "no-store" in posted["Cache-Control"]
    assert "no-store" in page["Cache-Control"]


def test_the_entries_page_opens_again_in_another_language(opened):
    english = opened.get("/receipt/entries/")
    swahili = opened.get("/sw/receipt/entries/")

    assert "Outlier AI" in visible_text(english.content)
    assert "Outlier AI" in visible_text(swahili.content)
    assert 'lang="sw"' in swahili.content.decode()


def test_the_code_never_appears_on_the_pages_under_it(opened, report, code):
    pages = [
        opened.get("/receipt/entries/"),
        opened.get(f"/receipt/reports/{report.pk}/edit/"),
        opened.get(f"/receipt/reports/{report.pk}/withdraw/"),
        opened.get("/stories/new/?under=receipt"),
    ]

    assert [page.status_code for page in pages] == [200] * 4
    for page in pages:
        assert code not in page.content.decode()
        assert code.replace("-", "")[2:] not in page.content.decode()
        assert 'name="code"' not in page.content.decode()
        assert "no-store" in page["Cache-Control"]
        assert "End now (shared phone)" in visible_text(page.content)


def test_edit_opens_by_get_and_saves_back_to_the_entries(opened, report):
    form = opened.get(f"/receipt/reports/{report.pk}/edit/")
    saved = opened.post(
        f"/receipt/reports/{report.pk}/edit/",
        {**report_form_data(pay_amount="4.00"), "save": "1"},
    )
    entries = opened.get(saved["Location"])
    again = opened.get("/receipt/entries/")

    assert 'value="3.10"' in form.content.decode()
    assert (saved.status_code, saved["Location"]) == (302, "/receipt/entries/")
    report.refresh_from_db()
    assert report.pay_amount == 4
    assert report.status == Status.PENDING
    assert "Your changes are saved" in visible_text(entries.content)
    # A notice is said once.
    assert "Your changes are saved" not in visible_text(again.content)


def test_withdraw_asks_by_get_then_deletes_and_returns(opened, report):
    other = make_report(receipt=report.receipt, period="2026-08")

    asked = opened.get(f"/receipt/reports/{report.pk}/withdraw/")
    done = opened.post(f"/receipt/reports/{report.pk}/withdraw/", {"confirm": "1"})

    assert "Delete this report?" in visible_text(asked.content)
    assert 'href="/receipt/entries/"' in asked.content.decode()  # "No, keep it"
    assert done["Location"] == "/receipt/entries/"
    assert list(report.receipt.reports.all()) == [other]


def test_withdrawing_the_last_entry_ends_the_session(opened, report):
    done = opened.post(f"/receipt/reports/{report.pk}/withdraw/", {"confirm": "1"})

    assert "Nothing is left of it" in visible_text(done.content)
    assert done.cookies[sessions.COOKIE_NAME].value == ""
    assert opened.get("/receipt/entries/")["Location"] == "/receipt/"


def test_a_story_is_added_under_the_open_receipt_without_the_code(opened, report):
    form = opened.get("/stories/new/?under=receipt")

    sent = opened.post("/stories/new/", {**story_form_data(), "under": "receipt"})

    assert 'name="under" value="receipt"' in form.content.decode()
    assert sent.status_code == 200
    assert report.receipt.testimonies.count() == 1


def test_a_story_under_an_ended_session_asks_for_the_code_and_keeps_it(client):
    sent = client.post(
        "/stories/new/", {**story_form_data(title="Kept"), "under": "receipt"}
    )

    assert 'name="code"' in sent.content.decode()
    assert field_value(sent, "title") == "Kept"


def test_an_entry_of_another_receipt_is_404_under_the_session(opened):
    stranger = make_report(receipt=Receipt.objects.issue()[0])

    assert opened.get(f"/receipt/reports/{stranger.pk}/edit/").status_code == 404
    assert opened.get(f"/receipt/reports/{stranger.pk}/withdraw/").status_code == 404


def test_no_session_cookie_before_a_right_code(client, report):
    pages = [
        client.get("/"),
        client.get("/receipt/"),
        client.get("/receipt/entries/"),
        client.post("/receipt/", {"code": "GT-0000-0000-0000"}),
        client.post("/receipt/", {"code": "nonsense"}),
    ]

    # CSRF's cookie only, as for any form.
    assert [set(page.cookies) - {"csrftoken"} for page in pages] == [set()] * 5
    assert Session.objects.count() == 0


def test_the_cookie_is_signed_http_only_and_strict(client, report, code):
    cookie = client.post("/receipt/", {"code": code}).cookies[sessions.COOKIE_NAME]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    # Gone from a phone left idle, as the server refuses it then anyway.
    assert cookie["max-age"] == settings.RECEIPT_SESSION_IDLE_SECONDS
    assert cookie["path"] == "/"


def test_the_cookie_and_the_stored_session_name_neither_code_nor_receipt(
    client, report, code
):
    """An attacker with the cookie, or with the database, learns nothing of
    the code nor of which receipt was opened."""
    receipt = report.receipt
    cookie = client.post("/receipt/", {"code": code}).cookies[sessions.COOKIE_NAME]
    value = cookie.value
    decoded = (
        value
        + " "
        + " ".join(
            base64.urlsafe_b64decode(part + "==").hex()
            for part in value.replace(":", ".").split(".")
            if part
        )
    )
    stored = Session.objects.get()
    stored_text = str(stored.get_decoded()) + stored.session_data

    for secret in (code, code.replace("-", "")[2:], receipt.code_hash):
        assert secret.lower() not in decoded.lower()
        assert secret.lower() not in stored_text.lower()
    assert f"receipt {receipt.pk}" not in decoded
    assert str(stored.expire_date.time()) == "00:00:00"


def test_a_forged_or_moderator_cookie_opens_nothing(client, report, code, settings):
    client.post("/receipt/", {"code": code})
    key = Session.objects.get().session_key
    thief = Client()

    # The bare session key, unsigned; or passed as a moderator's session.
    thief.cookies[sessions.COOKIE_NAME] = key
    thief.cookies[settings.SESSION_COOKIE_NAME] = key

    assert thief.get("/receipt/entries/")["Location"] == "/receipt/"
    assert thief.get("/moderate/").status_code == 302


def test_a_stolen_cookie_opens_nothing_after_end_now(client, report, code):
    client.post("/receipt/", {"code": code})
    stolen = SimpleCookie()
    stolen.load(client.cookies.output(header=""))
    thief = Client()
    thief.cookies = stolen
    assert thief.get("/receipt/entries/").status_code == 200  # before: it works

    ended = client.post("/receipt/end/")

    assert ended["Location"] == "/receipt/ended/"
    assert ended.cookies[sessions.COOKIE_NAME].value == ""
    assert Session.objects.count() == 0
    assert thief.get("/receipt/entries/")["Location"] == "/receipt/"
    assert thief.get(f"/receipt/reports/{report.pk}/edit/")["Location"] == "/receipt/"
    assert client.get("/receipt/entries/")["Location"] == "/receipt/"


def test_the_session_ends_after_the_idle_time(client, report, code, settings):
    settings.RECEIPT_SESSION_IDLE_SECONDS = 60
    client.post("/receipt/", {"code": code})
    stolen = client.cookies[sessions.COOKIE_NAME].value
    now = time.time()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(time, "time", lambda: now + 50)
        within = client.get("/receipt/entries/")
        patch.setattr(time, "time", lambda: now + 100)
        # Used 50 s ago: still open for its owner, whose cookie was signed again.
        kept = client.get("/receipt/entries/")
        patch.setattr(time, "time", lambda: now + 170)
        idle = client.get("/receipt/entries/")
        thief = Client()
        thief.cookies[sessions.COOKIE_NAME] = stolen
        stale = thief.get("/receipt/entries/")

    assert within.status_code == 200
    assert kept.status_code == 200
    assert idle["Location"] == "/receipt/"
    assert stale["Location"] == "/receipt/"


def test_end_now_leaves_a_moderators_session_alone(moderator_client, report, code):
    moderator_client.post("/receipt/", {"code": code})

    moderator_client.post("/receipt/end/")

    assert moderator_client.get("/moderate/").status_code == 200
    assert moderator_client.get("/receipt/entries/")["Location"] == "/receipt/"


def test_end_now_refuses_get(client):
    assert client.get("/receipt/end/").status_code == 405


def test_a_posted_code_still_opens_the_edit_form_and_counts_as_a_guess(
    client, report, settings
):
    settings.RATE_LIMIT_RECEIPT_LOOKUPS_PER_HOUR = 2
    for _ in range(2):
        client.post(
            f"/receipt/reports/{report.pk}/edit/", {"code": "GT-0000-0000-0000"}
        )

    response = client.post("/receipt/", {"code": "GT-0000-0000-0001"})

    assert response.status_code == 429


def test_end_now_after_the_idle_time_still_deletes_the_stored_session(
    client, report, code, settings
):
    """A phone put down past the idle time, then "End now": the row goes at
    once, not days later when expired sessions are swept."""
    settings.RECEIPT_SESSION_IDLE_SECONDS = 60
    client.post("/receipt/", {"code": code})
    now = time.time()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(time, "time", lambda: now + 600)
        client.post("/receipt/end/")

    assert Session.objects.count() == 0


def test_the_stored_session_tells_no_time(client, report, code):
    """Django's own session data is signed with the second it was saved;
    a receipt's must not say when it was opened (the day, never the time)."""
    client.post("/receipt/", {"code": code})
    stored = Session.objects.get().session_data

    # payload:signature, with no timestamp field between them.
    assert stored.count(":") == 1
    assert sessions.ReceiptSessionStore().decode(stored)


def test_the_plain_incident_form_on_a_shared_phone_ignores_the_open_receipt(
    opened, report
):
    """The last person left their receipt open; the next one taps "Not
    paid?": their incident must not go under, nor show, the other receipt."""
    from incidents.models import Incident
    from tests.helpers import incident_form_data

    page = opened.get("/incident/new/")
    opened.post("/incident/new/", incident_form_data(country="GH", currency="USD"))

    assert field_value(page, "country") in ("", None)
    assert 'name="under"' not in page.content.decode()
    assert Incident.objects.get().receipt != report.receipt


def test_changes_under_the_open_receipt_count_under_the_posts_cap(
    opened, report, settings
):
    """With the session, a change costs no code guess: a phone could send a
    report back to the moderators' queue without end. The posts cap holds."""
    settings.RATE_LIMIT_ENTRY_POSTS_PER_HOUR = 3
    data = report_form_data(pay_amount="3.20") | {"save": "1"}
    answers = [
        opened.post(f"/receipt/reports/{report.pk}/edit/", data).status_code
        for _ in range(5)
    ]

    assert answers == [302, 302, 302, 429, 429]
    assert field_value(
        opened.post(f"/receipt/reports/{report.pk}/edit/", data), "pay_amount"
    ) in ("3.20", "3.2")
