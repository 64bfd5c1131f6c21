"""Counters, client-key salts and spent form tokens move out of the cache
into tables that are never evicted; reports keep the day of their last
activity (sent, changed, decided), from which retention counts."""

from django.db import migrations, models


def from_last_activity(apps, schema_editor):
    Report = apps.get_model("surveys", "Report")
    batch = []
    for entry in Report.objects.only("submitted_on", "decided_at").iterator(
        chunk_size=2000
    ):
        decided = entry.decided_at.date() if entry.decided_at else None
        entry.changed_on = max(filter(None, [entry.submitted_on, decided]))
        batch.append(entry)
        if len(batch) == 2000:
            Report.objects.bulk_update(batch, ["changed_on"])
            batch = []
    Report.objects.bulk_update(batch, ["changed_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0011_report_same_answers_index"),
    ]

    operations = [
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
        ),
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
                ("key", models.CharField(max_length=80)),
                ("bucket", models.PositiveBigIntegerField()),
                ("count", models.PositiveIntegerField(default=0)),
                ("created_on", models.DateField(auto_now_add=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("key", "bucket"), name="one_counter_per_window"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="report",
            name="changed_on",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(from_last_activity, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="report",
            name="changed_on",
            field=models.DateField(auto_now=True),
        ),
    ]
