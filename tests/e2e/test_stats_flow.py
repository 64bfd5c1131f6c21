"""An organizer filters the figures by country and downloads the table."""

import csv
import io

from surveys import stats
from surveys.models import Platform, Status
from tests.helpers import make_report


def test_filter_by_country_and_download_the_csv(phone, settings):
    settings.K_ANONYMITY = 5
    sama = Platform.objects.get(slug="sama")
    for amount in range(1, 8):
        make_report(
            country="KE",
            platform=str(sama.pk),
            pay_amount=str(amount),
            unpaid_hours_per_week="0",
            status=Status.APPROVED,
        )
    for amount in range(1, 6):
        make_report(country="PH", pay_amount=str(amount), status=Status.APPROVED)
    stats.release_waiting_reports()

    phone.goto("/stats/")
    phone.get_by_text("Filter and group").click()
    phone.locator("#id_country").select_option("KE")
    phone.get_by_role("button", name="Show").click()

    phone.get_by_role("heading", name="Pay by Platform").wait_for()
    assert "country=KE" in phone.url
    rows = phone.locator("#pay-heading ~ .table-responsive tbody tr")
    assert rows.count() == 1
    assert rows.first.inner_text().startswith("Sama")
    assert phone.locator("svg.chart .minimum-wage").count() == 1

    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Download this table (CSV)").click()
    download = download_info.value
    text = download.path().read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(text)))

    assert [(row["group"], row["n"]) for row in table] == [("sama", "7")]
    assert download.suggested_filename.endswith("-platform.csv")
