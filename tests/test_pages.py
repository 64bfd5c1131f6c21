"""Project-wide checks that every public page must pass, in every language."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.helpers import parse_html, public_url_names, visible_text

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
PAGES = [(name, code) for name in public_url_names() for code in LANGUAGE_CODES]


def get_page(client, name, language):
    with translation.override(language):
        url = reverse(name)
    return url, client.get(url)


def test_public_pages_are_found():
    # Guards the discovery itself: an empty list would make the tests below vacuous.
    assert {"home", "privacy", "surveys:report-new", "testimonies:story-new"} <= set(
        public_url_names()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "language"), PAGES)
def test_public_page_renders_in_language(client, name, language):
    url, response = get_page(client, name, language)

    assert response.status_code == 200
    tags = parse_html(response.content)
    html = next(attrs for tag, attrs in tags if tag == "html")
    assert html["lang"] == language
    if language != "en":
        assert url.startswith(f"/{language}/")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "language"), PAGES)
def test_public_page_has_one_h1(client, name, language):
    _url, response = get_page(client, name, language)

    h1_count = sum(1 for tag, _attrs in parse_html(response.content) if tag == "h1")
    assert h1_count == 1


def is_foreign(url):
    """True for a URL that leaves this site (another host, or a data: or js: URL)."""
    parts = urlsplit(url)
    other_host = parts.netloc not in ("", "testserver")
    return other_host or parts.scheme not in ("", "http", "https", "mailto")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "language"), PAGES)
def test_public_page_loads_nothing_from_another_origin(client, name, language):
    _url, response = get_page(client, name, language)

    foreign = []
    for tag, attrs in parse_html(response.content):
        for attribute in ("src", "href", "action", "srcset", "poster", "data"):
            value = attrs.get(attribute)
            if value is None:
                continue
            if is_foreign(value):
                foreign.append((tag, attribute, value))
    assert foreign == []


@pytest.mark.django_db
def test_home_sets_no_cookie(client):
    response = client.get("/")

    assert response.cookies == {}


@pytest.mark.django_db
def test_header_links_to_the_four_jobs(client):
    response = client.get("/fr/")

    hrefs = {
        attrs.get("href") for tag, attrs in parse_html(response.content) if tag == "a"
    }
    assert {"/fr/report/", "/fr/stories/new/", "/fr/stats/", "/fr/receipt/"} <= hrefs
    assert "/fr/privacy/" in hrefs


@pytest.mark.django_db
def test_skip_link_targets_main_content(client):
    response = client.get("/")

    tags = parse_html(response.content)
    first_link = next(attrs for tag, attrs in tags if tag == "a")
    assert first_link["href"] == "#main"
    assert any(tag == "main" and attrs.get("id") == "main" for tag, attrs in tags)


@pytest.mark.django_db
def test_language_switcher_links_to_the_same_page_in_each_language(client):
    response = client.get("/privacy/")

    tags = parse_html(response.content)
    switcher = {
        attrs["hreflang"]: attrs["href"]
        for tag, attrs in tags
        if tag == "a" and "hreflang" in attrs
    }
    # Each through choose_language, which remembers the pick (core.views).
    assert switcher == {
        "en": "/language/en/?next=%2Fprivacy%2F",
        "fr": "/language/fr/?next=%2Ffr%2Fprivacy%2F",
        "es": "/language/es/?next=%2Fes%2Fprivacy%2F",
        "sw": "/language/sw/?next=%2Fsw%2Fprivacy%2F",
        "fil": "/language/fil/?next=%2Ffil%2Fprivacy%2F",
        "ar": "/language/ar/?next=%2Far%2Fprivacy%2F",
        "hi": "/language/hi/?next=%2Fhi%2Fprivacy%2F",
        "pt-br": "/language/pt-br/?next=%2Fpt-br%2Fprivacy%2F",
        "id": "/language/id/?next=%2Fid%2Fprivacy%2F",
        "bn": "/language/bn/?next=%2Fbn%2Fprivacy%2F",
    }
    assert client.get(switcher["sw"])["Location"] == "/sw/privacy/"
    assert client.get(switcher["pt-br"])["Location"] == "/pt-br/privacy/"
    alternates = {
        attrs["hreflang"]: attrs["href"]
        for tag, attrs in tags
        if tag == "link" and attrs.get("rel") == "alternate"
    }
    assert alternates["fil"] == "http://testserver/fil/privacy/"


@pytest.mark.django_db
def test_privacy_page_says_what_is_never_kept(client):
    response = client.get("/es/privacy/")

    text = visible_text(response.content)
    assert "dirección IP" in text
    assert str(settings.K_ANONYMITY) in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/no-such-page/", "Page not found"),
        ("/fr/no-such-page/", "Page introuvable"),
        ("/sw/no-such-page/", "Ukurasa haupatikani"),
    ],
)
def test_unknown_url_gets_translated_404(client, path, heading):
    response = client.get(path)

    assert response.status_code == 404
    h1 = visible_text(response.content)
    assert heading in h1
    assert any(
        tag == "a" and attrs.get("href") in ("/", "/fr/", "/sw/")
        for tag, attrs in parse_html(response.content)
    )


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_failing")
@pytest.mark.parametrize(
    ("path", "heading"),
    [("/boom/", "Something went wrong"), ("/fr/boom/", "Un problème est survenu")],
)
def test_server_error_gets_translated_500_without_trace(path, heading):
    client = Client(raise_request_exception=False)

    response = client.get(path)

    assert response.status_code == 500
    text = visible_text(response.content)
    assert heading in text
    assert "Traceback" not in text
    assert "deliberate failure" not in text


@pytest.mark.django_db
def test_wrong_method_is_refused(client):
    response = client.post("/")

    assert response.status_code == 405
