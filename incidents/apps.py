from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Unpaid wages and deactivations")

    def ready(self):
        from incidents.models import Incident
        from surveys.stats import RELEASED_WITH_REPORTS

        RELEASED_WITH_REPORTS.append((Incident, "added_incidents"))
