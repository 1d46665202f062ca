"""The command page's 预警 layer in a real browser (1920×1080, headless Chromium): an open warning of five
reporters drawn in its severity's colour (off by default, on with its checkbox), the tooltip with category,
reporters and tickets, the popup listing its linked tickets as links to the desk (no reporter shown), and
the warning confirmed from the popup — recorded with the signed-in person — then gone from the open ones.
No console error, no request to another host; the screenshot lands in ``tests/artifacts/command-warnings.png``.
"""
import datetime as dt

import pytest

from grids.foresight import bursts
from tests.cases import GRID, GRID_SQUARE, T0
from tests.desk_world import PASSWORD
from tests.shapes import ORIGIN, UNIT
from tests.webmap.browser import assert_clean, chromium, needs_chromium, screenshot, sign_in, wait
from tests.webmap.dispute_site import dispute_site
from tests.webmap.intake_site import served_app

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

pytestmark = needs_chromium

NOW = T0 + dt.timedelta(days=4)
YELLOW = "#eab308"


def _prepare(conn, people):
    _tickets(conn, "burst", 1)
    _tickets(conn, "other", 3)                      # a second warning, 900 m east: dismissed on the desk
    raised = bursts.run(conn, (T0 + dt.timedelta(days=3)).date(), now=NOW, window_days=3, categories=["T1"])["raised"]
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM early_warning WHERE grid_code = %s", (GRID[1],))
        warning = cur.fetchone()[0]
    return {"warning": warning, "second": next(i for i in raised if i != warning)}


def _tickets(conn, prefix, grid):
    col, row = GRID_SQUARE[grid]
    with conn.cursor() as cur:
        for k in range(5):
            cur.execute(
                "INSERT INTO incident (channel, source_ref, reported_at, category_code, title, reporter_name,"
                " reporter_phone, geom, district_code, street_code, community_code, grid_code, placement_method,"
                " content_hash) VALUES ('hotline', %s, %s, 'T101', %s, %s, %s, ST_SetSRID(ST_Point(%s, %s), 4490),"
                " %s, %s, %s, %s, 'coordinates', 'h') RETURNING id",
                (f"{prefix}{k}", T0 + dt.timedelta(hours=6 * k), f"工地欠薪第{k + 1}次反映", f"工人王{k}",
                 f"139{grid}234{k:04d}", ORIGIN[0] + (col + 0.5) * UNIT + k * 0.0002, ORIGIN[1] + (row + 0.5) * UNIT,
                 GRID[grid][:6], GRID[grid][:9], GRID[grid][:12], GRID[grid]))


@pytest.fixture(scope="module")
def site(database_url):
    with dispute_site(database_url, NOW, _prepare) as made, served_app(NOW=NOW) as base:
        yield {**made, "base": base}


def _ready(driver):
    return int(driver.execute_script("return document.body.dataset.ready || 0"))


def _status(site, which="warning"):
    conn = site["conn"]
    conn.rollback()
    with conn.cursor() as cur:
        cur.execute("SELECT status, decided_by, reason FROM early_warning WHERE id = %s", (site[which],))
        return cur.fetchone()


def test_the_warning_with_its_tickets_on_the_command_map_confirmed_from_its_popup(site):
    base, warning = site["base"], site["warning"]
    with chromium(1920, 1080) as driver:
        sign_in(driver, base, "command", PASSWORD)
        driver.get(base + "/command")
        wait(driver, lambda d: _ready(d) > 0)
        assert not driver.find_elements(By.CSS_SELECTOR, "path.warning-marker")      # off by default

        ready = _ready(driver)
        driver.find_element(By.ID, "L-warnings").click()
        wait(driver, lambda d: _ready(d) > ready and len(d.find_elements(By.CSS_SELECTOR, "path.warning-marker")) == 2)
        for marker in driver.find_elements(By.CSS_SELECTOR, "path.warning-marker.sev-yellow"):
            assert marker.get_attribute("fill") == YELLOW
        assert "预警等级" in driver.find_element(By.ID, "legend").text

        tip = driver.execute_script("""
            let out = null;
            window[JSON.parse(document.getElementById('page-config').textContent).map].eachLayer(l => {
              if (l.feature && l.feature.properties.id === arguments[0]) out = l.getTooltip().getContent().textContent;
            });
            return out;""", warning)
        assert tip.startswith(f"#{warning} ") and "测试供暖" in tip and "反映人数：5" in tip and "工单数：5" in tip, tip

        driver.execute_script("""
            window[JSON.parse(document.getElementById('page-config').textContent).map].eachLayer(l => {
              if (l.feature && l.feature.properties.id === arguments[0]) l.openPopup();
            });""", warning)
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".warning-popup .warning-tickets li")) == 5)
        popup = driver.find_element(By.CSS_SELECTOR, ".warning-popup")
        links = [a.get_attribute("href") for a in popup.find_elements(By.CSS_SELECTOR, ".warning-tickets a")]
        with site["conn"].cursor() as cur:
            cur.execute("SELECT incident_id FROM early_warning_ticket WHERE warning_id = %s ORDER BY incident_id",
                        (warning,))
            ids = [row[0] for row in cur.fetchall()]
        assert sorted(links) == sorted(f"{base}/desk?case={i}" for i in ids)
        text = popup.get_attribute("textContent")                  # the whole list (the popup may scroll)
        assert "工地欠薪第1次反映" in text and "反映人数：5" in text and "工人王" not in text and "1391234" not in text
        screenshot(driver, "command-warnings.png")

        driver.find_element(By.CSS_SELECTOR, ".warning-popup .warning-dismiss").click()     # no reason: refused here
        assert "排除理由" in driver.find_element(By.CSS_SELECTOR, ".warning-popup .warning-status").text
        assert _status(site) == ("open", None, None)
        ready = _ready(driver)
        driver.find_element(By.CSS_SELECTOR, ".warning-popup .warning-confirm").click()
        wait(driver, lambda d: d.execute_script("return document.body.dataset.warningDecided") == f"{warning}:confirmed")
        wait(driver, lambda d: _ready(d) > ready and len(d.find_elements(By.CSS_SELECTOR, "path.warning-marker")) == 1)
        assert _status(site) == ("confirmed", site["people"]["D1"], None)
        assert_clean(driver, base)


def test_street_staff_dismiss_a_warning_from_the_workbench_with_its_reason(site):
    base, second = site["base"], site["second"]
    with chromium(1920, 1080) as driver:
        sign_in(driver, base, "street", PASSWORD)
        driver.get(base + "/desk")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.warnings") == "1")
        items = driver.find_elements(By.CSS_SELECTOR, "#warning-list li.warning")
        assert [i.get_attribute("data-warning") for i in items] == [str(second)]      # the confirmed one is gone
        item = items[0]
        assert "黄色预警" in item.text and "5 人反映" in item.text and "5 件工单" in item.text
        links = [a.get_attribute("href") for a in item.find_elements(By.CSS_SELECTOR, ".warning-tickets a")]
        assert len(links) == 5 and all(link.startswith(base + "/desk?case=") for link in links)
        assert "已研判 1 条" in driver.find_element(By.ID, "warnings-precision").text
        item.find_element(By.CSS_SELECTOR, ".warning-dismiss").click()
        assert "排除理由" in item.find_element(By.CSS_SELECTOR, ".msg").text
        assert _status(site, "second") == ("open", None, None)
        item.find_element(By.CSS_SELECTOR, ".warning-reason").send_keys("同一工地的工资咨询，已答复")
        item.find_element(By.CSS_SELECTOR, ".warning-dismiss").click()
        wait(driver, lambda d: d.execute_script("return document.body.dataset.warningDecided") == f"{second}:dismissed")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.warnings") == "2")
        assert "暂无待研判预警" in driver.find_element(By.ID, "warning-list").text
        assert _status(site, "second") == ("dismissed", site["people"]["S1"], "同一工地的工资咨询，已答复")
        screenshot(driver, "desk-warnings.png")
        assert_clean(driver, base)
