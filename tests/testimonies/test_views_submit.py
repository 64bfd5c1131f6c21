"""Telling a story at /stories/new/, alone or under a report's receipt."""

import re

import pytest
from django.test import override_settings

from moderation.models import Status
from receipts.models import Receipt
from testimonies.models import Testimony
from tests.helpers import (
    STORY_TEXT,
    field_errors,
    field_value,
    make_report,
    make_story,
    read_form,
    story_form_data,
    visible_text,
)

CODE = re.compile(r"GT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")
pytestmark = pytest.mark.django_db


def test_form_defaults_to_the_page_language_and_reminds_about_identity(client):
    response = client.get("/sw/stories/new/")

    assert response.status_code == 200
    assert field_value(response, "language") == "sw"
    assert "Usiandike majina" in visible_text(response.content)


def test_story_on_its_own_gets_its_own_receipt(client):
    response = client.post(
        "/stories/new/", story_form_data(content_warnings=["violence", "self_harm"])
    )

    assert response.status_code == 200
    story = Testimony.objects.get()
    assert story.status == Status.PENDING
    assert story.content_warnings == ["violence", "self_harm"]
    assert (
        story.consent_publish,
        story.consent_share_research,
        story.consent_quote,
    ) == (
        True,
        False,
        True,
    )
    code = CODE.search(response.content.decode()).group()
    assert Receipt.objects.for_code(code) == story.receipt
    assert story.published_text == ""


def test_story_after_a_report_joins_the_same_receipt(client):
    receipt, code = Receipt.objects.issue()
    make_report(receipt=receipt)

    opened = client.post("/stories/new/", {"code": code})
    sent = client.post("/stories/new/", {**story_form_data(), "code": code})

    assert field_value(opened, "code") == code
    assert Testimony.objects.get().receipt == receipt
    assert CODE.search(sent.content.decode()) is None
    assert "added to the same receipt code" in visible_text(sent.content)


def test_story_under_a_code_that_opens_nothing_comes_back_with_a_message(client):
    """The receipt was withdrawn in another tab while the story was written:
    the story is kept, and the code is answered as /receipt/ answers it."""
    receipt, code = Receipt.objects.issue()
    opened = client.post("/stories/new/", {"code": code})
    receipt.delete()
    answers = read_form(opened).values | story_form_data(title="Rejected again")

    response = client.post("/stories/new/", answers)

    assert response.status_code == 200
    assert field_errors(response, "code") == (
        "No entries were found for this code. "
        "Check each letter and digit and try again."
    )
    assert field_value(response, "code") == code
    assert field_value(response, "title") == "Rejected again"
    assert STORY_TEXT in response.content.decode()
    assert Testimony.objects.count() == 0


def test_a_real_and_a_wrong_code_both_answer_200(client):
    """The status tells no more than /receipt/'s page does."""
    _receipt, code = Receipt.objects.issue()

    real = client.post("/stories/new/", {"code": code})
    wrong = client.post("/stories/new/", {"code": "GT-0000-0000-0000"})

    assert (real.status_code, wrong.status_code) == (200, 200)
    assert field_errors(real, "code") == ""
    assert "No entries were found" in field_errors(wrong, "code")


@override_settings(RATE_LIMIT_RECEIPT_LOOKUPS_PER_HOUR=30)
def test_codes_guessed_on_the_story_form_are_counted_as_lookups(client):
    guesses = [f"GT-0000-0000-{n:04d}" for n in range(31)]

    statuses = [
        client.post("/stories/new/", {**story_form_data(), "code": guess}).status_code
        for guess in guesses
    ]

    assert statuses == [200] * 30 + [429]
    assert Testimony.objects.count() == 0


@override_settings(RATE_LIMIT_RECEIPT_LOOKUPS_PER_HOUR=3)
def test_the_story_form_shares_the_lookup_limit_of_the_receipt_page(client):
    receipt, code = Receipt.objects.issue()
    make_report(receipt=receipt)
    for _ in range(3):
        client.post("/receipt/", {"code": "GT-0000-0000-0000"})

    response = client.post("/stories/new/", {**story_form_data(), "code": code})

    assert response.status_code == 429
    assert "Too many tries" in visible_text(response.content)
    assert STORY_TEXT in response.content.decode()
    assert Testimony.objects.count() == 0


def test_personal_data_is_found_and_recorded_by_field(client):
    text = STORY_TEXT + " Write to amina.k@gmail.com or call +254 712 345 678."

    response = client.post(
        "/stories/new/", story_form_data(title="From @amina_k", text=text)
    )

    story = Testimony.objects.get()
    kinds = [(f["field"], f["kind"]) for f in story.pii_findings]
    assert kinds == [("title", "handle"), ("text", "email"), ("text", "phone")]
    finding = story.pii_findings[1]
    assert text[finding["start"] : finding["end"]] == "amina.k@gmail.com"
    assert "looks like personal details" in visible_text(response.content)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("text", "", "Write your story here."),
        ("text", "Too short.", "Please write a little more: at least 80 characters"),
        ("text", "x" * 20001, "Please shorten your story to 20000 characters"),
        ("title", "t" * 121, "Use at most 120 characters."),
        ("language", "", "Choose the language of your story."),
        ("language", "klingon", "Choose a language from the list."),
        ("platform", "999999", "Choose a platform from the list."),
        ("country", "XX", "Choose a country from the list."),
        ("task_type", "abc", "Choose a type of work from the list."),
        ("content_warnings", ["gore"], "Choose warnings from the list."),
    ],
)
def test_bad_input_gets_a_message_and_keeps_the_story(client, field, value, message):
    data = story_form_data(title="Ten hours a day", country="KE")
    data[field] = value

    response = client.post("/stories/new/", data)

    assert Testimony.objects.count() == 0
    assert message in field_errors(response, field)
    if field != "text":
        assert STORY_TEXT in response.content.decode()
    if field != "title":
        assert field_value(response, "title") == "Ten hours a day"


def test_honeypot_filled_is_refused(client):
    client.post("/stories/new/", story_form_data(website="spam"))

    assert Testimony.objects.count() == 0


def test_forged_post_without_csrf_token_is_refused(csrf_client):
    response = csrf_client.post("/stories/new/", story_form_data())

    assert response.status_code == 403
    assert Testimony.objects.count() == 0


@override_settings(RATE_LIMIT_SUBMISSIONS_PER_HOUR=1)
def test_rate_limit_answers_429_and_keeps_the_story(client):
    client.post("/stories/new/", story_form_data())

    response = client.post("/stories/new/", story_form_data(title="Second"))

    assert response.status_code == 429
    assert Testimony.objects.count() == 1
    assert field_value(response, "title") == "Second"


def test_receipt_page_lists_the_story_with_change_and_delete(client):
    receipt, code = Receipt.objects.issue()
    make_report(receipt=receipt)
    story = make_story(receipt=receipt, title="Screenshots")

    response = client.post("/receipt/", {"code": code}, follow=True)

    text = visible_text(response.content)
    assert "Your story: Screenshots" in text
    assert f'href="/receipt/stories/{story.pk}/edit/"' in response.content.decode()


def test_editing_a_published_story_sends_it_back_and_unpublishes_it(client):
    receipt, code = Receipt.objects.issue()
    story = make_story(receipt=receipt, published=True)
    new_text = STORY_TEXT + " Since then they cut the rate again."

    response = client.post(
        f"/receipt/stories/{story.pk}/edit/",
        {**story_form_data(text=new_text), "code": code, "save": "1"},
    )

    story.refresh_from_db()
    assert response.status_code == 302
    assert story.text == new_text
    assert story.status == Status.PENDING
    assert story.published_text == ""
    assert client.get(f"/stories/{story.pk}/").status_code == 404


def test_withdrawing_a_story_deletes_it_and_the_empty_receipt(client):
    receipt, code = Receipt.objects.issue()
    story = make_story(receipt=receipt, published=True)

    asked = client.post(f"/receipt/stories/{story.pk}/withdraw/", {"code": code})
    done = client.post(
        f"/receipt/stories/{story.pk}/withdraw/", {"code": code, "confirm": "1"}
    )

    assert "Delete this story?" in visible_text(asked.content)
    assert done.status_code == 200
    assert Testimony.objects.count() == 0
    assert Receipt.objects.count() == 0


def test_withdrawing_a_story_keeps_the_report_and_its_receipt(client):
    receipt, code = Receipt.objects.issue()
    make_report(receipt=receipt)
    story = make_story(receipt=receipt)

    client.post(
        f"/receipt/stories/{story.pk}/withdraw/", {"code": code, "confirm": "1"}
    )

    assert Testimony.objects.count() == 0
    assert receipt.reports.count() == 1
    assert Receipt.objects.filter(pk=receipt.pk).exists()


def test_story_of_another_receipt_is_404(client):
    story = make_story()
    _receipt, other_code = Receipt.objects.issue()

    edit = client.post(f"/receipt/stories/{story.pk}/edit/", {"code": other_code})
    withdraw = client.post(
        f"/receipt/stories/{story.pk}/withdraw/", {"code": other_code, "confirm": "1"}
    )

    assert (edit.status_code, withdraw.status_code) == (404, 404)
    assert Testimony.objects.count() == 1


def test_edit_and_withdraw_without_an_open_receipt_ask_for_the_code(client):
    story = make_story()

    for action in ("edit", "withdraw"):
        response = client.get(f"/receipt/stories/{story.pk}/{action}/")
        assert (response.status_code, response["Location"]) == (302, "/receipt/")


def test_a_story_sent_twice_is_saved_once(client):
    token = field_value(client.get("/stories/new/"), "submission_token")

    client.post("/stories/new/", story_form_data(submission_token=token))
    second = client.post("/stories/new/", story_form_data(submission_token=token))

    assert Testimony.objects.count() == 1
    assert "This was already sent" in visible_text(second.content)
