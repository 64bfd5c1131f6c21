"""Load a file written by `manage.py backup` into an empty, migrated database.

    manage.py migrate
    manage.py restore groundtruth-2026-11-25.json

It refuses a database that already holds reports, stories or incidents
(a restore adds, it does not merge), loads everything in one transaction,
and empties the cache, so pages show the restored release. The stories'
encrypted text must open with the keys configured now (the keys of the
backup, or newer ones listed after them): if not, nothing is loaded.
"""

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import transaction

from core.encryption import loading_backup

ENTRIES = ["surveys.Report", "testimonies.Testimony", "incidents.Incident"]


class Command(BaseCommand):
    help = "Load a backup into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the JSON file written by `backup`")

    def handle(self, path, **options):
        for label in ENTRIES:
            if apps.get_model(label).objects.exists():
                raise CommandError(
                    f"This database already holds {label} entries: restore into an "
                    "empty database (create it, run `manage.py migrate`, then restore)."
                )
        try:
            with transaction.atomic(), loading_backup():
                call_command("loaddata", path, verbosity=0)
        except DeserializationError as error:
            if not isinstance(error.__context__, ImproperlyConfigured):
                raise
            # A text that does not open with TEXT_ENCRYPTION_KEYS: nothing
            # is loaded, rather than stories that can never be read.
            raise CommandError(
                "The backup's stories were encrypted with another key: set "
                "TEXT_ENCRYPTION_KEYS (or SECRET_KEY) as when it was made. "
                "Nothing was restored."
            ) from error
        cache.clear()
        counts = ", ".join(
            f"{apps.get_model(label).objects.count()} {apps.get_model(label)._meta.verbose_name_plural}"
            for label in ENTRIES
        )
        self.stdout.write(f"Restored {path}: {counts}.")
