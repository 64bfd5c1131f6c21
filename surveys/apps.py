from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Pay reports")

    def ready(self):
        from receipts.kinds import EntryKind, register

        register(
            EntryKind(
                name="reports",
                entries=lambda receipt: receipt.reports.select_related(
                    "platform", "task_type"
                ).order_by("pk"),
                entries_template="surveys/includes/receipt_reports.html",
                order=1,
            )
        )
