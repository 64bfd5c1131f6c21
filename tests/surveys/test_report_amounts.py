"""Pay typed as people write it, through the report form (test client)."""

import re
from decimal import Decimal

import pytest

from surveys.models import Report
from tests.helpers import field_errors, read_form, report_form_data

pytestmark = pytest.mark.django_db
CODE = re.compile(r"GT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


@pytest.mark.parametrize(
    ("path", "typed", "currency", "stored"),
    [
        ("/report/", "0.005", "USD", Decimal("0.005")),
        ("/es/report/", "8.500", "COP", Decimal("8500")),
        ("/report/", "KSh 1,500", "KES", Decimal("1500")),
        ("/report/", "1500/=", "KES", Decimal("1500")),
        ("/report/", "₱9,000", "PHP", Decimal("9000")),
    ],
)
def test_pay_typed_as_people_write_it_is_stored(client, path, typed, currency, stored):
    answers = report_form_data(
        pay_amount=typed, currency=currency, pay_unit="task", tasks_per_hour="40"
    )

    client.post(path, answers)

    assert Report.objects.get().pay_amount == stored


def test_a_fraction_of_a_cent_per_task_gives_its_hourly_figure(client):
    client.post(
        "/report/",
        report_form_data(pay_amount="0.005", pay_unit="task", tasks_per_hour="40"),
    )

    assert Report.objects.get().hourly_usd == Decimal("0.2")


@pytest.mark.parametrize("path", ["/report/", "/es/report/"])
def test_nonsense_pay_gets_a_message_by_the_field_and_keeps_the_answers(client, path):
    answers = report_form_data(pay_amount="about twenty", project_codename="Bulba")

    response = client.post(path, answers)

    assert Report.objects.count() == 0
    assert field_errors(response, "pay_amount")
    kept = read_form(response).values
    assert kept["pay_amount"] == "about twenty"
    assert kept["project_codename"] == "Bulba"
    assert kept["currency"] == "USD"


def test_editing_reads_pay_the_same_way_in_the_page_language(client):
    sent = client.post("/es/report/", report_form_data(currency="COP"))
    code = CODE.search(sent.content.decode()).group(0)
    report = Report.objects.get()
    data = report_form_data(pay_amount="COP 8.500", currency="COP")

    client.post(
        f"/es/receipt/reports/{report.pk}/edit/", {**data, "code": code, "save": "1"}
    )

    report.refresh_from_db()
    assert report.pay_amount == Decimal("8500")
