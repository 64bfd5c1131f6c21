"""Receipts and spent form tokens moved to the receipts app: the report's
foreign key names the receipt there, and surveys forgets both models. The
tables stay (receipts.0001 names them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0015_counters_and_salts_to_core"),
        ("receipts", "0001_receipts_from_surveys"),
        # Every foreign key to the old model is moved before it goes.
        ("testimonies", "0005_receipt_in_receipts"),
        ("incidents", "0005_receipt_in_receipts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="report",
                    name="receipt",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reports",
                        to="receipts.receipt",
                    ),
                ),
                migrations.DeleteModel(name="Receipt"),
                migrations.DeleteModel(name="SpentFormToken"),
            ],
            database_operations=[],
        ),
    ]
