"""Reading stories: only published copies, with consent, month only."""

from datetime import date
from xml.etree import ElementTree

import pytest

from moderation.models import Status
from surveys.models import Platform, TaskType
from testimonies.models import Testimony
from tests.helpers import make_story, parse_html, visible_text

pytestmark = pytest.mark.django_db

ORIGINAL = (
    "My supervisor Jane Doe at the Nairobi office read our chats. "
    "Call me on +254 712 345 678. We worked ten hours a day for little pay."
)


@pytest.fixture
def hidden_stories():
    """Stories that must never show: pending, rejected, without publish consent."""
    # Each holds a moderator's copy with words of its own, as a story sent
    # back to review after an edit would: what would show if it leaked.
    return [
        make_story(
            text=ORIGINAL + " pending",
            status=Status.PENDING,
            published_title="Marimba night shifts",
            published_text="The marimba shifts paid nothing extra.",
            published_on=date.today(),
        ),
        make_story(
            text=ORIGINAL + " rejected",
            status=Status.REJECTED,
            published_title="Quetzal queue",
            published_text="The quetzal queue closed without warning.",
            published_on=date.today(),
        ),
        make_story(
            text=ORIGINAL + " no consent",
            status=Status.APPROVED,
            consent_publish=False,
            published_title="Zanzibar rates",
            published_text="Approved without consent: zanzibar rates fell.",
            published_on=date.today(),
        ),
    ]


# (a word to search for, the words of the story's own title)
HIDDEN_WORDS = [
    ("marimba", "Marimba night shifts"),
    ("quetzal", "Quetzal queue"),
    ("zanzibar", "Zanzibar rates"),
]


def responses_for(client, story, words):
    """The list, a search for the story's word, its page and the feed."""
    return [
        client.get("/stories/"),
        client.get(f"/stories/?q={words[0]}"),
        client.get(f"/stories/{story.pk}/"),
        client.get("/stories/feed/"),
    ]


def holds(response, words):
    # The title, not the searched word: a search page repeats its query.
    return words[1] in response.content.decode()


@pytest.fixture
def published():
    return make_story(
        text=ORIGINAL,
        published=True,
        published_title="Ten hours a day",
        published_text="My supervisor at the office read our chats. "
        "We worked ten hours a day for little pay.",
        platform=Platform.objects.get(slug="sama"),
        country="KE",
        task_type=TaskType.objects.get(slug="content-moderation"),
    )


def public_responses(client, story):
    return [
        client.get("/stories/"),
        client.get("/stories/?q=supervisor"),
        client.get(f"/stories/{story.pk}/"),
        client.get("/stories/feed/"),
    ]


def test_original_text_never_appears_in_public(client, published):
    for response in public_responses(client, published):
        content = response.content.decode()
        assert "Jane Doe" not in content
        assert "712 345 678" not in content


def test_published_copy_is_shown_with_month_only(client, published):
    response = client.get(f"/stories/{published.pk}/")

    text = visible_text(response.content)
    assert response.status_code == 200
    assert "My supervisor at the office read our chats." in text
    assert f"{date.today():%B %Y}" in text
    assert date.today().isoformat() not in response.content.decode()
    assert "Sama" in text
    assert "Kenya" in text


def test_hidden_stories_are_absent_everywhere(client, hidden_stories, published):
    shown_once_published = []
    for story, word in zip(hidden_stories, HIDDEN_WORDS, strict=True):
        hidden = story.status, story.consent_publish
        Testimony.objects.filter(pk=story.pk).update(
            status=Status.APPROVED, consent_publish=True
        )
        # Where each story's words would be found were it public.
        shown_once_published.append(
            [holds(response, word) for response in responses_for(client, story, word)]
        )
        Testimony.objects.filter(pk=story.pk).update(
            status=hidden[0], consent_publish=hidden[1]
        )

    assert shown_once_published == [[True] * 4] * 3
    for story, word in zip(hidden_stories, HIDDEN_WORDS, strict=True):
        responses = responses_for(client, story, word)
        assert [holds(response, word) for response in responses] == [False] * 4
        assert responses[2].status_code == 404
        for response in public_responses(client, published):
            assert not holds(response, word)


def test_list_holds_only_published_stories_newest_first(client, hidden_stories):
    older = make_story(
        published=True, published_title="Older", published_on=date(2026, 1, 5)
    )
    newer = make_story(
        published=True, published_title="Newer", published_on=date(2026, 3, 9)
    )

    response = client.get("/stories/")

    assert list(response.context["stories"]) == [newer, older]


def test_content_warning_folds_the_text(client):
    story = make_story(published=True, content_warnings=["violence"])

    response = client.get(f"/stories/{story.pk}/")

    tags = [tag for tag, _attrs in parse_html(response.content)]
    assert "details" in tags
    assert "Content warning: Violence." in visible_text(response.content)
    feed = client.get("/stories/feed/").content.decode()
    assert "Content warning: Violence" in feed
    assert story.published_text not in feed


def test_cite_block_only_with_quote_consent(client):
    quotable = make_story(published=True, consent_quote=True)
    private = make_story(published=True, consent_quote=False)

    with_cite = visible_text(client.get(f"/stories/{quotable.pk}/").content)
    without = visible_text(client.get(f"/stories/{private.pk}/").content)

    assert "Cite this story" in with_cite
    assert f"Ground Truth, story {quotable.pk}, {date.today():%B %Y}. " in with_cite
    assert f"http://testserver/stories/{quotable.pk}/" in with_cite
    assert "Cite this story" not in without
    assert "please do not quote this story" in without


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("platform=sama", ["Sama story"]),
        ("country=PH", ["Philippines story"]),
        ("task_type=translation", ["Philippines story"]),
        ("language=sw", ["Swahili story"]),
        ("q=screenshots", ["Sama story"]),
        ("q=SCREENSHOTS", ["Sama story"]),
        ("q=nothing-like-this", []),
        (
            "platform=no-such-platform",
            ["Swahili story", "Philippines story", "Sama story"],
        ),
    ],
)
def test_filters_and_search(client, query, expected):
    make_story(
        published=True,
        published_title="Sama story",
        published_text="They take screenshots of our screens all day.",
        platform=Platform.objects.get(slug="sama"),
        published_on=date(2026, 1, 1),
    )
    make_story(
        published=True,
        published_title="Philippines story",
        published_text="We translate product reviews at night.",
        country="PH",
        task_type=TaskType.objects.get(slug="translation"),
        published_on=date(2026, 2, 1),
    )
    make_story(
        published=True,
        published_title="Swahili story",
        published_text="Tunafanya kazi usiku kucha bila malipo ya ziada.",
        language="sw",
        published_on=date(2026, 3, 1),
    )

    response = client.get(f"/stories/?{query}")

    titles = [story.published_title for story in response.context["stories"]]
    assert titles == expected


def test_search_finds_every_word_in_any_order_and_case():
    make_story(published=True, published_text="Rejected work is never paid back.")
    make_story(published=True, published_text="Paid late again.")

    def found(words):
        return [
            story.published_text
            for story in Testimony.objects.published().search(words)
        ]

    assert found("PAID rejected") == ["Rejected work is never paid back."]
    assert found("rejected unicorn") == []
    assert sorted(found("paid")) == [
        "Paid late again.",
        "Rejected work is never paid back.",
    ]


def test_search_forgets_a_withdrawn_copy_and_reads_an_edited_one():
    """Opened copies are kept in memory between searches: never one that is
    gone, never an old version of one that changed."""
    from testimonies import search

    kept = make_story(published=True, published_text="Paid late again.")
    withdrawn = make_story(published=True, published_text="Paid late, then cut off.")
    assert Testimony.objects.published().search("late").count() == 2

    withdrawn.delete()
    kept.published_text = "Paid on time, for once."
    kept.save()

    assert list(Testimony.objects.published().search("late")) == []
    assert list(Testimony.objects.published().search("time")) == [kept]
    assert "cut off" not in " ".join(search._opened.values())


def test_search_ignores_repeated_words_and_reads_ten_at_most():
    from testimonies.search import search_words

    words = search_words("Pay pay PAY " + " ".join(f"w{n}" for n in range(20)))

    assert words[:2] == ["pay", "w0"]
    assert len(words) == 10


def test_pagination_keeps_the_filters(client):
    for number in range(12):
        make_story(
            published=True,
            published_title=f"Story about Sama {number}",
            platform=Platform.objects.get(slug="sama"),
        )

    first = client.get("/stories/?platform=sama")
    second = client.get("/stories/?platform=sama&page=2")

    assert len(first.context["stories"]) == 10
    assert len(second.context["stories"]) == 2
    assert 'href="?platform=sama&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_does_not_grow_with_stories(
    client, django_assert_max_num_queries, count
):
    for _ in range(count):
        make_story(
            published=True,
            platform=Platform.objects.get(slug="sama"),
            task_type=TaskType.objects.get(slug="translation"),
        )

    with django_assert_max_num_queries(11):
        response = client.get("/stories/")

    assert len(response.context["stories"]) == count


def test_unknown_story_is_404(client):
    assert client.get("/stories/999999/").status_code == 404


def test_feed_is_atom_in_the_page_language(client):
    make_story(published=True, published_title="Ten hours a day")

    response = client.get("/fr/stories/feed/")

    assert response["Content-Type"].startswith("application/atom+xml")
    content = response.content.decode()
    assert 'xml:lang="fr"' in content
    assert "<title>Ten hours a day</title>" in content
    assert "Ground Truth : témoignages de travailleurs" in content


def test_feed_serves_story_markup_as_plain_text(client):
    markup = '<img src="https://tracker.example/x.png"> <a href="https://evil.example/">login</a>'
    make_story(published=True, published_title="<b>Title</b>", published_text=markup)

    response = client.get("/stories/feed/")

    atom = "{http://www.w3.org/2005/Atom}"
    entry = ElementTree.fromstring(response.content).find(f"{atom}entry")
    summary = entry.find(f"{atom}summary")
    title = entry.find(f"{atom}title")
    assert summary.get("type") == "text"
    assert summary.text == markup
    assert title.get("type", "text") == "text"
    assert title.text == "<b>Title</b>"
    assert entry.find(f"{atom}content") is None
