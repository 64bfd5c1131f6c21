from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Unpaid wages and deactivations")

    def ready(self):
        from incidents import moderation_views
        from incidents.models import Incident
        from moderation import kinds as moderated
        from receipts.kinds import EntryKind, register

        moderated.register(
            moderated.ModeratedKind(
                name="incidents",
                label=_("Incidents"),
                model=Incident,
                review_page=moderation_views.review_page,
                decide=moderation_views.decide_incident,
                queue_url="incidents:moderation-queue",
                review_url="incidents:moderation-review",
                dashboard_template="incidents/moderation/dashboard_card.html",
                dashboard_counts=moderation_views.dashboard_counts,
                order=3,
            )
        )
        register(
            EntryKind(
                name="incidents",
                entries=lambda receipt: receipt.incidents.all(),
                entries_template="incidents/includes/receipt_incidents.html",
                add_template="incidents/includes/receipt_add_incident.html",
                order=3,
            )
        )
