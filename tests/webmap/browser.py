"""What the browser tests share: the demo served by waitress (or over TLS by ``gridgov serve
--certificate``'s own server) on a loopback port, Debian's headless
Chromium driven by Selenium, and the checks every page passes (no console error, no request to any
host but the app)."""
import contextlib
import secrets
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest

from tests.conftest import wipe
from tests.webmap.demo_site import DEMO_TABLES, fill_demo_store

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
needs_chromium = pytest.mark.skipif(not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)),
                                    reason="needs Debian's chromium and chromedriver")


@contextlib.contextmanager
def served_demo(database_url, prepare=None, certificate=None, **config):
    """The demo (seed 42) with its accounts in the test database, served by waitress on a free loopback
    port, or with ``certificate`` (``(cert.pem, key.pem)``) over HTTPS by the server of ``gridgov serve
    --certificate`` (its cookie Secure, as there). Yields ``{"base", "app", "now", "url", **prepare(conn,
    now)}``: ``prepare`` adds what a test needs to the store before serving (committed) and returns what
    it made."""
    from etl.demo.accounts import demo_now
    from webmap import create_app

    fill_demo_store(database_url)
    conn = psycopg2.connect(database_url)
    with conn:
        now = demo_now(conn)
        prepared = prepare(conn, now) if prepare else {}
    conn.close()
    if certificate:
        config = {"SESSION_COOKIE_SECURE": True, **config}          # what gridgov serve --certificate sets
    app = create_app({"SECRET_KEY": secrets.token_urlsafe(32), "NOW": now, "GRIDGOV_BASEMAP": "none", **config})
    base, run, stop = _tls_server(app, *certificate) if certificate else _waitress(app)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield {"base": base, "app": app, "now": now, "url": database_url, **prepared}
    finally:
        stop()
        thread.join(timeout=5)
        wipe(database_url, DEMO_TABLES)


def _waitress(app):
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    return f"http://127.0.0.1:{server.effective_port}", lambda: _serve(server), server.close


def _tls_server(app, cert, key):
    from gridgov_cli.serve import tls_server

    server = tls_server(app, "127.0.0.1", 0, 8, str(cert), str(key))
    return f"https://127.0.0.1:{server.bind_addr[1]}", server.serve, server.stop


def _serve(server):
    try:
        server.run()
    except OSError:          # close() from the test's thread pulls the socket from under the select loop
        pass


@contextlib.contextmanager
def chromium(width, height, phone=False, args=()):
    """A headless Chromium (no sandbox) of ``width`` × ``height``; ``phone`` emulates a touch phone;
    ``args``: more command-line switches."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--lang=zh-CN", *args):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_window_size(width, height)
    if phone:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver, condition, seconds=30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition)


def sign_in(driver, base, username, password=None):
    """Sign in through the form; wait until the browser has left /login."""
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password or f"{username}-demo")
    driver.find_element(By.CSS_SELECTOR, "form button, form [type=submit]").click()
    wait(driver, lambda d: "/login" not in d.current_url)


def resources(driver):
    return driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")


def assert_clean(driver, base):
    """No console error, and nothing fetched from any host but the app."""
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors
    app_host = urlsplit(base).netloc
    elsewhere = [u for u in resources(driver) if urlsplit(u).scheme in ("http", "https")
                 and urlsplit(u).netloc != app_host]
    assert elsewhere == [], elsewhere


def screenshot(driver, name):
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / name))
