"""The command page in a real browser (Debian's headless Chromium through Selenium) on the demo district.

One module fixture builds the demo in the test database and serves the app with waitress on 127.0.0.1;
one browser session signs in as the demo command staff and walks the page: polygons drawn, legend and
KPI panel filled, a layer and a filter switched (the page re-queries), one drill-down, the 矛盾纠纷 layer
over the demo's disputes, no console error, no request to any host but the app. The screenshot lands in ``tests/artifacts/command.png``.
"""
import datetime as dt
import os
from urllib.parse import urlsplit

import psycopg2
import pytest

from grids.clock import SHANGHAI

from tests.webmap.browser import (ARTIFACTS, assert_clean, chromium, needs_chromium, resources, screenshot,
                                  served_demo, sign_in, wait)

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By                      # noqa: E402
from selenium.webdriver.support.ui import Select                 # noqa: E402

WINDOW = (1920, 1080)
pytestmark = needs_chromium


@pytest.fixture(scope="module")
def demo_app(database_url):
    """The demo (seed 42) with its accounts, served by waitress on a free loopback port."""
    with served_demo(database_url) as served:
        yield served["base"]


@pytest.fixture(scope="module")
def browser():
    with chromium(*WINDOW) as driver:
        yield driver


def _ready(driver):
    """The number of the last query the page finished drawing (``body[data-ready]``)."""
    return int(driver.execute_script("return document.body.dataset.ready || 0"))


def _after(driver, before):
    """Wait until the page has drawn a query newer than ``before``; return its number."""
    wait(driver, lambda d: _ready(d) > before)
    return _ready(driver)


def _paths(driver, pane="overlay"):
    return driver.execute_script(
        "return document.querySelectorAll('.leaflet-%s-pane path.leaflet-interactive').length" % pane)


def _received(driver):
    """The KPI panel's "received" figure."""
    text = driver.find_element(By.CSS_SELECTOR, "#kpis .kpi[data-kpi=received] .v").text
    return int(text.replace(",", ""))


def test_the_command_page_in_chromium(demo_app, browser):
    driver, base = browser, demo_app
    sign_in(driver, base, "command")
    driver.get(base + "/command")
    assert urlsplit(driver.current_url).path == "/command"

    # first view: polygons, legend, KPI panel, lists
    ready = _after(driver, 0)
    wait(driver, lambda d: _paths(d) > 0)
    streets = _paths(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "#legend .row .sw")
    # the density layer counts every category (or the filter's): its label and legend say 事件, not 矛盾纠纷
    assert "事件" in driver.find_element(By.ID, "legend").text
    assert "事件密度" in driver.find_element(By.CSS_SELECTOR, ".panel.left").text
    # (the 矛盾纠纷 layer's switch may say it: that layer counts disputes only)
    assert "矛盾纠纷" not in driver.find_element(By.ID, "density-label").text
    assert "矛盾纠纷" not in driver.find_element(By.ID, "legend").text
    values = {e.get_attribute("data-kpi"): e.find_element(By.CLASS_NAME, "v").text
              for e in driver.find_elements(By.CSS_SELECTOR, "#kpis .kpi")}
    assert len(values) == 8 and any(ch.isdigit() for ch in values["received"]), values
    assert int(values["received"].replace(",", "")) > 0
    assert driver.find_elements(By.CSS_SELECTOR, "#loads li .name")
    assert "15" in driver.find_element(By.ID, "layer-notes").text    # micro-grid outlines wait for zoom 15: said so
    crumbs = len(driver.find_elements(By.CSS_SELECTOR, "#breadcrumb button"))

    # layers: the heatmap (canvas) and the density at community level (more polygons)
    driver.find_element(By.ID, "L-heat").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "canvas.leaflet-heatmap-layer"))
    ready = _after(driver, ready)
    driver.find_element(By.CSS_SELECTOR, "#level button[data-level=community]").click()
    ready = _after(driver, ready)
    wait(driver, lambda d: _paths(d) > streets)

    # a filter re-queries without reloading the page
    driver.execute_script("window.__samePage = true")
    seen = len(resources(driver))
    driver.find_element(By.CSS_SELECTOR, "#quick button[data-range='12m']").click()
    ready = _after(driver, ready)
    received = _received(driver)
    Select(driver.find_element(By.ID, "f-channel")).select_by_value("hotline")
    ready = _after(driver, ready)
    fresh = resources(driver)[seen:]
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
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#breadcrumb button")) > crumbs)
    ready = _after(driver, ready)
    wait(driver, lambda d: _paths(d) > 0)

    # a category filter: the density layer's label names the category it now counts
    Select(driver.find_element(By.ID, "f-major")).select_by_value("01")
    ready = _after(driver, ready)
    assert driver.find_element(By.ID, "density-label").text == "事件密度（矛盾纠纷）"

    screenshot(driver, "command.png")
    assert_clean(driver, base)
    assert any(u.endswith("/static/vendor/leaflet/leaflet.js") for u in resources(driver))


def test_the_disputes_layer_on_the_demo(demo_app, browser):
    """The 矛盾纠纷 layer over the demo's year of disputes: a marker per open red or orange dispute the API
    answers, in its risk colour; a square per organisation with a point; the chain's KPIs in the panel."""
    driver = browser
    driver.get(demo_app + "/command?lang=zh")
    ready = _after(driver, 0)
    district = driver.execute_script(
        "return JSON.parse(document.getElementById('page-config').textContent).scope_cell.code")
    answer = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "Promise.all(['/api/v1/disputes/map?risk=red,orange&within=' + arguments[0], '/api/v1/disputes/organisations']"
        ".map(function (u) { return fetch(u, {credentials: 'same-origin'}).then(function (r) { return r.json(); }); }))"
        ".then(done, function (e) { done(String(e)); });", district)
    points, orgs = answer[0]["features"], [o for o in answer[1]["organisations"] if o["lon"] is not None]
    assert points and orgs and {f["properties"]["risk_level"] for f in points} <= {"red", "orange"}
    driver.find_element(By.ID, "L-disputes").click()
    wait(driver, lambda d: _ready(d) > ready
         and len(d.find_elements(By.CSS_SELECTOR, "path.dispute-marker")) == len(points)
         and d.find_element(By.ID, "dispute-card").is_displayed())
    fills = driver.execute_script("return Array.from(document.querySelectorAll('path.dispute-marker'))"
                                  ".map(p => p.classList.contains('risk-red') + ':' + p.getAttribute('fill'))")
    assert set(fills) <= {"true:#d92d20", "false:#f97316"}, set(fills)
    assert len(driver.find_elements(By.CSS_SELECTOR, ".leaflet-marker-pane .org-marker")) == len(orgs)
    rate = driver.find_element(By.CSS_SELECTOR, "#dispute-kpis .kpi[data-kpi=resolution_rate] .v").text
    assert rate.endswith("%"), rate
    assert len(driver.find_elements(By.CSS_SELECTOR, "#dispute-kpis .kpi")) == 6
    screenshot(driver, "command-disputes-demo.png")
    assert_clean(driver, demo_app)
    driver.find_element(By.ID, "L-disputes").click()          # the next tests see the page as it was
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "path.dispute-marker"))


def _chart_sum(driver, element_id):
    """What the ECharts instance in ``element_id`` draws: the sum of its first series."""
    return driver.execute_script(
        "const c = echarts.getInstanceByDom(document.getElementById(arguments[0]));"
        "if (!c) return null;"
        "return c.getOption().series[0].data.reduce((s, v) => s + (typeof v === 'object' ? v.value : v), 0);",
        element_id)


def test_the_charts_and_the_index_layer_on_the_demo(demo_app, browser):
    """The wall's charts (vendored ECharts, dark): daily intake, channel mix and category mix each add up to
    what /api/v1/charts counts for the window; the 治理指数 layer colours every street by its index, ranks
    them as /api/v1/index does, and a click on the ranking draws that street's twelve months; the 预警 layer
    shows the demo's open warnings and the red one's linked tickets."""
    driver = browser
    sign_in(driver, demo_app, "command")
    driver.get(demo_app + "/command?lang=zh")
    ready = _after(driver, 0)
    window = driver.execute_script("return [document.getElementById('f-from').value, document.getElementById('f-to').value]")
    until = driver.execute_script("const d = new Date(arguments[0] + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1);"
                                  "return d.toISOString().slice(0, 10);", window[1])
    charts = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "fetch('/api/v1/charts?from=' + arguments[0] + '&to=' + arguments[1], {credentials: 'same-origin'})"
        ".then(function (r) { return r.json(); }).then(done, function (e) { done(String(e)); });", window[0], until)
    total = sum(day["received"] for day in charts["daily"])
    assert total > 0 and len(charts["daily"]) == 30
    wait(driver, lambda d: _chart_sum(d, "chart-daily") == total)
    assert _chart_sum(driver, "chart-channels") == total
    top = sorted((c["received"] for c in charts["categories"]), reverse=True)[:8]
    assert _chart_sum(driver, "chart-categories") == sum(top)
    assert driver.execute_script("return document.querySelectorAll('#charts-card canvas').length") >= 3

    driver.find_element(By.ID, "L-index").click()
    wait(driver, lambda d: _ready(d) > ready and len(d.find_elements(By.CSS_SELECTOR, "path.index-cell")) == 4
         and d.find_element(By.ID, "index-card").get_attribute("data-trend-code"))
    index = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "fetch('/api/v1/index?level=street&from=' + arguments[0] + '&to=' + arguments[1], {credentials: 'same-origin'})"
        ".then(function (r) { return r.json(); }).then(done, function (e) { done(String(e)); });", window[0], until)
    ranked = [e.get_attribute("data-code") for e in driver.find_elements(By.CSS_SELECTOR, "#index-rank li")]
    assert ranked == [row["code"] for row in index]
    fills = driver.execute_script("return Array.from(document.querySelectorAll('path.index-cell')).map(p => p.getAttribute('fill'))")
    colour = driver.execute_script("return window.__indexColour = arguments[0].map(v => "
                                   "['#d92d20', '#f97316', '#facc15', '#84cc16', '#16a34a'][[20, 40, 60, 80, 100].findIndex(b => v <= b)])",
                                   [row["index"] for row in index])
    assert sorted(fills) == sorted(colour)
    driver.find_elements(By.CSS_SELECTOR, "#index-rank li")[-1].click()
    wait(driver, lambda d: d.find_element(By.ID, "index-card").get_attribute("data-trend-code") == index[-1]["code"])
    points = driver.execute_script(
        "return echarts.getInstanceByDom(document.getElementById('chart-index')).getOption().series[0].data.length")
    assert points == 12
    assert driver.find_element(By.ID, "index-trend-name").text == index[-1]["name"]
    _the_red_warning_with_its_tickets(driver)
    screenshot(driver, "command-index.png")
    driver.execute_script("document.getElementById('charts-card').scrollIntoView()")
    screenshot(driver, "command-charts.png")
    assert_clean(driver, demo_app)
    for layer in ("L-index", "L-warnings"):                   # the next tests see the page as it was
        driver.find_element(By.ID, layer).click()
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "path.index-cell, path.warning-marker"))


def _the_red_warning_with_its_tickets(driver):
    """The demo's open warnings on the 预警 layer, as /api/v1/warnings answers; December's red wage burst
    opens with its fourteen tickets, each a link to the desk."""
    ready = _ready(driver)
    driver.find_element(By.ID, "L-warnings").click()
    answer = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "fetch('/api/v1/warnings?status=open', {credentials: 'same-origin'}).then(function (r) { return r.json(); })"
        ".then(done, function (e) { done(String(e)); });")
    features = answer["features"]
    assert features and all(f["properties"]["status"] == "open" for f in features)
    wait(driver, lambda d: _ready(d) > ready
         and len(d.find_elements(By.CSS_SELECTOR, "path.warning-marker")) == len(features))
    red = next(f["properties"] for f in features if f["properties"]["severity"] == "red")
    assert red["reporters"] == 12 and red["tickets"] == 14
    driver.execute_script("""
        window[JSON.parse(document.getElementById('page-config').textContent).map].eachLayer(l => {
          if (l.feature && l.feature.properties.id === arguments[0] && l.openPopup) l.openPopup();
        });""", red["id"])
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".warning-popup .warning-tickets li")) == 14)
    links = driver.find_elements(By.CSS_SELECTOR, ".warning-popup .warning-tickets a")
    assert all("/desk?case=" in a.get_attribute("href") for a in links)
    # times on the case clock (Asia/Shanghai), though headless Chromium runs in UTC
    first = dt.datetime.fromisoformat(red["first_reported_at"]).astimezone(SHANGHAI)
    assert first.strftime("%H:%M") in driver.find_element(By.CSS_SELECTOR, ".warning-popup").text


def test_english_by_a_switch(demo_app, browser):
    driver = browser
    driver.get(demo_app + "/command")
    _after(driver, 0)
    driver.find_element(By.ID, "lang-switch").click()
    wait(driver, lambda d: "Layers" in d.find_element(By.CSS_SELECTOR, ".panel.left").text)
    wait(driver, lambda d: "Received" in d.find_element(By.ID, "kpis").text)   # redrawn by the re-query
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
    wait(driver, lambda d: HOSTILE in d.find_element(By.ID, "loads").text)
    popups = driver.execute_script(f"""
        const out = [];
        {driver.execute_script("return JSON.parse(document.getElementById('page-config').textContent).map")}
          .eachLayer(l => {{ const p = l.getPopup && l.getPopup(); if (p) out.push(p.getContent().textContent); }});
        return out;""")
    assert popups and all(HOSTILE in text for text in popups)
    for selector in ("#loads", "#hot", "#breadcrumb", ".leaflet-pane"):
        assert not driver.find_elements(By.CSS_SELECTOR, f"{selector} img, {selector} script")
    assert driver.execute_script("return window.__pwned") is None
