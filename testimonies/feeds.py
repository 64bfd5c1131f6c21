"""An Atom feed of newly published stories, for organizers who follow the site."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from testimonies.models import Testimony


class PlainTextAtomFeed(Atom1Feed):
    """Atom with each entry's summary marked as plain text.

    Django marks it as HTML, so a reader would render a story's markup: an
    ``<img>`` that loads from another site as the organizer reads, tracking
    them, or a link disguised as the site's. As text, a reader shows the
    characters the author typed, as the site's own pages do.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class LatestStoriesFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = gettext_lazy("Ground Truth: workers' stories")
    subtitle = gettext_lazy(
        "Stories from the people who train AI, published after review."
    )

    def link(self):
        return reverse("testimonies:story-list")

    def items(self):
        return Testimony.objects.published().order_by("-published_on", "-pk")[:20]

    def item_title(self, item):
        return item.published_title or _("Story %(number)s") % {"number": item.pk}

    def item_description(self, item):
        # A feed reader cannot fold a story behind its warning, so a story
        # with one shows only the warning; the site shows the rest on request.
        warnings = item.content_warning_labels()
        if warnings:
            return _("Content warning: %(warnings)s. Open the story on the site.") % {
                "warnings": ", ".join(warnings)
            }
        return item.published_text

    def item_updateddate(self, item):
        # The month only, as every public page shows it.
        first_day = item.published_on.replace(day=1)
        return timezone.make_aware(datetime.combine(first_day, time.min))

    item_pubdate = item_updateddate
