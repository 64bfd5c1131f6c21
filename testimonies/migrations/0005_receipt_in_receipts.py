"""The receipt model moved from surveys to receipts: the foreign key now
names it there. The column and its constraint are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("testimonies", "0004_encrypt_free_text"),
        ("receipts", "0001_receipts_from_surveys"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="testimony",
                    name="receipt",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="testimonies",
                        to="receipts.receipt",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
