"""A researcher downloads the whole release as a data package from the
statistics page, in English with JavaScript and in French without it, and
finds the feed that follows the releases."""

import json
import zipfile

from moderation.models import Status
from tests.e2e.conftest import PHONE
from tests.helpers import days_ago, make_report, release


def open_download(download):
    archive = zipfile.ZipFile(download.path())
    return archive, json.loads(archive.read("datapackage.json"))


def test_download_the_data_package_in_two_languages(
    phone, browser, site_server, settings
):
    settings.K_ANONYMITY = 5
    for number in range(12):
        make_report(status=Status.APPROVED, submitted_on=days_ago(number))
    made = release()

    phone.goto("/stats/")
    with phone.expect_download() as english:
        phone.locator("a[href='/stats/release.zip']").click()
    archive, descriptor = open_download(english.value)

    assert english.value.suggested_filename == f"ground-truth-release-{made.number}.zip"
    assert descriptor["version"] == str(made.number)
    assert {"reports.csv", "incidents.csv"} <= set(archive.namelist())
    assert archive.read("reports.csv").decode().startswith("platform,country,")
    assert phone.locator("a[href='/stats/releases/feed/']").count() == 1

    context = browser.new_context(
        base_url=site_server.url, java_script_enabled=False, **PHONE
    )
    french = context.new_page()
    french.goto("/fr/stats/")
    assert french.locator("html").get_attribute("lang") == "fr"
    with french.expect_download() as in_french:
        french.locator("a[href='/fr/stats/release.zip']").click()
    _archive, same = open_download(in_french.value)
    context.close()

    assert same["name"] == f"ground-truth-release-{made.number}"
    assert same["resources"] == descriptor["resources"]
