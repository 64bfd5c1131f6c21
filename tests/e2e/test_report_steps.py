"""The guided report on a 360-px phone, counted as a worker would feel it:
screens, taps and key presses, weight of each step, axe on each step; in
English and Spanish, with and without JavaScript."""

import pytest

from surveys.models import Report
from tests.e2e.conftest import new_phone
from tests.e2e.test_accessibility_and_weight import (
    AXE,
    KILOBYTE,
    serious_violations,
)

CONTINUE = "button[type=submit]:not([name])"
SEND = "button[name=send]"


class Worker:
    """A phone's user: every tap and key press counted, every new screen too.

    A select costs two taps (open, choose), typing one tap plus one press
    per character, a radio button or a button one tap.
    """

    def __init__(self, page):
        self.page = page
        self.taps = 0
        self.screens = 1
        self.weights = []
        self.sizes = {}
        self.heights = []

    def choose(self, selector, value=None, **option):
        self.page.locator(selector).select_option(value, **option)
        self.taps += 2

    def type(self, selector, text):
        self.page.locator(selector).fill(text)
        self.taps += 1 + len(text)

    def tick(self, selector):
        self.page.locator(selector).check()
        self.taps += 1

    def open(self, path):
        self._weigh(lambda: self.page.goto(path))

    def press(self, selector):
        """A button that opens the next screen."""
        self._weigh(lambda: self.page.locator(selector).click())
        self.taps += 1
        self.screens += 1

    def _weigh(self, navigate):
        """What the next screen weighs on a first visit: its page as it
        crossed the network (compressed, headers included, as
        test_accessibility_and_weight measures) plus each file it uses, at
        its size when first fetched; the browser keeps files in memory
        between screens, so a later screen cannot be weighed cold directly."""
        requests = []

        def record(request):
            requests.append(request)

        self.page.on("requestfinished", record)
        with self.page.expect_navigation(wait_until="load"):
            navigate()
        self.page.remove_listener("requestfinished", record)
        document = 0
        for request in requests:
            sizes = request.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            if request.is_navigation_request():
                document = size
            else:
                # A file read again from the cache reports 0 bytes.
                self.sizes[request.url] = max(size, self.sizes.get(request.url, 0))
        used = self.page.evaluate(USED_FILES)
        self.heights.append(self.page.evaluate("document.body.scrollHeight"))
        # (A script never fetched is a page without JavaScript: it costs 0.)
        self.weights.append(document + sum(self.sizes.get(url, 0) for url in used))


# Every file a page makes the browser fetch.
USED_FILES = """() => [
  ...document.querySelectorAll('link[rel=stylesheet]'),
  ...document.querySelectorAll('script[src], img[src]'),
].map(element => element.href || element.src)"""


def phone_page(phone, browser, site_server, javascript):
    """The `phone` fixture's page, or the same phone without JavaScript."""
    return phone if javascript else new_phone(browser, site_server, javascript)


def where_you_work(worker, country):
    worker.choose("#id_platform", label="Outlier AI")
    worker.choose("#id_country", country)
    worker.choose("#id_task_type", index=2)
    worker.press(CONTINUE)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_spanish_worker_reports_8_500_cop_in_five_screens(
    phone, browser, site_server, javascript
):
    page = phone_page(phone, browser, site_server, javascript)
    worker = Worker(page)
    worker.open("/es/report/")
    assert page.locator("html").get_attribute("lang") == "es"

    where_you_work(worker, "CO")
    # The country's currency is already chosen on the pay step.
    assert page.locator("#id_currency").input_value() == "COP"
    worker.type("#id_pay_amount", "8.500")
    worker.tick("#id_pay_unit_3")  # per month
    worker.press(CONTINUE)
    worker.type("#id_paid_hours_per_week", "40")
    worker.tick("#id_contract_type_0")
    worker.press(CONTINUE)
    worker.press(CONTINUE)  # the conditions: "prefer not to say" unless changed
    # Check your answers: 8.500 understood as eight thousand five hundred.
    assert "8.500,00 COP" in page.locator("main").inner_text()
    screens = worker.screens
    worker.press(SEND)

    page.locator("#receipt-code").wait_for()
    print(f"\nes, js={javascript}: {screens} screens, {worker.taps} taps")
    assert Report.objects.get().pay_amount == 8500
    assert screens <= 5
    assert worker.taps < 40
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_9000_php_per_hour_is_questioned_and_corrected_with_one_change(
    phone,
    browser,
    site_server,
    javascript,
):
    axe_source = AXE.read_text(encoding="utf-8")
    page = phone_page(phone, browser, site_server, javascript)
    worker = Worker(page)
    worker.open("/report/")
    violations = serious_violations(page, axe_source) if javascript else []

    where_you_work(worker, "PH")
    worker.type("#id_pay_amount", "₱9,000")
    worker.tick("#id_pay_unit_0")  # per hour, meant per month
    # Each answer a full-width row at least 48 px tall, all of it tappable.
    row = page.locator("label[for=id_pay_unit_0]").bounding_box()
    assert row["height"] >= 48
    assert row["width"] >= 250
    if javascript:
        violations += serious_violations(page, axe_source)
    worker.press(CONTINUE)
    worker.type("#id_paid_hours_per_week", "40")
    worker.tick("#id_contract_type_0")
    if javascript:
        violations += serious_violations(page, axe_source)
    worker.press(CONTINUE)
    if javascript:
        violations += serious_violations(page, axe_source)
    worker.press(CONTINUE)
    question = page.locator("#pay-question")
    assert "far above what others report" in question.inner_text()
    assert "Did you mean per month?" in question.inner_text()
    if javascript:
        violations += serious_violations(page, axe_source)
    screens_to_check = worker.screens

    question.get_by_role("button", name="Change your pay").click()
    worker.taps += 1
    assert page.locator("#id_pay_amount").input_value() == "₱9,000"
    worker.tick("#id_pay_unit_3")  # per month
    worker.press(CONTINUE)
    assert page.locator("#pay-question").count() == 0
    assert "9,000.00 PHP per month" in page.locator("main").inner_text()
    worker.press(SEND)

    page.locator("#receipt-code").wait_for()
    report = Report.objects.get()
    assert (report.pay_amount, report.pay_unit) == (9000, "month")
    print(
        f"\nen, js={javascript}: {screens_to_check} screens to check, "
        f"{worker.taps} taps with the correction; step weights (KB): "
        + ", ".join(f"{weight / KILOBYTE:.1f}" for weight in worker.weights)
        + "; heights (px): "
        + ", ".join(str(height) for height in worker.heights)
    )
    assert screens_to_check <= 5
    assert worker.taps < 40
    assert all(weight < 60 * KILOBYTE for weight in worker.weights), worker.weights
    assert violations == []
    page.context.close()
