"""Browser tests: Playwright for Python driving the system's Chromium.

Browsers cannot be downloaded here, so Playwright is pointed at Debian's
chromium package (CHROMIUM_PATH overrides). The site is served by a live
server thread whose static files go through whitenoise, as in production.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections
from django.test.testcases import LiveServerThread
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the tests still
# call the ORM synchronously between browser steps, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # This machine has no internet: keep Chromium from reaching out at all.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
}


def pytest_collection_modifyitems(items):
    # The live server reads committed data, so browser tests run outside a
    # transaction; serialized rollback puts the shipped reference data back
    # after each one flushes the tables.
    marker = pytest.mark.django_db(transaction=True, serialized_rollback=True)
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(marker)


def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path or not Path(path).exists():
        pytest.fail(
            "Chromium is missing: `make test` installs Debian's chromium package."
        )
    return path


class LiveServer:
    """A threaded server for the test database; whitenoise serves static files."""

    def __init__(self):
        shared = {}
        for connection in connections.all():
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                connection.inc_thread_sharing()
                shared[connection.alias] = connection
        self.thread = LiveServerThread(
            "127.0.0.1",
            # No static handler of the test framework's: whitenoise answers.
            static_handler=lambda application: application,
            connections_override=shared,
            port=0,
        )
        self.thread.daemon = True
        self.thread.start()
        self.thread.is_ready.wait()
        if self.thread.error:
            raise self.thread.error
        self.url = f"http://127.0.0.1:{self.thread.port}"

    def stop(self):
        self.thread.terminate()


@pytest.fixture(scope="session")
def site_server(django_db_setup, django_db_blocker, collected_static_files):
    with django_db_blocker.unblock():
        server = LiveServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def empty_cache():
    """Flushing tables leaves the database cache's table alone: empty it too."""
    from django.core.cache import cache

    yield
    cache.clear()


@pytest.fixture
def phone(browser, site_server):
    """A page in a phone-sized browser, on a fresh database."""
    context = browser.new_context(base_url=site_server.url, **PHONE)
    # Pages here are served from memory: a step that waits long is a failure.
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def new_phone(browser, site_server, javascript=True, **options):
    """A page in a new phone-sized browser context; close its context after."""
    context = browser.new_context(
        base_url=site_server.url, java_script_enabled=javascript, **PHONE, **options
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.javascript = javascript
    return page


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def any_phone(request, browser, site_server):
    """A phone with JavaScript, then the same test on one without: every
    page must work both ways."""
    page = new_phone(browser, site_server, javascript=request.param)
    yield page
    page.context.close()


def sign_in_with_second_factor(page, device, name="amina"):
    """Sign a moderator in (tests.conftest.make_moderator's password) with a
    token of their TOTP `device`, on the moderation dashboard."""
    from tests.conftest import totp_token

    page.goto("/moderate/login/")
    page.locator("#id_username").fill(name)
    page.locator("#id_password").fill("a long test password 91")
    page.get_by_role("button", name="Log in").click()
    page.locator("#id_token").fill(f"{totp_token(device):06d}")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Moderation", exact=True).wait_for()
