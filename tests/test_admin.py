"""The admin is behind the moderators' login, throttle and second factor,
and shows no TOTP secret (moderation.admin_site, moderation.admin)."""

from base64 import b32encode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import make_moderator, make_superuser, totp_token, verified_client

pytestmark = pytest.mark.django_db
PASSWORD = "a long test password 91"


def test_admin_sends_visitors_to_the_moderation_login(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/moderate/login/?next=/admin/"
    assert response.status_code == 200


def test_admin_login_is_throttled_like_moderation():
    make_superuser()
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(40):
        client.post("/admin/login/", {"username": "root", "password": "guess"})
        client.post("/moderate/login/", {"username": "root", "password": "guess"})

    through_admin = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD}
    )
    through_login_page = client.post(
        "/moderate/login/?next=/admin/", {"username": "root", "password": PASSWORD}
    )

    assert through_admin["Location"] == "/moderate/login/?next=/admin/"
    assert through_login_page.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_admin_asks_for_the_second_factor():
    user = make_superuser()
    client = Client()
    login = client.post(
        "/moderate/login/?next=/admin/", {"username": "root", "password": PASSWORD}
    )
    assert login["Location"] == "/admin/"

    to_verify = client.get("/admin/", follow=True)
    assert to_verify.redirect_chain[-1][0] == "/moderate/verify/?next=%2Fadmin%2F"
    token = f"{totp_token(user.totpdevice_set.get()):06d}"
    verified = client.post("/moderate/verify/", {"token": token, "next": "/admin/"})

    assert verified["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_superuser_without_a_device_sets_one_up_before_the_admin(client):
    user = make_superuser()
    user.totpdevice_set.all().delete()
    client.force_login(user)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == (
        "/moderate/second-factor/?next=%2Fadmin%2F"
    )


@override_settings(REQUIRE_2FA=False)
def test_without_required_second_factor_staff_go_in(client):
    make_superuser()
    client.post("/moderate/login/", {"username": "root", "password": PASSWORD})

    assert client.get("/admin/").status_code == 200


def test_moderator_without_staff_status_is_refused(moderator_client):
    assert moderator_client.get("/admin/", follow=True).status_code == 403


def test_log_out_everywhere_ends_admin_sessions():
    user = make_superuser()
    user.groups.add(make_moderator(name="someone").groups.get())
    laptop = verified_client(user)
    assert laptop.get("/admin/").status_code == 200
    # The phone signs in within the same 30 s: let the code be used again.
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    phone = verified_client(user)

    phone.post("/moderate/logout/everywhere/")

    response = laptop.get("/admin/surveys/platform/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/moderate/login/")
    assert "_auth_user_id" not in laptop.session


def test_admin_logout_ends_the_session(superuser_client):
    response = superuser_client.post("/admin/logout/")

    assert response["Location"] == "/moderate/login/"
    assert "_auth_user_id" not in superuser_client.session


def test_admin_never_shows_a_totp_key(superuser_client):
    moderator = make_moderator(name="amina")
    device = TOTPDevice.objects.get(user=moderator)
    keys = [device.key, b32encode(device.bin_key).decode()]
    base = "/admin/otp_totp/totpdevice/"
    pages = [
        base,
        f"{base}?q=amina",
        f"{base}{device.pk}/change/",
        f"{base}{device.pk}/history/",
        f"{base}{device.pk}/delete/",
        f"{base}{device.pk}/config/",
        f"{base}{device.pk}/qrcode/",
        f"{base}add/",
        f"/admin/auth/user/{moderator.pk}/change/",
    ]

    for page in pages:
        response = superuser_client.get(page, follow=True)
        text = response.content.decode()
        for key in keys:
            assert key not in text, page
            assert key.lower() not in text.lower(), page
    listing = superuser_client.get(base).content.decode()
    assert "amina" in listing
    assert "config/" not in listing


def test_the_device_list_cannot_be_filtered_on_the_key(superuser_client):
    """A filter on the key, answered by "some results" or "none", would
    read it out a letter at a time."""
    moderator = make_moderator(name="amina")
    device = TOTPDevice.objects.get(user=moderator)
    base = f"/admin/otp_totp/totpdevice/?user={moderator.pk}"

    for lookup in (
        f"key__startswith={device.key[:1]}",
        f"key__lte={device.key}",
        f"key={device.key}",
        f"key__regex=^{device.key[:2]}",
    ):
        response = superuser_client.get(f"{base}&{lookup}")
        assert response.status_code == 400, lookup
        assert "amina" not in response.content.decode()


def test_superuser_deletes_a_device_to_force_a_new_set_up(superuser_client):
    moderator = make_moderator(name="amina")
    device = TOTPDevice.objects.get(user=moderator)

    superuser_client.post(
        f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}
    )

    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    client = Client()
    client.force_login(moderator)
    assert client.get("/moderate/")["Location"] == "/moderate/second-factor/"


def test_admin_creates_accounts_under_the_normalized_name(superuser_client):
    response = superuser_client.post(
        "/admin/auth/user/add/",
        {
            "username": "ＮＡＤＩＡ",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302, response.content
    assert get_user_model().objects.filter(username="nadia").exists()
