"""Who gets into /moderate/: verified moderators only, with throttled logins."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from tests.conftest import make_moderator, totp_token, verified_client
from tests.helpers import (
    make_incident,
    make_report,
    make_story,
    moderation_url_names,
    parse_html,
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


def test_moderation_url_names_are_all_covered():
    # The pages above must be the ones the URLconf has: a new page joins here.
    assert set(moderation_url_names()) == {
        "moderation-dashboard",
        "moderation-login",
        "moderation-logout",
        "moderation-logout-everywhere",
        "moderation-verify",
        "moderation-2fa-setup",
        "moderation-log",
        "surveys:moderation-reports",
        "surveys:moderation-reports-approve",
        "testimonies:moderation-stories",
        "incidents:moderation-queue",
    }


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


@override_settings(LOGIN_FAILURES_PER_ACCOUNT=3)
def test_login_is_throttled_per_account(moderator):
    for number in range(3):
        Client(REMOTE_ADDR=f"203.0.113.{number}").post(
            "/moderate/login/", {"username": "Moderator", "password": "guess"}
        )

    response = Client(REMOTE_ADDR="203.0.113.99").post(
        "/moderate/login/", {"username": "moderator", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


@override_settings(LOGIN_FAILURES_PER_CLIENT=3, LOGIN_FAILURES_PER_ACCOUNT=100)
def test_login_is_throttled_per_client(moderator):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for name in ("a", "b", "c"):
        client.post("/moderate/login/", {"username": name, "password": "guess"})

    response = client.post(
        "/moderate/login/", {"username": "moderator", "password": PASSWORD}
    )

    assert response.status_code == 429


def test_session_ends_with_the_browser_and_the_working_day(client, moderator, settings):
    client.post("/moderate/login/", {"username": "moderator", "password": PASSWORD})

    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert client.session.get_expiry_age() <= 8 * 3600
    assert client.cookies["sessionid"]["max-age"] == ""


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
