"""Receipt codes and the keyed hashes kept in their place."""

import hashlib
import hmac
import math
import random
import re
import time
from collections import Counter

import pytest
from django.test import RequestFactory, override_settings

from core import ratelimit
from receipts import codes

CODE_FORMAT = re.compile(
    r"^GT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"
)


def test_code_has_the_readable_format():
    code = codes.new_receipt_code()

    assert CODE_FORMAT.match(code)


def entropy_bits(samples):
    """The plug-in estimate of the entropy of what `samples` were drawn from."""
    counts = Counter(samples)
    return -sum(
        count / len(samples) * math.log2(count / len(samples))
        for count in counts.values()
    )


def test_code_carries_at_least_60_bits():
    symbols = [
        codes.normalize_receipt_code(codes.new_receipt_code()) for _ in range(5000)
    ]

    # Each of the 12 positions takes every one of the 32 symbols, evenly
    # (5 bits each); neighbours are drawn independently (10 bits a pair).
    per_position = [entropy_bits([code[i] for code in symbols]) for i in range(12)]
    per_pair = [entropy_bits([code[i : i + 2] for code in symbols]) for i in range(11)]
    assert [len({code[i] for code in symbols}) for i in range(12)] == [32] * 12
    assert min(per_position) > 4.95
    assert sum(per_position) > 59.5
    assert min(per_pair) > 9.7


def test_code_comes_from_the_systems_secure_random_source():
    # A code drawn from `random` would repeat after the same seed.
    random.seed(2026)
    first = codes.new_receipt_code()
    random.seed(2026)

    assert codes.new_receipt_code() != first


def test_codes_do_not_repeat():
    issued = {codes.new_receipt_code() for _ in range(2000)}

    assert len(issued) == 2000


@pytest.mark.parametrize(
    "typed",
    [
        "GT-7K3Q-9XPA-M2VD",
        "gt-7k3q-9xpa-m2vd",
        "7K3Q9XPAM2VD",
        " GT 7K3Q 9XPA M2VD ",
        "GT-7K3Q-9XPA-M2VD".replace("-", "."),
    ],
)
def test_code_is_recognised_however_typed(typed):
    assert codes.normalize_receipt_code(typed) == "7K3Q9XPAM2VD"
    assert codes.receipt_hash(typed) == codes.receipt_hash("GT-7K3Q-9XPA-M2VD")


def test_a_code_whose_symbols_begin_with_gt_reads_without_its_prefix():
    # GT-GT3Q-9XPA-M2VD typed without its prefix keeps its first GT.
    assert codes.normalize_receipt_code("GT3Q9XPAM2VD") == "GT3Q9XPAM2VD"
    assert codes.is_receipt_code("gt3q 9xpa m2vd")


def test_nothing_typed_reads_as_nothing():
    assert codes.normalize_receipt_code("") == ""
    assert codes.normalize_receipt_code(None) == ""


def test_letter_o_and_i_typed_for_digits_still_match():
    assert codes.receipt_hash("GT-OOII-1111-2222") == codes.receipt_hash(
        "GT-0011-1111-2222"
    )


@pytest.mark.parametrize(
    "text", ["", "GT-1234", "GT-7K3Q-9XPA-M2VU", "hello world!", "x" * 40]
)
def test_malformed_codes_are_refused(text):
    assert not codes.is_receipt_code(text)


@pytest.mark.django_db
def test_each_form_token_is_spent_once_and_only_itself():
    # Two forms open at once (two tabs, two workers at one cybercafé): the
    # second form's token is not the first's, and each sends once.
    assert codes.spend_form_token("first-form-token")
    assert codes.spend_form_token("second-form-token")

    assert not codes.spend_form_token("first-form-token")
    assert not codes.spend_form_token("second-form-token")


def test_a_form_token_carries_128_random_bits():
    tokens = {codes.new_form_token() for _ in range(200)}

    assert len(tokens) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", token) for token in tokens)


@pytest.mark.django_db
@override_settings(SECRET_KEY="one secret key for the test")
def test_a_spent_form_token_is_kept_as_its_own_scoped_hmac_only():
    from receipts.models import SpentFormToken

    codes.spend_form_token("the form's token")

    stored = SpentFormToken.objects.get().token_hash
    assert stored == scoped_hmac(
        "form-token", "the form's token", "one secret key for the test"
    )


def test_hash_is_keyed_by_the_receipt_secret():
    code = "GT-7K3Q-9XPA-M2VD"
    with override_settings(RECEIPT_SECRET="one secret"):
        first = codes.receipt_hash(code)
        again = codes.receipt_hash("gt 7k3q 9xpa m2vd")
    with override_settings(RECEIPT_SECRET="another secret"):
        second = codes.receipt_hash(code)
    unkeyed = {
        hashlib.new(algorithm, spelling.encode()).hexdigest()
        for algorithm in ("sha256", "sha1", "md5", "blake2b")
        for spelling in (code, "7K3Q9XPAM2VD", codes.normalize_receipt_code(code))
    }

    # Stable for one code under one secret, whatever the spelling; another
    # secret gives another hash; and no hash anyone could compute from the
    # code alone matches it.
    assert first == again
    assert first != second
    assert {first, second}.isdisjoint(unkeyed)
    assert {first[:32], second[:32]}.isdisjoint(digest[:32] for digest in unkeyed)


def test_a_codes_hash_stays_what_it_was_when_the_code_was_given():
    """Any change to the hash (its purpose, its algorithm, the reading of
    the code) would lose every worker the entries their codes open."""
    with override_settings(RECEIPT_SECRET="one secret"):
        stored = codes.receipt_hash("gt-7k3q-9xpa-m2vd")

    key = hashlib.sha256(b"groundtruth.receiptone secret").digest()
    assert stored == hmac.new(key, b"7K3Q9XPAM2VD", hashlib.sha256).hexdigest()


def scoped_hmac(purpose, value, secret):
    """HMAC-SHA256 of `value` under `secret` and `purpose`, worked out with
    the standard library (Django's salted_hmac: the HMAC's key is the
    SHA-256 of the purpose and the secret), cut to 32 hexadecimal digits."""
    key = hashlib.sha256(f"groundtruth.{purpose}{secret}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def test_an_account_is_counted_by_a_scoped_hmac_sha256_under_the_secret_key():
    """Failed sign-ins are counted by a keyed hash of the account's name:
    HMAC-SHA256 under SECRET_KEY, with each counter's purpose in the key,
    so that neither the name nor another counter's key can be read from it."""
    with override_settings(SECRET_KEY="one secret key for the test"):
        account = ratelimit.hashed("login-account", "amina")
        as_another_counter = ratelimit.hashed("login-client", "amina")
    with override_settings(SECRET_KEY="another secret key for the test"):
        under_another_secret = ratelimit.hashed("login-account", "amina")

    assert account == scoped_hmac(
        "login-account", "amina", "one secret key for the test"
    )
    assert as_another_counter == scoped_hmac(
        "login-client", "amina", "one secret key for the test"
    )
    assert under_another_secret == scoped_hmac(
        "login-account", "amina", "another secret key for the test"
    )
    assert len({account, as_another_counter, under_another_secret}) == 3


@pytest.mark.django_db
def test_client_key_reveals_no_address(monkeypatch):
    from datetime import date, timedelta

    address = "203.0.113.77"
    key = ratelimit.client_key(RequestFactory().get("/", REMOTE_ADDR=address))
    same_day = ratelimit.client_key(RequestFactory().get("/", REMOTE_ADDR=address))
    unkeyed = {
        hashlib.new(algorithm, address.encode()).hexdigest()[:32]
        for algorithm in ("sha256", "sha1", "md5", "blake2b")
    }

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return date.today() + timedelta(days=1)

    monkeypatch.setattr(ratelimit, "date", Tomorrow)
    next_day = ratelimit.client_key(RequestFactory().get("/", REMOTE_ADDR=address))

    # One key per client all day, unlike anything computed from the address
    # alone, and another key once the day's salt is another.
    assert key == same_day
    assert key not in unkeyed
    assert next_day != key
    assert next_day not in unkeyed
    assert key != ratelimit.client_key(
        RequestFactory().get("/", REMOTE_ADDR="203.0.113.78")
    )


@pytest.mark.django_db
@override_settings(NUM_PROXIES=1)
def test_client_behind_a_proxy_is_told_apart_by_forwarded_address():
    first = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.23"
    )
    second = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.24"
    )

    assert ratelimit.client_key(first) != ratelimit.client_key(second)


def request_from(address):
    return RequestFactory().post("/", REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "counted_as"),
    [
        # Each proxy appends the address it saw: behind two, the client is
        # the second from the end, however the commas are spaced.
        (2, "198.51.100.23, 10.0.0.2", "198.51.100.23"),
        (2, "192.0.2.1,198.51.100.23,10.0.0.2", "198.51.100.23"),
        # A request that came past fewer proxies than there are: its socket.
        (2, "10.0.0.2", "10.0.0.1"),
        (1, None, "10.0.0.1"),
    ],
)
def test_behind_proxies_the_client_is_the_address_they_saw(
    settings, proxies, forwarded, counted_as
):
    settings.NUM_PROXIES = proxies
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **headers)

    assert ratelimit.client_network(request) == counted_as


def test_a_request_without_an_address_is_counted_with_all_such():
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]

    assert ratelimit.client_network(request) == "unreadable"


@pytest.mark.django_db
@override_settings(SECRET_KEY="one secret key for the test")
def test_a_client_key_is_an_hmac_of_its_network_under_the_days_salt():
    """HMAC-SHA256 of the client's network, keyed by an HMAC-SHA256 of
    today's random salt under SECRET_KEY: neither alone gives the key."""
    from datetime import date

    from core.models import ClientKeySalt

    ClientKeySalt.objects.create(day=date.today(), salt="the day's salt")
    secret = hashlib.sha256(b"groundtruth.ratelimitone secret key for the test")
    day_key = hmac.new(secret.digest(), b"the day's salt", hashlib.sha256).hexdigest()

    key = ratelimit.client_key(request_from("203.0.113.9"))

    assert key == hmac.new(day_key.encode(), b"203.0.113.9", "sha256").hexdigest()[:32]


@pytest.mark.django_db
def test_a_days_salt_is_256_random_bits():
    from core.models import ClientKeySalt

    ratelimit.client_key(request_from("203.0.113.9"))

    assert re.fullmatch(r"[0-9a-f]{64}", ClientKeySalt.objects.get().salt)


@pytest.mark.django_db
def test_a_client_key_is_worked_out_once_per_request(django_assert_num_queries):
    """A post is counted under two limits: the salt is read once."""
    request = request_from("203.0.113.9")
    first = ratelimit.client_key(request)

    with django_assert_num_queries(0):
        again = ratelimit.client_key(request)

    assert again == first


@pytest.mark.django_db
def test_a_limit_of_zero_is_no_limit():
    """`0` in a RATE_LIMIT_* setting turns that limit off (README)."""
    request = request_from("203.0.113.9")

    refused = [ratelimit.hit_rate_limit(request, "lookups", 0) for _ in range(3)]

    assert refused == [False, False, False]


@pytest.mark.django_db
def test_two_addresses_in_one_ipv6_64_share_a_limit():
    """A subscriber picks any address in their /64 for each request."""
    first = request_from("2001:db8:aaaa:1::1")
    second = request_from("2001:db8:aaaa:1:ffff:ffff:ffff:fffe")

    results = [ratelimit.hit_rate_limit(first, "test", limit=2) for _ in range(2)]
    results.append(ratelimit.hit_rate_limit(second, "test", limit=2))

    assert results == [False, False, True]
    assert ratelimit.client_key(first) == ratelimit.client_key(second)


@pytest.mark.django_db
def test_ipv6_clients_in_different_64s_do_not_share_a_limit():
    first = request_from("2001:db8:aaaa:1::1")
    neighbour = request_from("2001:db8:aaaa:2::1")

    for _ in range(2):
        ratelimit.hit_rate_limit(first, "test", limit=2)

    assert ratelimit.hit_rate_limit(neighbour, "test", limit=2) is False
    assert ratelimit.client_key(first) != ratelimit.client_key(neighbour)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("2001:db8:aaaa:1:2:3:4:5", "2001:db8:aaaa:1::/64"),
        ("2001:DB8:AAAA:0001::9", "2001:db8:aaaa:1::/64"),
        ("203.0.113.9:51234", "203.0.113.9"),
        ("[2001:db8:aaaa:1::9]:443", "2001:db8:aaaa:1::/64"),
        ("unknown", "unreadable"),
        ("not-an-address-7", "unreadable"),
    ],
)
def test_a_client_is_counted_by_its_ipv4_address_or_ipv6_64(address, counted_as):
    request = request_from(address)

    assert ratelimit.client_network(request) == counted_as
    assert ratelimit.client_key(request) == ratelimit.client_key(
        request_from(counted_as.removesuffix("/64"))
    )


@pytest.mark.django_db
def test_ipv4_addresses_side_by_side_are_two_clients():
    assert ratelimit.client_key(request_from("203.0.113.9")) != ratelimit.client_key(
        request_from("203.0.113.10")
    )


@pytest.mark.django_db
def test_rate_limit_counts_per_client_and_scope():
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    other = RequestFactory().post("/", REMOTE_ADDR="203.0.113.10")

    results = [ratelimit.hit_rate_limit(request, "test", limit=3) for _ in range(4)]

    assert results == [False, False, False, True]
    assert ratelimit.hit_rate_limit(other, "test", limit=3) is False
    assert ratelimit.hit_rate_limit(request, "another", limit=3) is False


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves, for the counters' windows and for cache
    expiry alike (Django's database cache reads its own `tz_now`), so that
    counters once kept in the cache are held to the same clock."""
    from datetime import UTC, datetime

    from django.core.cache.backends import db as database_cache

    # Ten seconds into an hour: the whole hour's window lies ahead.
    moment = [float(3600 * 500_000 + 10)]
    monkeypatch.setattr(time, "time", lambda: moment[0])
    monkeypatch.setattr(
        database_cache, "tz_now", lambda: datetime.fromtimestamp(moment[0], tz=UTC)
    )

    def advance(seconds):
        moment[0] += seconds

    return advance


@pytest.mark.django_db
def test_an_hourly_limit_still_refuses_after_300_seconds(clock):
    """Django's cache `incr` reset a counter's expiry to 300 s: an hourly
    limit let through a fresh allowance every five minutes."""
    request = request_from("203.0.113.9")
    for _ in range(3):
        ratelimit.hit_rate_limit(request, "test", limit=3)

    refusals = []
    for _ in range(5):
        clock(301)
        refusals.append(ratelimit.hit_rate_limit(request, "test", limit=3))

    assert refusals == [True] * 5


@pytest.mark.django_db
def test_an_hourly_limit_opens_again_in_the_next_hour(clock):
    request = request_from("203.0.113.9")
    for _ in range(4):
        ratelimit.hit_rate_limit(request, "test", limit=3)

    clock(3600)

    assert ratelimit.hit_rate_limit(request, "test", limit=3) is False


@pytest.mark.django_db
def test_a_limit_of_n_an_hour_refuses_the_next_until_the_hour_turns(clock):
    request = request_from("203.0.113.9")

    first_hour = [ratelimit.hit_rate_limit(request, "test", limit=3) for _ in range(4)]
    clock(3589)  # the window's last second
    last_second = ratelimit.hit_rate_limit(request, "test", limit=3)
    clock(1)  # the next window's first
    next_hour = [ratelimit.hit_rate_limit(request, "test", limit=3) for _ in range(4)]

    assert first_hour == [False, False, False, True]
    assert last_second is True
    assert next_hour == [False, False, False, True]


@pytest.mark.django_db
def test_no_counter_tells_its_window():
    """A window's number set beside entries would tell the hour they were
    sent, even a closed one left because nothing came after it."""
    from core.models import Counter

    Counter.objects.add_one("submission:a", 490_000)
    Counter.objects.add_one("submission:a", 490_000)
    Counter.objects.add_one("failures:login:c", 1_960_000)

    assert Counter.objects.count_of("submission:a", 490_000) == 2
    assert Counter.objects.count_of("submission:a", 490_001) == 0
    stored = " ".join(str(row) for row in Counter.objects.values_list())
    for told in ("490000", "490_000", "1960000", "submission", "login"):
        assert told not in stored


@pytest.mark.django_db
def test_yesterdays_salt_goes_when_todays_is_made():
    from datetime import date, timedelta

    from core.models import ClientKeySalt

    ClientKeySalt.objects.create(day=date.today() - timedelta(days=1), salt="old")

    ratelimit.client_key(RequestFactory().get("/", REMOTE_ADDR="203.0.113.9"))

    assert list(ClientKeySalt.objects.values_list("day", flat=True)) == [date.today()]
