"""The command page in a real browser (Debian's headless Chromium through Selenium) on the demo district.

One module fixture builds the demo in the test database and serves the app with waitress on 127.0.0.1;
one browser session signs in as the demo command staff and walks the page: polygons drawn, legend and
KPI panel filled, a layer and a filter switched (the page re-queries), one drill-down, no console error,
no request to any host but the app. The screenshot lands in ``tests/artifacts/command.png``.
"""
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest

from tests.conftest import TABLES, wipe
from tests.etl.test_boundary_files import gridgov

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service            # noqa: E402
from selenium.webdriver.common.by import By                      # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait   # noqa: E402

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
WINDOW = (1920, 1080)
pytestmark = pytest.mark.skipif(not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)),
                                reason="needs Debian's chromium and chromedriver")


@pytest.fixture(scope="module")
def demo_app(database_url):
    """The demo (seed 42) with its accounts, served by waitress on a free loopback port."""
    from waitress.server import create_server

    from etl.demo_accounts import create_demo_accounts, demo_now
    from webmap import create_app

    wipe(database_url, f"{TABLES}, category")
    result = gridgov("demo", "--seed", "42")
    assert result.exit_code == 0, result.output
    conn = psycopg2.connect(database_url)
    with conn:
        create_demo_accounts(conn)                   # as the demo does; again, so the test owns them
        now = demo_now(conn)
    conn.close()
    app = create_app({"SECRET_KEY": "browser-test", "NOW": now, "GRIDGOV_BASEMAP": "none"})
    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=_serve, args=(server,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)
    wipe(database_url, f"{TABLES}, category")


def _serve(server):
    try:
        server.run()
    except OSError:          # close() from the test's thread pulls the socket from under the select loop
        pass


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={WINDOW[0]},{WINDOW[1]}", "--lang=zh-CN"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_window_size(*WINDOW)
    yield driver
    driver.quit()


def _wait(driver, condition, seconds=30):
    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition)


def _ready(driver):
    """The number of the last query the page finished drawing (``body[data-ready]``)."""
    return int(driver.execute_script("return document.body.dataset.ready || 0"))


def _after(driver, before):
    """Wait until the page has drawn a query newer than ``before``; return its number."""
    _wait(driver, lambda d: _ready(d) > before)
    return _ready(driver)


def _paths(driver, pane="overlay"):
    return driver.execute_script(
        "return document.querySelectorAll('.leaflet-%s-pane path.leaflet-interactive').length" % pane)


def _resources(driver):
    return driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")


def _received(driver):
    """The KPI panel's "received" figure."""
    text = driver.find_element(By.CSS_SELECTOR, "#kpis .kpi[data-kpi=received] .v").text
    return int(text.replace(",", ""))


def _sign_in(driver, base):
    driver.get(base + "/login")
    driver.find_element(By.ID, "username").send_keys("command")
    driver.find_element(By.ID, "password").send_keys("command-demo")
    driver.find_element(By.CSS_SELECTOR, "form button, form [type=submit]").click()
    _wait(driver, lambda d: "/login" not in d.current_url)


def test_the_command_page_in_chromium(demo_app, browser):
    driver, base = browser, demo_app
    _sign_in(driver, base)
    driver.get(base + "/command")
    assert urlsplit(driver.current_url).path == "/command"

    # first view: polygons, legend, KPI panel, lists
    ready = _after(driver, 0)
    _wait(driver, lambda d: _paths(d) > 0)
    streets = _paths(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "#legend .row .sw")
    assert "矛盾纠纷" in driver.find_element(By.ID, "legend").text
    values = {e.get_attribute("data-kpi"): e.find_element(By.CLASS_NAME, "v").text
              for e in driver.find_elements(By.CSS_SELECTOR, "#kpis .kpi")}
    assert len(values) == 8 and any(ch.isdigit() for ch in values["received"]), values
    assert int(values["received"].replace(",", "")) > 0
    assert driver.find_elements(By.CSS_SELECTOR, "#loads li .name")
    crumbs = len(driver.find_elements(By.CSS_SELECTOR, "#breadcrumb button"))

    # layers: the heatmap (canvas) and the density at community level (more polygons)
    driver.find_element(By.ID, "L-heat").click()
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "canvas.leaflet-heatmap-layer"))
    ready = _after(driver, ready)
    driver.find_element(By.CSS_SELECTOR, "#level button[data-level=community]").click()
    ready = _after(driver, ready)
    _wait(driver, lambda d: _paths(d) > streets)

    # a filter re-queries without reloading the page
    driver.execute_script("window.__samePage = true")
    seen = len(_resources(driver))
    driver.find_element(By.CSS_SELECTOR, "#quick button[data-range='12m']").click()
    ready = _after(driver, ready)
    received = _received(driver)
    Select(driver.find_element(By.ID, "f-channel")).select_by_value("hotline")
    ready = _after(driver, ready)
    fresh = _resources(driver)[seen:]
    assert any("/api/v1/cells?" in u and "channel=hotline" in u for u in fresh), fresh
    assert any("/api/v1/kpis?" in u and "channel=hotline" in u for u in fresh), fresh   # the KPIs follow it
    assert 0 < _received(driver) < received
    assert driver.execute_script("return window.__samePage === true")

    # drill down: a click on a cell zooms to it and the breadcrumb grows
    driver.execute_script("""
        const path = Array.from(document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive'))
          .find(p => { const r = p.getBoundingClientRect(); return r.width > 8 && r.height > 8; });
        const r = path.getBoundingClientRect();
        const at = {bubbles: true, cancelable: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2};
        path.dispatchEvent(new MouseEvent('click', at));
    """)
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#breadcrumb button")) > crumbs)
    ready = _after(driver, ready)
    _wait(driver, lambda d: _paths(d) > 0)

    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "command.png"))

    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    app_host = urlsplit(base).netloc
    elsewhere = [u for u in _resources(driver) if urlsplit(u).scheme in ("http", "https")
                 and urlsplit(u).netloc != app_host]
    assert elsewhere == []
    assert any(u.endswith("/static/vendor/leaflet/leaflet.js") for u in _resources(driver))


def test_english_by_a_switch(demo_app, browser):
    driver = browser
    driver.get(demo_app + "/command")
    _after(driver, 0)
    driver.find_element(By.ID, "lang-switch").click()
    _wait(driver, lambda d: "Layers" in d.find_element(By.CSS_SELECTOR, ".panel.left").text)
    _wait(driver, lambda d: "Received" in d.find_element(By.ID, "kpis").text)   # redrawn by the re-query
    if os.environ.get("GRIDGOV_SCREENSHOTS"):
        driver.save_screenshot(str(ARTIFACTS / "command-en.png"))


HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'


def test_names_and_titles_show_as_text(demo_app, browser, database_url):
    """Members' names and the open cases' titles holding markup appear as text in lists and popups.

    (Cell names would do too, but the API keeps a level's cells per process and generation.)"""
    conn = psycopg2.connect(database_url)
    with conn, conn.cursor() as cur:
        cur.execute("UPDATE person SET name = %s || name", (HOSTILE,))
        cur.execute("UPDATE incident SET title = %s WHERE status NOT IN ('closed', 'followed_up', 'rejected', 'void')",
                    (HOSTILE,))
    conn.close()
    driver = browser
    driver.get(demo_app + "/command?lang=zh")
    _after(driver, 0)
    _wait(driver, lambda d: HOSTILE in d.find_element(By.ID, "loads").text)
    popups = driver.execute_script(f"""
        const out = [];
        {driver.execute_script("return JSON.parse(document.getElementById('page-config').textContent).map")}
          .eachLayer(l => {{ const p = l.getPopup && l.getPopup(); if (p) out.push(p.getContent().textContent); }});
        return out;""")
    assert popups and all(HOSTILE in text for text in popups)
    for selector in ("#loads", "#hot", "#breadcrumb", ".leaflet-pane"):
        assert not driver.find_elements(By.CSS_SELECTOR, f"{selector} img, {selector} script")
    assert driver.execute_script("return window.__pwned") is None
