"""A worker on a phone, in Swahili, tells a story with a content warning."""

from datetime import date

from testimonies.models import Testimony

STORY = (
    "Tunakagua video za vurugu kwa saa tisa kila siku. Hakuna msaada wa "
    "kisaikolojia, na ukikosea mara tatu unaondolewa kwenye mradi."
)


def test_story_with_a_content_warning_in_swahili(phone):
    phone.goto("/sw/stories/new/")

    assert phone.locator("#id_language").input_value() == "sw"
    phone.locator("#id_text").fill(STORY)
    phone.get_by_label("Vurugu").check()
    phone.locator("#id_consent_publish_0").check()
    phone.locator("#id_consent_share_research_1").check()
    phone.get_by_role("button", name="Tuma hadithi yangu").click()

    phone.get_by_role("heading", name="Asante. Hadithi yako imetumwa.").wait_for()
    assert phone.locator("#receipt-code").inner_text().startswith("GT-")
    story = Testimony.objects.get()
    assert story.language == "sw"
    assert story.content_warnings == ["violence"]
    assert story.consent_publish is True
    assert story.consent_quote is False
    assert story.status == "pending"

    # Nothing is public until a moderator publishes a copy: not even a copy
    # made ready while the story waits.
    story.published_title = "Video za vurugu"
    story.published_text = STORY
    story.save(update_fields=["published_title", "published_text"])
    while_pending = story_pages(phone, story)
    story.status = "approved"
    story.published_on = date.today()
    story.save(update_fields=["status", "published_on"])
    once_published = story_pages(phone, story)

    assert while_pending == {
        "list": False, "search": False, "page": False, "feed": False
    }  # fmt: skip
    assert once_published == {
        "list": True, "search": True, "page": True, "feed": True
    }  # fmt: skip


def story_pages(phone, story):
    """Whether the story's own words are on the list, in a search for one of
    them, on its page (its title and text) and in the feed (its title: the
    content warning keeps the text out of feed readers)."""
    found = {}
    for name, path in [
        ("list", "/sw/stories/"),
        ("search", "/sw/stories/?q=kisaikolojia"),
        ("page", f"/sw/stories/{story.pk}/"),
        ("feed", "/sw/stories/feed/"),
    ]:
        response = phone.goto(path)
        text = response.text() if name == "feed" else phone.content()
        found[name] = "Video za vurugu" in text and (
            name != "page" or "Tunakagua video za vurugu" in text
        )
    return found
