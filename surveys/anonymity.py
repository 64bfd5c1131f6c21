"""Receipt codes, their keyed hashes, and rate limits that keep no address.

A receipt code is the only link between a worker and what they sent. It is
shown once and never stored: the database keeps an HMAC of it, keyed with a
secret the database does not hold, so a stolen dump cannot be searched for
a code nor a code derived from it.

Rate limits count requests per client without keeping the client's address:
the counter's key is an HMAC of the address under a salt that is random and
changes every day, mixed with SECRET_KEY, so a database dump alone cannot be
turned back into addresses. Counters, salts and spent form tokens live in
tables of their own (surveys.models), never evicted like cache entries, so
limits hold. A counter's window is hashed into its key, never stored, so
no row tells its hour. Only today's salt is kept; counters and spent tokens
are deleted by retention after two days.

The models are imported inside the functions: surveys.models itself uses
the receipt codes above.
"""

import hmac
import ipaddress
import re
import secrets
import time
from datetime import date

from django.conf import settings
from django.utils.crypto import salted_hmac

# Crockford's base 32: no I, L, O or U, so a code read aloud or copied by
# hand is hard to get wrong. 12 symbols of 5 bits make 60 bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4
CODE_PREFIX = "GT"
_CODE_LENGTH = CODE_GROUPS * CODE_GROUP_LENGTH
# Letters people type for digits they read, and lower case.
_READING_FIXES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_receipt_code():
    """A fresh code such as GT-7K3Q-9XPA-M2VD (60 random bits)."""
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    groups = [
        symbols[i : i + CODE_GROUP_LENGTH]
        for i in range(0, _CODE_LENGTH, CODE_GROUP_LENGTH)
    ]
    return "-".join([CODE_PREFIX, *groups])


def normalize_receipt_code(text):
    """The code's 12 symbols, whatever the spacing, dashes, case or prefix typed."""
    cleaned = re.sub(r"[\s\-_.]", "", str(text or "")).upper()
    if cleaned.startswith(CODE_PREFIX) and len(cleaned) == _CODE_LENGTH + 2:
        cleaned = cleaned[len(CODE_PREFIX) :]
    return cleaned.translate(_READING_FIXES)


def is_receipt_code(text):
    symbols = normalize_receipt_code(text)
    return len(symbols) == _CODE_LENGTH and all(s in CODE_ALPHABET for s in symbols)


def receipt_hash(code):
    """The keyed hash stored in place of a receipt code."""
    return salted_hmac(
        "groundtruth.receipt",
        normalize_receipt_code(code),
        secret=settings.RECEIPT_SECRET,
        algorithm="sha256",
    ).hexdigest()


def client_address(request):
    """The client's address, read only to be hashed at once.

    Behind NUM_PROXIES trusted proxies, the address each one appended to
    X-Forwarded-For; otherwise the socket's address.
    """
    if settings.NUM_PROXIES:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= settings.NUM_PROXIES:
            return forwarded[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")


def _without_port(address):
    """1.2.3.4:5678 → 1.2.3.4, [2001:db8::1]:443 → 2001:db8::1, as some
    proxies write them."""
    if address.startswith("["):
        return address[1:].partition("]")[0]
    if address.count(":") == 1:
        return address.partition(":")[0]
    return address


def client_network(request):
    """What the rate limits count as one client: an IPv4 address, or an
    IPv6 client's /64 network.

    One IPv6 subscriber is usually handed a whole /64 and can pick a new
    address in it for each request; counting per address would multiply
    every limit. An IPv4-mapped address (::ffff:1.2.3.4) is the IPv4 one.
    """
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(_without_port(address))
    except ValueError:
        # Not an address (a proxy that writes something else): one client
        # for all such, or a new spelling would be a new client each time.
        return "unreadable"
    if parsed.version == 6 and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network((parsed, 64), strict=False))
    return str(parsed)


def _daily_salt():
    """Today's random salt, the same for every worker (created by the first)."""
    from surveys.models import ClientKeySalt

    salt, created = ClientKeySalt.objects.get_or_create(
        day=date.today(), defaults={"salt": secrets.token_hex(32)}
    )
    if created:
        # Yesterday's salt goes at once: yesterday's keys can never be
        # recomputed, even by someone holding the database and SECRET_KEY.
        ClientKeySalt.objects.exclude(day=salt.day).delete()
    return salted_hmac(
        "groundtruth.ratelimit", salt.salt, algorithm="sha256"
    ).hexdigest()


def client_key(request):
    """An opaque per-client key, good for one day, that reveals no address."""
    return hmac.new(
        _daily_salt().encode(), client_network(request).encode(), "sha256"
    ).hexdigest()[:32]


def hit_rate_limit(request, scope, limit, window=3600):
    """Count one request of `scope` for this client; True once over `limit`.

    Fixed windows of `window` seconds, shared by every worker through the
    database; under concurrency, exactly `limit` requests get through.
    """
    if limit <= 0:
        return False
    from surveys.models import Counter

    key = f"{scope}:{client_key(request)}"
    return Counter.objects.add_one(key, int(time.time() // window)) > limit


def hashed(scope, value):
    """A keyed hash of `value` for counting it without keeping it (an account name)."""
    return salted_hmac(
        f"groundtruth.{scope}", str(value), algorithm="sha256"
    ).hexdigest()[:32]


def failure_count(scope, key, window):
    from surveys.models import Counter

    return Counter.objects.count_of(
        f"failures:{scope}:{key}", int(time.time() // window)
    )


def add_failure(scope, key, window):
    from surveys.models import Counter

    Counter.objects.add_one(f"failures:{scope}:{key}", int(time.time() // window))


def new_form_token():
    """A one-time token for one rendering of a form, against double sending."""
    return secrets.token_urlsafe(16)


def spend_form_token(token):
    """Mark a form's token spent; False if it already was.

    Call it inside the transaction that saves the entry: if that fails,
    the token is not spent, and the form can be sent again. Only a keyed
    hash of the token is kept.
    """
    if not token:
        return True
    from django.db import IntegrityError, transaction

    from surveys.models import SpentFormToken

    try:
        with transaction.atomic():
            SpentFormToken.objects.create(token_hash=hashed("form-token", token))
    except IntegrityError:
        return False
    return True
