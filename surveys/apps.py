from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Pay reports")

    def ready(self):
        from moderation import kinds as moderated
        from receipts.kinds import EntryKind, register
        from surveys import moderation_views
        from surveys.models import Report

        moderated.register(
            moderated.ModeratedKind(
                name="reports",
                label=_("Reports"),
                model=Report,
                review_page=moderation_views.review_page,
                decide=moderation_views.decide_report,
                queue_url="surveys:moderation-reports",
                review_url="surveys:moderation-report",
                dashboard_template="surveys/moderation/dashboard_card.html",
                dashboard_counts=moderation_views.dashboard_counts,
                order=1,
            )
        )
        register(
            EntryKind(
                name="reports",
                entries=lambda receipt: receipt.reports.select_related(
                    "platform", "task_type", "correction"
                ).order_by("pk"),
                entries_template="surveys/includes/receipt_reports.html",
                order=1,
            )
        )
