"""Problem 5 of issue 16, walked on a phone: from home, one tap to the
incident form; from a receipt, the form opens with what the report already
says; the outcome updated on its own page. In English and Swahili, with and
without JavaScript."""

import pytest

from incidents.models import Incident
from receipts.models import Receipt
from surveys.models import Platform
from tests.e2e.conftest import PHONE
from tests.helpers import make_incident, make_report


@pytest.fixture
def page(any_phone):
    return any_phone


def open_receipt(page, prefix, code):
    page.goto(f"{prefix}/receipt/")
    page.locator("#id_code").fill(code)
    page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("prefix", ["", "/sw"])
def test_incident_form_from_home_and_from_a_receipt(page, prefix):
    page.goto(f"{prefix}/")
    assert page.locator(f"header a[href='{prefix}/incident/new/']").is_visible()
    page.locator(f"main a[href='{prefix}/incident/new/']").first.click()

    page.locator("#id_kind_0").wait_for()
    assert page.url.endswith(f"{prefix}/incident/new/")
    # The script is deferred: it listens for the country only once the
    # document is parsed, as a worker's first tap would come after it.
    page.wait_for_load_state("domcontentloaded")
    page.locator("#id_country").select_option("KE")
    # The script suggests the country's currency; without it, the form does
    # when it comes back (tested with the test client).
    expected = "KES" if page.javascript else ""
    assert page.locator("#id_currency").input_value() == expected

    receipt, code = Receipt.objects.issue()
    sama = Platform.objects.get(slug="sama")
    make_report(receipt=receipt, platform=str(sama.pk), country="UG", currency="UGX")
    incident = make_incident(receipt=receipt, amount_owed="80", currency="USD")
    open_receipt(page, prefix, code)
    page.locator(f"main a[href='{prefix}/incident/new/?under=receipt']").click()
    page.locator("#id_kind_0").wait_for()
    assert page.locator("#id_platform").input_value() == str(sama.pk)
    assert page.locator("#id_country").input_value() == "UG"
    assert page.locator("#id_currency").input_value() == "UGX"

    page.go_back()
    page.locator(f"main a[href$='/incidents/{incident.pk}/outcome/']").click()
    assert (
        page.locator("main [name]:not([type=hidden])").count()
        == len(Incident._meta.get_field("outcome").choices) + 1
    )  # the outcome's radio buttons and the amount got back
    page.locator("#id_outcome_1").check()
    page.locator("#id_amount_recovered").fill("30")
    page.locator("main form[action$='/outcome/'] button[type=submit]").click()

    page.locator("main .alert-success").wait_for()
    incident.refresh_from_db()
    assert (incident.outcome, str(incident.amount_recovered)) == ("paid_part", "30.00")
    assert incident.status == "pending"


@pytest.mark.parametrize("prefix", ["/fr", "/sw"])
def test_header_still_fits_a_phone_with_the_incident_link(phone, prefix):
    phone.goto(f"{prefix}/")

    link = phone.locator(f"header a[href='{prefix}/incident/new/']")
    assert link.is_visible()
    for box in (
        phone.locator("header a").nth(i).bounding_box()
        for i in range(phone.locator("header a").count())
    ):
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["viewport"]["width"]
    assert link.bounding_box()["height"] < 60
