"""Add or correct exchange rates from a CSV file, so rates move without code.

The file has a header row and the columns currency,units_per_usd,date,source
(the format of surveys/data/exchange_rates.csv), e.g.

    currency,units_per_usd,date,source
    KES,129.20,2026-11-02,Central Bank of Kenya mean rate

A rate for a currency and day already held is replaced. Nothing is written
unless every row is valid. Reports keep the rate they were computed with.
"""

import csv
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from surveys.models import ExchangeRate

COLUMNS = ["currency", "units_per_usd", "date", "source"]


def parse_rate_row(row):
    """An ExchangeRate's fields from one CSV row; ValueError says what is wrong."""
    currency = (row.get("currency") or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ValueError(f"currency {currency!r} is not a three-letter ISO 4217 code")
    try:
        units = Decimal((row.get("units_per_usd") or "").strip())
    except InvalidOperation:
        raise ValueError(
            f"units_per_usd {row.get('units_per_usd')!r} is not a number"
        ) from None
    if not units.is_finite() or units <= 0:
        raise ValueError("units_per_usd must be above zero")
    try:
        day = date.fromisoformat((row.get("date") or "").strip())
    except ValueError:
        raise ValueError(f"date {row.get('date')!r} is not YYYY-MM-DD") from None
    source = (row.get("source") or "").strip()
    if not source:
        raise ValueError("source is empty: every rate needs one")
    return {"currency": currency, "units_per_usd": units, "date": day, "source": source}


class Command(BaseCommand):
    help = (
        "Add or correct exchange rates from a CSV file "
        "(currency,units_per_usd,date,source)."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="path of the CSV file")

    def handle(self, csv_file, **options):
        try:
            with open(csv_file, newline="", encoding="utf-8-sig") as file:
                reader = csv.DictReader(file)
                missing = set(COLUMNS) - set(reader.fieldnames or [])
                if missing:
                    raise CommandError(
                        f"{csv_file}: missing column(s) {', '.join(sorted(missing))}; "
                        f"expected {','.join(COLUMNS)}"
                    )
                rates, errors = [], []
                for line, row in enumerate(reader, start=2):
                    try:
                        rates.append(parse_rate_row(row))
                    except ValueError as error:
                        errors.append(f"line {line}: {error}")
        except OSError as error:
            raise CommandError(f"cannot read {csv_file}: {error.strerror}") from error
        if errors:
            shown = "\n".join(errors[:20])
            more = f"\n... and {len(errors) - 20} more" if len(errors) > 20 else ""
            raise CommandError(f"{csv_file}: nothing written.\n{shown}{more}")

        added = updated = 0
        with transaction.atomic():
            for number, fields in enumerate(rates, start=1):
                _rate, created = ExchangeRate.objects.update_or_create(
                    currency=fields["currency"],
                    date=fields["date"],
                    defaults={
                        "units_per_usd": fields["units_per_usd"],
                        "source": fields["source"],
                    },
                )
                added += created
                updated += not created
                if number % 1000 == 0:
                    self.stderr.write(f"  {number} of {len(rates)} rows...")
        currencies = len({fields["currency"] for fields in rates})
        self.stdout.write(
            f"{added} rates added and {updated} updated for {currencies} currencies "
            f"from {csv_file}."
        )
