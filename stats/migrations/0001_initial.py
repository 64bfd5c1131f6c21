"""The statistics app takes over the releases (same table, no data moves)
and stores the cells each release publishes."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("surveys", "0009_releases_keep_no_copies"),
        ("incidents", "0002_record_keys"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StatsRelease",
                    fields=[
                        ("number", models.AutoField(primary_key=True, serialize=False)),
                        ("created_on", models.DateField(auto_now_add=True)),
                        (
                            "cache_token",
                            models.UUIDField(default=uuid.uuid4, editable=False),
                        ),
                        ("added_reports", models.PositiveIntegerField()),
                        ("added_incidents", models.PositiveIntegerField(default=0)),
                        ("is_demo", models.BooleanField(default=False)),
                    ],
                    options={
                        "verbose_name": "statistics release",
                        "verbose_name_plural": "statistics releases",
                        "db_table": "surveys_statsrelease",
                        "ordering": ["-number"],
                    },
                ),
            ],
            database_operations=[],
        ),
        # Releases made before this one count whatever was approved by now.
        migrations.AddField(
            model_name="statsrelease",
            name="snapshot_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.CreateModel(
            name="PublishedCell",
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
                (
                    "table",
                    models.CharField(
                        choices=[
                            ("reports", "Pay reports"),
                            ("incidents", "Unpaid wages and deactivations"),
                        ],
                        max_length=10,
                    ),
                ),
                ("platform", models.CharField(blank=True, max_length=100)),
                ("country", models.CharField(blank=True, max_length=2)),
                ("task_type", models.CharField(blank=True, max_length=100)),
                ("quarter", models.CharField(blank=True, max_length=7)),
                ("year", models.CharField(blank=True, max_length=4)),
                ("n", models.PositiveIntegerField()),
                ("figures", models.JSONField()),
                ("draws", models.JSONField(default=dict)),
                (
                    "release",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cells",
                        to="stats.statsrelease",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "release",
                            "table",
                            "platform",
                            "country",
                            "task_type",
                            "quarter",
                            "year",
                        ),
                        name="one_published_cell_per_key",
                    )
                ],
            },
        ),
    ]
