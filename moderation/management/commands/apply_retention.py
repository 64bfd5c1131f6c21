"""Delete what the site no longer needs: rejected entries
RETENTION_REJECTED_DAYS after their last activity, pending entries
RETENTION_PENDING_DAYS after theirs (sent, changed by the author, or
decided: an approved entry its author updated starts afresh), and entries
still waiting for their author RETENTION_AWAITING_AUTHOR_DAYS after the
moderator's decision; and replace an approved story's original words by
its published copy RETENTION_ORIGINALS_DAYS after publication. Run it daily
from cron:

    15 3 * * *  cd /srv/groundtruth && .venv/bin/python manage.py apply_retention

Every kind of entry that moderators decide on (reports, stories, incidents)
is found through its `past_retention` queryset method, and every kind that
keeps an author's original beside a published copy (stories) through
`originals_past_retention` and `clear_original`; receipts left empty
go too, and so do counters, client-key salts and spent form tokens older
than yesterday.
"""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.models import ClientKeySalt, Counter
from moderation.models import Moderated
from receipts.models import Receipt, SpentFormToken


def moderated_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Moderated) and not model._meta.abstract
    ]


class Command(BaseCommand):
    help = (
        "Delete rejected entries and never-reviewed pending ones past their retention."
    )

    def handle(self, **options):
        today = timezone.localdate()
        rejected_before = today - timedelta(days=settings.RETENTION_REJECTED_DAYS)
        pending_before = today - timedelta(days=settings.RETENTION_PENDING_DAYS)
        # Deleted rather than published: the author asked to approve the
        # edited copy first, and never did. The receipt page tells them so.
        awaiting_before = today - timedelta(
            days=settings.RETENTION_AWAITING_AUTHOR_DAYS
        )
        published_before = today - timedelta(days=settings.RETENTION_ORIGINALS_DAYS)
        removed = {}
        cleared = 0
        with transaction.atomic():
            for model in moderated_models():
                expired = model.objects.past_retention(
                    rejected_before=rejected_before,
                    pending_before=pending_before,
                    awaiting_before=awaiting_before,
                )
                count, _details = expired.delete()
                removed[model._meta.verbose_name_plural] = count
                if hasattr(model.objects, "originals_past_retention"):
                    originals = model.objects.originals_past_retention(
                        published_before=published_before
                    )
                    cleared += sum(
                        entry.clear_original() for entry in originals.iterator()
                    )
            empty = Receipt.objects.empty()
            removed["receipts left empty"] = empty.delete()[0]
            yesterday = today - timedelta(days=1)
            removed["counters and spent tokens"] = (
                Counter.objects.filter(created_on__lt=yesterday).delete()[0]
                + SpentFormToken.objects.filter(spent_on__lt=yesterday).delete()[0]
                + ClientKeySalt.objects.filter(day__lt=yesterday).delete()[0]
            )
        summary = ", ".join(f"{count} {name}" for name, count in removed.items())
        self.stdout.write(
            f"Removed {summary} (rejected before {rejected_before}, "
            f"pending since before {pending_before}, waiting for their author "
            f"since before {awaiting_before}). Replaced the original words of "
            f"{cleared} entries published before {published_before} by their "
            "published copy."
        )
