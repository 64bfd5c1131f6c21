"""An organizer filters the published figures by country, groups them, is
told what is offered when asking too much, and downloads the table."""

import csv
import io

from moderation.models import Status
from surveys.models import Platform
from tests.helpers import days_ago, make_report, published_cell, release


def test_filter_group_and_download_the_csv(phone, settings):
    settings.K_ANONYMITY = 5
    number = 0
    for country, slug, count in [
        ("KE", "sama", 24),
        ("KE", "outlier-ai", 22),
        ("PH", "outlier-ai", 25),
        ("PH", "sama", 10),
    ]:
        platform = Platform.objects.get(slug=slug)
        for _ in range(count):
            make_report(
                country=country,
                platform=str(platform.pk),
                pay_amount=str(1 + number % 9),
                period=["2025-11", "2026-02", "2026-05"][number % 3],
                unpaid_hours_per_week="0",
                status=Status.APPROVED,
                submitted_on=days_ago(number),
            )
            number += 1
    release()

    phone.goto("/stats/")
    # The form is open from the first visit.
    assert phone.locator("#id_country").is_visible()
    phone.locator("#id_country").select_option("KE")
    phone.locator("#id_period").select_option("2026")
    phone.locator("#id_group_by").select_option("platform")
    phone.get_by_role("button", name="Show").click()

    # Country, period and a grouping by platform cross three dimensions: the
    # page says what is offered, and keeps the answers.
    phone.get_by_text("Choose at most two of platform, country").wait_for()
    assert phone.locator("#id_country").input_value() == "KE"
    assert phone.locator("#id_group_by").input_value() == "platform"
    phone.locator("#id_period").select_option("")
    phone.get_by_role("button", name="Show").click()

    phone.get_by_role("heading", name="Pay by Platform").wait_for()
    assert "country=KE" in phone.url
    rows = phone.locator("#pay-heading ~ .table-responsive tbody tr")
    assert rows.count() == 2
    sama = published_cell(country="KE", platform="sama")
    # Sorted by the drawn medians, so either may come first.
    cells = [row.split("\t")[:2] for row in rows.all_inner_texts()]
    assert ["Sama", str(sama["n"])] in cells
    assert phone.locator("svg.chart .minimum-wage").count() == 1

    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Download this table (CSV)").click()
    download = download_info.value
    table = list(
        csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8")))
    )

    assert [(row["group"], row["n"]) for row in table][1] == ("sama", str(sama["n"]))
    assert download.suggested_filename.endswith("-reports-by-platform-country-KE.csv")


def test_the_methodology_is_one_tap_from_the_figures(phone, settings):
    settings.K_ANONYMITY = 5
    for number in range(8):
        make_report(status=Status.APPROVED, submitted_on=days_ago(number))
    release()

    phone.goto("/sw/stats/")
    phone.locator("a[href='/sw/stats/methodology/']").first.click()

    phone.locator("a[href$='/stats/ptable.csv']").wait_for()
    assert "/sw/stats/methodology/" in phone.url
