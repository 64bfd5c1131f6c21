from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestimoniesConfig(AppConfig):
    name = "testimonies"
    verbose_name = _("Stories")

    def ready(self):
        from receipts.kinds import EntryKind, register

        register(
            EntryKind(
                name="testimonies",
                entries=lambda receipt: receipt.testimonies.all(),
                entries_template="testimonies/includes/receipt_stories.html",
                add_template="testimonies/includes/receipt_add_story.html",
                order=2,
            )
        )
