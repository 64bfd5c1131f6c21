"""Who may moderate, and how they sign in: the Moderators group, the one
spelling of an account name, the second factor, "log out everywhere", and
login throttles that slow an attacked account down without ever locking its
moderator out.
"""

import time
import unicodedata
from enum import StrEnum
from functools import wraps

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_otp import user_has_device

from core import ratelimit
from moderation.models import ModeratorAccount

MODERATORS_GROUP = "Moderators"
LOGIN_WINDOW = 15 * 60
LOGGED_IN_AT = "moderator_logged_in_at"


def is_moderator(user):
    return user.is_authenticated and user.groups.filter(name=MODERATORS_GROUP).exists()


def may_sign_in(user):
    """Moderators and the admin's staff sign in at /moderate/login/."""
    return is_moderator(user) or (user.is_active and user.is_staff)


def normalize_username(name):
    """The one spelling of an account name: NFKC, then case-folded.

    Accounts are created under it and logins and throttles look it up, so
    "Amina", "AMINA" and a fullwidth "ａmina" are all the account "amina"
    and count against the same throttle. NFKC once more after folding, as
    Unicode's NFKC_Casefold does, since folding can undo a composition.
    """
    folded = unicodedata.normalize("NFKC", str(name)).strip().casefold()
    return unicodedata.normalize("NFKC", folded)


def add_moderator(username, password):
    """Create a moderator account: a user in the Moderators group."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=normalize_username(username), password=password
    )
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    ModeratorAccount.objects.create(user=user)
    return user


def _sessions_revoked(request):
    account = ModeratorAccount.objects.filter(user=request.user).first()
    if account is None or account.sessions_valid_after is None:
        return False
    logged_in_at = request.session.get(LOGGED_IN_AT, 0)
    return logged_in_at < account.sessions_valid_after.timestamp()


def _needs_second_factor(user):
    return settings.REQUIRE_2FA and not user.is_verified()


def sign_in_complete(request):
    """True once a signed-in user's session holds: not closed by "log out
    everywhere", and past the second factor when REQUIRE_2FA is on."""
    return (
        request.user.is_authenticated
        and not _sessions_revoked(request)
        and not _needs_second_factor(request.user)
    )


def sign_in_redirect(request, next_url=None):
    """Where a signed-in user must go before going on; None once through.

    Shared by moderator_required and the admin site. A session opened before
    "log out everywhere" is closed and its user sent to log in again; with
    REQUIRE_2FA, a user without a confirmed device sets one up and one with a
    device enters a code. `next_url`, when given, is where they come back to.
    """
    if _sessions_revoked(request):
        logout(request)
        return redirect_to_login(
            next_url or request.get_full_path(), reverse("moderation-login")
        )
    if _needs_second_factor(request.user):
        if user_has_device(request.user, confirmed=True):
            step = reverse("moderation-verify")
        else:
            step = reverse("moderation-2fa-setup")
        if next_url:
            step = f"{step}?{urlencode({'next': next_url})}"
        return redirect(step)
    return None


def moderator_required(view):
    """Only verified moderators pass.

    Anonymous visitors go to the login page; users outside the Moderators
    group get 403; then sign_in_redirect: a session opened before "log out
    everywhere" is closed, and with REQUIRE_2FA the second factor is asked.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(
                request.get_full_path(), reverse("moderation-login")
            )
        if not is_moderator(user):
            raise PermissionDenied
        refusal = sign_in_redirect(request)
        if refusal is not None:
            return refusal
        return view(request, *args, **kwargs)

    return wrapper


def revoke_sessions(user):
    """Log the user out everywhere: every session opened before now is closed."""
    account, _created = ModeratorAccount.objects.get_or_create(user=user)
    account.sessions_valid_after = timezone.now()
    account.save(update_fields=["sessions_valid_after"])


def note_login(request):
    request.session[LOGGED_IN_AT] = timezone.now().timestamp()


# Login throttling. Failures are counted under keyed hashes of the account
# name and of the client, never under the name or address themselves.
#
# Hard limits apply to what one client does: failures per client, and per
# account from that client. An account alone is never locked, or anyone
# could lock a moderator out with a few wrong passwords: once it has had
# many failures from anywhere, each client may try it only once per
# LOGIN_SLOWDOWN_SECONDS, so the moderator on their own client still gets
# in, while guessing from many clients slows to a trickle.


class LoginRefusal(StrEnum):
    """Why a login attempt is refused before its password is checked."""

    TOO_MANY = "too-many"  # a hard limit: per client, or per account and client
    SLOW_DOWN = "slow-down"  # the account is under attack: one try per wait


def _login_keys(request, username):
    account = ratelimit.hashed("login-account", normalize_username(username))
    client = ratelimit.client_key(request)
    return account, client, ratelimit.hashed("login-pair", f"{account}:{client}")


def login_refusal(request, username):
    """None if this client may try to log in to `username` now, else a LoginRefusal."""
    account, client, pair = _login_keys(request, username)
    hard_limits = [
        ("login-client", client, settings.LOGIN_FAILURES_PER_CLIENT),
        ("login-pair", pair, settings.LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT),
    ]
    if any(
        ratelimit.failure_count(scope, key, LOGIN_WINDOW) >= limit
        for scope, key, limit in hard_limits
    ):
        return LoginRefusal.TOO_MANY
    under_attack = (
        ratelimit.failure_count("login-account", account, LOGIN_WINDOW)
        >= settings.LOGIN_FAILURES_PER_ACCOUNT
    )
    if under_attack and ratelimit.failure_count(
        "login-slowdown", pair, settings.LOGIN_SLOWDOWN_SECONDS
    ):
        return LoginRefusal.SLOW_DOWN
    return None


def login_wait_seconds():
    """Seconds until a slowed-down client may try the account again."""
    wait = settings.LOGIN_SLOWDOWN_SECONDS
    return wait - int(time.time()) % wait


def note_login_failure(request, username):
    account, client, pair = _login_keys(request, username)
    ratelimit.add_failure("login-account", account, LOGIN_WINDOW)
    ratelimit.add_failure("login-client", client, LOGIN_WINDOW)
    ratelimit.add_failure("login-pair", pair, LOGIN_WINDOW)
    # Marks that this client tried this account in the current slow-down window.
    ratelimit.add_failure("login-slowdown", pair, settings.LOGIN_SLOWDOWN_SECONDS)
