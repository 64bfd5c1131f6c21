from django.db import migrations, models


def forget_counters(apps, schema_editor):
    """Counters in the old form carry their window's hour, and several rows
    of one key would break the new unique key: they go. Limits start afresh
    once, at this upgrade."""
    apps.get_model("surveys", "Counter").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0013_encrypt_project_codename"),
    ]

    operations = [
        migrations.RunPython(forget_counters, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="counter",
            name="one_counter_per_window",
        ),
        migrations.RemoveField(
            model_name="counter",
            name="bucket",
        ),
        migrations.AlterField(
            model_name="counter",
            name="key",
            field=models.CharField(max_length=64, unique=True),
        ),
    ]
