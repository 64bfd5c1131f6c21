"""How a worker's pay compares: the closest published group, the worker's
currency first, the quarter of the group, an honest minimum wage line, and
the same again on the receipt's entries page once a release counts it.

Every figure shown is one of the current release's published cells: the
attacker's tests check that nothing else leaks through the comparison.
"""

import re

import pytest

from moderation.models import Status
from stats.models import PublishedCell, StatsRelease
from surveys.models import Platform, Report, TaskType
from tests.helpers import (
    days_ago,
    make_report,
    published_cell,
    release,
    report_form_data,
    visible_text,
)

pytestmark = pytest.mark.django_db

GROUP = re.compile(
    r"Compared with the published figures for (?P<group>[^:]+): "
    r"about (?P<n>\d+) approved reports?\. "
    r"Their median effective pay: (?P<median>[\d.,]+ [A-Z]{3}"
    r"(?: \(about [\d.,]+ USD\))?) an hour\."
)


def ids(platform="outlier-ai", task_type="response-rating"):
    return {
        "platform": str(Platform.objects.get(slug=platform).pk),
        "task_type": str(TaskType.objects.get(slug=task_type).pk),
    }


def approved(count, *, platform="outlier-ai", task_type="response-rating", **fields):
    """`count` approved reports of one group, sent on different days with
    different pay (the release withholds small groups sent on one day or
    with identical answers)."""
    for number in range(count):
        answers = {
            "pay_amount": f"{4 + number % 7}.{number % 10}0",
            "unpaid_hours_per_week": "0",
            **fields,
        }
        make_report(
            **ids(platform, task_type),
            **answers,
            status=Status.APPROVED,
            submitted_on=days_ago(1 + number),
        )


def groups_in_kenya(released=True):
    """22 reports of Outlier AI in Kenya rating answers (a median of their
    own), and 10 each differing from them in one way: another type of work,
    another country, another platform. Each larger group is far enough
    from the smaller ones it holds for both to be published."""
    approved(22, country="KE")
    approved(10, country="KE", task_type="text-annotation")
    approved(10, country="GH")
    approved(10, country="KE", platform="sama")
    return release() if released else None


def sent(
    client,
    path="/report/",
    *,
    platform="outlier-ai",
    task_type="response-rating",
    **fields,
):
    response = client.post(path, report_form_data(**ids(platform, task_type), **fields))
    assert response.status_code == 200, response.status_code
    return visible_text(response.content)


def compared_with(text):
    found = GROUP.search(text)
    assert found, text
    return found


def test_closest_group_is_platform_country_and_type_of_work(client):
    groups_in_kenya()

    found = compared_with(sent(client, country="KE"))

    assert found["group"] == ("Outlier AI in Kenya, Rating and ranking answers (RLHF)")
    cell = published_cell(
        platform="outlier-ai", country="KE", task_type="response-rating"
    )
    assert int(found["n"]) == cell["n"]
    assert 20 <= cell["n"] <= 24


def test_without_a_median_for_the_type_of_work_falls_back_to_platform_and_country(
    client,
):
    groups_in_kenya()

    found = compared_with(sent(client, country="KE", task_type="text-annotation"))

    assert found["group"] == "Outlier AI in Kenya, all types of work"
    assert int(found["n"]) == published_cell(platform="outlier-ai", country="KE")["n"]


def test_without_the_platform_in_the_country_falls_back_to_the_country(client):
    groups_in_kenya()

    found = compared_with(
        sent(client, country="KE", platform="sama", task_type="text-annotation")
    )

    assert found["group"] == "Kenya, all platforms and types of work"
    assert int(found["n"]) == published_cell(country="KE")["n"]


def test_without_the_country_falls_back_to_the_platform(client):
    groups_in_kenya()

    found = compared_with(sent(client, country="PH", task_type="text-annotation"))

    assert found["group"] == "Outlier AI, all countries"
    assert int(found["n"]) == published_cell(platform="outlier-ai")["n"]


def test_without_any_published_group_says_so(client):
    groups_in_kenya()

    text = sent(client, country="PH", platform="sama", task_type="text-annotation")

    assert "Compared with" not in text
    assert (
        "Not enough published reports yet for Sama, Philippines or Text annotation "
        "and checking to compare: medians are published for groups of 20 reports"
    ) in text


def test_worker_currency_comes_first_then_us_dollars(client):
    groups_in_kenya()

    text = sent(client, country="KE", currency="KES", pay_amount="300")

    report = Report.objects.latest("pk")
    # 300 KES an hour over 40 paid and 10 unpaid hours: 240 KES an hour.
    usd = f"{report.effective_hourly_usd:.2f}"
    assert f"Your effective hourly pay: 240 KES (about {usd} USD)" in text
    median = compared_with(text)["median"]
    local, dollars = re.fullmatch(
        r"([\d,]+) KES \(about ([\d.]+) USD\)", median
    ).groups()
    published = published_cell(
        platform="outlier-ai", country="KE", task_type="response-rating"
    )["effective_hourly_usd"]["median"]
    # At the report's own rate, kept with it.
    assert dollars == f"{published:.2f}"
    assert int(local.replace(",", "")) == round(published * float(report.exchange_rate))


def test_worker_currency_in_swahili_page(client):
    groups_in_kenya()

    text = sent(client, "/sw/report/", country="KE", currency="KES", pay_amount="300")

    assert "240 KES" in text
    # "(takriban … USD)": "about" in Swahili.
    assert re.search(r"[\d,]+ KES \(\w+ [\d.]+ USD\)", text), text


def test_quartile_band_where_the_group_publishes_quartiles(client):
    approved(60, country="KE")
    approved(10, country="GH", platform="sama")  # Outlier AI is not the whole
    release()
    pay = published_cell(platform="outlier-ai")["effective_hourly_usd"]
    assert pay["p25"] is not None, pay
    assert pay["p75"] is not None, pay

    low = sent(client, country="PH", pay_amount="1", unpaid_hours_per_week="0")
    high = sent(client, country="PH", pay_amount="90", unpaid_hours_per_week="0")

    assert (
        f"Your pay is in the lowest quarter of this group (under {pay['p25']:.2f} USD "
        "an hour)."
    ) in low
    assert (
        f"Your pay is in the highest quarter of this group (over {pay['p75']:.2f} USD "
        "an hour)."
    ) in high


def test_group_without_quartiles_says_which_half(client):
    groups_in_kenya()

    low = sent(client, country="KE", pay_amount="1", unpaid_hours_per_week="0")

    assert "Your pay is below the median of this group." in low
    assert "quarter of this group" not in low


def test_collapsed_currency_is_not_compared_with_a_frozen_minimum_wage(client):
    # 600 VES an hour in September 2026, at 861 VES for a dollar: 0.70 USD,
    # against a minimum wage of 0.68 VES an hour set in March 2022.
    text = sent(
        client,
        country="VE",
        currency="VES",
        pay_amount="600",
        unpaid_hours_per_week="0",
    )

    assert "Your effective hourly pay: 600 VES (about 0.70 USD)" in text
    assert "Minimum wage in Venezuela: 0.68 VES an hour (about 0.00079 USD)." in text
    assert (
        "Not comparable: the VES lost more than half its value against the US "
        "dollar between this minimum wage (March 2022) and the month of your report"
    ) in text
    assert "% of the minimum wage" not in text
    assert "0.00 " not in text
    assert Report.objects.get().below_minimum_wage is None


def test_pay_far_above_a_minimum_wage_is_not_comparable(client):
    text = sent(client, country="US", pay_amount="150", unpaid_hours_per_week="0")

    assert "Not comparable: your pay is more than 20 times this minimum wage" in text
    assert "% of the minimum wage" not in text


def test_minimum_wage_set_long_after_the_report_month_is_not_comparable(client):
    # Kenya's minimum wage of November 2024, for pay of January 2023.
    text = sent(client, country="KE", currency="KES", period="2023-01")

    assert (
        "Not comparable: this minimum wage came into force in November 2024, more "
        "than a year after the month of your report."
    ) in text


def test_minimum_wage_still_compared_in_its_own_currency(client):
    # 50 KES an hour over 40 paid and 10 unpaid hours: 40 KES, against 82.63.
    text = sent(client, country="KE", currency="KES", pay_amount="50")

    assert "Minimum wage in Kenya: 82.63 KES an hour" in text
    assert "Your effective pay is below it: 48% of the minimum wage." in text
    assert Report.objects.get().below_minimum_wage is True


def entries(client, code):
    response = client.post("/receipt/", {"code": code}, follow=True)
    assert response.status_code == 200
    return visible_text(response.content)


def test_entries_page_shows_the_comparison_after_a_release_not_before(client):
    from receipts.models import Receipt

    groups_in_kenya(released=False)
    receipt, code = Receipt.objects.issue()
    make_report(
        receipt=receipt,
        **ids(),
        country="KE",
        currency="KES",
        pay_amount="300",
        status=Status.APPROVED,
        submitted_on=days_ago(40),
    )

    before = entries(client, code)
    release()
    after = entries(client, code)

    assert "Compared with" not in before
    assert "How your pay compares shows here once a moderator has approved" in before
    found = compared_with(after)
    assert found["group"] == "Outlier AI in Kenya, Rating and ranking answers (RLHF)"
    assert re.fullmatch(r"[\d,]+ KES \(about [\d.]+ USD\)", found["median"])
    assert "How your pay compares shows here once" not in after


def test_entries_page_waits_for_a_report_approved_after_the_release(client):
    from receipts.models import Receipt

    groups_in_kenya()
    receipt, code = Receipt.objects.issue()
    make_report(receipt=receipt, **ids(), country="KE", status=Status.APPROVED)

    text = entries(client, code)

    assert "Compared with" not in text
    assert "How your pay compares shows here once" in text


# --- the attacker's view ------------------------------------------------------


def shown_counts_and_medians(text):
    return [(int(found["n"]), found["median"]) for found in GROUP.finditer(text)]


def test_a_group_under_the_threshold_tells_nothing(client, settings):
    # Four real reports of Sama in Nepal: under K_ANONYMITY. The attacker
    # sends a fifth and reads their comparison: nothing about the four.
    approved(4, country="NP", platform="sama", task_type="text-annotation")
    groups_in_kenya()

    text = sent(client, country="NP", platform="sama", task_type="text-annotation")

    assert settings.K_ANONYMITY == 5
    assert not PublishedCell.objects.filter(country="NP").exists()
    assert "Compared with" not in text
    assert "Not enough published reports yet for Sama, Nepal" in text


def test_a_comparison_shows_only_published_cells_and_nothing_unreleased(client):
    from receipts.models import Receipt

    receipt, code = Receipt.objects.issue()
    make_report(
        receipt=receipt,
        **ids(),
        country="KE",
        pay_amount="3",
        status=Status.APPROVED,
        submitted_on=days_ago(50),
    )
    groups_in_kenya()
    seen = entries(client, code)
    # Thirty more approved in the attacker's own group, and the attacker's
    # report changed and approved again: no release since, nothing moves.
    approved(30, country="KE", pay_amount="900")
    sent(client, country="KE")

    again = entries(client, code)

    assert shown_counts_and_medians(again) == shown_counts_and_medians(seen)
    cell = PublishedCell.objects.get(
        release=StatsRelease.objects.current(),
        table="reports",
        platform="outlier-ai",
        country="KE",
        task_type="response-rating",
        quarter="",
        year="",
    )
    [(n, median)] = shown_counts_and_medians(again)
    assert n == cell.n
    assert median == f"{cell.figures['effective_hourly_usd']['median']:.2f} USD"
