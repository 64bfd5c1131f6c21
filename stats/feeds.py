"""An Atom feed of releases: what changed per platform, for organizers who
follow a platform without giving an e-mail address.

Each entry compares the stored cells of a release with those of the release
before; only the last two releases keep their cells (stats.publication), so
older entries say their figures were replaced.
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import countries
from core.templatetags.ground_truth import amount
from stats.models import PublishedCell, StatsRelease, Table
from stats.published import labeller
from testimonies.feeds import PlainTextAtomFeed

FEED_RELEASES = 10


def platform_figures(releases):
    """{release number: {platform slug ("" for all): (n, median or None)}}
    from the platform cells of the releases, in one query."""
    found = {release.number: {} for release in releases}
    cells = PublishedCell.objects.filter(
        release__in=list(found),
        table=Table.REPORTS,
        country="",
        task_type="",
        quarter="",
        year="",
    )
    for number, slug, n, figures in cells.values_list(
        "release_id", "platform", "n", "figures"
    ):
        pay = figures["effective_hourly_usd"]
        found[number][slug] = (n, pay["median"] if pay else None)
    return found


def _median(value):
    return amount(value) if value is not None else _("not published")


def change_lines(before, after, name):
    """A line per platform (all platforms first) of what changed between two
    releases' figures; `before` None when the release before is not kept."""
    lines = []
    slugs = sorted(
        set(after) | set(before or {}),
        key=lambda slug: (slug != "", countries.sort_key(str(name(slug)))),
    )
    for slug in slugs:
        label = name(slug) if slug else _("All platforms")
        if slug not in after:
            lines.append(
                _("%(platform)s: no longer published (too few reports, or withheld)")
                % {"platform": label}
            )
            continue
        n, median = after[slug]
        if before is None or slug not in before:
            template = (
                ngettext(
                    "%(platform)s: %(n)s report, median effective pay %(median)s US dollars an hour",
                    "%(platform)s: %(n)s reports, median effective pay %(median)s US dollars an hour",
                    n,
                )
                if before is None
                else ngettext(
                    "%(platform)s: newly published, %(n)s report, median effective pay "
                    "%(median)s US dollars an hour",
                    "%(platform)s: newly published, %(n)s reports, median effective pay "
                    "%(median)s US dollars an hour",
                    n,
                )
            )
            lines.append(
                template
                % {"platform": label, "n": amount(n, 0), "median": _median(median)}
            )
            continue
        n_before, median_before = before[slug]
        lines.append(
            ngettext(
                "%(platform)s: %(n_before)s → %(n)s report, median effective pay "
                "%(median_before)s → %(median)s US dollars an hour",
                "%(platform)s: %(n_before)s → %(n)s reports, median effective pay "
                "%(median_before)s → %(median)s US dollars an hour",
                n,
            )
            % {
                "platform": label,
                "n_before": amount(n_before, 0),
                "n": amount(n, 0),
                "median_before": _median(median_before),
                "median": _median(median),
            }
        )
    return lines


class ReleasesFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = gettext_lazy("Ground Truth: new releases of the figures")
    subtitle = gettext_lazy(
        "Each release of the published figures, and what changed for each platform."
    )

    def link(self):
        return reverse("stats:stats")

    def items(self):
        releases = list(StatsRelease.objects.order_by("-number")[: FEED_RELEASES + 1])
        figures = platform_figures(releases)
        name = labeller("platform")
        shown = releases[:FEED_RELEASES]
        for release, previous in zip(shown, [*releases[1:], None], strict=False):
            after = figures[release.number]
            before = figures[previous.number] if previous else None
            if not after:
                release.changes = [
                    _("The figures of this release were replaced by later releases.")
                ]
                continue
            if previous is not None and not before:
                # The release before kept no cells: its figures alone.
                before = None
            release.changes = change_lines(before, after, name)
        return shown

    def item_title(self, item):
        if item.is_demo:
            return _("Release %(number)s (synthetic demonstration data)") % {
                "number": item.number
            }
        return _("Release %(number)s") % {"number": item.number}

    def item_description(self, item):
        return "\n".join(item.changes)

    def item_link(self, item):
        # Every entry leads to the statistics page; the fragment names the
        # release, so each entry's Atom id (its link) is its own.
        return f"{reverse('stats:stats')}#release-{item.number}"

    def item_updateddate(self, item):
        # The day only, as every page shows it (the moment of the snapshot
        # stays among the operators).
        return timezone.make_aware(datetime.combine(item.created_on, time.min))

    item_pubdate = item_updateddate
