"""Testimonys keep the day of their last activity (sent, changed, decided):
retention counts from it."""

from django.db import migrations, models


def from_last_activity(apps, schema_editor):
    Testimony = apps.get_model("testimonies", "Testimony")
    batch = []
    for entry in Testimony.objects.only("submitted_on", "decided_at").iterator(
        chunk_size=2000
    ):
        decided = entry.decided_at.date() if entry.decided_at else None
        entry.changed_on = max(filter(None, [entry.submitted_on, decided]))
        batch.append(entry)
        if len(batch) == 2000:
            Testimony.objects.bulk_update(batch, ["changed_on"])
            batch = []
    Testimony.objects.bulk_update(batch, ["changed_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("testimonies", "0002_moderation"),
    ]

    operations = [
        migrations.AddField(
            model_name="testimony",
            name="changed_on",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(from_last_activity, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="testimony",
            name="changed_on",
            field=models.DateField(auto_now=True),
        ),
    ]
