import pytest
from django.core.management import call_command
from django.test import Client


@pytest.fixture(scope="session", autouse=True)
def collected_static_files():
    """Pages are rendered with production's hashed static file names.

    The manifest that maps them exists only after collectstatic, which is
    quick when nothing changed.
    """
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture
def csrf_client():
    """A client that enforces CSRF checks, as a browser's requests meet them."""
    return Client(enforce_csrf_checks=True)
