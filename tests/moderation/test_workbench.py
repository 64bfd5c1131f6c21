"""The moderator's workbench: safe defaults on the review pages, the
decision bar's shortcuts, the previous and next entries, and the compact
layout of every /moderate/ page."""

import pytest

from moderation.models import Status
from tests.helpers import (
    make_incident,
    make_report,
    make_story,
    parse_html,
    release,
)

pytestmark = pytest.mark.django_db


def tag(response, **wanted):
    """The first start tag whose attributes include `wanted`, as a dict."""
    for name, attributes in parse_html(response.content):
        attributes = dict(attributes)
        if all(attributes.get(key) == value for key, value in wanted.items()):
            return {"tag": name, **attributes}
    raise AssertionError(f"no tag with {wanted}")


def first_button_of_the_decision_form(response):
    """The button Enter in one of the form's fields would press."""
    tags = [
        (name, dict(attributes)) for name, attributes in parse_html(response.content)
    ]
    start = next(
        index
        for index, (name, attributes) in enumerate(tags)
        if attributes.get("id") == "decision-form"
    )
    return next(
        {"tag": name, **attributes}
        for name, attributes in tags[start:]
        if name == "button" and attributes.get("type") == "submit"
    )


def approve_button(response):
    return tag(response, name="action", value="approve")


def test_flagged_report_has_nothing_chosen_and_its_flag_comes_first(
    moderator_client,
):
    report = make_report(pay_amount="480", unpaid_hours_per_week="0")
    assert report.flags

    response = moderator_client.get(f"/moderate/reports/{report.pk}/")

    assert "autofocus" not in approve_button(response)
    assert "checked" not in approve_button(response)
    # Enter in a field sends nothing: the form's first button is disabled.
    assert "disabled" in first_button_of_the_decision_form(response)
    main = response.content.decode().split('<main id="main"')[1]
    heading, flag = main.index("<h1"), main.index("alert-warning")
    assert heading < flag < main.index("<dl")


def test_unflagged_report_keeps_approve_as_the_default(moderator_client):
    report = make_report(flags={})

    response = moderator_client.get(f"/moderate/reports/{report.pk}/")

    assert "autofocus" in approve_button(response)


def test_story_with_personal_data_has_nothing_chosen(moderator_client):
    story = make_story(text="Call my supervisor on +254 712 345 678 any day.")
    story.pii_findings = [{"field": "text", "kind": "phone", "start": 22, "end": 38}]
    story.save()

    response = moderator_client.get(f"/moderate/stories/{story.pk}/")

    assert "autofocus" not in approve_button(response)
    assert "disabled" in first_button_of_the_decision_form(response)


def test_a_failed_reject_comes_back_with_focus_on_the_reason(moderator_client):
    report = make_report(flags={})

    response = moderator_client.post(
        f"/moderate/reports/{report.pk}/decide/",
        {"version": report.version, "action": "reject"},
    )

    assert response.status_code == 400
    assert "autofocus" in tag(response, name="reason_code")
    assert "autofocus" not in approve_button(response)
    assert "autofocus" not in tag(response, name="reason_text")


def test_a_reject_for_another_reason_without_words_focuses_the_words(
    moderator_client,
):
    report = make_report(flags={})

    response = moderator_client.post(
        f"/moderate/reports/{report.pk}/decide/",
        {"version": report.version, "action": "reject", "reason_code": "other"},
    )

    assert "autofocus" in tag(response, name="reason_text")
    assert "autofocus" not in tag(response, name="reason_code")


def test_decision_bar_names_its_shortcuts(moderator_client):
    report = make_report(flags={})

    response = moderator_client.get(f"/moderate/reports/{report.pk}/")

    assert approve_button(response)["aria-keyshortcuts"] == "a"
    assert approve_button(response)["data-shortcut"] == "a"
    reason = tag(response, name="reason_code")
    assert (reason["data-shortcut"], reason["aria-keyshortcuts"]) == ("r", "r")
    # Without JavaScript, the access keys still work.
    assert approve_button(response)["accesskey"] == "a"
    assert tag(response, name="action", value="reject")["accesskey"] == "r"
    assert "Keyboard shortcuts" in response.content.decode()
    scripts = [
        dict(a).get("src", "") for n, a in parse_html(response.content) if n == "script"
    ]
    assert any("js/moderation" in src for src in scripts)


def test_review_page_links_the_previous_and_next_pending_entries(moderator_client):
    first, middle, last = (make_report(flags={}) for _ in range(3))

    response = moderator_client.get(f"/moderate/reports/{middle.pk}/")
    at_the_end = moderator_client.get(f"/moderate/reports/{last.pk}/")

    assert tag(response, rel="prev")["href"] == f"/moderate/reports/{first.pk}/"
    assert tag(response, rel="next")["href"] == f"/moderate/reports/{last.pk}/"
    assert tag(response, rel="next")["data-shortcut"] == "j"
    assert tag(response, rel="prev")["data-shortcut"] == "k"
    assert 'rel="next"' not in at_the_end.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/moderate/",
        "/moderate/log/",
        "/moderate/reports/",
        "/moderate/stories/",
        "/moderate/incidents/",
        "/fr/moderate/reports/",
    ],
)
def test_moderator_pages_have_their_own_navigation_not_the_public_one(
    moderator_client, path
):
    response = moderator_client.get(path)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-jobs' not in content
    assert "moderation-header" in content
    assert content.index("moderation-nav") < content.index('<main id="main"')


def test_review_pages_have_the_moderators_layout(moderator_client):
    pages = [
        f"/moderate/reports/{make_report().pk}/",
        f"/moderate/stories/{make_story().pk}/",
        f"/moderate/incidents/{make_incident().pk}/",
    ]

    for path in pages:
        content = moderator_client.get(path).content.decode()
        assert 'class="site-jobs' not in content, path
        assert "moderation-header" in content, path


def test_the_demo_notice_is_one_line_in_the_moderators_header(
    moderator_client, settings
):
    settings.K_ANONYMITY = 1
    make_report(status=Status.APPROVED)
    release(is_demo=True)

    content = moderator_client.get("/moderate/").content.decode()

    assert "demo-line" in content
    assert "made-up data, not from real workers." in content
    assert "demo-banner" not in content
    assert content.index("moderation-nav") < content.index("demo-line")


def test_after_a_decision_the_next_entry_says_so_once(moderator_client):
    decided, following = make_report(flags={}), make_report(flags={})

    response = moderator_client.post(
        f"/moderate/reports/{decided.pk}/decide/",
        {"version": decided.version, "action": "approve"},
        follow=True,
    )

    assert response.context["report"] == following
    assert response.content.decode().count(f"Report #{decided.pk} approved.") == 1
