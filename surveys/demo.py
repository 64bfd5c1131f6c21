"""Synthetic reports for demonstrations and benchmarks, never real people.

The profiles follow what the press articles in shared/seeds describe:
generalist raters on Outlier AI around 20 CAD an hour and specialists
around 40; data workers in Kenya, Uganda and the Philippines at barely one
US dollar an hour for weeks of up to 70 hours; a few cents per task on
micro-task platforms; monitoring, disturbing content with little support,
rejected work, late pay, no benefits, and non-disclosure agreements.

Rows are written in bulk (PostgreSQL COPY, or executemany on SQLite), with
figures computed as the form computes them, so a million reports load in
well under two minutes.
"""

import bisect
import json
import random
import secrets
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from receipts.models import Receipt
from surveys.models import (
    Condition,
    ExchangeRate,
    MinimumWage,
    Platform,
    Report,
    TaskType,
)

WEEKS_PER_MONTH = 52 / 12
REPORTS_PER_RECEIPT = 4
MONTHS = 24


@dataclass(frozen=True)
class Profile:
    weight: float
    platforms: tuple
    countries: tuple
    task_types: tuple
    pay_unit: str
    hourly_usd: tuple  # (low, high) of a usual hourly pay in USD
    paid_hours: tuple
    unpaid_hours: tuple
    contract: str = "independent_contractor"
    local_currency: float = 0.7  # how often pay is in the local currency
    tasks_per_hour: tuple = (20, 60)
    conditions: tuple = ()  # (slug, probability of yes)


COMMON_CONDITIONS = (
    ("keystroke_monitoring", 0.6),
    ("disturbing_content", 0.25),
    ("psychological_support", 0.1),
    ("health_insurance", 0.05),
    ("paid_leave", 0.05),
    ("unpaid_training", 0.7),
    ("rejected_without_pay", 0.45),
    ("late_payment", 0.3),
    ("deactivated", 0.15),
    ("unpredictable_work", 0.75),
    ("confidentiality_agreement", 0.8),
)

PROFILES = (
    Profile(
        0.22,
        ("outlier-ai", "dataannotation", "handshake-ai", "alignerr"),
        ("CA", "US", "GB", "FR", "DE", "ES"),
        ("response-rating", "prompt-writing", "text-annotation"),
        "hour",
        (13, 22),
        (8, 30),
        (1, 8),
        local_currency=0.9,
        conditions=COMMON_CONDITIONS,
    ),
    Profile(
        0.08,
        ("outlier-ai", "alignerr", "mindrift", "direct-ai-lab"),
        ("US", "CA", "IN", "GB", "DE"),
        ("expert-review", "red-teaming"),
        "hour",
        (25, 45),
        (10, 30),
        (1, 6),
        local_currency=0.8,
        conditions=COMMON_CONDITIONS,
    ),
    Profile(
        0.2,
        ("sama", "scale-ai-remotasks", "appen"),
        ("KE", "UG"),
        ("content-moderation", "image-video-labelling", "text-annotation"),
        "month",
        (0.9, 2.0),
        (40, 55),
        (8, 20),
        contract="agency",
        local_currency=0.95,
        conditions=(
            ("keystroke_monitoring", 0.8),
            ("disturbing_content", 0.7),
            ("psychological_support", 0.2),
            ("health_insurance", 0.15),
            ("paid_leave", 0.2),
            ("unpaid_training", 0.6),
            ("rejected_without_pay", 0.3),
            ("late_payment", 0.35),
            ("deactivated", 0.2),
            ("unpredictable_work", 0.5),
            ("confidentiality_agreement", 0.9),
        ),
    ),
    Profile(
        0.16,
        ("scale-ai-remotasks", "toloka", "clickworker"),
        ("PH", "ID", "IN", "PK", "BD"),
        ("image-video-labelling", "audio-transcription", "text-annotation"),
        "task",
        (0.6, 2.5),
        (20, 50),
        (8, 25),
        local_currency=0.3,
        conditions=COMMON_CONDITIONS,
    ),
    Profile(
        0.12,
        ("amazon-mechanical-turk", "toloka", "clickworker", "prolific"),
        ("VE", "NG", "EG", "IN", "KE", "MG", "GH"),
        ("data-creation", "text-annotation", "image-video-labelling", "other"),
        "task",
        (0.4, 2.0),
        (10, 40),
        (5, 20),
        local_currency=0.1,
        tasks_per_hour=(30, 120),
        conditions=COMMON_CONDITIONS,
    ),
    Profile(
        0.14,
        ("appen", "telus-digital-ai", "mindrift"),
        ("PH", "IN", "MX", "CO", "BR", "AR", "ZA"),
        ("response-rating", "translation", "text-annotation"),
        "hour",
        (3, 9),
        (15, 30),
        (2, 10),
        local_currency=0.6,
        conditions=COMMON_CONDITIONS,
    ),
    Profile(
        0.08,
        ("telus-digital-ai", "sama", "direct-ai-lab"),
        ("PH", "KE", "IN", "CO"),
        ("content-moderation", "red-teaming"),
        "week",
        (1.5, 4),
        (40, 48),
        (2, 8),
        contract="employee",
        local_currency=0.9,
        conditions=(
            ("keystroke_monitoring", 0.9),
            ("disturbing_content", 0.9),
            ("psychological_support", 0.4),
            ("health_insurance", 0.5),
            ("paid_leave", 0.6),
            ("unpaid_training", 0.4),
            ("rejected_without_pay", 0.1),
            ("late_payment", 0.15),
            ("deactivated", 0.1),
            ("unpredictable_work", 0.2),
            ("confidentiality_agreement", 0.95),
        ),
    ),
)

COLUMNS = [
    "receipt_id", "platform_id", "platform_other", "country", "task_type_id", "period",
    "pay_amount", "currency", "pay_unit", "tasks_per_hour", "paid_hours_per_week",
    "unpaid_hours_per_week", "contract_type", "conditions", "conditions_yes",
    "conditions_answered", "advertised_pay_amount", "payout_method", "project_codename",
    "status", "submitted_on", "version", "decision_reason", "flags", "hourly_usd",
    "effective_hourly_usd", "exchange_rate", "exchange_rate_date", "below_minimum_wage",
    "record_key", "decided_at",
]  # fmt: skip


class RateBook:
    """Exchange rates by currency, for the newest rate before a month ends."""

    def __init__(self):
        self.dates, self.rates = {}, {}
        for rate in ExchangeRate.objects.order_by("currency", "date"):
            self.dates.setdefault(rate.currency, []).append(rate.date)
            self.rates.setdefault(rate.currency, []).append(float(rate.units_per_usd))

    def __contains__(self, currency):
        return currency in self.dates

    def for_month(self, currency, month_end):
        dates = self.dates[currency]
        index = max(bisect.bisect_left(dates, month_end) - 1, 0)
        return self.rates[currency][index], dates[index]


def _month_starts(today):
    first = today.replace(day=1)
    months = []
    for _ in range(MONTHS):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return months


def _next_month(first):
    return (first + timedelta(days=32)).replace(day=1)


def generate(count, seed, progress=None):
    """Write `count` approved synthetic reports, waiting for a release."""
    rng = random.Random(seed)
    platforms = dict(Platform.objects.values_list("slug", "pk"))
    task_types = dict(TaskType.objects.values_list("slug", "pk"))
    conditions = list(Condition.objects.active())
    wages = {wage.country: wage for wage in MinimumWage.objects.all()}
    rates = RateBook()
    from core.countries import local_currency

    currency_of = {
        country: local_currency(country)
        for profile in PROFILES
        for country in profile.countries
    }
    months = _month_starts(date.today())
    weights = [profile.weight for profile in PROFILES]

    # Approved now, as far as the next release can tell.
    decided_at = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        first_receipt = _add_receipts(-(-count // REPORTS_PER_RECEIPT))
        rows = (
            (*_row(
                number, rng, rng.choices(PROFILES, weights)[0], first_receipt, platforms,
                task_types, conditions, wages, rates, currency_of, months,
            ), decided_at)
            for number in range(count)
        )  # fmt: skip
        _write(rows, count, progress)


def _add_receipts(count):
    start = (
        Receipt.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    today = date.today()
    rows = ((start + i, secrets.token_hex(32), today) for i in range(count))
    _copy("surveys_receipt", ["id", "code_hash", "created_on"], rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(_NoStyle(), [Receipt]):
                cursor.execute(sql)
    return start


class _NoStyle:
    def __getattr__(self, name):
        return lambda text: text


def _row(number, rng, profile, first_receipt, platforms, task_types, conditions, wages,
         rates, currency_of, months):  # fmt: skip
    country = rng.choice(profile.countries)
    period = rng.choice(months)
    month_end = _next_month(period)
    currency = currency_of[country]
    if currency not in rates or rng.random() > profile.local_currency:
        currency = "USD"
    units_per_usd, rate_date = rates.for_month(currency, month_end)
    hourly_usd = rng.uniform(*profile.hourly_usd) * rng.lognormvariate(0, 0.15)
    paid = round(rng.uniform(*profile.paid_hours) * 2) / 2
    unpaid = round(rng.uniform(*profile.unpaid_hours) * 2) / 2
    hourly_local = hourly_usd * units_per_usd
    tasks_per_hour = None
    if profile.pay_unit == "hour":
        amount = round(hourly_local, 2)
    elif profile.pay_unit == "task":
        tasks_per_hour = rng.randint(*profile.tasks_per_hour)
        amount = max(round(hourly_local / tasks_per_hour, 2), 0.01)
    elif profile.pay_unit == "week":
        amount = round(hourly_local * paid, 2)
    else:
        amount = round(hourly_local * paid * WEEKS_PER_MONTH, 2)
    # Figures recomputed from the rounded amount, as the form computes them.
    if profile.pay_unit == "hour":
        hourly_local = amount
    elif profile.pay_unit == "task":
        hourly_local = amount * tasks_per_hour
    elif profile.pay_unit == "week":
        hourly_local = amount / paid
    else:
        hourly_local = amount / (paid * WEEKS_PER_MONTH)
    hourly = hourly_local / units_per_usd
    effective = hourly * paid / (paid + unpaid)
    below = None
    wage = wages.get(country)
    if wage and wage.currency in rates:
        wage_rate, _date = rates.for_month(wage.currency, month_end)
        below = effective < round(float(wage.hourly_amount) / wage_rate, 4)
    probabilities = dict(profile.conditions)
    answers, yes_mask, answered_mask = {}, 0, 0
    for condition in conditions:
        draw = rng.random()
        if draw < 0.08:
            answers[condition.slug] = "unsure"
            continue
        answered_mask |= 1 << condition.bit
        if rng.random() < probabilities.get(condition.slug, 0.3):
            answers[condition.slug] = "yes"
            yes_mask |= 1 << condition.bit
        else:
            answers[condition.slug] = "no"
    submitted = min(month_end + timedelta(days=rng.randint(0, 40)), date.today())
    return (
        first_receipt + number // REPORTS_PER_RECEIPT,
        platforms[rng.choice(profile.platforms)],
        "",
        country,
        task_types[rng.choice(profile.task_types)],
        period,
        f"{amount:.2f}",
        currency,
        profile.pay_unit,
        tasks_per_hour,
        f"{paid:.2f}",
        f"{unpaid:.2f}",
        profile.contract,
        json.dumps(answers),
        yes_mask,
        answered_mask,
        None,
        "",
        "",
        "approved",
        submitted,
        1,
        "",
        "{}",
        f"{hourly:.4f}",
        f"{effective:.4f}",
        f"{units_per_usd:.6f}",
        rate_date,
        below,
        # Synthetic data: a key from the seeded generator keeps demo figures
        # the same from one run to the next.
        rng.getrandbits(63),
    )


def _write(rows, count, progress):
    started = time.monotonic()

    sent_on = COLUMNS.index("submitted_on")

    def reporting(rows):
        for number, row in enumerate(rows, start=1):
            # Last activity: the day it was sent (retention counts from it).
            yield (*row, row[sent_on])
            if progress and (number % 100_000 == 0 or number == count):
                progress(number, count, time.monotonic() - started)

    _copy(Report._meta.db_table, [*COLUMNS, "changed_on"], reporting(rows))


def _copy(table, columns, rows):
    """Bulk-insert rows: COPY on PostgreSQL, executemany batches elsewhere."""
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
