from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestimoniesConfig(AppConfig):
    name = "testimonies"
    verbose_name = _("Stories")

    def ready(self):
        from moderation import kinds as moderated
        from receipts.kinds import EntryKind, register
        from testimonies import moderation_views
        from testimonies.forms import StoryDecisionForm
        from testimonies.models import Testimony

        moderated.register(
            moderated.ModeratedKind(
                name="stories",
                label=_("Stories"),
                model=Testimony,
                review_page=moderation_views.review_page,
                decide=moderation_views.decide_story,
                decision_form=StoryDecisionForm,
                queue_url="testimonies:moderation-stories",
                review_url="testimonies:moderation-story",
                dashboard_template="testimonies/moderation/dashboard_card.html",
                dashboard_counts=moderation_views.dashboard_counts,
                order=2,
            )
        )
        register(
            EntryKind(
                name="testimonies",
                entries=lambda receipt: receipt.testimonies.all(),
                entries_template="testimonies/includes/receipt_stories.html",
                add_template="testimonies/includes/receipt_add_story.html",
                order=2,
            )
        )
