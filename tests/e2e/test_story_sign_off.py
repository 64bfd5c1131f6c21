"""Problem 4 of issue 16, walked on a phone: the story form asks for the
author's sign-off (ticked) and for publication as a yes or no, and the sent
page says what will happen; in English and French, with and without
JavaScript."""

import pytest

from testimonies.models import Testimony

STORY = (
    "On nous paie quelques centimes par tâche. Quand un projet s'arrête, le "
    "compte est fermé sans explication et les heures de la semaine sont perdues."
)


@pytest.fixture
def page(any_phone):
    return any_phone


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_story_asks_for_sign_off_and_publication_then_says_what_happens(page, prefix):
    page.goto(f"{prefix}/stories/new/")
    form = page.locator("main form")

    assert page.locator("#id_wants_to_review_edits").is_checked()
    publish = page.locator("[name=consent_publish]")
    assert publish.count() == 2
    assert [publish.nth(0).is_checked(), publish.nth(1).is_checked()] == [False, False]

    page.locator("#id_text").fill(STORY)
    page.locator("#id_consent_share_research_1").check()
    form.locator("button[type=submit]").click()

    # Publication left unanswered: asked again, by the field, story kept.
    assert page.locator("#error_1_id_consent_publish").is_visible()
    assert page.locator("#id_text").input_value() == STORY
    assert page.locator("#id_wants_to_review_edits").is_checked()
    page.locator("#id_consent_publish_0").check()
    form.locator("button[type=submit]").click()

    page.locator("#receipt-code").wait_for()
    story = Testimony.objects.get()
    assert (story.consent_publish, story.wants_to_review_edits) == (True, True)
    assert story.consent_share_research is False
    next_steps = page.locator("ul.story-next li")
    assert next_steps.count() == 5
    if not prefix:
        text = page.locator("main").inner_text()
        assert "Nothing is published before you have seen the edited copy." in text
        assert "It will not be shared with researchers or journalists." in text
