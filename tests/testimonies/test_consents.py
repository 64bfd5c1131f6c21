"""The author's choices on the story form: publication and sharing asked as
yes or no, the sign-off on edits on by default, and the sent page saying
what will and will not happen."""

import pytest

from receipts.models import Receipt
from testimonies.models import Testimony
from tests.helpers import (
    STORY_TEXT,
    field_errors,
    make_story,
    read_form,
    story_form_data,
    visible_text,
)

pytestmark = pytest.mark.django_db


def test_sign_off_is_offered_and_ticked_and_nothing_is_answered_for_the_author(
    client,
):
    values = read_form(client.get("/stories/new/")).values

    assert values.get("wants_to_review_edits") == "on"
    assert "consent_publish" not in values
    assert "consent_share_research" not in values


def test_story_sent_as_the_page_holds_it_keeps_the_sign_off(client):
    page = client.get("/stories/new/")
    answers = read_form(page).values | {
        "text": STORY_TEXT,
        "consent_publish": "yes",
        "consent_share_research": "no",
    }

    client.post("/stories/new/", answers)

    story = Testimony.objects.get()
    assert (story.wants_to_review_edits, story.consent_publish) == (True, True)
    assert story.consent_share_research is False


@pytest.mark.parametrize("field", ["consent_publish", "consent_share_research"])
def test_unanswered_consent_gets_a_message_and_keeps_the_story(client, field):
    response = client.post("/stories/new/", story_form_data(**{field: None}))

    assert Testimony.objects.count() == 0
    assert "Choose yes or no" in field_errors(response, field)
    assert STORY_TEXT in response.content.decode()


def test_a_yes_or_no_that_is_neither_is_refused(client):
    response = client.post("/stories/new/", story_form_data(consent_publish="on"))

    assert Testimony.objects.count() == 0
    assert "Choose yes or no" in field_errors(response, "consent_publish")


def test_changing_a_story_shows_the_answers_given(client):
    receipt, code = Receipt.objects.issue()
    story = make_story(
        receipt=receipt, consent_publish=False, consent_share_research=True
    )

    response = client.post(f"/receipt/stories/{story.pk}/edit/", {"code": code})

    values = read_form(response).values
    assert (values["consent_publish"], values["consent_share_research"]) == (
        "no",
        "yes",
    )


def sent_page(client, **answers):
    return visible_text(
        client.post("/stories/new/", story_form_data(**answers)).content
    )


def test_sent_page_says_a_private_story_stays_private(client):
    text = sent_page(client, consent_publish="no", wants_to_review_edits="on")

    assert "Your story will not be published on this site." in text
    assert "It will not be shared with researchers or journalists." in text
    assert "Accept and publish" not in text


def test_sent_page_says_the_author_sees_the_edits_first_and_how_to_accept(client):
    text = sent_page(
        client,
        consent_publish="yes",
        consent_share_research="yes",
        wants_to_review_edits="on",
    )

    assert "Nothing is published before you have seen the edited copy." in text
    assert "press “Accept and publish” under your code" in text
    assert "within 90 days, the story is deleted" in text
    assert "may be shared with researchers and journalists" in text


def test_sent_page_says_edits_are_published_unseen_without_the_sign_off(client):
    text = sent_page(client, consent_publish="yes", wants_to_review_edits="")

    assert "You will not see it before it is published" in text
    assert "Nothing is published before you have seen" not in text
