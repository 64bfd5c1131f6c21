from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Unpaid wages and deactivations")

    def ready(self):
        from receipts.kinds import EntryKind, register

        register(
            EntryKind(
                name="incidents",
                entries=lambda receipt: receipt.incidents.all(),
                entries_template="incidents/includes/receipt_incidents.html",
                add_template="incidents/includes/receipt_add_incident.html",
                order=3,
            )
        )
