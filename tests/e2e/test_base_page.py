"""The base page in a real browser, on a phone-sized screen."""

from urllib.parse import urlsplit


def test_home_on_a_phone_loads_only_from_this_site(phone, site_server):
    requested = []
    phone.on("request", lambda request: requested.append(request.url))

    phone.goto("/")

    origins = {urlsplit(url).netloc for url in requested}
    assert origins == {urlsplit(site_server.url).netloc}
    # The stylesheet arrived and applies: Bootstrap's container has padding.
    padding = phone.eval_on_selector("main", "el => getComputedStyle(el).paddingLeft")
    assert padding == "12px"
    # Nothing is wider than the phone's screen.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_skip_link_appears_on_keyboard_focus_and_moves_to_main(phone):
    phone.goto("/")

    phone.keyboard.press("Tab")
    skip = phone.get_by_role("link", name="Skip to main content")
    assert skip.is_visible()
    phone.keyboard.press("Enter")

    assert phone.evaluate("document.activeElement.id") == "main"


def test_language_switcher_opens_the_same_page_in_french(phone):
    phone.goto("/privacy/")

    phone.get_by_text("Language: English").click()
    phone.get_by_role("link", name="Français").click()

    assert urlsplit(phone.url).path == "/fr/privacy/"
    assert phone.locator("html").get_attribute("lang") == "fr"
    heading = phone.get_by_role("heading", level=1).inner_text()
    assert heading == "Ce que nous gardons, et ce que nous ne gardons jamais"
