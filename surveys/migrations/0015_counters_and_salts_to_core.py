"""Counters and client-key salts moved to core: surveys forgets the models,
the tables stay (core.0002 names them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0014_counters_hold_no_window"),
        ("core", "0002_counters_and_salts_from_surveys"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Counter"),
                migrations.DeleteModel(name="ClientKeySalt"),
            ],
            database_operations=[],
        ),
    ]
