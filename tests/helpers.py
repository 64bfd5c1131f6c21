"""Plain helpers shared by the tests."""

from html.parser import HTMLParser

from django.urls import URLPattern, URLResolver

from config import urls as root_urls


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self._text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self._text.append(data)

    @property
    def text(self):
        return " ".join(" ".join(self._text).split())


def parse_html(content):
    """Return the start tags of an HTML document as (name, attributes) pairs."""
    collector = _TagCollector()
    collector.feed(content.decode() if isinstance(content, bytes) else content)
    return collector.tags


def visible_text(content):
    """Return the text of an HTML document, whitespace collapsed."""
    collector = _TagCollector()
    collector.feed(content.decode() if isinstance(content, bytes) else content)
    return collector.text


def _public_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _public_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            takes_arguments = bool(pattern.pattern.converters)
            if not takes_arguments:
                yield f"{namespace}{pattern.name}"


def public_url_names():
    """Every named public URL that takes no argument, found in the URLconf.

    New pages join the project-wide tests without being listed by hand.
    """
    return sorted(set(_public_names(root_urls.urlpatterns)))
