"""The worker's receipt session: once a code has opened a receipt, its
entries stay open for a short idle time, so the pages under the code are
plain GET pages that Back, a reload and the language switcher can show
again without the code being sent a second time.

What is kept, and where:
- in the database, a row of Django's session table (SESSION_ENGINE): the
  receipt's keyed hash (Receipt.code_hash, never the code) sealed with a
  one-time pad that only the phone holds, so a dump of the database cannot
  tell which receipt was opened; and an expiry at a midnight, never a time
  of day (tests/test_hardening.py);
- on the phone, a signed, timestamped, HttpOnly, SameSite=Strict cookie
  with the session's random key and the pad: it names neither the code
  nor the receipt, and is refused once RECEIPT_SESSION_IDLE_SECONDS have
  passed since the last page under the code signed it again.
"End now" deletes the row: a copy of the cookie then opens nothing.

The moderators' sessions are Django's usual `sessionid` cookie; this one
has its own name, its own signature salt and its own keys in the session
data, so neither can stand for the other, and ending one leaves the other.
A worker gets this cookie only when a code they typed opened a receipt.
"""

import base64
import contextlib
import secrets
from datetime import datetime, time, timedelta
from functools import wraps

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core import signing
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from receipts.models import Receipt

COOKIE_NAME = "gt_receipt"
_SALT = "receipts.sessions"
_SEALED_KEY = "receipt_sealed_hash"
_NOTICE_KEY = "receipt_notice"
_PAD_BYTES = 32  # a receipt's keyed hash is a SHA-256 HMAC


class ReceiptSessionStore(DatabaseSessionStore):
    """Django's database sessions, with the data signed without the time of
    signing: Django's own signature carries the second a session was saved,
    and no row may tell when a receipt was opened or changed (the day,
    never the time: DESIGN.md)."""

    def encode(self, session_dict):
        return signing.Signer(salt=self.key_salt).sign_object(
            session_dict, serializer=self.serializer, compress=True
        )

    def decode(self, session_data):
        try:
            return signing.Signer(salt=self.key_salt).unsign_object(
                session_data, serializer=self.serializer
            )
        except signing.BadSignature:
            return {}


def _store(session_key=None):
    return ReceiptSessionStore(session_key)


def _xor(data, pad):
    return bytes(a ^ b for a, b in zip(data, pad, strict=True))


def _day_after_tomorrow():
    """The row's expiry, at a midnight: the cookie's signature, not this
    date, ends an idle session; the date only lets clear_expired() sweep."""
    tomorrow = timezone.now().date() + timedelta(days=2)
    return datetime.combine(tomorrow, time(), tzinfo=timezone.UTC)


def _from_cookie(request, max_age):
    """(session, pad) the cookie names, if signed by us within `max_age`
    seconds (None: however old); else None."""
    try:
        value = request.get_signed_cookie(COOKIE_NAME, salt=_SALT, max_age=max_age)
        key, pad = value.split(".", 1)
        pad = base64.urlsafe_b64decode(pad)
    except (KeyError, ValueError, signing.BadSignature):
        return None
    session = _store(key)
    if len(pad) == _PAD_BYTES and session.get(_SEALED_KEY):
        return session, pad
    return None


def _session(request):
    """(session, pad) of this request's receipt session, loaded once; or None."""
    if not hasattr(request, "_receipt_session"):
        request._receipt_session = _from_cookie(
            request, max_age=settings.RECEIPT_SESSION_IDLE_SECONDS
        )
    return request._receipt_session


def _cookie_value(session, pad):
    return f"{session.session_key}.{base64.urlsafe_b64encode(pad).decode()}"


def open_receipt(request, receipt):
    """Open `receipt` on this phone, ending any receipt session it had.

    Effects: the previous receipt session deleted; a new one saved with the
    receipt's keyed hash sealed by a fresh pad; expired sessions cleared;
    the cookie (key and pad) set on the response by @receipt_pages.
    """
    end(request)
    pad = secrets.token_bytes(_PAD_BYTES)
    session = _store()
    session[_SEALED_KEY] = _xor(bytes.fromhex(receipt.code_hash), pad).hex()
    session.set_expiry(_day_after_tomorrow())
    session.create()
    session.clear_expired()
    request._receipt_session = (session, pad)
    request._receipt_cookie = _cookie_value(session, pad)
    request.receipt_session = True


def current_receipt(request):
    """The receipt open on this phone, or None. Each page that asks signs
    the cookie again, so the idle time starts over."""
    opened = _session(request)
    if opened is None:
        return None
    session, pad = opened
    code_hash = _xor(bytes.fromhex(session[_SEALED_KEY]), pad).hex()
    receipt = Receipt.objects.filter(code_hash=code_hash).first()
    if receipt is None:
        end(request)
        return None
    request._receipt_cookie = _cookie_value(session, pad)
    # Pages under the code show the "End now" button (base.html).
    request.receipt_session = True
    return receipt


def end(request):
    """End this phone's receipt session at once: the stored session is
    deleted, and the cookie removed by @receipt_pages. A cookie past its
    idle time ends its session too: its row would otherwise stay until
    clear_expired() sweeps it."""
    opened = _session(request) or _from_cookie(request, max_age=None)
    if opened is not None:
        opened[0].delete()
    request._receipt_session = None
    request._receipt_cookie = ""
    request.receipt_session = False


def leave_notice(request, notice):
    """A sentence for the entries page to show once (after a change)."""
    opened = _session(request)
    if opened is not None:
        opened[0][_NOTICE_KEY] = str(notice)
        # Ended meanwhile, in another tab: no page to show it on.
        with contextlib.suppress(UpdateError):
            opened[0].save()


def take_notice(request):
    opened = _session(request)
    if opened is None or _NOTICE_KEY not in opened[0]:
        return ""
    notice = opened[0].pop(_NOTICE_KEY)
    with contextlib.suppress(UpdateError):
        opened[0].save()
    return notice


def receipt_pages(view):
    """For views under the receipt code: write or remove the session's
    cookie as the view decided, and never let a page that touched a
    receipt be stored by the browser or a proxy."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        cookie = getattr(request, "_receipt_cookie", None)
        if cookie:
            response.set_signed_cookie(
                COOKIE_NAME,
                cookie,
                salt=_SALT,
                # Gone when the browser closes, and from a phone left idle:
                # the server refuses it after the same time anyway.
                max_age=settings.RECEIPT_SESSION_IDLE_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Strict",
            )
        elif cookie == "" and COOKIE_NAME in request.COOKIES:
            response.delete_cookie(COOKIE_NAME, samesite="Strict")
        if getattr(request, "receipt_session", False) or cookie is not None:
            add_never_cache_headers(response)
        return response

    return wrapper
