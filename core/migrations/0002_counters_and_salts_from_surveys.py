"""Counters and client-key salts now belong to core (core.ratelimit). Only
Django's idea of where the models live changes: the tables keep their
names (db_table), so no data moves."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_cache_table"),
        ("surveys", "0014_counters_hold_no_window"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Counter",
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
                        ("key", models.CharField(max_length=64, unique=True)),
                        ("count", models.PositiveIntegerField(default=0)),
                        ("created_on", models.DateField(auto_now_add=True)),
                    ],
                    options={"db_table": "surveys_counter"},
                ),
                migrations.CreateModel(
                    name="ClientKeySalt",
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
                        ("day", models.DateField(unique=True)),
                        ("salt", models.CharField(max_length=64)),
                    ],
                    options={"db_table": "surveys_clientkeysalt"},
                ),
            ],
            database_operations=[],
        ),
    ]
