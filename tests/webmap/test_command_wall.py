"""The command page as a wall display: it fits 1366–1920 px wide screens, 125 % scaling and English,
grows on a 3840×2160 wall, and keeps itself current — new data and a new day appear without a reload,
with the server's clock and the time of the last refresh in the top bar. Screenshots of each size land
in ``tests/artifacts/``.
"""
import datetime as dt

import psycopg2
import pytest

from grids.clock import SHANGHAI
from tests.webmap.browser import assert_clean, chromium, needs_chromium, screenshot, served_demo, sign_in, wait

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

pytestmark = needs_chromium
REFRESH_SECONDS = 2
BOXES = """
const box = s => { const r = document.querySelector(s).getBoundingClientRect();
                   return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
return {w: innerWidth, h: innerHeight, bar: box('.topbar'), left: box('.panel.left'), right: box('.panel.right'),
        kpis: box('#kpis'), session: box('.session'), filters: box('#filters'), zoomctl: box('.leaflet-control-zoom'),
        scroll: document.documentElement.scrollWidth, font: getComputedStyle(document.querySelector('.kpi .v')).fontSize,
        zoom: getComputedStyle(document.querySelector('.panel.right')).zoom};
"""


@pytest.fixture(scope="module")
def site(database_url):
    with served_demo(database_url, COMMAND_REFRESH_SECONDS=REFRESH_SECONDS) as served:
        yield served


def _drawn(driver, base, lang="zh"):
    driver.get(base + "/command?lang=" + lang)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#kpis .kpi"))
    wait(driver, lambda d: int(d.execute_script("return document.body.dataset.ready || 0")) > 0)


def _fits(boxes):
    """Nothing cut off: the bar and both panels inside the window, the panels below the bar."""
    w, h = boxes["w"], boxes["h"]
    for name in ("bar", "left", "right", "kpis", "session", "filters"):
        assert 0 <= boxes[name]["left"] and boxes[name]["right"] <= w + 0.5, (name, boxes)
    assert boxes["scroll"] <= w, boxes
    assert boxes["left"]["top"] >= boxes["bar"]["bottom"] and boxes["right"]["top"] >= boxes["bar"]["bottom"], boxes
    assert boxes["kpis"]["bottom"] <= h and boxes["right"]["right"] <= w, boxes      # every KPI card in sight
    assert boxes["zoomctl"]["left"] >= boxes["left"]["right"], boxes                  # the map's +/− beside the panel


@pytest.mark.parametrize("width, height, scale, lang", [
    (1366, 768, 1, "zh"), (1366, 768, 1, "en"), (1920, 1080, 1, "zh"), (1920, 1080, 1, "en"),
    (1366, 768, 1.25, "zh"), (1366, 768, 1.25, "en"), (1920, 1080, 1.25, "zh"), (1920, 1080, 1.25, "en")])
def test_the_wall_fits_desk_screens_and_scaling(site, width, height, scale, lang):
    with chromium(width, height) as driver:
        if scale != 1:     # Windows' 125 %: the page sees 1093 × 614 (1536 × 864) CSS pixels
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": round(width / scale), "height": round(height / scale), "deviceScaleFactor": scale,
                "mobile": False})
        sign_in(driver, site["base"], "command")
        _drawn(driver, site["base"], lang)
        _fits(driver.execute_script(BOXES))
        screenshot(driver, f"command-{width}{'-125' if scale != 1 else ''}{'-en' if lang == 'en' else ''}.png")
        assert_clean(driver, site["base"])


def test_a_4k_wall_scales_its_text(site):
    with chromium(1920, 1080) as driver:
        sign_in(driver, site["base"], "command")
        _drawn(driver, site["base"])
        desk = driver.execute_script(BOXES)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 3840, "height": 2160, "deviceScaleFactor": 1, "mobile": False})
        _drawn(driver, site["base"])
        wall = driver.execute_script(BOXES)
        _fits(wall)
        assert float(wall["zoom"]) >= 2 and float(desk["zoom"]) == 1
        assert wall["right"]["right"] - wall["right"]["left"] >= 2 * (desk["right"]["right"] - desk["right"]["left"])
        screenshot(driver, "command-3840.png")


def test_the_wall_refreshes_itself_and_its_day_moves(site):
    with chromium(1366, 768) as driver:
        sign_in(driver, site["base"], "command")
        _drawn(driver, site["base"])
        driver.execute_script("window.__sameDocument = true")
        # read in one step: the panel is redrawn by every pass, so a found element can be gone a moment later
        received = lambda d: d.execute_script(
            "const v = document.querySelector('.kpi[data-kpi=received] .v'); return v ? v.textContent : ''")
        before = received(driver)
        _add_incident_today(site)
        wait(driver, lambda d: received(d) != before, seconds=20)
        assert int(before.replace(",", "")) + 1 == int(received(driver).replace(",", ""))
        stamped = driver.find_element(By.ID, "refreshed").text
        assert "更新于" in stamped
        wait(driver, lambda d: d.execute_script("return document.getElementById('refreshed').textContent") != stamped,
             seconds=20)   # the next pass
        ticking = driver.find_element(By.ID, "clock").text
        wait(driver, lambda d: d.find_element(By.ID, "clock").text != ticking, seconds=5)         # the clock runs
        # the demo's clock is pinned to its last day: the bar says which time the data is as of
        assert "数据时间" in driver.find_element(By.ID, "data-clock").text
        # the server's day moves on: the 30-day window ends on the new day, without a reload
        site["app"].config["NOW"] = site["now"] + dt.timedelta(days=2)
        new_last_day = (site["now"] + dt.timedelta(days=2)).astimezone(SHANGHAI).date().isoformat()
        wait(driver, lambda d: d.find_element(By.ID, "f-to").get_attribute("value") == new_last_day, seconds=20)
        assert driver.execute_script("return window.__sameDocument") is True
        assert_clean(driver, site["base"])


def _add_incident_today(site):
    conn = psycopg2.connect(site["url"])
    with conn, conn.cursor() as cur:
        cur.execute("INSERT INTO incident (channel, source_ref, reported_at, category_code, geom, generation_id, "
                    "district_code, street_code, community_code, grid_code, placement_method, content_hash) "
                    "SELECT 'hotline', 'wall-new', %s, '0101', ST_PointOnSurface(geom), generation_low, "
                    "substr(code, 1, 6), substr(code, 1, 9), substr(code, 1, 12), code, 'coordinates', 'h' "
                    "FROM cell WHERE level = 'grid' AND generation_high IS NULL ORDER BY code LIMIT 1",
                    (site["now"] - dt.timedelta(hours=1),))
    conn.close()
