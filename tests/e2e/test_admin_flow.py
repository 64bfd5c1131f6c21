"""Someone going to /admin/ goes through the moderators' login and second
factor first, and comes back to the admin."""

from tests.conftest import make_superuser, totp_token


def test_admin_goes_through_the_moderation_login_and_second_factor(phone, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = make_superuser(name="root")
    device = user.totpdevice_set.get()

    phone.goto("/admin/")
    phone.get_by_role("heading", name="Moderator login").wait_for()
    assert phone.url.endswith("/moderate/login/?next=/admin/")
    phone.locator("#id_username").fill("ROOT")
    phone.locator("#id_password").fill("a long test password 91")
    phone.get_by_role("button", name="Log in").click()

    phone.get_by_role("heading", name="Second factor").wait_for()
    phone.locator("#id_token").fill(f"{totp_token(device):06d}")
    phone.get_by_role("button", name="Continue").click()

    phone.get_by_role("heading", name="Site administration").wait_for()
    assert phone.url.endswith("/admin/")
