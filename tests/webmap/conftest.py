"""The fixture the web tests share: the demo district built in the test database for a module."""
import pytest

from tests.conftest import wipe
from tests.webmap.demo_site import DEMO_TABLES, build_demo


@pytest.fixture(scope="module")
def app(database_url):
    """The app over the demo (seed 42) with its accounts; the store is emptied after the module."""
    app = build_demo(database_url)
    yield app
    wipe(database_url, DEMO_TABLES)
