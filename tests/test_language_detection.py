"""A first visit lands in the phone's language; a reader's pick wins."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("sw-KE,sw;q=0.9,en;q=0.8", "/sw/"), ("fil-PH", "/fil/"), ("es-CO,es", "/es/")],
)
def test_a_first_visit_goes_to_the_phones_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)

    assert (response.status_code, response["Location"]) == (302, expected)
    assert {"Accept-Language", "Cookie"} <= set(response["Vary"].split(", "))


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("pt-BR", "/pt-br/"),
        # Brazilian Portuguese is the only Portuguese: Portugal's phones too.
        ("pt", "/pt-br/"),
        ("pt-PT", "/pt-br/"),
        ("bn-IN", "/bn/"),
        ("bn-BD", "/bn/"),
        ("ar-EG", "/ar/"),
        ("ar-SA", "/ar/"),
        ("hi-IN", "/hi/"),
        ("id-ID", "/id/"),
        ("in-ID", "/id/"),
        ("in", "/id/"),
        ("ar-EG;q=0.9, en;q=0.8", "/ar/"),
        ("fr-CA;q=0.5, pt-PT;q=0.9", "/pt-br/"),
    ],
)
def test_phones_in_the_new_languages_and_their_regions(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)

    assert (response.status_code, response["Location"]) == (302, expected)


def test_the_same_page_and_its_query_are_kept(client):
    response = client.get("/stories/?q=rate", HTTP_ACCEPT_LANGUAGE="fr-FR")

    assert response["Location"] == "/fr/stories/?q=rate"


def test_an_english_phone_stays_on_the_english_page_which_varies(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-KE,en")

    assert response.status_code == 200
    assert {"Accept-Language", "Cookie"} <= set(response["Vary"].split(", "))


def test_a_prefixed_page_keeps_its_language(client):
    response = client.get("/fr/", HTTP_ACCEPT_LANGUAGE="sw-KE")

    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()


def test_the_readers_pick_wins_over_the_phone(client):
    picked = client.get("/language/en/?next=/sw/receipt/", HTTP_ACCEPT_LANGUAGE="sw")
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="sw-KE")

    assert picked["Location"] == "/receipt/"
    assert picked.cookies["django_language"].value == "en"
    assert picked.cookies["django_language"]["httponly"] is True
    assert picked.cookies["django_language"]["max-age"] == ""
    assert home.status_code == 200
    assert 'lang="en"' in home.content.decode()


def test_a_picked_language_opens_unprefixed_addresses_in_it(client):
    client.get("/language/fr/?next=/")

    response = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="sw")

    assert response["Location"] == "/fr/privacy/"


def test_the_switcher_links_remember_the_pick(client):
    page = client.get("/sw/privacy/").content.decode()

    assert 'href="/language/en/?next=%2Fprivacy%2F"' in page
    assert 'hreflang="en" href="http://testserver/privacy/"' in page


def test_choosing_a_language_never_leaves_the_site(client):
    for next_url in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.get("/language/fr/", {"next": next_url})
        assert response["Location"] == "/fr/"


def test_an_unknown_language_is_404(client):
    assert client.get("/language/xx/?next=/").status_code == 404


@pytest.mark.parametrize(
    "path", ["/api/v1/stats/", "/healthz", "/static/css/site.css", "/no-such-page/"]
)
def test_no_redirect_outside_the_translated_pages(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="sw-KE")

    assert response.status_code != 302


def test_a_post_is_never_redirected(client):
    response = client.post("/receipt/", {"code": "x"}, HTTP_ACCEPT_LANGUAGE="sw-KE")

    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
