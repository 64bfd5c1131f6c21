"""Moderation rules shared by reports and stories: who may moderate, and how
a decision is taken so that it is logged and never taken twice.

Every state change goes through `decide()`: a conditional UPDATE on the
entry's version, so that when two moderators decide the same entry at once,
the second finds it already decided and overwrites nothing.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp import user_has_device

from surveys import anonymity
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


def is_moderator(user):
    return user.is_authenticated and user.groups.filter(name=MODERATORS_GROUP).exists()


def add_moderator(username, password):
    """Create a moderator account: a user in the Moderators group."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, password=password)
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    ModeratorAccount.objects.create(user=user)
    return user


def _sessions_revoked(request):
    account = ModeratorAccount.objects.filter(user=request.user).first()
    if account is None or account.sessions_valid_after is None:
        return False
    logged_in_at = request.session.get(LOGGED_IN_AT, 0)
    return logged_in_at < account.sessions_valid_after.timestamp()


def moderator_required(view):
    """Only verified moderators pass.

    Anonymous visitors go to the login page; users outside the Moderators
    group get 403; with REQUIRE_2FA, a moderator without a TOTP device sets
    one up, and one with a device enters a code. A session opened before
    "log out everywhere" is closed.
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
        if _sessions_revoked(request):
            logout(request)
            return redirect_to_login(
                request.get_full_path(), reverse("moderation-login")
            )
        if settings.REQUIRE_2FA and not user.is_verified():
            if user_has_device(user, confirmed=True):
                return redirect("moderation-verify")
            return redirect("moderation-2fa-setup")
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


def _login_keys(request, username):
    account = anonymity.hashed("login-account", username.strip().casefold())
    return [
        ("login-account", account, settings.LOGIN_FAILURES_PER_ACCOUNT),
        (
            "login-client",
            anonymity.client_key(request),
            settings.LOGIN_FAILURES_PER_CLIENT,
        ),
    ]


def login_throttled(request, username):
    return any(
        anonymity.failure_count(scope, key, LOGIN_WINDOW) >= limit
        for scope, key, limit in _login_keys(request, username)
    )


def note_login_failure(request, username):
    for scope, key, _limit in _login_keys(request, username):
        anonymity.add_failure(scope, key, LOGIN_WINDOW)


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
