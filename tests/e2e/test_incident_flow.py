"""A worker on a phone, in Spanish, reports a withheld payment and later
updates it to paid in part."""

from decimal import Decimal

from incidents.models import Incident


def test_withheld_payment_then_paid_in_part_in_spanish(phone):
    phone.goto("/es/incident/new/")

    phone.get_by_label("Pago retenido o revertido").check()
    phone.locator("#id_platform").select_option(label="Outlier AI")
    phone.locator("#id_country").select_option("CO")
    phone.locator("#id_started").fill("2026-05")
    phone.locator("#id_amount_owed").fill("350")
    phone.locator("#id_currency").select_option("USD")
    phone.get_by_label("Varios tickets").check()
    phone.get_by_label("Todavía esperando").check()
    phone.locator("#id_reason_given_1").check()
    phone.locator("#id_evidence_given_2").check()
    phone.get_by_role("button", name="Enviar").click()

    phone.get_by_role("heading", name="Gracias. Tu incidente está enviado.").wait_for()
    code = phone.locator("#receipt-code").inner_text().strip()
    incident = Incident.objects.get()
    assert (incident.kind, incident.outcome, incident.amount_owed) == (
        "withheld",
        "waiting",
        Decimal("350"),
    )

    phone.goto("/es/receipt/")
    phone.locator("#id_code").fill(code)
    phone.get_by_role("button", name="Abrir mis entradas").click()
    phone.locator("a[href$='/outcome/']").click()
    phone.get_by_label("Pagado en parte").check()
    phone.locator("#id_amount_recovered").fill("150")
    phone.get_by_role("button", name="Guardar mi actualización").click()

    phone.get_by_text("Tu actualización está guardada").wait_for()
    incident.refresh_from_db()
    assert incident.outcome == "paid_part"
    assert incident.amount_recovered == Decimal("150")
    assert incident.status == "pending"
