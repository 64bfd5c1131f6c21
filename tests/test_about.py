"""The About page: who runs the site, moderation, legal requests, contact."""

import pytest
from django.core import checks

from tests.helpers import parse_html, visible_text

pytestmark = pytest.mark.django_db


def test_about_says_what_is_not_filled_in_yet(client, settings):
    settings.SITE_OPERATOR_NAME = ""
    settings.SITE_CONTACT = ""
    settings.LEGAL_REQUEST_POLICY = ""

    text = visible_text(client.get("/about/").content)

    assert text.count("Not filled in yet.") == 3
    assert "We hold no names, no email addresses" in text
    assert "How moderation works" in text


def test_about_shows_the_operators_details(client, settings):
    settings.SITE_OPERATOR_NAME = "Data Workers' Inquiry"
    settings.SITE_CONTACT = "mailto:hello@example.org"
    settings.LEGAL_REQUEST_POLICY = "We answer only a court order <b>from Kenya</b>."

    response = client.get("/about/")
    text = visible_text(response.content)

    assert "Not filled in yet." not in text
    assert "Data Workers' Inquiry" in text
    assert "We answer only a court order <b>from Kenya</b>." in text  # escaped
    links = [attrs.get("href") for tag, attrs in parse_html(response.content)]
    assert "mailto:hello@example.org" in links
    assert "/privacy/" in links


def test_about_is_linked_from_every_footer_in_its_language(client):
    english = client.get("/stories/").content.decode()
    swahili = client.get("/sw/stories/").content.decode()

    assert 'href="/about/"' in english
    assert 'href="/sw/about/"' in swahili


def test_deploy_check_warns_while_the_operator_is_unnamed(settings):
    settings.SITE_OPERATOR_NAME = ""
    settings.SITE_CONTACT = "mailto:hello@example.org"
    settings.LEGAL_REQUEST_POLICY = ""

    warnings = [
        message
        for message in checks.run_checks(include_deployment_checks=True)
        if message.id == "groundtruth.W003"
    ]

    assert [message.msg.split()[0] for message in warnings] == [
        "SITE_OPERATOR_NAME",
        "LEGAL_REQUEST_POLICY",
    ]


def test_no_warning_once_everything_is_filled_in(settings):
    settings.SITE_OPERATOR_NAME = "Us"
    settings.SITE_CONTACT = "https://example.org/contact"
    settings.LEGAL_REQUEST_POLICY = "We refuse."

    messages = checks.run_checks(include_deployment_checks=True)

    assert "groundtruth.W003" not in {message.id for message in messages}
