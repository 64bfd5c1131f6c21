"""Write everything the site keeps to one JSON file, for any database.

    manage.py backup groundtruth-2026-11-25.json
    manage.py restore groundtruth-2026-11-25.json     # into an empty, migrated database

Every app's data is in it: reference data, reports, stories, incidents,
receipts (as keyed hashes), moderation events, the statistics' releases and
published cells, and the moderators with their password hashes and
second-factor devices (without them, no decision could be restored: each
names its moderator). Foreign keys to moderators and content types are
written by natural key, so the file loads into a freshly migrated database.
Counters, client-key salts and spent form tokens are left out: they last a
day and mean nothing later. The file holds TOTP secrets and receipt hashes:
it is readable by its owner only; encrypt it and keep it off the machine
(README, Backups).
"""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

SAVED = [
    "core.campaign",
    "auth.group",
    "auth.user",
    "otp_totp",
    "receipts",
    "moderation",
    "surveys",
    "testimonies",
    "incidents",
    "stats",
]
LEFT_OUT = ["core.counter", "core.clientkeysalt", "receipts.spentformtoken"]


class Command(BaseCommand):
    help = "Write every app's data to one JSON file (restore it with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the JSON file to write")

    def handle(self, path, **options):
        # Readable by its owner only, from its first byte.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        os.chmod(path, 0o600)
        call_command(
            "dumpdata",
            *SAVED,
            exclude=LEFT_OUT,
            natural_foreign=True,
            natural_primary=True,
            output=path,
            verbosity=0,
        )
        self.stdout.write(f"Backed up every app's data to {path}.")
