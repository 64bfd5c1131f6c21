"""Incidents get a permanent random record key (the noise of the published
counts) and no longer link to a release (its snapshot time says what it
counted)."""

from django.db import migrations, models

import surveys.models


def give_each_incident_a_key(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    incidents = list(Incident.objects.only("pk"))
    for incident in incidents:
        incident.record_key = surveys.models.new_record_key()
    Incident.objects.bulk_update(incidents, ["record_key"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
        ("surveys", "0009_releases_keep_no_copies"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="record_key",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_incident_a_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="incident",
            name="record_key",
            field=models.BigIntegerField(
                default=surveys.models.new_record_key, editable=False
            ),
        ),
        migrations.RemoveField(model_name="incident", name="release"),
    ]
