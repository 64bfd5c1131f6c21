"""A worker on a phone, in Swahili, tells a story with a content warning."""

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
    phone.locator("#id_consent_publish").check()
    phone.get_by_role("button", name="Tuma hadithi yangu").click()

    phone.get_by_role("heading", name="Asante. Hadithi yako imetumwa.").wait_for()
    assert phone.locator("#receipt-code").inner_text().startswith("GT-")
    story = Testimony.objects.get()
    assert story.language == "sw"
    assert story.content_warnings == ["violence"]
    assert story.consent_publish is True
    assert story.consent_quote is False
    assert story.status == "pending"
    # Nothing is public until a moderator publishes a copy.
    phone.goto("/sw/stories/")
    assert STORY not in phone.content()
