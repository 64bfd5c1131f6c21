"""A worker on a phone, in French: report, keep the code, come back, withdraw."""

import re

from receipts.models import Receipt
from surveys.models import Report


def test_report_receipt_come_back_and_withdraw_in_french(phone):
    phone.goto("/fr/report/")

    phone.get_by_label("Plateforme ou entreprise").select_option(label="Outlier AI")
    phone.get_by_label("Pays où vous vivez").select_option("KE")
    phone.get_by_label("Type de travail principal").select_option(index=3)
    phone.get_by_role("button", name="Continuer").click()
    # The country chose its currency; the worker keeps it.
    assert phone.get_by_label("Monnaie").input_value() == "KES"
    phone.locator("#id_pay_amount").fill("30000")
    phone.get_by_label("par mois").check()
    phone.get_by_role("button", name="Continuer").click()
    phone.locator("#id_paid_hours_per_week").fill("45")
    phone.locator("#id_unpaid_hours_per_week").fill("15")
    phone.get_by_label("Travailleur indépendant").check()
    phone.get_by_role("button", name="Continuer").click()
    phone.get_by_role("button", name="Continuer").click()
    phone.get_by_role("button", name="Envoyer ma déclaration").click()

    phone.get_by_role(
        "heading", name="Merci. Votre déclaration est envoyée."
    ).wait_for()
    code = phone.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"GT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    report = Report.objects.get()
    assert (report.currency, report.pay_unit, report.country) == ("KES", "month", "KE")
    assert "Salaire minimum, Kenya" in phone.content()

    phone.get_by_role("link", name="Revenir avec votre code").first.click()
    phone.get_by_label("Votre code de reçu").fill(code.lower())
    phone.get_by_role("button", name="Ouvrir mes entrées").click()
    phone.get_by_role("heading", name="Vos entrées").wait_for()
    assert "30 000,00 KES par mois" in phone.locator("main").inner_text().replace(
        "\u202f", " "
    ).replace("\xa0", " ")

    phone.get_by_role("link", name="Supprimer").click()
    phone.get_by_role("button", name="Oui, la supprimer").click()

    phone.get_by_role("heading", name="Supprimé").wait_for()
    assert Report.objects.count() == 0
    assert Receipt.objects.count() == 0


def test_report_form_works_without_javascript(browser, site_server):
    context = browser.new_context(base_url=site_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/report/")

    page.get_by_label("Platform or company").select_option(label="Toloka")
    page.get_by_label("Country where you live").select_option("PH")
    page.get_by_label("Main type of work").select_option(index=1)
    page.get_by_role("button", name="Continue").click()
    page.locator("#id_pay_amount").fill("0.05")
    page.get_by_label("Currency").select_option("USD")
    page.get_by_label("per task").check()
    page.get_by_label("Tasks per hour").fill("40")
    page.get_by_role("button", name="Continue").click()
    page.locator("#id_paid_hours_per_week").fill("30")
    page.get_by_label("Employee").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send my report").click()

    page.get_by_role("heading", name="Thank you. Your report is sent.").wait_for()
    assert Report.objects.get().hourly_usd == 2
    context.close()
