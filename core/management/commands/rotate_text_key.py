"""Re-encrypt every stored story and incident account with the first key.

    TEXT_ENCRYPTION_KEYS=new,old manage.py rotate_text_key

The first of TEXT_ENCRYPTION_KEYS encrypts; the others still decrypt. Once
this has run, every stored text is under the first key and the old ones
can be removed from TEXT_ENCRYPTION_KEYS (README, Configuration). Texts
are rewritten in plain SQL: a rotation is not a change by a worker or a
moderator, so it does not move the date retention counts from.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core.encryption import encrypted_columns, rewrite_stored_text, rotate


class Command(BaseCommand):
    help = "Re-encrypt every stored free text with the first TEXT_ENCRYPTION_KEYS key."

    def handle(self, **options):
        total = 0
        with transaction.atomic():
            for model, columns in encrypted_columns():
                rows = rewrite_stored_text(
                    connection, model._meta.db_table, columns, rotate
                )
                self.stdout.write(f"  {model._meta.label}: {rows} rows")
                total += rows
        self.stdout.write(f"Re-encrypted {total} rows with the first key.")
