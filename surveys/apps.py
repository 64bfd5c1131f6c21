from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def register_sqlite_functions(sender, connection, **kwargs):
    """Give SQLite PostgreSQL's percentile_cont, so both give the same figures."""
    if connection.vendor == "sqlite":
        from surveys.stats import SqlitePercentileCont, SqlitePercentilesCont

        connection.connection.create_aggregate(
            "percentile_cont", 2, SqlitePercentileCont
        )
        connection.connection.create_aggregate(
            "percentiles_cont", 2, SqlitePercentilesCont
        )


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Pay reports and statistics")

    def ready(self):
        connection_created.connect(register_sqlite_functions)
