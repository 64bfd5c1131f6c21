"""Campaigns: a code for a reporting drive that lifts the per-address limit
on saved entries, with a cap of its own. No entry points to one."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_counters_and_salts_from_surveys"),
    ]

    operations = [
        migrations.CreateModel(
            name="Campaign",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "code",
                    models.CharField(
                        help_text="What workers type, in capitals or not, for example UNION-MARCH. Everyone at the event shares it: it is not a receipt code.",
                        max_length=32,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Za-z0-9][A-Za-z0-9-]{3,31}$",
                                "4 to 32 letters, digits or dashes.",
                            )
                        ],
                        verbose_name="code",
                    ),
                ),
                ("valid_from", models.DateTimeField(verbose_name="valid from")),
                ("valid_until", models.DateTimeField(verbose_name="valid until")),
                (
                    "limit",
                    models.PositiveIntegerField(
                        help_text="Entries that may be sent with this code, for the whole event.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="limit",
                    ),
                ),
                (
                    "used",
                    models.PositiveIntegerField(
                        default=0, editable=False, verbose_name="entries sent"
                    ),
                ),
            ],
            options={
                "verbose_name": "campaign",
                "verbose_name_plural": "campaigns",
                "ordering": ["-valid_from"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("valid_until__gt", models.F("valid_from"))),
                        name="campaign_ends_after_it_starts",
                    )
                ],
            },
        ),
    ]
