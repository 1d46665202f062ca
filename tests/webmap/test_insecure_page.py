"""A member page served over plain HTTP under a host name (an intranet server without TLS): the phone's
browser gives it no position, and the page says so plainly instead of blaming a permission (issue 15).
Chromium maps the name ``grid.test`` to the loopback server; ``127.0.0.1`` itself counts as secure."""
import pytest

from tests.webmap.browser import chromium, needs_chromium, served_demo, sign_in, wait

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def site(database_url):
    with served_demo(database_url) as served:
        yield served


def test_an_insecure_member_page_says_why_it_has_no_position(site):
    base = site["base"].replace("127.0.0.1", "grid.test")
    with chromium(390, 844, phone=True, args=("--host-resolver-rules=MAP grid.test 127.0.0.1",)) as driver:
        sign_in(driver, base, "member")
        assert driver.execute_script("return window.isSecureContext") is False
        wait(driver, lambda d: d.execute_script("return document.body.dataset.insecure") == "1")
        assert "HTTPS" in driver.find_element(By.ID, "where").text
    with chromium(390, 844, phone=True) as driver:                       # the loopback address: secure
        sign_in(driver, site["base"], "member")
        wait(driver, lambda d: d.find_elements(By.ID, "where"))
        assert driver.execute_script("return window.isSecureContext") is True
        assert driver.execute_script("return document.body.dataset.insecure") is None
