"""A moderator's proposed correction of a report: sent to its author under
their receipt code, accepted (the report takes it, approved) or declined
(pending again, with the author's word), and counted at the next release
with the corrected figures."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.formats import date_format

from moderation.models import Action, ModerationEvent, Status
from receipts.models import Receipt
from surveys.models import Report, ReportCorrection
from tests.helpers import (
    days_ago,
    make_report,
    published_cell,
    release,
    release_the_next_day,
    visible_text,
)

pytestmark = pytest.mark.django_db

UNIT_SLIP = {
    "country": "PH",
    "currency": "PHP",
    "pay_amount": "9000",
    "pay_unit": "hour",
    "paid_hours_per_week": "40",
    "unpaid_hours_per_week": "0",
}


def slipped_report():
    receipt, code = Receipt.objects.issue()
    return make_report(receipt=receipt, **UNIT_SLIP), code


def propose(client, report, prefix="", **overrides):
    data = {
        "correction-version": report.version,
        "correction-pay_amount": "9,000",
        "correction-pay_unit": "month",
        "correction-tasks_per_hour": "",
        "correction-paid_hours_per_week": "40",
        "correction-unpaid_hours_per_week": "0",
        "correction-note": "9,000 pesos an hour looks like your pay for a month.",
    }
    data.update({f"correction-{key}": value for key, value in overrides.items()})
    return client.post(f"{prefix}/moderate/reports/{report.pk}/correction/", data)


def sent_back(moderator_client):
    report, code = slipped_report()
    propose(moderator_client, report)
    report.refresh_from_db()
    return report, code


def actions(report):
    return list(
        ModerationEvent.objects.for_item(report)
        .order_by("pk")
        .values_list("action", "to_status", "moderator")
    )


def test_review_page_offers_a_correction_prefilled_with_the_report(moderator_client):
    report, _code = slipped_report()

    response = moderator_client.get(f"/moderate/reports/{report.pk}/")

    form = response.context["correction_form"]
    assert form["pay_amount"].value() == "9,000.00"
    assert form["paid_hours_per_week"].value() == "40.00"
    assert form["pay_unit"].value() == "hour"
    assert form["version"].value() == report.version
    assert "Propose a correction" in visible_text(response.content)


def test_proposal_sends_the_report_to_its_author_and_is_logged(
    moderator_client, moderator
):
    report, _code = slipped_report()

    response = propose(moderator_client, report)

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.AWAITING_AUTHOR
    # The report keeps its own values until the author accepts.
    assert (report.pay_amount, report.pay_unit) == (Decimal("9000"), "hour")
    correction = report.correction
    assert (correction.pay_amount, correction.pay_unit) == (Decimal("9000"), "month")
    assert correction.note.startswith("9,000 pesos")
    assert actions(report) == [
        (Action.CORRECTION_PROPOSED, Status.AWAITING_AUTHOR, moderator.pk)
    ]
    assert list(Report.objects.pending()) == []
    queue = moderator_client.get("/moderate/reports/")
    assert list(queue.context["page"]) == []
    dashboard = moderator_client.get("/moderate/")
    assert "1 report waiting for the author's answer to a correction" in visible_text(
        dashboard.content
    )


@pytest.mark.parametrize(
    ("prefix", "typed", "read"),
    [("", "1,500", Decimal("1500")), ("/es", "8.500", Decimal("8500"))],
)
def test_proposal_reads_amounts_like_the_report_form(
    moderator_client, prefix, typed, read
):
    report, _code = slipped_report()

    propose(moderator_client, report, prefix=prefix, pay_amount=typed)

    assert ReportCorrection.objects.get().pay_amount == read


def test_bad_proposal_comes_back_with_errors_by_the_fields_and_answers_kept(
    moderator_client,
):
    report, _code = slipped_report()

    response = propose(
        moderator_client,
        report,
        note="",
        paid_hours_per_week="120",
        unpaid_hours_per_week="60",
        pay_amount="1,500",
    )

    assert response.status_code == 400
    form = response.context["correction_form"]
    assert "note" in form.errors
    assert "unpaid_hours_per_week" in form.errors
    assert form["pay_amount"].value() == "1,500"
    report.refresh_from_db()
    assert report.status == Status.PENDING
    assert ModerationEvent.objects.count() == 0
    assert ReportCorrection.objects.count() == 0


def test_stale_proposal_overwrites_nothing(moderator_client):
    report, _code = slipped_report()
    stale_version = report.version
    moderator_client.post(
        f"/moderate/reports/{report.pk}/decide/",
        {"version": report.version, "action": "approve"},
    )

    response = propose(moderator_client, report, version=stale_version)

    report.refresh_from_db()
    assert report.status == Status.APPROVED
    assert ReportCorrection.objects.count() == 0
    assert [a for a, _s, _m in actions(report)] == [Action.DECISION]
    assert response.status_code == 302
    page = moderator_client.get(response.url)
    assert "already decided this entry" in visible_text(page.content)


def test_author_sees_both_versions_and_the_note(client, moderator_client):
    report, code = sent_back(moderator_client)

    page = client.post("/receipt/", {"code": code}, follow=True)

    text = visible_text(page.content)
    assert "A moderator proposes a correction. Waiting for your answer." in text
    assert "9,000.00 PHP per hour" in text
    assert "9,000.00 PHP per month" in text
    # The effective hourly pay each gives, in pesos: 9,000 an hour, and
    # 9,000 a month over 40 hours a week (52/12 weeks a month).
    assert "9,000.00 PHP" in text
    assert "51.92 PHP" in text
    assert "looks like your pay for a month" in text


def test_author_accepts_the_report_takes_the_correction_and_is_approved(
    client, moderator_client
):
    report, code = sent_back(moderator_client)
    rate = report.exchange_rate
    client.post("/receipt/", {"code": code})

    response = client.post(
        f"/receipt/reports/{report.pk}/correction/accept/",
        {"under": "receipt", "version": report.version},
        follow=True,
    )

    assert "Your report is corrected and approved." in visible_text(response.content)
    report.refresh_from_db()
    assert report.status == Status.APPROVED
    assert (report.pay_amount, report.pay_unit) == (Decimal("9000"), "month")
    # Worked out again at the report's own rate, kept with it.
    assert report.exchange_rate == rate
    expected = Decimal("9000") / (Decimal("40") * 52 / 12) / rate
    assert abs(report.effective_hourly_usd - expected) < Decimal("0.0001")
    assert report.hourly_usd == report.effective_hourly_usd
    assert "outlier" not in report.flags
    # The worker's moment of activity is never kept: the next midnight
    # (counted from the next release on), and the log keeps the day.
    assert timezone.localtime(report.decided_at).time() == time(0)
    assert report.decided_at > timezone.now()
    accepted = ModerationEvent.objects.for_item(report).order_by("pk").last()
    assert timezone.localtime(accepted.at).time() == time(0)
    assert ReportCorrection.objects.count() == 0
    assert [(a, s) for a, s, _m in actions(report)] == [
        (Action.CORRECTION_PROPOSED, Status.AWAITING_AUTHOR),
        (Action.CORRECTION_ACCEPTED, Status.APPROVED),
    ]
    assert actions(report)[1][2] is None


def test_a_correction_that_raises_a_flag_waits_for_a_moderator_again(
    client, moderator_client
):
    report, code = slipped_report()
    # The moderator's own slip: 9,000,000 pesos a month (900 dollars an hour).
    propose(moderator_client, report, pay_amount="9,000,000")
    report.refresh_from_db()
    client.post("/receipt/", {"code": code})

    response = client.post(
        f"/receipt/reports/{report.pk}/correction/accept/",
        {"under": "receipt", "version": report.version},
        follow=True,
    )

    report.refresh_from_db()
    assert report.flags
    assert report.status == Status.PENDING
    assert "A moderator will read it again." in visible_text(response.content)
    assert actions(report)[-1][:2] == (Action.CORRECTION_ACCEPTED, Status.PENDING)


def test_second_click_on_accept_changes_nothing(client, moderator_client):
    report, code = sent_back(moderator_client)
    client.post("/receipt/", {"code": code})
    answer = {"under": "receipt", "version": report.version}
    client.post(f"/receipt/reports/{report.pk}/correction/accept/", answer)

    again = client.post(
        f"/receipt/reports/{report.pk}/correction/accept/", answer, follow=True
    )

    assert "This correction was already answered." in visible_text(again.content)
    assert ModerationEvent.objects.count() == 2


def test_stale_answer_after_a_moderator_acted_overwrites_nothing(
    client, moderator_client
):
    report, code = sent_back(moderator_client)
    client.post("/receipt/", {"code": code})
    stale = report.version
    # The author edits it (pending again), a moderator sends a new proposal.
    Report.objects.filter(pk=report.pk).update(status=Status.PENDING)
    report.refresh_from_db()
    propose(moderator_client, report, pay_amount="9500")

    client.post(
        f"/receipt/reports/{report.pk}/correction/accept/",
        {"under": "receipt", "version": stale},
    )

    report.refresh_from_db()
    assert report.status == Status.AWAITING_AUTHOR
    assert report.pay_unit == "hour"


def test_author_declines_with_a_word_the_moderator_reads(
    client, moderator_client, moderator
):
    report, code = sent_back(moderator_client)
    client.post("/receipt/", {"code": code})

    response = client.post(
        f"/receipt/reports/{report.pk}/correction/decline/",
        {"under": "receipt", "version": report.version, "word": "It was per hour."},
        follow=True,
    )

    assert "You declined the correction." in visible_text(response.content)
    report.refresh_from_db()
    assert report.status == Status.PENDING
    assert (report.pay_amount, report.pay_unit) == (Decimal("9000"), "hour")
    assert [(a, s, m) for a, s, m in actions(report)][1] == (
        Action.CORRECTION_DECLINED,
        Status.PENDING,
        None,
    )
    # The log keeps no worker text.
    assert "per hour" not in ModerationEvent.objects.latest("pk").reason
    review = moderator_client.get(f"/moderate/reports/{report.pk}/")
    assert "Their word: “It was per hour.”" in visible_text(review.content)
    assert list(Report.objects.pending()) == [report]


def test_decline_page_without_the_inline_form_works_and_keeps_the_word(
    client, moderator_client
):
    report, code = sent_back(moderator_client)
    client.post("/receipt/", {"code": code})

    page = client.get(f"/receipt/reports/{report.pk}/correction/decline/")
    too_long = client.post(
        f"/receipt/reports/{report.pk}/correction/decline/",
        {"under": "receipt", "version": report.version, "word": "x" * 501},
    )

    assert page.status_code == 200
    assert too_long.status_code == 200
    assert "word" in too_long.context["form"].errors
    report.refresh_from_db()
    assert report.status == Status.AWAITING_AUTHOR


def test_another_receipt_can_neither_see_nor_answer_the_correction(
    client, moderator_client
):
    report, _code = sent_back(moderator_client)
    other = make_report()
    _receipt, other_code = Receipt.objects.issue()
    Report.objects.filter(pk=other.pk).update(receipt=_receipt)

    page = client.post("/receipt/", {"code": other_code}, follow=True)
    accept = client.post(
        f"/receipt/reports/{report.pk}/correction/accept/",
        {"under": "receipt", "version": report.version},
    )
    decline = client.post(
        f"/receipt/reports/{report.pk}/correction/decline/",
        {"under": "receipt", "version": report.version},
    )
    with_code = client.post(
        f"/receipt/reports/{report.pk}/correction/accept/",
        {"code": other_code, "version": report.version},
    )

    assert "looks like your pay for a month" not in visible_text(page.content)
    assert (accept.status_code, decline.status_code, with_code.status_code) == (
        404,
        404,
        404,
    )
    report.refresh_from_db()
    assert report.status == Status.AWAITING_AUTHOR


def test_answer_without_an_open_receipt_asks_for_the_code(client, moderator_client):
    report, _code = sent_back(moderator_client)

    response = client.post(
        f"/receipt/reports/{report.pk}/correction/accept/",
        {"version": report.version},
    )

    assert response.status_code == 302
    assert response.url == "/receipt/"
    report.refresh_from_db()
    assert report.status == Status.AWAITING_AUTHOR


def test_waiting_report_is_not_counted_until_accepted(client, moderator_client):
    report, code = sent_back(moderator_client)

    assert not Report.objects.counted_at(report.decided_at).filter(pk=report.pk)


def group_in_the_philippines():
    """19 approved reports of about 9,000 pesos a month (with a corrected
    one, 20: enough for a published median) and 10 in Kenya, so that the
    Philippines' cell is not the whole (that one would be withheld: the
    difference would tell the rest)."""
    for number in range(19):
        make_report(
            **{
                **UNIT_SLIP,
                "pay_amount": f"{8600 + 40 * number}",
                "pay_unit": "month",
            },
            status=Status.APPROVED,
            submitted_on=days_ago(2 + number),
        )
    for number in range(10):
        make_report(
            country="KE",
            pay_amount=f"{3 + number % 4}.50",
            status=Status.APPROVED,
            submitted_on=days_ago(2 + number),
        )


def test_accepted_correction_counts_in_the_next_release_with_corrected_pay(
    client, moderator_client
):
    from stats.snapshot import read_reports

    group_in_the_philippines()
    release()
    assert published_cell(country="PH")["effective_hourly_usd"] is None
    report, code = sent_back(moderator_client)
    client.post("/receipt/", {"code": code})
    client.post(
        f"/receipt/reports/{report.pk}/correction/accept/",
        {"under": "receipt", "version": report.version},
    )
    report.refresh_from_db()
    # Four more approved elsewhere meanwhile: with it, enough for a release.
    for number in range(4):
        make_report(
            country="KE",
            pay_amount=f"{4 + number}.25",
            status=Status.APPROVED,
            submitted_on=days_ago(12 + number),
        )

    # The author's answer counts from the next midnight on.
    published = release_the_next_day()

    snapshot = read_reports(published.snapshot_at)
    counted = snapshot.columns["effective_hourly_usd"][
        snapshot.record_keys == report.record_key
    ]
    assert list(counted) == pytest.approx([float(report.effective_hourly_usd)])
    assert float(report.effective_hourly_usd) < 1.5
    # With the corrected report the group reaches the size for a published
    # median: about 0.9 US dollars an hour.
    median = published_cell(country="PH")["effective_hourly_usd"]["median"]
    assert 0.5 < median < 1.5


def test_report_its_author_never_answered_is_deleted_after_the_limit(
    client, moderator_client, settings
):
    settings.RETENTION_AWAITING_AUTHOR_DAYS = 60
    waiting, code = sent_back(moderator_client)
    recent, _code = sent_back(moderator_client)
    Report.objects.filter(pk=waiting.pk).update(changed_on=days_ago(61))
    Report.objects.filter(pk=recent.pk).update(changed_on=days_ago(60))
    entries = client.post("/receipt/", {"code": code}, follow=True)

    call_command("apply_retention")

    deadline = date_format(days_ago(61) + timedelta(days=60))
    assert f"Answer by {deadline}, or the report will be deleted." in visible_text(
        entries.content
    )
    assert list(Report.objects.values_list("pk", flat=True)) == [recent.pk]
    assert list(ReportCorrection.objects.values_list("report", flat=True)) == [
        recent.pk
    ]
