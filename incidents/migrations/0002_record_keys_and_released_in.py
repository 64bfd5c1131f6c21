"""Incidents get a permanent random record key (the noise of the published
counts) and record the number of the release that first counted them."""

from django.db import migrations, models

import surveys.models


def give_each_incident_a_key(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    incidents = list(Incident.objects.only("pk"))
    for incident in incidents:
        incident.record_key = surveys.models.new_record_key()
    Incident.objects.bulk_update(incidents, ["record_key"], batch_size=2000)


def keep_release_numbers(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    Incident.objects.filter(release__isnull=False).update(
        released_in=models.F("release_id")
    )


def restore_release_links(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    Incident.objects.filter(released_in__isnull=False).update(
        release_id=models.F("released_in")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
        ("surveys", "0009_released_in"),
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
        migrations.AddField(
            model_name="incident",
            name="released_in",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(keep_release_numbers, restore_release_links),
        migrations.RemoveField(model_name="incident", name="release"),
    ]
