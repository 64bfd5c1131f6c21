"""Who gets into /moderate/: verified moderators only, with throttled logins."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver
from django.utils import translation

from tests.conftest import make_moderator, totp_token, verified_client
from tests.helpers import (
    make_incident,
    make_report,
    make_story,
    parse_html,
    visible_text,
)

pytestmark = pytest.mark.django_db
PASSWORD = "a long test password 91"


def moderation_pages():
    report = make_report()
    story = make_story()
    return [
        "/moderate/",
        "/moderate/reports/",
        f"/moderate/reports/{report.pk}/",
        "/moderate/stories/",
        f"/moderate/stories/{story.pk}/",
        "/moderate/incidents/",
        f"/moderate/incidents/{make_incident().pk}/",
        "/moderate/log/",
    ]


def test_anonymous_visitors_are_sent_to_login(client):
    for page in moderation_pages():
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith("/moderate/login/?next=")


def test_users_outside_the_group_are_refused(client):
    user = get_user_model().objects.create_user("visitor", password=PASSWORD)
    client.force_login(user)

    for page in moderation_pages():
        assert client.get(page).status_code == 403


def test_moderator_without_a_device_must_set_one_up(client):
    client.force_login(make_moderator(with_device=False))

    response = client.get("/moderate/reports/")

    assert response["Location"] == "/moderate/second-factor/"


def test_moderator_with_a_device_must_enter_a_code(client, moderator):
    client.force_login(moderator)

    response = client.get("/moderate/reports/")

    assert response["Location"] == "/moderate/verify/"


@override_settings(REQUIRE_2FA=False)
def test_without_required_second_factor_a_moderator_goes_in(client):
    client.force_login(make_moderator(with_device=False))

    assert client.get("/moderate/").status_code == 200


def test_verified_moderator_sees_every_page_in_every_language(moderator_client):
    pages = moderation_pages()
    for language in ("", "/fr", "/sw", "/fil"):
        for page in pages:
            response = moderator_client.get(language + page)
            assert response.status_code == 200, page
            h1s = [tag for tag, _attrs in parse_html(response.content) if tag == "h1"]
            assert len(h1s) == 1


def moderation_routes(patterns=None, prefix=""):
    """Every route under /moderate/ in the URLconf, whatever its name."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from moderation_routes(pattern.url_patterns, route)
        elif route.startswith("moderate/"):
            yield route


def test_moderation_url_names_are_all_covered():
    # Every page and action under /moderate/, found in the URLconf: a new
    # one is held to the same rule without being listed here. Anonymous
    # visitors are sent to log in; users outside the group are refused.
    entries = {"reports": make_report(), "stories": make_story()}
    entries["incidents"] = make_incident()
    outsider = Client()
    outsider.force_login(get_user_model().objects.create_user("visitor"))
    open_to_all = {"moderate/login/", "moderate/logout/"}
    let_through = []
    # In the default language, the URLconf's language prefix is empty.
    with translation.override(settings.LANGUAGE_CODE):
        routes = sorted(moderation_routes())
    for route in routes:
        if route in open_to_all:
            continue
        paths = []
        for kind in entries if "<slug:kind>" in route else [route.split("/")[1]]:
            path = "/" + route.replace("<slug:kind>", kind)
            paths.append(
                path.replace("<int:pk>", str(getattr(entries.get(kind), "pk", 0)))
            )
        for method, path in ((m, p) for m in ("get", "post") for p in paths):
            anonymous = getattr(Client(), method)(path)
            refused = getattr(outsider, method)(path)
            if not (
                anonymous.status_code == 405
                or anonymous.get("Location", "").startswith("/moderate/login/")
            ):
                let_through.append(("anonymous", method, path, anonymous.status_code))
            if refused.status_code not in (403, 405):
                let_through.append(("outsider", method, path, refused.status_code))

    assert len(routes) >= 16
    assert "moderate/<slug:kind>/<int:pk>/decide/" in routes
    assert "moderate/reports/<int:pk>/platform/" in routes
    assert let_through == []
    assert Client().get("/moderate/login/").status_code == 200


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_login_with_the_right_password_then_second_factor(client, moderator):
    response = client.post(
        "/moderate/login/", {"username": "moderator", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/moderate/")["Location"] == "/moderate/verify/"

    device = moderator.totpdevice_set.get()
    wrong = client.post("/moderate/verify/", {"token": "000000"})
    right = client.post("/moderate/verify/", {"token": f"{totp_token(device):06d}"})

    assert "This code is not right" in wrong.content.decode()
    assert right.status_code == 302
    assert client.get("/moderate/").status_code == 200


def test_wrong_password_gets_a_message(client, moderator):
    response = client.post(
        "/moderate/login/", {"username": "moderator", "password": "no"}
    )

    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_non_moderator_cannot_log_in_here(client):
    get_user_model().objects.create_user("visitor", password=PASSWORD)

    response = client.post(
        "/moderate/login/", {"username": "visitor", "password": PASSWORD}
    )

    assert "This account cannot moderate." in response.content.decode()
    assert "_auth_user_id" not in client.session


def log_in(client, username, password=PASSWORD):
    return client.post("/moderate/login/", {"username": username, "password": password})


def test_forty_wrong_passwords_then_the_right_one_is_refused(moderator):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(40):
        log_in(client, "moderator", "guess")

    response = log_in(client, "moderator")

    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT=3)
def test_login_is_throttled_per_account_and_client(moderator):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(3):
        log_in(client, "moderator", "guess")

    assert log_in(client, "moderator").status_code == 429
    # The same client may still log in to another account.
    make_moderator(name="other")
    assert log_in(client, "other").status_code == 302


def test_login_name_is_case_insensitive():
    make_moderator(name="amina")

    response = log_in(Client(), "Amina")

    assert response.status_code == 302
    assert response["Location"] == "/moderate/"


@override_settings(LOGIN_FAILURES_PER_CLIENT=100)
def test_fullwidth_and_upper_case_names_count_against_one_throttle():
    make_moderator(name="amina")
    client = Client(REMOTE_ADDR="203.0.113.7")
    for spelling in ("amina", "AMINA", "Amina", "ａｍｉｎａ", "ＡＭＩＮＡ"):
        log_in(client, spelling, "guess")

    response = log_in(client, "ａmina")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_attackers_on_other_clients_cannot_lock_the_moderator_out(moderator):
    for number in range(100):
        attacker = Client(REMOTE_ADDR=f"198.51.100.{number // 5}")
        log_in(attacker, "moderator", f"guess {number}")

    own_client = Client(REMOTE_ADDR="203.0.113.7")
    response = log_in(own_client, "moderator")

    assert response.status_code == 302
    assert own_client.session["_auth_user_id"] == str(moderator.pk)


def test_account_under_attack_lets_each_client_try_once_per_wait(
    moderator, settings, monkeypatch
):
    now = 1_800_000_000.0
    monkeypatch.setattr("time.time", lambda: now)
    for number in range(10):
        log_in(Client(REMOTE_ADDR=f"198.51.100.{number}"), "moderator", "guess")
    own_client = Client(REMOTE_ADDR="203.0.113.7")
    log_in(own_client, "moderator", "a typo")

    slowed = log_in(own_client, "moderator")
    now += settings.LOGIN_SLOWDOWN_SECONDS
    monkeypatch.setattr("time.time", lambda: now)
    later = log_in(own_client, "moderator")

    assert slowed.status_code == 429
    assert int(slowed["Retry-After"]) <= settings.LOGIN_SLOWDOWN_SECONDS
    # The message sits by the name field, which the moderator keeps.
    username = dict(
        next(
            attrs
            for tag, attrs in parse_html(slowed.content)
            if tag == "input" and dict(attrs).get("id") == "id_username"
        )
    )
    assert username["value"] == "moderator"
    assert username["aria-describedby"] == "id_username_error"
    assert "Wait 60 seconds and try again." in visible_text(slowed.content)
    assert later.status_code == 302


@override_settings(LOGIN_FAILURES_PER_CLIENT=3, LOGIN_FAILURES_PER_ACCOUNT=100)
def test_login_is_throttled_per_client(moderator):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for name in ("a", "b", "c"):
        client.post("/moderate/login/", {"username": name, "password": "guess"})

    response = client.post(
        "/moderate/login/", {"username": "moderator", "password": PASSWORD}
    )

    assert response.status_code == 429


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_session_ends_with_the_browser_and_the_working_day(
    client, moderator, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    logged_in = client.post(
        "/moderate/login/", {"username": "moderator", "password": PASSWORD}
    )
    device = moderator.totpdevice_set.get()
    client.post("/moderate/verify/", {"token": f"{totp_token(device):06d}"})
    signed_in_at = timezone.now()

    def at(elapsed):
        monkeypatch.setattr(timezone, "now", lambda: signed_in_at + elapsed)
        return client.get("/moderate/")

    late_in_the_day = at(timedelta(hours=7, minutes=58))
    next_morning = at(timedelta(hours=8, minutes=1))

    # No expiry in the cookie: the browser drops it when it closes.
    cookie = logged_in.cookies["sessionid"].OutputString().lower()
    assert "expires" not in cookie
    assert "max-age" not in cookie
    # The server ends it after eight hours, however busy the moderator was.
    assert late_in_the_day.status_code == 200
    assert next_morning["Location"].startswith("/moderate/login/")


def test_log_out_everywhere_closes_other_sessions(moderator):
    phone = verified_client(moderator)
    laptop = Client()
    laptop.force_login(moderator)
    # The laptop's session predates the revocation below.
    laptop.session.save()

    response = phone.post("/moderate/logout/everywhere/")

    assert response["Location"] == "/moderate/login/"
    assert laptop.get("/moderate/")["Location"].startswith("/moderate/login/")
    assert phone.get("/moderate/")["Location"].startswith("/moderate/login/")


def test_logout_refuses_get(moderator_client):
    assert moderator_client.get("/moderate/logout/").status_code == 405


def test_passwords_are_hashed_with_argon2(moderator):
    assert moderator.password.startswith("argon2")


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_second_factor_setup_confirms_a_device(client):
    user = make_moderator(name="newcomer", with_device=False)
    client.force_login(user)

    page = client.get("/moderate/second-factor/")
    device = user.totpdevice_set.get()
    wrong = client.post("/moderate/second-factor/", {"token": "123456"})
    right = client.post(
        "/moderate/second-factor/", {"token": f"{totp_token(device):06d}"}
    )

    assert "<svg" in page.content.decode()
    assert "This code is not right" in wrong.content.decode()
    assert right["Location"] == "/moderate/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/moderate/").status_code == 200


def test_add_moderator_prints_a_password_once(capsys):
    call_command("add_moderator", "amina")

    output = capsys.readouterr().out
    password = output.rsplit(": ", 1)[1].strip()
    user = get_user_model().objects.get(username="amina")
    assert user.groups.filter(name="Moderators").exists()
    assert user.check_password(password)
    assert password not in user.password


def test_add_moderator_stores_the_normalized_name(capsys):
    call_command("add_moderator", "Ａmina")

    assert get_user_model().objects.filter(username="amina").exists()
    with pytest.raises(CommandError, match="already exists"):
        call_command("add_moderator", "AMINA")


def test_add_moderator_refuses_an_existing_name(moderator):
    with pytest.raises(CommandError, match="already exists"):
        call_command("add_moderator", "moderator")


def test_add_moderator_reset_gives_a_new_password(moderator, capsys):
    call_command("add_moderator", "moderator", "--reset")

    password = capsys.readouterr().out.rsplit(": ", 1)[1].strip()
    moderator.refresh_from_db()
    assert moderator.check_password(password)


def test_add_moderator_reset_refuses_a_non_moderator():
    get_user_model().objects.create_user("visitor", password=PASSWORD)

    with pytest.raises(CommandError, match="already exists"):
        call_command("add_moderator", "visitor", "--reset")
