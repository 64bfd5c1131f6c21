"""Receipts and spent form tokens now belong to receipts. Only Django's idea
of where the models live changes: the tables keep their names (db_table),
so no data moves."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("surveys", "0015_counters_and_salts_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Receipt",
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
                            "code_hash",
                            models.CharField(
                                editable=False, max_length=64, unique=True
                            ),
                        ),
                        ("created_on", models.DateField(auto_now_add=True)),
                    ],
                    options={"db_table": "surveys_receipt"},
                ),
                migrations.CreateModel(
                    name="SpentFormToken",
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
                        ("token_hash", models.CharField(max_length=64, unique=True)),
                        ("spent_on", models.DateField(auto_now_add=True)),
                    ],
                    options={"db_table": "surveys_spentformtoken"},
                ),
            ],
            database_operations=[],
        ),
    ]
