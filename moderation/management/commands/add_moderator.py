"""Create a moderator account and print its one-time password.

    manage.py add_moderator NAME

NAME is stored normalised (NFKC, lower case): the moderator may type it in
any case. The moderator logs in at /moderate/login/ with this password and, when
REQUIRE_2FA is on, sets up a TOTP second factor before seeing the queue.
Share the password through a safe channel; it is shown only here.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from moderation.access import add_moderator, is_moderator, normalize_username


class Command(BaseCommand):
    help = "Create a moderator account and print its password once."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the moderator's login name")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="if the moderator exists, give them a new password instead",
        )

    def handle(self, name, reset=False, **options):
        # Accounts live under the name's one spelling: "Amina" is "amina".
        name = normalize_username(name)
        password = secrets.token_urlsafe(15)
        existing = get_user_model().objects.filter(username=name).first()
        if existing is not None:
            if not (reset and is_moderator(existing)):
                raise CommandError(f"A user named {name!r} already exists.")
            existing.set_password(password)
            existing.save(update_fields=["password"])
            self.stdout.write(
                f"Moderator {name!r}: new password (shown once): {password}"
            )
            return
        with transaction.atomic():
            add_moderator(name, password)
        self.stdout.write(
            f"Moderator {name!r} created. Password (shown once): {password}"
        )
