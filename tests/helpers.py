"""Plain helpers shared by the tests."""

import re
from html.parser import HTMLParser

from django.urls import URLPattern, URLResolver
from django.utils import timezone

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


# Public URLs that answer with something other than an HTML page.
NOT_HTML = {
    "testimonies:story-feed",
    "stats:stats-csv",
    "stats:ptable-csv",
    "api-stats",
    "api-openapi",
    "healthz",
    "security-txt",
    "stats:incidents-csv",
    "api-incident-stats",
    "stats:release-package",
    "stats:release-feed",
}


# Pages that answer only once a code has opened a receipt on this phone
# (the entries page redirects to /receipt/ without it; "End now" is a POST).
UNDER_THE_CODE = {"receipts:entries", "receipts:end"}


def _url_names():
    return set(_public_names(root_urls.urlpatterns)) - NOT_HTML - UNDER_THE_CODE


def public_url_names():
    """Every named public HTML page that takes no argument, from the URLconf.

    New pages join the project-wide tests without being listed by hand.
    """
    return sorted(name for name in _url_names() if "moderation" not in name)


def report_form_data(**overrides):
    """A valid report submission, as the form posts it; overrides win."""
    from surveys.models import Condition, Platform, TaskType

    data = {
        "platform": str(Platform.objects.get(slug="outlier-ai").pk),
        "platform_other": "",
        "country": "KE",
        "task_type": str(TaskType.objects.get(slug="response-rating").pk),
        "period": "2026-09",
        "pay_amount": "2.50",
        "currency": "USD",
        "pay_unit": "hour",
        "tasks_per_hour": "",
        "paid_hours_per_week": "40",
        "unpaid_hours_per_week": "10",
        "contract_type": "independent_contractor",
        "advertised_pay_amount": "",
        "payout_method": "",
        "project_codename": "",
        "website": "",
    }
    for condition in Condition.objects.active():
        data[condition.slug] = "unsure"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def report_step(client, step, path="/report/", **overrides):
    """A step of the guided report opened by its Back or Change button,
    with the answers of report_form_data(**overrides) carried along."""
    data = report_form_data(**overrides) | {"step": "check", "goto": step}
    return client.post(path, data)


def days_ago(days):
    """A day of sending, `days` before today: the statistics withhold small
    groups sent mostly on one day, so released test data is spread out."""
    from datetime import date, timedelta

    return date.today() - timedelta(days=days)


def make_report(receipt=None, **overrides):
    """Save a report through the real form, so its figures are computed.

    Status, flags and submission day can be overridden after the save.
    """
    from receipts.models import Receipt
    from surveys.forms import ReportForm

    after_save = {
        key: overrides.pop(key)
        for key in ("status", "submitted_on", "flags")
        if key in overrides
    }
    form = ReportForm(data=report_form_data(**overrides))
    assert form.is_valid(), form.errors
    if receipt is None:
        receipt, _code = Receipt.objects.issue()
    report = form.save(receipt=receipt)
    if after_save.get("status") == "approved":
        # As a moderator's decision records it: the next release counts it.
        after_save["decided_at"] = timezone.now()
    if after_save:
        for field, value in after_save.items():
            setattr(report, field, value)
        report.save(update_fields=list(after_save))
    return report


class _FormReader(HTMLParser):
    """Collects what a page's form would send back, and the errors shown by fields."""

    def __init__(self):
        super().__init__()
        self.values = {}
        self.errors = {}
        self._select = None
        self._error_for = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            if attrs.get("type") in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "on")
            else:
                self.values[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value", "")
        element_id = attrs.get("id", "")
        match = re.fullmatch(r"error_\d+_id_(.+)|id_(.+)_error", element_id)
        if match:
            self._error_for = match.group(1) or match.group(2)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag in ("span", "div", "p"):
            self._error_for = None

    def handle_data(self, data):
        if self._error_for and data.strip():
            self.errors.setdefault(self._error_for, []).append(" ".join(data.split()))


def read_form(response):
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader


def field_value(response, name):
    """The value a page's form holds for `name` (as a browser would send it)."""
    return read_form(response).values.get(name)


def field_errors(response, name):
    """The error messages shown next to the field `name`, as one text."""
    return " ".join(read_form(response).errors.get(name, []))


def html_of_field(response, name):
    """The HTML tag of a form field's first input, to check its attributes."""
    content = response.content.decode()
    match = re.search(
        rf"<(input|select|textarea)[^>]*name=\"{re.escape(name)}\"[^>]*>", content
    )
    assert match, f"no field {name!r} in the page"
    return match.group(0)


STORY_TEXT = (
    "We rate chatbot answers for ten hours a day. The software takes screenshots "
    "every few minutes and half of the work is rejected without any reason."
)


def story_form_data(**overrides):
    data = {
        "title": "",
        "text": STORY_TEXT,
        "language": "en",
        "platform": "",
        "country": "",
        "task_type": "",
        "consent_publish": "yes",
        "consent_share_research": "no",
        "consent_quote": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_story(receipt=None, published=False, **fields):
    """A story saved as the form saves it; `published` approves it with a copy."""
    from datetime import date

    from moderation.models import Status
    from receipts.models import Receipt
    from testimonies.models import Testimony

    if receipt is None:
        receipt, _code = Receipt.objects.issue()
    values = {"text": STORY_TEXT, "language": "en", "consent_publish": True}
    values.update(fields)
    if published:
        values.setdefault("status", Status.APPROVED)
        values.setdefault("published_text", values["text"].replace("ten", "many"))
        values.setdefault("published_on", date.today())
    return Testimony.objects.create(receipt=receipt, **values)


def incident_form_data(**overrides):
    """A valid incident, as the form posts it; overrides win."""
    from surveys.models import Platform

    data = {
        "kind": "withheld",
        "platform": str(Platform.objects.get(slug="outlier-ai").pk),
        "country": "KE",
        "started": "2026-06",
        "amount_owed": "120",
        "currency": "USD",
        "hours_covered": "30",
        "action": "tickets",
        "outcome": "waiting",
        "amount_recovered": "",
        "reason_given": "no",
        "evidence_given": "not_asked",
        "text": "",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_incident(receipt=None, status=None, submitted_on=None, **overrides):
    """An incident saved through the real form; `status` and the day of
    sending set after."""
    from incidents.forms import IncidentForm
    from receipts.models import Receipt

    form = IncidentForm(data=incident_form_data(**overrides))
    assert form.is_valid(), form.errors
    if receipt is None:
        receipt, _code = Receipt.objects.issue()
    incident = form.save(receipt=receipt)
    if status or submitted_on:
        incident.status = status or incident.status
        incident.submitted_on = submitted_on or incident.submitted_on
        incident.decided_at = timezone.now() if status == "approved" else None
        incident.save(update_fields=["status", "submitted_on", "decided_at"])
    return incident


def release(**options):
    """Publish a release now; fails the test if nothing was released."""
    from stats.publication import release_waiting

    summary = release_waiting(**options)
    assert summary.release is not None, "nothing was released"
    return summary.release


def release_the_next_day(**options):
    """Publish a release as if made after the coming midnight: an author's
    own answer (accepting a correction or a story's edits) counts from then
    (moderation.decisions.author_moment)."""
    from datetime import timedelta
    from unittest import mock

    tomorrow = timezone.now() + timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        return release(**options)


def published_cell(table="reports", **key):
    """The figures of one published cell of the current release, or None."""
    from stats.models import PublishedCell, StatsRelease
    from stats.tables import DIMENSIONS

    fixed = {dimension: key.get(dimension, "") for dimension in DIMENSIONS[table]}
    cell = PublishedCell.objects.filter(
        release=StatsRelease.objects.current(), table=table, **fixed
    ).first()
    return cell.figures if cell else None


def database_values():
    """(table, column, value) for every value of every row of every table,
    as a dump of the database would hold them."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                yield from ((table, *pair) for pair in zip(columns, row, strict=True))


def database_dump():
    """Every value of every row of every table, as one text."""
    return "\n".join(str(value) for _table, _column, value in database_values())


def csv_rows(response):
    """The rows of a CSV download, as dictionaries by column name."""
    import csv
    import io

    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.content.decode())))
