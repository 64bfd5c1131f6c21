"""Rate limits that keep no address.

Rate limits count requests per client without keeping the client's address:
the counter's key is an HMAC of the address under a salt that is random and
changes every day, mixed with SECRET_KEY, so a database dump alone cannot be
turned back into addresses. Counters and salts live in tables of their own
(core.models), never evicted like cache entries, so limits hold. A
counter's window is hashed into its key, never stored, so no row tells its
hour. Only today's salt is kept; counters are deleted by retention after
two days.

Entry forms (reports, stories, incidents) have two limits per client: a
strict one on entries actually saved, counted in the transaction that saves
them, so a form sent back for a mistake costs nothing; and a loose one on
every post, so that a bot sending bad forms is refused too. A campaign code
lifts the first for everyone at one event (core.models.Campaign).
"""

import hmac
import ipaddress
import secrets
import time
from datetime import date

from django.conf import settings
from django.utils.crypto import salted_hmac

from core.models import Campaign, ClientKeySalt, Counter

SAVED_ENTRIES = "saved-entries"
ENTRY_POSTS = "entry-posts"
# Posts allowed per entry a campaign allows: room for mistakes at a meeting
# behind one address, still a bound for a bot that learned the code.
POSTS_PER_CAMPAIGN_ENTRY = 5


class OverLimit(Exception):
    """Saving one more entry would pass this client's (or campaign's) limit."""


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
    """An opaque per-client key, good for one day, that reveals no address.

    Worked out once per request: a post is counted under two limits.
    """
    if not hasattr(request, "_client_key"):
        request._client_key = hmac.new(
            _daily_salt().encode(), client_network(request).encode(), "sha256"
        ).hexdigest()[:32]
    return request._client_key


def hit_rate_limit(request, scope, limit, window=3600):
    """Count one request of `scope` for this client; True once over `limit`.

    Fixed windows of `window` seconds, shared by every worker through the
    database; under concurrency, exactly `limit` requests get through.
    """
    if limit <= 0:
        return False
    key = f"{scope}:{client_key(request)}"
    return Counter.objects.add_one(key, int(time.time()) // window) > limit


def hashed(scope, value):
    """A keyed hash of `value` for counting it without keeping it (an account name)."""
    return salted_hmac(
        f"groundtruth.{scope}", str(value), algorithm="sha256"
    ).hexdigest()[:32]


def failure_count(scope, key, window):
    return Counter.objects.count_of(
        f"failures:{scope}:{key}", int(time.time()) // window
    )


def add_failure(scope, key, window):
    Counter.objects.add_one(f"failures:{scope}:{key}", int(time.time()) // window)


def open_campaign(code):
    """The campaign of `code` if it is open now and not full, else None: a
    full campaign lifts no limit, its posts' allowance included."""
    if not code:
        return None
    campaign = Campaign.objects.for_code(code)
    if campaign is None or not campaign.is_open() or campaign.used >= campaign.limit:
        return None
    return campaign


def too_many_entry_posts(request, campaign=None):
    """Count one post of an entry form, mistaken or not; True past the cap.

    The cap (RATE_LIMIT_ENTRY_POSTS_PER_HOUR) is loose: it only stops a
    client that posts forms without end. Posts with an open campaign's code
    are counted apart, up to POSTS_PER_CAMPAIGN_ENTRY for each entry the
    campaign allows, so a meeting is not stopped by a cybercafé's cap.
    """
    if campaign is not None:
        limit = POSTS_PER_CAMPAIGN_ENTRY * campaign.limit
        return hit_rate_limit(request, f"{ENTRY_POSTS}:{campaign.pk}", limit)
    return hit_rate_limit(
        request, ENTRY_POSTS, settings.RATE_LIMIT_ENTRY_POSTS_PER_HOUR
    )


def count_saved_entry(request, campaign=None):
    """Count one entry being saved; raise OverLimit past the limit.

    Call it inside the transaction that saves the entry: a refused or failed
    save then counts nothing, and under concurrency no more entries than
    the limit are saved. An open campaign with room left counts the entry
    against its own cap, not the client's; a full one leaves it to the
    client's limit (RATE_LIMIT_SUBMISSIONS_PER_HOUR).
    """
    if campaign is not None and campaign.take_one():
        return
    if hit_rate_limit(request, SAVED_ENTRIES, settings.RATE_LIMIT_SUBMISSIONS_PER_HOUR):
        raise OverLimit
