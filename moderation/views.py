"""The moderators' own pages: signing in with a second factor, logging out
(everywhere), the dashboard, the decision on any kind of entry, and the
audit log. Each kind of entry keeps its own queue and review page in its
app and registers them (moderation.kinds).
"""

from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from moderation import kinds
from moderation.access import (
    LoginRefusal,
    is_moderator,
    login_refusal,
    login_wait_seconds,
    may_sign_in,
    moderator_required,
    note_login,
    note_login_failure,
    revoke_sessions,
)
from moderation.decisions import (
    AlreadyDecided,
    NotApproved,
    NotUndoable,
    already_decided_message,
    revoke_approval,
    undo_decision,
)
from moderation.forms import AuditLogFilterForm, LoginForm, RevokeForm, TokenForm
from moderation.models import ModerationEvent


def _next_url(request, default="moderation-dashboard"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


# Signing in.


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login(request):
    """Username and password, throttled per client and per account and client.

    Moderators and the admin's staff sign in here. An account under attack
    from many clients is slowed down, never locked: see moderation.access.
    """
    form = LoginForm(request, data=request.POST or None)
    context = {"form": form, "next": _next_url(request, ""), "refusal": ""}
    if request.method == "POST":
        username = request.POST.get("username", "")
        refusal = login_refusal(request, username)
        if refusal == LoginRefusal.TOO_MANY:
            context["form"] = LoginForm(request)
            context["refusal"] = _(
                "Too many failed attempts. Wait 15 minutes and try again."
            )
            return render(request, "moderation/login.html", context, status=429)
        if refusal == LoginRefusal.SLOW_DOWN:
            seconds = login_wait_seconds()
            # The form says so by the name field, and checks no password.
            context["form"] = LoginForm(
                request, data=request.POST, wait_seconds=seconds
            )
            response = render(request, "moderation/login.html", context, status=429)
            response["Retry-After"] = str(seconds)
            return response
        if form.is_valid() and may_sign_in(form.get_user()):
            user = form.get_user()
            auth_login(request, user)
            note_login(request)
            # Staff who do not moderate came for the admin.
            default = "moderation-dashboard" if is_moderator(user) else "admin:index"
            return redirect(_next_url(request, default))
        note_login_failure(request, username)
        if form.is_valid():
            # The right password, but not a moderator: say no more than that.
            context["refusal"] = _("This account cannot moderate.")
    return render(request, "moderation/login.html", context)


@require_POST
def logout(request):
    auth_logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("moderation-login")


@require_POST
@moderator_required
def logout_everywhere(request):
    """Close every session of this moderator, on every device."""
    revoke_sessions(request.user)
    auth_logout(request)
    messages.info(request, _("You are logged out on every device."))
    return redirect("moderation-login")


def _signed_in_moderator(request):
    """For the second-factor pages: signed in, a moderator or staff, not yet verified."""
    if not request.user.is_authenticated:
        return redirect("moderation-login")
    if not may_sign_in(request.user):
        raise PermissionDenied
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second factor: a code from the moderator's authenticator app."""
    refused = _signed_in_moderator(request)
    if refused:
        return refused
    if not user_has_device(request.user, confirmed=True):
        return redirect("moderation-2fa-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "token", _("This code is not right, or it expired. Try the next one.")
        )
    return render(
        request,
        "moderation/verify.html",
        {"form": form, "next": _next_url(request, "")},
    )


def _qr_svg(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    # Drawn here from the device URL; nothing in it comes from a request.
    return mark_safe(svg[svg.index("<svg") :])


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up the TOTP second factor: scan the code, then type one code."""
    refused = _signed_in_moderator(request)
    if refused:
        return refused
    if user_has_device(request.user, confirmed=True):
        return redirect("moderation-verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Your second factor is set up."))
            return redirect(_next_url(request))
        form.add_error(
            "token", _("This code is not right, or it expired. Try the next one.")
        )
    return render(
        request,
        "moderation/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": b32encode(device.bin_key).decode(),
            "next": _next_url(request, ""),
        },
    )


# The report queue.


# The work.


@require_safe
@moderator_required
def dashboard(request):
    """What waits for the moderators: a line per kind of entry (oldest
    waiting, decided today, by me, waiting for the next release), then one
    card per kind."""
    since = kinds.release_moment()
    today = timezone.localdate()
    cards, overview = [], []
    for kind in kinds.registered():
        counts = kind.dashboard_counts(since)
        cards.append((kind.dashboard_template, counts))
        overview.append(
            kind.overview(moderator=request.user, today=today, counts=counts)
        )
    decided_today = ModerationEvent.objects.decisions().on_day(today)
    return render(
        request,
        "moderation/dashboard.html",
        {
            "cards": cards,
            "overview": overview,
            "decided_today": decided_today.count(),
            "decided_today_by_me": decided_today.filter(moderator=request.user).count(),
        },
    )


@require_POST
@moderator_required
def decide(request, kind, pk):
    """Record a decision on an entry of any kind, then open the next pending
    one of that kind. A decision someone else took meanwhile is never
    overwritten: the moderator is told, and sees the entry as it is now."""
    kind = kinds.named(kind)
    if kind is None:
        raise Http404
    entry = get_object_or_404(kind.model, pk=pk)
    form = kind.decision_form(request.POST)
    if not form.is_valid():
        return kind.review_page(request, entry, form=form, status=400)
    try:
        messages.success(request, kind.decide(entry, form, moderator=request.user))
    except AlreadyDecided as conflict:
        already_decided_message(request, conflict.current)
        if conflict.current is None:
            return redirect(kind.queue_url)
        return kind.review_page(request, conflict.current, status=409)
    following = kind.next_pending(entry)
    if following:
        return redirect(kind.review_url, pk=following.pk)
    return redirect(kind.queue_url)


@require_safe
@moderator_required
def audit_log(request):
    """Every logged event, newest first, filtered by the GET form; each
    names its entry with a link to its review page. Bad filter values are
    said by their field, and no event is listed rather than all of them."""
    registered = kinds.registered()
    form = AuditLogFilterForm(request.GET or None, kinds=registered)
    events = ModerationEvent.objects.select_related("moderator")
    status = 200
    if form.is_bound and not form.is_valid():
        events, status = events.none(), 400
    elif form.is_bound:
        events = form.filter(events)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    for event in page:
        event.kind = kinds.of_model_name(event.item_type)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/audit_log.html",
        {"page": page, "form": form, "query": query.urlencode()},
        status=status,
    )


@require_POST
@moderator_required
def undo(request, pk):
    """Undo the moderator's own decision of a few minutes ago (see
    moderation.decisions.undo_decision), then show its entry."""
    event = get_object_or_404(ModerationEvent, pk=pk)
    kind = kinds.of_model_name(event.item_type)
    if kind is None:
        raise Http404
    try:
        entry = undo_decision(event, moderator=request.user, model=kind.model)
    except NotUndoable as refusal:
        messages.warning(request, str(refusal))
    else:
        messages.success(
            request,
            _("Decision undone: %(kind)s #%(number)s is %(status)s again.")
            % {
                "kind": kind.entry_name,
                "number": entry.pk,
                "status": entry.get_status_display(),
            },
        )
    if kind.model.objects.filter(pk=event.item_id).exists():
        return redirect(kind.review_url, pk=event.item_id)
    return redirect(kind.queue_url)


@require_http_methods(["GET", "POST"])
@moderator_required
def revoke(request, kind, pk):
    """Revoke an approved entry's approval, with a reason (the review page
    of an approved entry posts here; a reason left out comes back here with
    the message by its field)."""
    kind = kinds.named(kind)
    if kind is None:
        raise Http404
    entry = get_object_or_404(kind.model, pk=pk)
    form = RevokeForm(request.POST or None, initial={"version": entry.version})
    if request.method == "POST" and form.is_valid():
        try:
            revoke_approval(
                entry,
                moderator=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except AlreadyDecided as conflict:
            already_decided_message(request, conflict.current)
        except NotApproved:
            messages.warning(
                request, _("This entry is not approved: there is nothing to revoke.")
            )
        else:
            messages.success(
                request,
                _(
                    "Approval of %(kind)s #%(number)s revoked: it is off the site "
                    "now and out of the next release."
                )
                % {"kind": kind.entry_name, "number": entry.pk},
            )
        if kind.model.objects.filter(pk=pk).exists():
            return redirect(kind.review_url, pk=pk)
        return redirect(kind.queue_url)
    return render(
        request,
        "moderation/revoke.html",
        {"form": form, "entry": entry, "kind": kind},
        status=400 if form.is_bound else 200,
    )
