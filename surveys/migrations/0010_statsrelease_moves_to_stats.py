"""Releases now belong to the statistics app (stats.StatsRelease keeps the
table): only Django's record of the model moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0009_releases_keep_no_copies"),
        ("incidents", "0002_record_keys"),
        ("stats", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StatsRelease")],
            database_operations=[],
        ),
    ]
