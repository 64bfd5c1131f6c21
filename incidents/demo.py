"""Synthetic incidents for the demonstration, never real people.

The cases follow what the press articles in shared/seeds describe: content
moderators in Kenya paid late or not at all by an outsourcing firm; task
workers in the Philippines and Venezuela whose work was rejected and the
pay withheld, or whose accounts were closed without a reason; raters in
North America deactivated from one day to the next; assessments and
training longer than announced, unpaid. Amounts are drawn in US dollars
and written in the worker's local currency, as a worker would give them.

Each incident goes through the model methods the form uses (amount in US
dollars at the month's rate, outcome and days to resolution, personal data
scan), then all are written at once with bulk_create, approved, so that the
demo release counts them.
"""

import random
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.countries import local_currency
from incidents.models import Action, Incident, Kind, Outcome, Reply
from moderation.models import Status
from receipts.models import Receipt
from surveys.models import ExchangeRate, Platform

MONTHS = 24
ACCOUNT_KINDS = (Kind.DEACTIVATED, Kind.REMOVED)


@dataclass(frozen=True)
class Case:
    weight: float
    platforms: tuple
    countries: tuple
    kinds: tuple  # (kind, weight)
    owed_usd: tuple  # (low, high) of an amount owed, in US dollars
    hourly_usd: float  # what an hour of the work pays, for hours covered


CASES = (
    Case(
        0.25,
        ("sama", "appen"),
        ("KE", "UG"),
        ((Kind.LATE, 4), (Kind.NOT_PAID, 3), (Kind.WITHHELD, 1), (Kind.REMOVED, 1)),
        (40, 600),
        1.5,
    ),
    Case(
        0.25,
        ("scale-ai-remotasks", "toloka", "clickworker"),
        ("PH", "ID", "IN"),
        ((Kind.WITHHELD, 4), (Kind.DEACTIVATED, 3), (Kind.UNPAID_ASSESSMENT, 2)),
        (5, 250),
        2,
    ),
    Case(
        0.2,
        ("amazon-mechanical-turk", "toloka", "prolific"),
        ("VE", "NG", "KE", "CO"),
        ((Kind.WITHHELD, 4), (Kind.NOT_PAID, 2), (Kind.DEACTIVATED, 2)),
        (3, 120),
        1,
    ),
    Case(
        0.2,
        ("outlier-ai", "dataannotation", "alignerr"),
        ("US", "CA", "GB"),
        ((Kind.DEACTIVATED, 4), (Kind.NOT_PAID, 3), (Kind.UNPAID_ASSESSMENT, 2)),
        (60, 1500),
        18,
    ),
    Case(
        0.1,
        ("telus-digital-ai", "appen"),
        ("CO", "PH", "MX"),
        ((Kind.LATE, 3), (Kind.NOT_PAID, 2), (Kind.OTHER, 1)),
        (30, 400),
        4,
    ),
)

MONEY_OUTCOMES = (
    (Outcome.PAID_FULL, 3),
    (Outcome.PAID_PART, 2),
    (Outcome.NEVER_PAID, 3),
    (Outcome.WAITING, 2),
)
ACCOUNT_OUTCOMES = (
    (Outcome.RESTORED, 2),
    (Outcome.NOT_RESTORED, 5),
    (Outcome.WAITING, 2),
)

# A few short accounts, invented; most workers leave the box empty.
ACCOUNTS = {
    Kind.NOT_PAID: "Two weeks of tasks done and approved, then no payment came.",
    Kind.LATE: "Pay came six weeks late; rent was due in the meantime.",
    Kind.WITHHELD: "The reviewer rejected the batch after it was done; no pay.",
    Kind.DEACTIVATED: "The account was closed overnight with no reason given.",
    Kind.REMOVED: "After asking about late pay I was removed from the team chat.",
    Kind.UNPAID_ASSESSMENT: "The test was said to take one hour; it took six, unpaid.",
    Kind.OTHER: "The project ended early and the promised bonus never came.",
}


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _month_start(today, months_back):
    first = today.replace(day=1)
    for _ in range(months_back):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def generate(count, seed, progress=None):
    """Write `count` approved synthetic incidents, waiting for a release,
    each under a receipt of its own."""
    rng = random.Random(seed)
    platforms = dict(Platform.objects.values_list("slug", "pk"))
    priced = set(ExchangeRate.objects.values_list("currency", flat=True))
    today = timezone.localdate()
    decided_at = timezone.now()
    with transaction.atomic():
        receipts = Receipt.objects.bulk_create(
            Receipt(code_hash=secrets.token_hex(32)) for _ in range(count)
        )
        incidents = [
            _incident(rng, receipt, platforms, priced, today, decided_at)
            for receipt in receipts
        ]
        Incident.objects.bulk_create(incidents, batch_size=500)
        _spread_over_days(rng, incidents, today)
    if progress:
        progress(count, count)
    return incidents


def _spread_over_days(rng, incidents, today):
    """Each incident sent on a day between the month it began and today, as
    real ones are: bulk_create dates them all today, and the release
    withholds a group whose entries were all sent on one day."""
    sent_on = {}
    for incident in incidents:
        span = max((today - incident.started).days, 0)
        day = incident.started + timedelta(days=rng.randint(0, span))
        sent_on.setdefault(day, []).append(incident.pk)
    for day, keys in sent_on.items():
        Incident.objects.filter(pk__in=keys).update(submitted_on=day, changed_on=day)


def _incident(rng, receipt, platforms, priced, today, decided_at):
    case = rng.choices(CASES, [case.weight for case in CASES])[0]
    kind = _pick(rng, case.kinds)
    country = rng.choice(case.countries)
    currency = local_currency(country)
    if currency not in priced or rng.random() < 0.2:
        currency = "USD"
    incident = Incident(
        receipt=receipt,
        kind=kind,
        platform_id=platforms[rng.choice(case.platforms)],
        country=country,
        started=_month_start(today, rng.randint(0, MONTHS - 1)),
        action=rng.choice(Action.values),
        reason_given=rng.choice(Reply.values),
        evidence_given=rng.choice(Reply.values),
        status=Status.APPROVED,
        decided_at=decided_at,
        # Synthetic data: a key from the seeded generator keeps the demo's
        # published figures the same from one run to the next.
        record_key=rng.getrandbits(63),
    )
    if kind in ACCOUNT_KINDS:
        incident.outcome = _pick(rng, ACCOUNT_OUTCOMES)
        # Pay earned before the account closed, often held back with it.
        if rng.random() < 0.4:
            _owe(incident, rng, case, currency)
    else:
        incident.outcome = _pick(rng, MONEY_OUTCOMES)
        if kind == Kind.UNPAID_ASSESSMENT:
            incident.hours_covered = Decimal(rng.randint(3, 20))
        _owe(incident, rng, case, currency)
    if incident.outcome == Outcome.PAID_PART and incident.amount_owed:
        share = Decimal(rng.randint(20, 80)) / 100
        incident.amount_recovered = (incident.amount_owed * share).quantize(
            Decimal("0.01")
        )
    if rng.random() < 0.25:
        incident.text = ACCOUNTS[kind]
    incident.price_amount_owed()
    resolved_on = None
    if incident.outcome != Outcome.WAITING:
        resolved_on = min(incident.started + timedelta(days=rng.randint(5, 240)), today)
    # The day the worker reported the outcome, as the form records it.
    incident.record_outcome(today=resolved_on or today)
    incident.find_personal_data()
    return incident


def _owe(incident, rng, case, currency):
    usd = rng.uniform(*case.owed_usd)
    if incident.hours_covered:
        usd = case.hourly_usd * float(incident.hours_covered)
    rate = Decimal(1)
    if currency != "USD":
        rate = ExchangeRate.objects.for_period(currency, incident.started).units_per_usd
    # As a worker writes it: whole units, and round figures when large.
    local = Decimal(usd) * rate
    places = max(len(str(int(local))) - 2, 0)
    step = Decimal(10) ** places
    incident.amount_owed = max((local / step).quantize(Decimal(1)) * step, step)
    incident.currency = currency
