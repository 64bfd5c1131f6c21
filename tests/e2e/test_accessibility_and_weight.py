"""Every page, in every language, through axe-core in Chromium; and the
weight of the pages a worker opens first, on a first and a repeat visit."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from moderation.models import Status
from surveys.models import Report
from tests.conftest import make_moderator
from tests.e2e.conftest import PHONE
from tests.helpers import (
    days_ago,
    make_incident,
    make_report,
    make_story,
    public_url_names,
    release,
)

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
KILOBYTE = 1024


@pytest.fixture
def axe_source():
    if not AXE.exists():
        pytest.fail(
            f"{AXE} is missing: `make test` fetches axe-core from the npm registry."
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def site_with_data(settings):
    """Released figures, a published story, pending entries for moderators."""
    settings.K_ANONYMITY = 2
    settings.REQUIRE_2FA = False
    for number in range(24):
        country = ["KE", "PH"][number % 2]
        make_report(
            country=country,
            pay_amount=f"{2 + number % 7}",
            keystroke_monitoring=["yes", "no"][number % 3 == 0],
            status=Status.APPROVED,
            submitted_on=days_ago(number),
        )
        make_incident(
            country=country,
            amount_owed=str(50 + 7 * number),
            status=Status.APPROVED,
            submitted_on=days_ago(number),
        )
    release()
    story = make_story(published=True, content_warnings=["violence"])
    make_report(pay_amount="480")
    make_story(text="Call me on +254 712 345 678. " * 4)
    make_incident()
    return story


def serious_violations(page, axe_source):
    page.evaluate(axe_source)
    results = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        (
            violation["id"],
            violation["impact"],
            [node["target"] for node in violation["nodes"]][:3],
        )
        for violation in results
        if violation["impact"] in ("serious", "critical")
    ]


def public_paths(story):
    paths = []
    for language in LANGUAGES:
        with translation.override(language):
            paths += [reverse(name) for name in public_url_names()]
            paths.append(reverse("testimonies:story-detail", args=[story.pk]))
    return paths


def test_every_public_page_passes_axe_in_every_language(
    browser, site_server, site_with_data, axe_source
):
    context = browser.new_context(base_url=site_server.url, bypass_csp=True, **PHONE)
    page = context.new_page()
    found = {}
    for path in public_paths(site_with_data):
        page.goto(path)
        violations = serious_violations(page, axe_source)
        if violations:
            found[path] = violations
    context.close()

    assert found == {}


def test_every_moderation_page_passes_axe(
    browser, site_server, site_with_data, axe_source
):
    make_moderator(name="amina", with_device=False)
    # An approved report's page offers to revoke the approval.
    approved = Report.objects.filter(status=Status.APPROVED).first()
    context = browser.new_context(base_url=site_server.url, bypass_csp=True)
    page = context.new_page()
    page.goto("/moderate/login/")
    page.locator("#id_username").fill("amina")
    page.locator("#id_password").fill("a long test password 91")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/moderate/")
    found = {}
    for language in LANGUAGES:
        prefix = "" if language == "en" else f"/{language}"
        for path in ["/moderate/", "/moderate/reports/", "/moderate/stories/",
                     "/moderate/incidents/", "/moderate/log/?action=decision",
                     f"/moderate/reports/{approved.pk}/",
                     f"/moderate/reports/{approved.pk}/revoke/"]:  # fmt: skip
            page.goto(prefix + path)
            violations = serious_violations(page, axe_source)
            if violations:
                found[prefix + path] = violations
        for link in [
            "/moderate/reports/",
            "/moderate/stories/",
            "/moderate/incidents/",
        ]:
            page.goto(prefix + link)
            first = page.locator("main a[href*='/moderate/']").last
            first.click()
            violations = serious_violations(page, axe_source)
            if violations:
                found[page.url] = violations
    context.close()

    assert found == {}


def transferred(page, path):
    """Bytes that crossed the network to show `path`, compressed, headers included."""
    requests = []

    def record(request):
        requests.append(request)

    page.on("requestfinished", record)
    page.goto(path)
    page.wait_for_load_state("load")
    page.remove_listener("requestfinished", record)
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


# Compressed, headers included, on a phone's first visit: the report form is
# what a worker on a metered connection opens first (issue 19: at most 25 KB
# in every language, since Bootstrap is cut to the rules we use).
FIRST_VISIT_LIMITS = {
    "surveys:report-new": 25 * KILOBYTE,
    "home": 25 * KILOBYTE,
    "testimonies:story-list": 40 * KILOBYTE,
    "stats:stats": 40 * KILOBYTE,
}


@pytest.mark.parametrize("name", FIRST_VISIT_LIMITS)
def test_page_weight_first_and_repeat_visit(browser, site_server, site_with_data, name):
    weights = {}
    for language in LANGUAGES:
        with translation.override(language):
            path = reverse(name)
        context = browser.new_context(base_url=site_server.url, **PHONE)
        page = context.new_page()
        first = transferred(page, path)
        repeat = transferred(page, path)
        context.close()
        weights[path] = (first, repeat)
        print(
            f"{path}: first visit {first / KILOBYTE:.1f} KB, repeat {repeat / KILOBYTE:.1f} KB"
        )

    for path, (first, repeat) in weights.items():
        assert first <= FIRST_VISIT_LIMITS[name], (path, first)
        assert repeat <= 20 * KILOBYTE, (path, repeat)
