"""Releases stop holding copies of report figures: a report records the
number of the release that first counted it, and the platform keeps its
published median for the outlier flag."""

from django.db import migrations, models


def keep_release_numbers(apps, schema_editor):
    Report = apps.get_model("surveys", "Report")
    Report.objects.filter(release__isnull=False).update(
        released_in=models.F("release_id")
    )


def restore_release_links(apps, schema_editor):
    Report = apps.get_model("surveys", "Report")
    Report.objects.filter(released_in__isnull=False).update(
        release_id=models.F("released_in")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0008_report_record_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="released_in",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(keep_release_numbers, restore_release_links),
        migrations.RemoveField(model_name="report", name="release"),
        migrations.DeleteModel(name="ReleasedFigure"),
        migrations.AddField(
            model_name="platform",
            name="released_median_usd",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                editable=False,
                max_digits=14,
                null=True,
                verbose_name="published median effective hourly pay (USD)",
            ),
        ),
        migrations.AddField(
            model_name="platform",
            name="released_reports",
            field=models.PositiveIntegerField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="published number of reports",
            ),
        ),
    ]
