"""The review queue in a real browser (1366×768, headless Chromium) on the demo district.

Four hotline tickets come in through the real intake: one whose address names nothing, one naming two
compounds of the register at once (an ambiguous address, with the matcher's candidates), two more that
name nothing. The command officer opens /review, finds them by a text of their title, places the first
by clicking where it happened on the map, the second by choosing its first candidate, and the last two
at once by ticking them and typing a grid code. They leave the queue and the store holds each one's
cell and a placement log row (operator, method, the reason it had waited for). The page then reads in
English. No console error, no request to another host; the screenshot of the candidates lands in
``tests/artifacts/review.png``.
"""
import datetime as dt
import tempfile
from pathlib import Path

import psycopg2
import pytest

from etl.incidents.importing import import_incident_file
from tests.webmap.browser import assert_clean, chromium, needs_chromium, screenshot, served_demo, sign_in, wait
from tests.webmap.member_site import grid_point

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402

pytestmark = needs_chromium

GRID, OTHER_GRID = "370212001021003", "370212001021002"
MARK = "测试待定位"                 # in every ticket's title: the search that finds them and nothing else


@pytest.fixture(scope="module")
def site(database_url):
    with served_demo(database_url, prepare=_prepare) as served:
        yield served


def _prepare(conn, now):
    """The four tickets through the hotline intake; their ids by role, and the grid's point."""
    with conn.cursor() as cur:
        cur.execute("SELECT compound FROM standard_address WHERE compound IS NOT NULL GROUP BY compound "
                    "ORDER BY compound LIMIT 2")
        both = "".join(name for name, in cur.fetchall())
    when = (now - dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    rows = [("RV-CLICK", "我家门口有垃圾没人管", "点击地图"), ("RV-PICK", both, "选择候选"),
            ("RV-MANY-1", "对面那条小路", "批量一"), ("RV-MANY-2", "东边那个地方", "批量二")]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hotline.csv"
        path.write_text("工单编号,受理时间,诉求地址,标题\n" + "".join(
            f"{ref},{when},{address},{MARK}{title}\n" for ref, address, title in rows), encoding="utf-8")
        assert import_incident_file(conn, path, channel="hotline")["added"] == 4
    with conn.cursor() as cur:
        cur.execute("SELECT source_ref, id, unplaced_reason FROM incident WHERE source_ref LIKE 'RV-%%' "
                    "AND placement_method IS NULL")
        found = {ref: (incident, reason) for ref, incident, reason in cur.fetchall()}
    assert found["RV-PICK"][1] == "ambiguous address" and len(found) == 4, found
    return {"incidents": {ref: incident for ref, (incident, _) in found.items()}, "grid_point": grid_point(conn, GRID)}


def _click(driver, element):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _rows(driver):
    return [int(r.get_attribute("data-incident-id")) for r in driver.find_elements(By.CSS_SELECTOR, "#queue li")]


def _placing(driver, act):
    """Do ``act`` and wait until the page has placed and listed the queue again."""
    done = driver.execute_script("return document.body.dataset.placed || ''")
    act()
    wait(driver, lambda d: d.execute_script("return document.body.dataset.placed || ''") != done)
    return driver.find_element(By.ID, "msg").text


def _open(driver, incident):
    _click(driver, driver.find_element(By.CSS_SELECTOR, f"#queue li[data-incident-id='{incident}']"))
    wait(driver, lambda d: d.find_element(By.ID, "item-title").text.startswith(f"#{incident} "))


def test_the_command_officer_places_incidents_by_the_map_a_candidate_and_many_at_once(site):
    ids = site["incidents"]
    lon, lat = site["grid_point"]
    with chromium(1366, 768) as driver:
        sign_in(driver, site["base"], "command")
        driver.get(site["base"] + "/review")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.reviewReady") == "1")
        drawn = driver.execute_script("return document.body.dataset.queue")
        driver.find_element(By.ID, "f-q").send_keys(MARK)
        driver.execute_script("document.getElementById('filters').dispatchEvent(new Event('change'))")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.queue") != drawn)
        assert _rows(driver) == [ids[r] for r in ("RV-CLICK", "RV-PICK", "RV-MANY-1", "RV-MANY-2")]
        assert "地址有歧义" in driver.find_element(By.ID, "queue").text        # the reason in Chinese

        # one by a click on the map where it happened
        _open(driver, ids["RV-CLICK"])
        driver.execute_script("var map = window[JSON.parse(document.getElementById('page-config').textContent).map];"
                              "map.setView([arguments[0], arguments[1]], 18, {animate: false});", lat, lon)
        assert "已定位" in _placing(driver, lambda: _click(driver, driver.find_element(By.CSS_SELECTOR, ".folium-map")))
        assert ids["RV-CLICK"] not in _rows(driver)

        # one by its first candidate: a cell the matcher's standard address names
        _open(driver, ids["RV-PICK"])
        candidates = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#candidates li[data-code]"))
        assert len(candidates) >= 2 and "匹配度" in candidates[0].text
        picked = candidates[0].get_attribute("data-code")
        screenshot(driver, "review.png")
        _placing(driver, lambda: _click(driver, candidates[0]))

        # two at once into one grid
        for ref in ("RV-MANY-1", "RV-MANY-2"):
            _click(driver, driver.find_element(By.CSS_SELECTOR, f"#queue li[data-incident-id='{ids[ref]}'] input"))
        assert driver.find_element(By.ID, "selected-count").text == "2"
        driver.find_element(By.ID, "many-cell").send_keys(OTHER_GRID)
        assert _placing(driver, lambda: _click(driver, driver.find_element(By.ID, "many-place"))).endswith("：2 件")
        assert _rows(driver) == []
        assert_clean(driver, site["base"])

        driver.get(site["base"] + "/review?lang=en")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.reviewReady") == "1")
        assert driver.find_element(By.CSS_SELECTOR, "h1").text == "Unplaced incidents"
        assert driver.title.startswith("Unplaced incidents")
        assert_clean(driver, site["base"])

    conn = psycopg2.connect(site["url"])
    with conn, conn.cursor() as cur:
        cur.execute("SELECT i.source_ref, i.grid_code, i.community_code, i.placement_method, i.placed_by, l.method, "
                    "l.cell_code, l.operator, l.unplaced_reason FROM incident i "
                    "JOIN incident_placement_log l ON l.incident_id = i.id WHERE i.id = ANY(%s) ORDER BY i.id",
                    (list(ids.values()),))
        logged = {row[0]: row[1:] for row in cur.fetchall()}
    conn.close()
    assert set(logged) == set(ids)
    assert logged["RV-CLICK"][:2] == (GRID, GRID[:12]) and logged["RV-CLICK"][4] == "point"
    assert logged["RV-PICK"][5] == picked and logged["RV-PICK"][4] == "cell"
    assert (logged["RV-PICK"][0] or logged["RV-PICK"][1]) == picked[:15 if len(picked) >= 15 else 12]
    assert logged["RV-PICK"][7] == "ambiguous address"
    for ref in ("RV-MANY-1", "RV-MANY-2"):
        assert logged[ref][0] == OTHER_GRID and logged[ref][4:6] == ("cell", OTHER_GRID)
    assert {row[2:4] for row in logged.values()} == {("manual", "web:command")}
    assert {row[6] for row in logged.values()} == {"web:command"}
