"""The report queue for bulk work: approve a page's unflagged reports,
amounts to the cent, the queue's columns, reject as duplicate in one click."""

import pytest
from django.utils import translation

from moderation.models import Action, ModerationEvent, Status
from surveys import flags, moderation_views
from surveys.models import Flag, Report
from tests.conftest import make_moderator, verified_client
from tests.helpers import days_ago, make_report, parse_html, visible_text

pytestmark = pytest.mark.django_db


def approve_page(client, *, page=1, shown=(), **filters):
    return client.post(
        "/moderate/reports/approve/",
        {"approve_page": "1", "page": page, "shown": list(shown), **filters},
    )


def statuses(*reports):
    for report in reports:
        report.refresh_from_db()
    return [report.status for report in reports]


def test_approve_page_approves_only_the_unflagged_reports_of_the_page(
    moderator_client, monkeypatch
):
    monkeypatch.setattr(moderation_views, "QUEUE_PAGE_SIZE", 2)
    first = make_report(pay_amount="2.50", submitted_on=days_ago(4))
    flagged = make_report(pay_amount="480", submitted_on=days_ago(3))
    next_page = make_report(pay_amount="3.00", submitted_on=days_ago(2))
    filtered_out = make_report(pay_amount="3.50", country="UG")

    # Ids the page never showed are posted too: they are not trusted.
    response = approve_page(
        moderator_client,
        shown=[first.pk, flagged.pk, next_page.pk, filtered_out.pk],
        country="KE",
    )

    assert statuses(first, flagged, next_page, filtered_out) == [
        Status.APPROVED,
        Status.PENDING,
        Status.PENDING,
        Status.PENDING,
    ]
    (event,) = ModerationEvent.objects.all()
    assert (event.item_id, event.action) == (first.pk, Action.BULK_APPROVAL)
    assert response["Location"] == "/moderate/reports/?country=KE"


def test_approve_page_leaves_a_report_that_moved_onto_the_page_since(
    moderator_client, moderator, monkeypatch
):
    monkeypatch.setattr(moderation_views, "QUEUE_PAGE_SIZE", 2)
    first = make_report(pay_amount="2.50", submitted_on=days_ago(4))
    second = make_report(pay_amount="2.75", submitted_on=days_ago(3))
    unseen = make_report(pay_amount="3.00", submitted_on=days_ago(2))
    # The page showed first and second; someone else then approved first,
    # so the page now holds second and unseen.
    other = verified_client(make_moderator(name="juan"))
    other.post("/moderate/reports/approve/", {"report": [first.pk]})

    response = approve_page(moderator_client, shown=[first.pk, second.pk])

    assert statuses(first, second, unseen) == [
        Status.APPROVED,
        Status.APPROVED,
        Status.PENDING,
    ]
    assert first.decided_by.username == "juan"
    assert second.decided_by == moderator
    page = moderator_client.get(response["Location"])
    assert "1 report without flags approved." in visible_text(page.content)


def test_queue_offers_approve_all_unflagged_on_this_page(moderator_client):
    shown = make_report(pay_amount="2.50")

    response = moderator_client.get("/moderate/reports/")

    tags = parse_html(response.content)
    assert (
        "button",
        {
            "type": "submit",
            "name": "approve_page",
            "value": "1",
            "class": "btn btn-primary",
        },
    ) in tags
    assert "Approve all unflagged on this page" in visible_text(response.content)
    assert [a["value"] for t, a in tags if a.get("name") == "shown"] == [str(shown.pk)]


def outlier_flag():
    return {
        Flag.OUTLIER: {
            "effective_hourly_usd": "130.0242",
            "platform_median": "14.9400",
            "platform_reports": 12,
        }
    }


def test_flag_sentences_give_amounts_to_the_cent_in_english_and_french():
    report = make_report(flags=outlier_flag())

    with translation.override("en"):
        (english,) = flags.explain(report)
    with translation.override("fr"):
        (french,) = flags.explain(report)

    assert "130.02 USD" in english
    assert "14.94 USD" in english
    assert "130,02" in french
    assert "14,94" in french
    assert "130.0242" not in english + french
    assert "14.9400" not in english + french


def test_queue_shows_flags_to_the_cent(moderator_client):
    make_report(flags=outlier_flag())

    text = visible_text(moderator_client.get("/moderate/reports/").content)

    assert (
        "Effective hourly pay 130.02 USD; the platform's published median, "
        "of about 12 reports, is 14.94 USD." in text
    )


def test_queue_shows_age_type_of_work_and_pay_as_given(moderator_client):
    report = make_report(
        pay_amount="30000",
        currency="KES",
        pay_unit="month",
        submitted_on=days_ago(3),
    )

    response = moderator_client.get("/moderate/reports/")

    text = visible_text(response.content)
    assert (
        "# Days waiting Platform Country Type of work Month Pay as given "
        "Effective hourly pay Flags"
    ) in text
    assert (
        f"{report.pk} 3 Outlier AI Kenya {report.task_type} September 2026 "
        f"30,000.00 KES per month {report.effective_hourly_usd:.2f} USD"
    ) in text
    # Scrolls sideways on a phone, and says so.
    (region,) = [
        a
        for t, a in parse_html(response.content)
        if a.get("class") == "table-responsive"
    ]
    assert region["aria-describedby"] == "queue-table-hint"


def reject_duplicate(client, report, original, version=None):
    return client.post(
        f"/moderate/reports/{report.pk}/duplicate/",
        {
            "version": report.version if version is None else version,
            "original": original.pk,
        },
    )


def test_a_flagged_duplicate_offers_one_button_for_its_original(moderator_client):
    original = make_report()
    twin = make_report()
    assert twin.flags == {Flag.DUPLICATE: {"of": original.pk}}

    response = moderator_client.get(f"/moderate/reports/{twin.pk}/")

    tags = parse_html(response.content)
    (button,) = [a for t, a in tags if a.get("data-shortcut") == "d"]
    assert button["aria-keyshortcuts"] == "d"
    assert f"Reject as duplicate of #{original.pk}" in visible_text(response.content)


def test_reject_as_duplicate_is_logged_with_the_reason_naming_the_original(
    moderator_client, moderator
):
    original = make_report()
    twin = make_report()

    response = reject_duplicate(moderator_client, twin, original)

    twin.refresh_from_db()
    assert twin.status == Status.REJECTED
    assert twin.decided_by == moderator
    assert twin.decision_reason == f"Duplicate: #{original.pk}"
    (event,) = ModerationEvent.objects.all()
    assert (event.item_id, event.from_status, event.to_status, event.action) == (
        twin.pk,
        Status.PENDING,
        Status.REJECTED,
        Action.DECISION,
    )
    assert event.reason == f"Duplicate: #{original.pk}"
    # The next pending report opens, as after any decision.
    assert response["Location"] == f"/moderate/reports/{original.pk}/"


def test_reject_as_duplicate_of_a_similar_report_from_the_list(moderator_client):
    similar = make_report(pay_amount="2.00")
    report = make_report(pay_amount="2.10")

    page = moderator_client.get(f"/moderate/reports/{report.pk}/")
    reject_duplicate(moderator_client, report, similar)

    assert f"Reject as duplicate of #{similar.pk}" in visible_text(page.content)
    assert statuses(report, similar) == [Status.REJECTED, Status.PENDING]


def test_reject_as_duplicate_refuses_an_unrelated_report_or_itself(moderator_client):
    report = make_report()
    unrelated = make_report(country="UG", pay_amount="9")

    for original in (unrelated, report):
        response = reject_duplicate(moderator_client, report, original)
        assert response["Location"] == f"/moderate/reports/{report.pk}/"

    assert statuses(report) == [Status.PENDING]
    assert not ModerationEvent.objects.exists()
    page = moderator_client.get(f"/moderate/reports/{report.pk}/")
    assert "cannot be rejected as a duplicate of that one" in visible_text(page.content)


def test_a_stale_duplicate_button_overwrites_nothing(moderator_client):
    original = make_report()
    twin = make_report()
    other = verified_client(make_moderator(name="juan"))
    other.post(
        f"/moderate/reports/{twin.pk}/decide/",
        {"version": twin.version, "action": "approve"},
    )

    response = reject_duplicate(moderator_client, twin, original, version=0)

    assert statuses(twin) == [Status.APPROVED]
    assert ModerationEvent.objects.count() == 1
    page = moderator_client.get(response["Location"])
    assert "juan already decided this entry: Approved." in visible_text(page.content)


def test_reject_as_duplicate_refuses_get_and_strangers(client, moderator_client):
    original = make_report()
    twin = make_report()

    assert (
        moderator_client.get(f"/moderate/reports/{twin.pk}/duplicate/").status_code
        == 405
    )
    response = reject_duplicate(client, twin, original)
    assert response.status_code in (302, 403)
    assert statuses(twin) == [Status.PENDING]
    assert (
        reject_duplicate(
            moderator_client, Report(pk=999999, version=0), original
        ).status_code
        == 404
    )
