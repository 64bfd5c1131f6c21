"""Releases stop holding copies of report figures or links to reports (a
release's snapshot time says what it counted), and the platform keeps its
published median for the outlier flag."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0008_report_record_keys"),
    ]

    operations = [
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
