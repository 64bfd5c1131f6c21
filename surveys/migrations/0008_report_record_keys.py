"""Give every report its permanent random record key (the cell-key method of
the published statistics derives each count's noise from these keys)."""

from django.db import migrations, models

import surveys.models


def give_each_report_a_key(apps, schema_editor):
    Report = apps.get_model("surveys", "Report")
    batch = []
    for report in Report.objects.only("pk").iterator(chunk_size=2000):
        report.record_key = surveys.models.new_record_key()
        batch.append(report)
        if len(batch) == 2000:
            Report.objects.bulk_update(batch, ["record_key"])
            batch = []
    Report.objects.bulk_update(batch, ["record_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0007_release_incidents"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="record_key",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_report_a_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="report",
            name="record_key",
            field=models.BigIntegerField(
                default=surveys.models.new_record_key, editable=False
            ),
        ),
    ]
