"""Ship exchange rates and minimum wages, each with its date and source.

The figures are read from surveys/data/*.csv as they were when this
migration was written; later rates come in through the
update_exchange_rates command, and wages are edited in the admin.
"""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def read_rows(name):
    with (DATA / name).open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def add_rates_and_wages(apps, schema_editor):
    ExchangeRate = apps.get_model("surveys", "ExchangeRate")
    MinimumWage = apps.get_model("surveys", "MinimumWage")
    ExchangeRate.objects.bulk_create(
        [
            ExchangeRate(
                currency=row["currency"],
                units_per_usd=Decimal(row["units_per_usd"]),
                date=row["date"],
                source=row["source"],
            )
            for row in read_rows("exchange_rates.csv")
        ],
        ignore_conflicts=True,
    )
    for row in read_rows("minimum_wages.csv"):
        MinimumWage.objects.update_or_create(
            country=row["country"],
            defaults={
                "currency": row["currency"],
                "hourly_amount": Decimal(row["hourly_amount"]),
                "date": row["date"],
                "source": row["source"],
                "note": row["note"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_reference_names")]

    operations = [
        migrations.RunPython(add_rates_and_wages, migrations.RunPython.noop),
    ]
