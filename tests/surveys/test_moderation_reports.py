"""The report queue: decisions, conflicts, bulk approval, platforms, the log."""

import pytest
from django.core.management import call_command

from moderation.models import ModerationEvent, Status
from surveys.models import Platform, PlatformQuerySet, Report
from tests.conftest import make_moderator, verified_client
from tests.helpers import database_values, make_report, visible_text

pytestmark = pytest.mark.django_db


def decide(client, report, **data):
    return client.post(
        f"/moderate/reports/{report.pk}/decide/",
        {"version": report.version, **data},
    )


def test_queue_lists_pending_reports_oldest_first_with_flags_in_words(moderator_client):
    first = make_report(pay_amount="480", unpaid_hours_per_week="0")
    second = make_report(country="UG")
    make_report(status=Status.APPROVED, country="GH")

    response = moderator_client.get("/moderate/reports/")

    assert list(response.context["page"]) == [first, second]
    text = visible_text(response.content)
    assert (
        "Effective hourly pay 480.00 USD, outside the plausible range of 0.10 to 150.00 USD"
        in text
    )


def test_queue_filters_by_flag_platform_and_country(moderator_client):
    flagged = make_report(pay_amount="480")
    kenyan = make_report(country="KE", pay_amount="3")
    make_report(
        country="UG", pay_amount="4", platform=str(Platform.objects.get(slug="sama").pk)
    )

    by_flag = moderator_client.get("/moderate/reports/?flag=outlier")
    by_country = moderator_client.get("/moderate/reports/?country=ke")
    by_platform = moderator_client.get("/moderate/reports/?platform=sama")

    assert list(by_flag.context["page"]) == [flagged]
    assert list(by_country.context["page"]) == [flagged, kenyan]
    assert [r.country for r in by_platform.context["page"]] == ["UG"]


@pytest.mark.parametrize("count", [1, 3])
def test_queue_query_count_does_not_grow(
    moderator_client, django_assert_max_num_queries, count
):
    for _ in range(count):
        make_report()

    with django_assert_max_num_queries(16):
        moderator_client.get("/moderate/reports/")


def test_review_page_shows_answers_figures_and_similar_entries(moderator_client):
    report = make_report(
        pay_amount="30000", currency="KES", pay_unit="month", project_codename="Bulba"
    )
    twin = make_report(pay_amount="25000", currency="KES", pay_unit="month")

    response = moderator_client.get(f"/moderate/reports/{report.pk}/")

    text = visible_text(response.content)
    assert "30,000.00 KES per month" in text
    assert f"{report.exchange_rate} KES for one US dollar" in text
    assert "Bulba" in text
    assert f"#{twin.pk}" in text
    assert report.receipt.code_hash not in response.content.decode()


def test_unknown_report_is_404(moderator_client):
    assert moderator_client.get("/moderate/reports/999999/").status_code == 404
    assert (
        decide(
            moderator_client, Report(pk=999999, version=0), action="approve"
        ).status_code
        == 404
    )


def test_decide_refuses_get(moderator_client):
    report = make_report()

    assert (
        moderator_client.get(f"/moderate/reports/{report.pk}/decide/").status_code
        == 405
    )


def test_approve_records_who_when_and_moves_to_the_next_report(
    moderator_client, moderator
):
    report = make_report()
    following = make_report(country="UG")

    response = decide(moderator_client, report, action="approve")

    report.refresh_from_db()
    assert report.status == Status.APPROVED
    assert report.decided_by == moderator
    assert report.decided_at is not None
    assert response["Location"] == f"/moderate/reports/{following.pk}/"
    event = ModerationEvent.objects.get()
    assert (event.moderator, event.item_type, event.item_id) == (
        moderator,
        "report",
        report.pk,
    )
    assert (event.from_status, event.to_status) == ("pending", "approved")


def test_reject_needs_a_reason(moderator_client):
    report = make_report()

    without = decide(moderator_client, report, action="reject")
    other_without_text = decide(
        moderator_client, report, action="reject", reason_code="other"
    )

    assert without.status_code == 400
    assert "Choose a reason to reject." in visible_text(without.content)
    assert "Say why this is rejected." in visible_text(other_without_text.content)
    report.refresh_from_db()
    assert report.status == Status.PENDING
    assert ModerationEvent.objects.count() == 0


def test_reject_keeps_the_reason(moderator_client):
    report = make_report()

    decide(
        moderator_client,
        report,
        action="reject",
        reason_code="implausible",
        reason_text="480/h",
    )

    report.refresh_from_db()
    assert report.status == Status.REJECTED
    assert report.decision_reason == "Figures not plausible: 480/h"
    assert ModerationEvent.objects.get().reason == "Figures not plausible: 480/h"


def test_two_moderators_at_once_the_second_is_told_and_nothing_is_overwritten(
    moderator,
):
    amina = verified_client(moderator)
    other = make_moderator(name="juan")
    juan = verified_client(other)
    report = make_report()
    # Both opened the report at version 0.
    amina_page = amina.get(f"/moderate/reports/{report.pk}/")
    juan_page = juan.get(f"/moderate/reports/{report.pk}/")
    assert (
        amina_page.context["report"].version == juan_page.context["report"].version == 0
    )

    decide(amina, report, action="approve")
    response = decide(juan, report, action="reject", reason_code="spam")

    assert response.status_code == 409
    assert (
        "moderator already decided this entry: Approved. Nothing was changed."
        in visible_text(response.content)
    )
    report.refresh_from_db()
    assert report.status == Status.APPROVED
    assert report.decided_by == moderator
    assert ModerationEvent.objects.count() == 1


def test_bulk_approve_skips_flagged_reports(moderator_client):
    clean = make_report()
    flagged = make_report(pay_amount="480")

    response = moderator_client.post(
        "/moderate/reports/approve/", {"report": [clean.pk, flagged.pk, "x"]}
    )

    clean.refresh_from_db()
    flagged.refresh_from_db()
    assert (clean.status, flagged.status) == (Status.APPROVED, Status.PENDING)
    assert response["Location"] == "/moderate/reports/"
    (event,) = ModerationEvent.objects.all()
    assert event.action == "bulk_approval"
    log = moderator_client.get("/moderate/log/")
    assert "Approved with others on a page" in visible_text(log.content)
    # Statuses in words, as the moderator reads them elsewhere.
    assert "Waiting for review Approved" in visible_text(log.content)


def test_unknown_platform_is_mapped_to_an_existing_one(moderator_client):
    other = Platform.objects.get(slug="other")
    report = make_report(platform=str(other.pk), platform_other="Outlier")
    outlier = Platform.objects.get(slug="outlier-ai")

    moderator_client.post(
        f"/moderate/reports/{report.pk}/platform/", {"platform": outlier.pk}
    )

    report.refresh_from_db()
    assert report.platform == outlier
    assert report.platform_other == ""
    assert "unknown_platform" not in report.flags
    assert report.status == Status.PENDING


def test_unknown_platform_becomes_a_new_one(moderator_client):
    other = Platform.objects.get(slug="other")
    report = make_report(platform=str(other.pk), platform_other="Labelmatic Pro")

    moderator_client.post(
        f"/moderate/reports/{report.pk}/platform/", {"new_name": "Labelmatic Pro"}
    )

    report.refresh_from_db()
    assert report.platform.name == "Labelmatic Pro"
    assert Platform.objects.filter(slug="labelmatic-pro").count() == 1


def map_to_new_platform(moderator_client, name):
    other = Platform.objects.get(slug="other")
    report = make_report(platform=str(other.pk), platform_other=name)
    moderator_client.post(
        f"/moderate/reports/{report.pk}/platform/", {"new_name": name}
    )
    report.refresh_from_db()
    return report.platform


def test_non_latin_platform_names_stay_apart(moderator_client):
    names = ["منصة العمل", "数据标注", "डेटा लेबलिंग"]

    platforms = [map_to_new_platform(moderator_client, name) for name in names]

    assert [platform.name for platform in platforms] == names
    assert [platform.slug for platform in platforms] == [
        "mnsh-lml",
        "shujubiaozhu",
        "deta-leblimg",
    ]


def test_two_names_with_the_same_slug_stay_two_platforms(moderator_client):
    # Simplified and traditional Chinese for "data labelling".
    simplified = map_to_new_platform(moderator_client, "数据标注")
    traditional = map_to_new_platform(moderator_client, "數據標註")
    spelled_apart = map_to_new_platform(moderator_client, "Outlier-AI")

    assert simplified != traditional
    assert traditional.name == "數據標註"
    assert traditional.slug == "shujubiaozhu-2"
    assert spelled_apart.name == "Outlier-AI"
    assert spelled_apart != Platform.objects.get(name="Outlier AI")


def test_a_name_already_listed_maps_to_its_platform(moderator_client):
    first = map_to_new_platform(moderator_client, "数据标注")
    again = map_to_new_platform(moderator_client, "数据标注")
    outlier = map_to_new_platform(moderator_client, "outlier ai")

    assert again == first
    assert outlier == Platform.objects.get(slug="outlier-ai")
    assert Platform.objects.filter(name="数据标注").count() == 1


def test_a_name_added_by_another_moderator_at_the_same_moment_is_reused(
    moderator_client, monkeypatch
):
    """Both saw no platform of this name; the other one saved it first."""
    create = PlatformQuerySet.create

    def other_moderator_first(queryset, **fields):
        monkeypatch.setattr(PlatformQuerySet, "create", create)
        Platform.objects.create(name=fields["name"], slug=fields["slug"])
        return create(queryset, **fields)

    monkeypatch.setattr(PlatformQuerySet, "create", other_moderator_first)

    mapped = map_to_new_platform(moderator_client, "Sama Kenya")

    assert mapped == Platform.objects.get(name="Sama Kenya")
    assert Platform.objects.filter(name="Sama Kenya").count() == 1


def test_platform_mapping_needs_exactly_one_answer(moderator_client):
    other = Platform.objects.get(slug="other")
    report = make_report(platform=str(other.pk), platform_other="X")

    response = moderator_client.post(f"/moderate/reports/{report.pk}/platform/", {})

    assert response.status_code == 400
    assert "one of the two" in visible_text(response.content)


def test_audit_log_lists_decisions_and_keeps_no_worker_text(moderator_client):
    report = make_report(project_codename="Bulba Ridge")
    # The worker's words are in the entry, and shown to the moderator.
    assert Report.objects.get(pk=report.pk).project_codename == "Bulba Ridge"
    review = moderator_client.get(f"/moderate/reports/{report.pk}/")
    assert "Bulba Ridge" in visible_text(review.content)
    decide(moderator_client, report, action="approve")

    response = moderator_client.get("/moderate/log/")

    text = visible_text(response.content)
    assert f"Reports #{report.pk}" in text
    assert "Bulba" not in response.content.decode()
    event_table = [
        (column, value)
        for table, column, value in database_values()
        if table == ModerationEvent._meta.db_table
    ]
    assert ("item_id", report.pk) in event_table
    assert [pair for pair in event_table if "Bulba" in str(pair[1])] == []


def test_audit_log_is_read_only_in_the_admin(superuser_client):
    client = superuser_client
    event = ModerationEvent.objects.create(
        item_type="report", item_id=1, from_status="pending", to_status="approved"
    )

    assert client.get("/admin/moderation/moderationevent/add/").status_code == 403
    change = client.post(
        f"/admin/moderation/moderationevent/{event.pk}/change/", {"reason": "x"}
    )
    assert change.status_code in (200, 403)
    event.refresh_from_db()
    assert event.reason == ""
    assert (
        client.post(
            f"/admin/moderation/moderationevent/{event.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )


def test_dashboard_counts_what_waits(moderator_client):
    make_report(pay_amount="480")
    make_report()
    make_report(status=Status.APPROVED)

    response = moderator_client.get("/moderate/")

    text = visible_text(response.content)
    assert "2 pending reports" in text
    assert "Pay far from what others report : 1" in text
    assert "Looks like a duplicate : 0" in text


def test_retention_deletes_old_rejected_and_unreviewed_entries(capsys):
    from datetime import date, timedelta

    from django.utils import timezone

    old_rejected = make_report(status=Status.REJECTED)
    Report.objects.filter(pk=old_rejected.pk).update(
        decided_at=timezone.now() - timedelta(days=31),
        changed_on=date.today() - timedelta(days=31),
    )
    recent_rejected = make_report(status=Status.REJECTED, country="UG")
    Report.objects.filter(pk=recent_rejected.pk).update(decided_at=timezone.now())
    stale_pending = make_report(country="GH")
    Report.objects.filter(pk=stale_pending.pk).update(
        submitted_on=date.today() - timedelta(days=181),
        changed_on=date.today() - timedelta(days=181),
    )
    fresh_pending = make_report(country="NG")
    old_approved = make_report(
        country="ZA", status=Status.APPROVED, submitted_on=date(2020, 1, 1)
    )

    call_command("apply_retention")

    remaining = set(Report.objects.values_list("pk", flat=True))
    assert remaining == {recent_rejected.pk, fresh_pending.pk, old_approved.pk}
    assert "Removed 2 reports" in capsys.readouterr().out
    from receipts.models import Receipt

    assert not Receipt.objects.filter(pk=stale_pending.receipt_id).exists()


def test_retention_counts_from_the_last_activity_not_the_first_sending(capsys):
    from datetime import date, timedelta

    from incidents.forms import IncidentForm
    from incidents.models import Incident
    from tests.helpers import incident_form_data, make_incident

    long_ago = date.today() - timedelta(days=200)
    updated = make_incident(status=Status.APPROVED)
    forgotten = make_incident(country="UG")
    Incident.objects.update(submitted_on=long_ago, changed_on=long_ago)
    # Its worker comes back today: still waiting, now paid in part.
    update = IncidentForm(
        data=incident_form_data(outcome="paid_part", amount_recovered="20"),
        instance=Incident.objects.get(pk=updated.pk),
    )
    assert update.is_valid(), update.errors
    update.save()

    call_command("apply_retention")

    assert set(Incident.objects.values_list("pk", flat=True)) == {updated.pk}
    assert Incident.objects.get(pk=updated.pk).status == Status.PENDING
    assert not Incident.objects.filter(pk=forgotten.pk).exists()


def test_review_history_arrow_is_marked_to_turn_on_a_right_to_left_page(
    moderator_client,
):
    report = make_report()
    decide(moderator_client, report, action="approve")

    response = moderator_client.get(f"/ar/moderate/reports/{report.pk}/")

    # site.css turns .forward-arrow round under [dir=rtl]
    # (tests/e2e/test_right_to_left.py sees it turned).
    assert 'dir="rtl"' in response.content.decode()
    assert '<span class="forward-arrow">→</span>' in response.content.decode()
