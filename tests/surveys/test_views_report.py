"""The report form at /report/: happy path, every rule, nothing lost."""

import re
from decimal import Decimal

import pytest
from django.test import override_settings

from moderation.models import Status
from receipts.models import Receipt
from surveys.models import Platform, Report
from tests.helpers import (
    database_dump,
    field_errors,
    field_value,
    html_of_field,
    make_report,
    read_form,
    release,
    report_form_data,
    report_step,
    visible_text,
)

CODE = re.compile(r"GT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")
# The queries of one report sent: the same at 5 or at a million reports
# (among them, the post and the saved entry counted under their two limits).
SUBMISSION_QUERIES = 45
pytestmark = pytest.mark.django_db


def post_report(client, path="/report/", **overrides):
    return client.post(path, report_form_data(**overrides))


def test_form_renders_with_current_month_and_numeric_keyboards(client):
    from datetime import date

    response = client.get("/report/")

    assert response.status_code == 200
    period = html_of_field(response, "period")
    assert f'value="{date.today():%Y-%m}"' in period
    assert 'type="month"' in period
    pay_step = report_step(client, "pay")
    assert 'inputmode="decimal"' in html_of_field(pay_step, "pay_amount")
    hours_step = report_step(client, "hours")
    assert 'inputmode="decimal"' in html_of_field(hours_step, "paid_hours_per_week")


def test_form_asks_every_condition_with_three_answers(client):
    response = report_step(client, "conditions", path="/fr/report/")

    content = response.content.decode()
    for slug in ("keystroke_monitoring", "confidentiality_agreement", "paid_leave"):
        assert content.count(f'name="{slug}"') == 3
    assert "Je préfère ne pas répondre" in content


def test_happy_path_stores_the_report_and_shows_the_code_once(client):
    response = post_report(client, pay_amount="2.50", paid_hours_per_week="40")

    assert response.status_code == 200
    report = Report.objects.get()
    assert report.status == Status.PENDING
    assert report.pay_amount == Decimal("2.50")
    assert report.hourly_usd == Decimal("2.5000")
    # 2.50 an hour for 40 paid hours over 50 hours worked: 2.00.
    assert report.effective_hourly_usd == Decimal("2.0000")
    assert report.exchange_rate == 1
    assert report.conditions["keystroke_monitoring"] == "unsure"
    codes = CODE.findall(response.content.decode())
    assert len(set(codes)) == 1
    assert Receipt.objects.for_code(codes[0]) == report.receipt
    assert "no-store" in response["Cache-Control"]


def test_local_currency_is_converted_at_the_rate_of_the_month(client):
    post_report(
        client,
        pay_amount="30000",
        currency="KES",
        pay_unit="month",
        paid_hours_per_week="45",
        unpaid_hours_per_week="15",
        period="2026-09",
    )

    report = Report.objects.get()
    from surveys.models import ExchangeRate

    rate = (
        ExchangeRate.objects.filter(currency="KES", date__lt="2026-10-01")
        .order_by("-date")
        .first()
    )
    assert report.exchange_rate == rate.units_per_usd
    assert report.exchange_rate_date == rate.date
    expected_hourly = Decimal(30000) / (Decimal(45) * 52 / 12) / rate.units_per_usd
    assert abs(report.hourly_usd - expected_hourly) < Decimal("0.0001")
    assert abs(report.effective_hourly_usd - expected_hourly * 45 / 60) < Decimal(
        "0.0001"
    )


def test_decimal_comma_is_understood(client):
    post_report(
        client, pay_amount="12,50", paid_hours_per_week="7,5", unpaid_hours_per_week="0"
    )

    report = Report.objects.get()
    assert report.pay_amount == Decimal("12.50")
    assert report.paid_hours_per_week == Decimal("7.5")


def test_receipt_code_is_stored_nowhere(client):
    response = post_report(client)
    code = CODE.search(response.content.decode()).group()
    symbols = code.replace("-", "")[2:]

    dump = database_dump()

    assert code not in dump
    assert symbols not in dump


def test_client_address_reaches_neither_database_nor_logs(client, caplog):
    caplog.set_level("DEBUG")
    addresses = ("203.0.113.77", "198.51.100.23")

    with override_settings(NUM_PROXIES=1):
        response = client.post(
            "/report/",
            report_form_data(),
            REMOTE_ADDR=addresses[0],
            HTTP_X_FORWARDED_FOR=addresses[1],
            HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 9) distinctive-agent",
        )
        client.post(
            "/report/", report_form_data(pay_amount="-1"), REMOTE_ADDR=addresses[0]
        )
        client.get(
            "/no-such-page/",
            REMOTE_ADDR=addresses[0],
            HTTP_X_FORWARDED_FOR=addresses[1],
        )

    assert response.status_code == 200
    dump = database_dump()
    for address in addresses:
        assert address not in dump
        assert address not in caplog.text
    assert "distinctive-agent" not in dump


def test_submission_day_is_kept_without_time(client):
    from datetime import date

    post_report(client)

    assert Report.objects.get().submitted_on == date.today()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("platform", "", "Choose the platform you worked on."),
        ("platform", "999999", "Choose a platform from the list."),
        ("country", "", "Choose the country where you live."),
        ("country", "XX", "Choose a country from the list."),
        ("task_type", "banana", "Choose a type of work from the list."),
        ("period", "", "Enter the month, such as 2026-03."),
        ("period", "2025-13", "There is no month 13: use 01 to 12."),
        ("period", "March 2025", "Enter the month as year-month, such as 2026-03."),
        ("period", "2099-01", "This month has not started yet."),
        ("period", "1999-01", "Only months from 2015 on can be reported."),
        ("pay_amount", "", "Enter how much you were paid."),
        ("pay_amount", "-5", "Enter an amount above zero."),
        ("pay_amount", "0", "Enter an amount above zero."),
        ("pay_amount", "abc", "Enter an amount, such as 20 or 12.50."),
        ("pay_amount", "1e400", "This amount is too large."),
        ("pay_amount", "NaN", "Enter an amount, such as 20 or 12.50."),
        ("pay_amount", "99999999999999", "This amount is too large."),
        ("pay_amount", "1.23456", "Use at most four decimals."),
        ("currency", "", "Choose the currency you were paid in."),
        ("currency", "XYZ", "Choose a currency from the list."),
        ("pay_unit", "", "Choose how your pay is counted."),
        ("pay_unit", "fortnight", "Choose how your pay is counted."),
        ("paid_hours_per_week", "", "Enter a number of hours (0 if none)."),
        ("paid_hours_per_week", "-1", "Hours cannot be negative."),
        ("paid_hours_per_week", "169", "A week has 168 hours: enter at most 168."),
        ("paid_hours_per_week", "many", "Enter a number of hours, such as 20 or 7.5."),
        ("unpaid_hours_per_week", "200", "A week has 168 hours: enter at most 168."),
        ("contract_type", "serf", "Choose your kind of contract."),
        ("keystroke_monitoring", "maybe", "Choose yes, no or prefer not to say."),
        ("payout_method", "gold", "Choose a way of payment from the list."),
        ("platform_other", "x" * 101, "Use at most 100 characters."),
        ("project_codename", "y" * 101, "Use at most 100 characters."),
        ("advertised_pay_amount", "-3", "Enter an amount above zero."),
    ],
)
def test_bad_input_gets_a_message_by_the_field_and_keeps_the_rest(
    client, field, value, message
):
    answers = report_form_data(project_codename="Bulba", payout_method="mobile_money")
    answers[field] = value

    response = client.post("/report/", answers)

    assert response.status_code == 200
    assert Report.objects.count() == 0
    assert message in field_errors(response, field)
    # Every other answer comes back as it was sent.
    kept = read_form(response).values
    for name, sent in answers.items():
        if name not in (field, "website"):
            assert kept.get(name) == sent, name
    assert "Please check these answers" in response.content.decode()


def test_hours_beyond_a_week_are_refused(client):
    response = post_report(
        client, paid_hours_per_week="100", unpaid_hours_per_week="80"
    )

    assert Report.objects.count() == 0
    assert "more than the 168 hours of a week" in field_errors(
        response, "unpaid_hours_per_week"
    )


def test_no_hours_at_all_are_refused(client):
    response = post_report(client, paid_hours_per_week="0", unpaid_hours_per_week="0")

    assert Report.objects.count() == 0
    assert "Enter the hours you worked in a week." in field_errors(
        response, "paid_hours_per_week"
    )


def test_monthly_pay_needs_paid_hours(client):
    response = post_report(
        client, pay_unit="month", pay_amount="500", paid_hours_per_week="0"
    )

    assert Report.objects.count() == 0
    assert "needs the paid hours" in field_errors(response, "paid_hours_per_week")


def test_per_task_pay_needs_tasks_per_hour(client):
    response = post_report(
        client, pay_unit="task", pay_amount="0.35", tasks_per_hour=""
    )

    assert Report.objects.count() == 0
    assert "how many tasks you finish in an hour" in field_errors(
        response, "tasks_per_hour"
    )


def test_per_task_pay_uses_tasks_per_hour(client):
    post_report(
        client,
        pay_unit="task",
        pay_amount="0.35",
        tasks_per_hour="12",
        unpaid_hours_per_week="0",
    )

    report = Report.objects.get()
    assert report.hourly_usd == Decimal("4.2000")
    assert report.tasks_per_hour == 12


def test_tasks_per_hour_is_ignored_for_other_units(client):
    post_report(client, pay_unit="hour", tasks_per_hour="12")

    assert Report.objects.get().tasks_per_hour is None


def test_other_platform_needs_its_name_and_is_flagged(client):
    from surveys.models import Platform

    other = Platform.objects.get(slug="other")
    refused = post_report(client, platform=str(other.pk), platform_other="")
    accepted = post_report(
        client, platform=str(other.pk), platform_other="  Labelmatic   Pro "
    )

    assert "Type the name of the platform" in field_errors(refused, "platform_other")
    assert accepted.status_code == 200
    report = Report.objects.get()
    assert report.platform_other == "Labelmatic Pro"
    assert report.flags == {"unknown_platform": {"name": "Labelmatic Pro"}}


def test_implausible_pay_is_accepted_and_flagged(client):
    post_report(client, pay_amount="480", unpaid_hours_per_week="0")

    report = Report.objects.get()
    assert report.status == Status.PENDING
    assert report.flags["outlier"]["effective_hourly_usd"] == "480.0000"


def test_pay_far_from_the_published_platform_median_is_flagged(client):
    sama = str(Platform.objects.get(slug="sama").pk)
    for number in range(24):
        make_report(pay_amount="10", unpaid_hours_per_week="0", status=Status.APPROVED)
        # Elsewhere too: a platform holding every report is published as the whole.
        make_report(
            platform=sama, pay_amount=f"{3 + number % 4}", status=Status.APPROVED
        )
    release()
    platform = Platform.objects.get(slug="outlier-ai")
    # Approved after the release: the flag compares with what was published.
    for _ in range(30):
        make_report(pay_amount="80", unpaid_hours_per_week="0", status=Status.APPROVED)

    post_report(client, pay_amount="60", unpaid_hours_per_week="0")
    post_report(client, pay_amount="12", unpaid_hours_per_week="0")

    far, near = Report.objects.pending().order_by("pk")
    # 10 an hour, each moved by 5 to 15 % before the private median.
    assert 8 <= platform.released_median_usd <= 12
    assert far.flags["outlier"]["platform_median"] == (
        f"{platform.released_median_usd:.4f}"
    )
    assert 22 <= far.flags["outlier"]["platform_reports"] <= 26
    assert near.flags == {}


@pytest.mark.parametrize("approved", [5, 40])
def test_sending_a_report_costs_the_same_whatever_the_data(
    client, django_assert_num_queries, approved
):
    for _ in range(approved):
        make_report(status=Status.APPROVED)
    release()
    post_report(client)  # warms the reference data's queries alike

    # Counted once for both sizes: the flags read stored medians, and no
    # query grows with the number of reports.
    with django_assert_num_queries(SUBMISSION_QUERIES):
        post_report(client, pay_amount="3.10")


def test_same_answers_from_another_receipt_are_flagged_as_duplicate(client):
    first = make_report()

    post_report(client)

    second = Report.objects.exclude(pk=first.pk).get()
    assert second.flags == {"duplicate": {"of": first.pk}}


def test_same_answers_under_the_same_receipt_are_no_duplicate():
    # Sent twice from one receipt, the same answers are the worker repeating
    # themselves, not someone else copying them: nothing for a moderator to
    # reject as a duplicate. From another receipt, they are.
    first = make_report()

    again = make_report(receipt=first.receipt)
    copied = make_report()

    assert "duplicate" not in again.flags
    assert copied.flags == {"duplicate": {"of": first.pk}}


def test_honeypot_filled_is_refused(client):
    response = post_report(client, website="http://spam.example")

    assert Report.objects.count() == 0
    assert response.status_code == 200


def test_forged_post_without_csrf_token_is_refused(csrf_client):
    response = post_report(csrf_client)

    assert response.status_code == 403
    assert Report.objects.count() == 0


@override_settings(RATE_LIMIT_SUBMISSIONS_PER_HOUR=2)
def test_rate_limit_answers_429_and_keeps_the_answers(client):
    for _ in range(2):
        response = client.post(
            "/report/", report_form_data(), REMOTE_ADDR="203.0.113.5"
        )
        assert response.status_code == 200

    response = client.post(
        "/fr/report/", report_form_data(pay_amount="7.25"), REMOTE_ADDR="203.0.113.5"
    )

    assert response.status_code == 429
    assert Report.objects.count() == 2
    assert field_value(response, "pay_amount") == "7.25"
    assert "Trop d’essais depuis cette connexion" in visible_text(response.content)
    other_client = client.post(
        "/report/", report_form_data(), REMOTE_ADDR="203.0.113.6"
    )
    assert other_client.status_code == 200


def test_wrong_method_is_refused(client):
    assert client.put("/report/").status_code == 405


def test_receipt_page_compares_with_published_medians_only(client, settings):
    settings.K_ANONYMITY = 5
    for amount in ("4", "6", "8", "10"):
        make_report(
            pay_amount=amount, unpaid_hours_per_week="0", status=Status.APPROVED
        )
    make_report(pay_amount="100", unpaid_hours_per_week="0")  # pending: never counted
    too_few = visible_text(post_report(client, country="GH").content)
    for number in range(26):
        make_report(
            pay_amount=str(6 + number % 5),
            unpaid_hours_per_week="0",
            status=Status.APPROVED,
        )
    sama = str(Platform.objects.get(slug="sama").pk)
    for number in range(10):  # elsewhere: Outlier AI is not the whole table
        make_report(platform=sama, pay_amount=f"{2 + number}", status=Status.APPROVED)
    release()
    # Approved after the release: the comparison does not move until the next.
    for _ in range(30):
        make_report(pay_amount="900", unpaid_hours_per_week="0", status=Status.APPROVED)

    enough = visible_text(post_report(client, country="GH", pay_amount="3").content)

    assert "Not enough published reports yet for Outlier AI, Ghana or" in too_few
    found = re.search(
        r"Compared with the published figures for Outlier AI, all countries: "
        r"about (\d+) approved reports\. Their median effective pay: ([\d.]+) USD "
        r"an hour\.",
        enough,
    )
    assert found, enough
    # 30 reports, perturbed by at most 2; a private median of pay moved by
    # 5 to 15 %, near the true 8.00, far from the 900 approved since.
    assert 28 <= int(found[1]) <= 32
    assert 4 <= float(found[2]) <= 12


def test_receipt_page_compares_with_the_minimum_wage(client):
    text = visible_text(
        post_report(
            client,
            country="ZA",
            currency="ZAR",
            pay_amount="20",
            unpaid_hours_per_week="0",
        ).content
    )

    assert "Minimum wage in South Africa: 28.79 ZAR an hour" in text
    # 20 ZAR against 28.79 ZAR: 69%.
    assert "Your effective pay is below it: 69% of the minimum wage." in text


def test_receipt_page_says_when_no_minimum_wage_is_known(client):
    text = visible_text(post_report(client, country="NP").content)

    assert "We have no minimum wage figure for Nepal" in text


def test_browser_post_with_its_origin_and_token_is_accepted(csrf_client):
    form_page = csrf_client.get("/report/")
    token = field_value(form_page, "csrfmiddlewaretoken")

    response = csrf_client.post(
        "/report/",
        {**report_form_data(), "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 200
    assert Report.objects.count() == 1
    # A policy of "no-referrer" would make browsers send "Origin: null" on
    # this very post, and CSRF would refuse it.
    assert form_page["Referrer-Policy"] == "same-origin"


def test_form_page_sets_only_the_csrf_cookie(client):
    response = client.get("/report/")

    assert set(response.cookies) == {"csrftoken"}


def test_year_zero_is_refused_with_a_message(client):
    response = post_report(client, period="0000-05")

    assert "Only months from 2015 on can be reported." in field_errors(
        response, "period"
    )


def test_statistics_refuse_year_zero_with_400(client):
    response = client.get("/api/v1/stats/?period=0000-Q1")

    assert response.status_code == 400
    assert response.json()["parameter"] == "period"


def test_a_form_sent_twice_is_saved_once(client):
    form_page = client.get("/report/")
    token = field_value(form_page, "submission_token")
    data = report_form_data(submission_token=token)

    first = client.post("/report/", data)
    second = client.post("/report/", data)

    assert len(token) >= 16
    assert CODE.search(first.content.decode())
    assert "This was already sent" in visible_text(second.content)
    assert CODE.search(second.content.decode()) is None
    assert Report.objects.count() == 1


def test_a_failed_sending_can_be_sent_again_with_the_same_token(client, monkeypatch):
    client.raise_request_exception = False
    token = field_value(client.get("/report/"), "submission_token")

    refused = client.post(
        "/report/", report_form_data(pay_amount="-1", submission_token=token)
    )
    # The saving fails half-way: the token is spent, then the database goes.
    with monkeypatch.context() as outage:
        outage.setattr(Receipt.objects, "issue", database_gone)
        failed = client.post("/report/", report_form_data(submission_token=token))
    accepted = client.post("/report/", report_form_data(submission_token=token))

    assert "Enter an amount above zero." in field_errors(refused, "pay_amount")
    assert field_value(refused, "submission_token") == token
    assert failed.status_code == 503
    assert field_value(failed, "submission_token") == token
    assert CODE.search(accepted.content.decode())
    assert "This was already sent" not in visible_text(accepted.content)
    assert Report.objects.count() == 1


def database_gone(*args, **kwargs):
    from django.db import OperationalError

    raise OperationalError("server closed the connection unexpectedly")


def test_form_page_stays_in_history_but_the_receipt_is_never_stored(client):
    form_page = client.get("/report/")
    receipt_page = post_report(client)

    assert "no-store" not in form_page["Cache-Control"]
    assert "private" in form_page["Cache-Control"]
    assert "no-store" in receipt_page["Cache-Control"]
