from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Published statistics")

    def ready(self):
        from moderation import kinds
        from stats.publication import current_release

        def release_moment():
            release = current_release()
            return release.snapshot_at if release else None

        # The moderators' dashboard counts what waits for the next release.
        kinds.register_release_moment(release_moment)
