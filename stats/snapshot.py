"""The entries a release counts, read once into arrays.

One query per table, read in chunks straight into numpy arrays: the
database does the date arithmetic and the casts, Python touches no row.
"""

import bisect
import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import Case, F, FloatField, IntegerField, Value, When
from django.db.models.functions import Cast, ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone

from core import countries
from incidents.models import Incident, Kind, Outcome
from stats import disclosure
from stats.models import Table
from surveys.models import ExchangeRate, PayoutMethod, Platform, Report, TaskType

CHUNK = 50_000


@dataclass
class Snapshot:
    """The entries a release counts, one array entry per entry.

    Receipts, days of sending and signatures (equal for identical answers)
    are dense codes, for the concentration rules. `dimensions` maps each
    dimension to (codes, values): the code of each entry, and the published
    value (a slug, a country, "2026-Q1") of each code. `columns` holds what
    else the table's figures need.
    """

    table: str
    record_keys: np.ndarray
    receipts: np.ndarray
    days: np.ndarray
    signatures: np.ndarray
    dimensions: dict
    columns: dict = field(default_factory=dict)
    # Reports only: for each country whose currency is not the US dollar
    # and has rates, how its pay is published in that currency (LocalPay).
    local_pay: dict = field(default_factory=dict)

    @property
    def size(self):
        return len(self.record_keys)


def _read(queryset, columns, progress):
    """Columns of a queryset as numpy arrays, {name: dtype}, in one pass."""
    names = list(columns)
    parts = {name: [] for name in names}
    done = 0
    rows = queryset.values_list(*names).iterator(chunk_size=CHUNK)
    while chunk := _take(rows, CHUNK):
        for name, values in zip(names, zip(*chunk, strict=True), strict=True):
            parts[name].append(np.array(values, dtype=columns[name]))
        done += len(chunk)
        if progress and done % 200_000 < CHUNK:
            progress(f"  read {done:,} {queryset.model._meta.verbose_name_plural}")
    return {
        name: np.concatenate(chunks) if chunks else np.zeros(0, dtype=columns[name])
        for name, chunks in parts.items()
    }


def _take(rows, count):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == count:
            break
    return chunk


def _dense(values):
    """Codes 0, 1, 2... for any labels, equal where the labels are equal."""
    return np.unique(values, return_inverse=True)[1].reshape(-1).astype(np.int64)


def _coded(values, name_of=str):
    """(codes, published values) of a dimension's raw values."""
    distinct, codes = np.unique(values, return_inverse=True)
    return codes.reshape(-1).astype(np.int64), [name_of(value) for value in distinct]


def _periods(months):
    """Quarter and year dimensions from months counted from year 0."""
    quarters = months // 3
    return {
        "quarter": _coded(quarters, lambda q: f"{q // 4:04d}-Q{q % 4 + 1}"),
        "year": _coded(months // 12, lambda year: f"{year:04d}"),
    }


def _signatures(*columns):
    """Dense codes, equal for entries whose columns are all equal."""
    signature = np.zeros(len(columns[0]), dtype=np.uint64)
    for column in columns:
        values = np.nan_to_num(np.asarray(column, dtype=np.float64), nan=-1.0)
        signature = disclosure.mix(signature ^ disclosure.mix(values.view(np.uint64)))
    return _dense(signature)


def _month(field_name):
    return ExtractYear(field_name) * 12 + ExtractMonth(field_name) - 1


def _day(field_name):
    return (
        ExtractYear(field_name) * 10_000
        + ExtractMonth(field_name) * 100
        + ExtractDay(field_name)
    )


def _real(field_name):
    return Cast(field_name, FloatField())


def _snapshot(table, raw, dimensions, answers, columns):
    """A snapshot of raw columns read by `_read`: the dimensions every table
    has (platform, country, quarter, year) join `dimensions`, and entries
    are identical when those and the `answers` columns are equal."""
    platforms = dict(Platform.objects.values_list("pk", "slug"))
    country = _coded(raw["country"])
    return Snapshot(
        table=table,
        record_keys=raw["key"].astype(np.uint64),
        receipts=_dense(raw["receipt_id"]),
        days=_dense(raw["sent"]),
        signatures=_signatures(raw["platform_id"], country[0], raw["month"], *answers),
        dimensions={
            "platform": _coded(raw["platform_id"], platforms.__getitem__),
            "country": country,
            **dimensions,
            **_periods(raw["month"]),
        },
        columns=columns,
    )


def read_reports(moment, progress=None):
    """The snapshot of every report a release taken at `moment` counts."""
    queryset = Report.objects.counted_at(moment).annotate(
        key=F("record_key"),
        sent=_day("submitted_on"),
        month=_month("period"),
        hourly=_real("hourly_usd"),
        effective=_real("effective_hourly_usd"),
        paid=_real("paid_hours_per_week"),
        unpaid=_real("unpaid_hours_per_week"),
        below=Case(
            When(below_minimum_wage=True, then=Value(1)),
            When(below_minimum_wage=False, then=Value(0)),
            default=Value(-1),
            output_field=IntegerField(),
        ),
        pay=_real("pay_amount"),
        own_rate=_real("exchange_rate"),
        advertised=_real("advertised_pay_amount"),
        payout=Case(
            *[
                When(payout_method=method, then=Value(number))
                for number, method in enumerate(PayoutMethod.values)
            ],
            default=Value(-1),
            output_field=IntegerField(),
        ),
    )
    raw = _read(
        queryset,
        {
            "key": np.int64, "receipt_id": np.int64, "sent": np.int64,
            "platform_id": np.int64, "country": object, "task_type_id": np.int64,
            "month": np.int64, "hourly": np.float64, "effective": np.float64,
            "paid": np.float64, "unpaid": np.float64, "conditions_yes": np.int64,
            "conditions_answered": np.int64, "below": np.int8,
            "pay": np.float64, "advertised": np.float64, "payout": np.int64,
            "currency": object, "own_rate": np.float64,
        },
        progress,
    )  # fmt: skip
    task_types = dict(TaskType.objects.values_list("pk", "slug"))
    paid, unpaid = raw["paid"], raw["unpaid"]
    hours = paid + unpaid
    # Paid against advertised, in percent: both in the currency and unit the
    # form asks them in; NaN where no advertised pay was given.
    advertised = raw["advertised"]
    given = advertised > 0
    gap = np.full(len(advertised), np.nan)
    gap[given] = (raw["pay"][given] - advertised[given]) / advertised[given] * 100
    local_pay, effective_local = _local_pay(raw, timezone.localdate(moment))
    snapshot = _snapshot(
        Table.REPORTS,
        raw,
        {"task_type": _coded(raw["task_type_id"], task_types.__getitem__)},
        answers=[
            raw["task_type_id"],
            raw["effective"],
            paid,
            unpaid,
            raw["conditions_yes"],
            raw["conditions_answered"],
        ],  # fmt: skip
        columns={
            "hourly_usd": raw["hourly"],
            "effective_hourly_usd": raw["effective"],
            "paid_hours": paid,
            "unpaid_hours": unpaid,
            "unpaid_share": np.divide(
                unpaid, hours, out=np.zeros_like(hours), where=hours > 0
            ),
            "conditions_yes": raw["conditions_yes"],
            "conditions_answered": raw["conditions_answered"],
            "below_minimum_wage": raw["below"],
            "promised_gap": gap,
            # The PayoutMethod's number, -1 where the report did not say.
            "payout_method": raw["payout"],
            "effective_hourly_local": effective_local,
        },
    )
    snapshot.local_pay = local_pay
    return snapshot


@dataclass
class LocalPay:
    """How a country's pay is published in its own currency.

    Each report's effective pay is converted at its own month's rate (the
    amount the worker was paid, when paid in that currency), not at one
    rate for all: a Kenyan union reads shillings as they were earned. The
    quantiles are drawn in units of `anchor` (a power of ten at or below
    the release's rate), so the candidates are the US-dollar grid's steps
    in every currency, and stay the same from release to release unless
    the rate passes a power of ten.
    """

    currency: str
    # The newest rate on or before the release's day: shown with the
    # figures, so a reader can set them beside the US-dollar ones.
    units_per_usd: float
    anchor: float


def _local_pay(raw, day):
    """{country: LocalPay}, and each report's effective hourly pay in its
    country's currency at its own month's rate, in units of the country's
    anchor (NaN where the country has no such figures)."""
    values = np.full(len(raw["country"]), np.nan)
    found = {}
    present, inverse = np.unique(raw["country"], return_inverse=True)
    inverse = inverse.reshape(-1)
    locals_ = {country: countries.local_currency(country) for country in present}
    rates = _rates_by_currency(
        {code for code in locals_.values() if code and code != "USD"}
    )
    for number, country in enumerate(present.tolist()):
        code = locals_[country]
        if code not in rates:
            continue
        dates, units = rates[code]
        today = _rate_on(dates, units, day, inclusive=True)
        found[country] = LocalPay(code, today, 10 ** math.floor(math.log10(today)))
        here = inverse == number
        # In the local currency: the report's own rate; else the local
        # currency's rate for the report's month (as ExchangeRate.for_period).
        own = raw["own_rate"][here].copy()
        other = raw["currency"][here] != code
        months = raw["month"][here][other]
        month_rates = {
            month: _rate_on(dates, units, _month_end(month), inclusive=False)
            for month in np.unique(months).tolist()
        }
        own[other] = [month_rates[month] for month in months.tolist()]
        values[here] = raw["effective"][here] * own / found[country].anchor
    return found, values


def _rates_by_currency(codes):
    """{currency: (dates, units per US dollar)}, oldest first."""
    rates = {}
    for code, day, units in (
        ExchangeRate.objects.filter(currency__in=codes)
        .order_by("currency", "date")
        .values_list("currency", "date", "units_per_usd")
    ):
        dates, values = rates.setdefault(code, ([], []))
        dates.append(day)
        values.append(float(units))
    return rates


def _rate_on(dates, units, day, inclusive):
    """The newest rate on (or before) `day`, else the oldest."""
    place = (bisect.bisect_right if inclusive else bisect.bisect_left)(dates, day)
    return units[max(place - 1, 0)]


def _month_end(month):
    """The first day after a month counted from year 0 (as `_month`)."""
    following = month + 1
    return date(following // 12, following % 12 + 1, 1)


def read_incidents(moment, progress=None):
    """The snapshot of every incident a release taken at `moment` counts."""
    kinds = Case(
        *[
            When(kind=kind, then=Value(number))
            for number, kind in enumerate(Kind.values)
        ],
        output_field=IntegerField(),
    )
    outcomes = Case(
        *[
            When(outcome=outcome, then=Value(number))
            for number, outcome in enumerate(Outcome.values)
        ],
        output_field=IntegerField(),
    )
    queryset = Incident.objects.counted_at(moment).annotate(
        key=F("record_key"),
        sent=_day("submitted_on"),
        month=_month("started"),
        kind_number=kinds,
        outcome_number=outcomes,
        owed=_real("amount_owed_usd"),
        days=_real("days_to_resolution"),
    )
    raw = _read(
        queryset,
        {
            "key": np.int64, "receipt_id": np.int64, "sent": np.int64,
            "platform_id": np.int64, "country": object, "month": np.int64,
            "kind_number": np.int64, "outcome_number": np.int64,
            "owed": np.float64, "days": np.float64,
        },
        progress,
    )  # fmt: skip
    return _snapshot(
        Table.INCIDENTS,
        raw,
        {},
        answers=[raw["kind_number"], raw["outcome_number"], raw["owed"]],
        columns={
            "kind": raw["kind_number"],
            "outcome": raw["outcome_number"],
            "amount_owed_usd": raw["owed"],
            "days_to_resolution": raw["days"],
        },
    )
