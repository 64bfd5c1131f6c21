import pytest
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def collected_static_files():
    """Pages are rendered with production's hashed static file names.

    The manifest that maps them exists only after collectstatic, which is
    quick when nothing changed.
    """
    call_command("collectstatic", interactive=False, verbosity=0)
