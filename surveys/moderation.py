"""Moderation rules shared by reports and stories: who may moderate, and how
a decision is taken so that it is logged and never taken twice.

Every state change goes through `decide()`: a conditional UPDATE on the
entry's version, so that when two moderators decide the same entry at once,
the second finds it already decided and overwrites nothing.
"""

import time
import unicodedata
from enum import StrEnum
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

from core import ratelimit
from surveys.models import (
    Flag,
    ModerationEvent,
    ModeratorAccount,
    Platform,
    Report,
    Status,
)

MODERATORS_GROUP = "Moderators"
LOGIN_WINDOW = 15 * 60
LOGGED_IN_AT = "moderator_logged_in_at"


class AlreadyDecided(Exception):
    """Someone decided this entry after the moderator opened it."""

    def __init__(self, current):
        super().__init__(f"{current} was decided meanwhile")
        self.current = current


def already_decided_message(request, current):
    """Tell the moderator that `current` (the entry as it is now, or None if
    deleted) was decided or withdrawn while they read it."""
    if current is None:
        messages.warning(request, _("This entry was deleted by its author meanwhile."))
        return
    messages.warning(
        request,
        _("%(who)s already decided this entry: %(status)s. Nothing was changed.")
        % {
            "who": current.decided_by or _("Its author"),
            "status": current.get_status_display(),
        },
    )


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


# Decisions.


def decide(item, *, moderator, to_status, version, reason="", **fields):
    """Move `item` to `to_status` unless it changed since `version` was read.

    Effects, in one transaction:
    - the entry gets the new status, who decided, when, why, any extra
      `fields`, and its version goes up by one;
    - a ModerationEvent records who, when, which entry, from, to and why.
    Raises AlreadyDecided, writing nothing, when the version moved on.
    """
    model = type(item)
    now = timezone.now()
    with transaction.atomic():
        changed = model.objects.filter(pk=item.pk, version=version).update(
            status=to_status,
            decided_by=moderator,
            decided_at=now,
            changed_on=timezone.localdate(),
            decision_reason=reason,
            version=F("version") + 1,
            **fields,
        )
        if not changed:
            current = (
                model.objects.select_related("decided_by").filter(pk=item.pk).first()
            )
            raise AlreadyDecided(current)
        ModerationEvent.objects.create(
            moderator=moderator,
            item_type=model._meta.model_name,
            item_id=item.pk,
            from_status=item.status,
            to_status=to_status,
            reason=reason,
        )
    item.refresh_from_db()
    return item


def approve_report(report, *, moderator, version):
    """Approve a report: it joins the public figures at the next release."""
    return decide(
        report, moderator=moderator, to_status=Status.APPROVED, version=version
    )


def reject_report(report, *, moderator, version, reason):
    return decide(
        report,
        moderator=moderator,
        to_status=Status.REJECTED,
        version=version,
        reason=reason,
    )


def bulk_approve_reports(report_ids, *, moderator):
    """Approve the given pending reports that carry no flag; return how many.

    Flagged reports are left for a closer look, and a report someone else
    decided meanwhile is skipped, never overwritten.
    """
    approved = 0
    candidates = Report.objects.pending().filter(pk__in=report_ids, flags={})
    for report in candidates:
        try:
            approve_report(report, moderator=moderator, version=report.version)
        except AlreadyDecided:
            continue
        approved += 1
    return approved


def map_report_platform(report, *, moderator, platform=None, new_name=""):
    """Give a report typed with an unknown platform a platform of the list.

    Either an existing `platform`, or the one named `new_name` (added to the
    list if no platform has that name). The report stays pending and loses
    its unknown-platform flag; the event is logged.
    """
    with transaction.atomic():
        if platform is None:
            platform = Platform.objects.named(new_name)
        flags = {
            key: value
            for key, value in report.flags.items()
            if key != Flag.UNKNOWN_PLATFORM
        }
        decide(
            report,
            moderator=moderator,
            to_status=report.status,
            version=report.version,
            reason=f"platform set to {platform.name}",
            platform=platform,
            platform_other="",
            flags=flags,
        )
    return platform
