"""The database cache's table, made by `migrate` itself: without it every
page failed, and `createcachetable` was one more step to forget."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop),
    ]
