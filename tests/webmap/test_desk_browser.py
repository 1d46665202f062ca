"""The staff workbench in a real browser (1366×768, headless Chromium) on the demo district.

A case of the demo member's grid escalated to its community: the community officer finds it in the
办理中 tab, dispatches it to two departments (区城市管理局 as lead, 区综合行政执法局 as co-handler); the
lead's department staff report it handled from their own workbench; the officer verifies and closes it;
the follow-up call records a dissatisfied rating and the case reopens by rule. The command officer puts
another case under supervision, and it shows on the command map's supervised cases. No console error,
no request to another host; the screenshot lands in ``tests/artifacts/desk.png``.
"""
import datetime as dt

import psycopg2
import pytest

from grids.cases import loop
from tests.webmap.browser import assert_clean, chromium, needs_chromium, screenshot, served_demo, sign_in, wait
from tests.webmap.member_site import dispatched_case, grid_point

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

pytestmark = needs_chromium

GRID = "370212001021003"          # the demo member's grid; its community is the community account's
LEAD, CO = "DEMO-DEPT-CG", "DEMO-DEPT-ZF"


@pytest.fixture(scope="module")
def site(database_url):
    with served_demo(database_url, prepare=_prepare) as served:
        yield served


def _prepare(conn, now):
    escalated = dispatched_case(conn, GRID, now - dt.timedelta(hours=30), "desk-escalated", "小区供暖不热，多户反映")
    with conn.cursor() as cur:
        cur.execute("SELECT p.id FROM person p JOIN person_cell c ON c.person_id = p.id WHERE c.cell_code = %s "
                    "AND p.role = 'grid_member' ORDER BY p.id LIMIT 1", (GRID,))
        member = cur.fetchone()[0]
        cur.execute("SELECT code, id FROM person WHERE code = ANY(%s)", ([LEAD, CO],))
        departments = dict(cur.fetchall())
    loop.act(conn, escalated, "escalate", member, now=now - dt.timedelta(hours=29), note="需社区协调供热公司")
    supervised = dispatched_case(conn, GRID, now - dt.timedelta(hours=10), "desk-supervise", "楼道堆放杂物")
    unplaced = [_unplaced(conn, now, ref, GRID if n else None) for n, ref in enumerate(("review-click", "review-pick"))]
    return {"escalated": escalated, "supervised": supervised, "departments": departments, "unplaced": unplaced,
            "grid_point": grid_point(conn, GRID)}


def _unplaced(conn, now, ref, candidate):
    """A hotline ticket whose address matched no place (with ``candidate`` as the matcher's best guess)."""
    with conn.cursor() as cur:
        cur.execute("INSERT INTO incident (channel, source_ref, reported_at, category_code, title, address, "
                    "unplaced_reason, placement_candidates, content_hash) VALUES ('hotline', %s, %s, '0101', "
                    "'邻里噪声', %s, 'ambiguous address', %s, 'h') RETURNING id",
                    (ref, now - dt.timedelta(hours=2), f"测试待定位路{ref}号",
                     f'[["{candidate}", 75.0]]' if candidate else None))
        return cur.fetchone()[0]


def _status(site, case_id):
    conn = psycopg2.connect(site["url"])
    with conn, conn.cursor() as cur:
        cur.execute("SELECT status, handler_person_id, co_handler_ids, rating, supervised_at IS NOT NULL "
                    "FROM incident WHERE id = %s", (case_id,))
        row = cur.fetchone()
    conn.close()
    return row


def _open_desk_case(driver, site, case_id, tab=None):
    driver.get(site["base"] + "/desk" + (f"?case={case_id}" if tab is None else ""))
    wait(driver, lambda d: d.execute_script("return document.body.dataset.deskReady") == "1")
    if tab is not None:
        drawn = driver.execute_script("return document.body.dataset.queue")
        _click(driver, driver.find_element(By.CSS_SELECTOR, f"#tabs button[data-tab={tab}]"))
        wait(driver, lambda d: d.execute_script("return document.body.dataset.queue") != drawn)   # the tab's list
        wait(driver, lambda d: _clicked(d, f"#queue li[data-case-id='{case_id}']"))
    wait(driver, lambda d: d.find_element(By.ID, "case-title").text.startswith(f"#{case_id} "))


def _clicked(driver, selector):
    """Click the element of ``selector`` if it is there now; False (to wait again) when it is not, or the
    list was redrawn under it."""
    from selenium.common.exceptions import StaleElementReferenceException

    found = driver.find_elements(By.CSS_SELECTOR, selector)
    try:
        if found:
            _click(driver, found[0])
            return True
    except StaleElementReferenceException:
        pass
    return False


def _click(driver, element):
    """Click ``element`` scrolled to the middle of the window (the sticky top bar covers the top)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _act(driver, action, note=None, before=None):
    _click(driver, driver.find_element(By.CSS_SELECTOR, f"#act-buttons button[data-action={action}]"))
    if before:
        before()
    if note:
        driver.find_element(By.ID, "a-note").send_keys(note)
    done = driver.execute_script("return document.body.dataset.acted || ''")
    _click(driver, driver.find_element(By.ID, "act-send"))
    wait(driver, lambda d: (d.execute_script("return document.body.dataset.acted || ''") != done))
    return driver.find_element(By.ID, "act-msg").text


def test_a_community_dispatches_to_two_departments_the_lead_reports_she_closes_and_the_call_back_reopens(site):
    case_id, departments = site["escalated"], site["departments"]
    with chromium(1366, 768) as driver:
        sign_in(driver, site["base"], "community")
        _open_desk_case(driver, site, case_id, tab="working")
        assert "社区" in driver.find_element(By.ID, "case-facts").text

        def choose_departments():
            Select(driver.find_element(By.ID, "a-level")).select_by_value("department")
            wait(driver, lambda d: d.find_element(By.ID, "a-lead").is_displayed())
            Select(driver.find_element(By.ID, "a-lead")).select_by_value(str(departments[LEAD]))
            _click(driver, driver.find_element(By.CSS_SELECTOR, f"#a-co input[value='{departments[CO]}']"))
        message = _act(driver, "dispatch", "请城管牵头处理，执法局协办", before=choose_departments)
        assert "派遣" in message
        assert _status(site, case_id)[:3] == ("dispatched", departments[LEAD], [departments[CO]])
        driver.execute_script("window.scrollTo(0, 0)")
        screenshot(driver, "desk.png")
        assert_clean(driver, site["base"])

        sign_in(driver, site["base"], "department")
        assert driver.current_url.endswith("/desk")
        _open_desk_case(driver, site, case_id, tab="working")
        assert "处理反馈" in _act(driver, "report", "已协调供热公司调整阀门，室温恢复")
        assert _status(site, case_id)[0] == "handled"

        sign_in(driver, site["base"], "community")
        _open_desk_case(driver, site, case_id, tab="handled")
        assert "核查结案" in _act(driver, "verify", "回访现场，室温达标")
        assert _status(site, case_id)[0] == "closed"

        driver.get(site["base"] + "/desk")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.deskReady") == "1")
        call = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"#followup-list li[data-case-id='{case_id}']"))
        assert "1" in call[0].find_element(By.CSS_SELECTOR, ".phone").text or call[0].text
        _click(driver, call[0])
        wait(driver, lambda d: d.find_element(By.ID, "act-which").text == "回访评价")
        Select(driver.find_element(By.ID, "a-rating")).select_by_value("dissatisfied")
        driver.find_element(By.ID, "a-note").send_keys("还是不热")
        done = driver.execute_script("return document.body.dataset.acted || ''")
        _click(driver, driver.find_element(By.ID, "act-send"))
        wait(driver, lambda d: d.execute_script("return document.body.dataset.acted || ''") != done)
        assert "重新办理" in driver.find_element(By.ID, "act-msg").text
        assert _status(site, case_id)[0] == "rework"
        assert_clean(driver, site["base"])


def test_the_command_officer_supervises_a_case_and_it_shows_on_the_command_map(site):
    case_id = site["supervised"]
    with chromium(1366, 768) as driver:
        sign_in(driver, site["base"], "command")
        _open_desk_case(driver, site, case_id)
        assert "督办" in _act(driver, "supervise", "挂牌督办：楼道堆物影响消防通道")
        assert _status(site, case_id)[4] is True
        driver.get(site["base"] + "/command")
        listed = driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "fetch('/api/v1/incidents?status=overdue_or_supervised&limit=20000').then(r => r.json()).then(done);")
        features = listed.get("features", listed.get("incidents", []))
        ids = [f.get("id", f.get("properties", {}).get("id")) for f in features]
        assert case_id in ids
        assert_clean(driver, site["base"])


def test_the_command_officer_places_unplaced_incidents_from_the_review_queue(site):
    clicked, picked = site["unplaced"]
    lon, lat = site["grid_point"]
    with chromium(1366, 768) as driver:
        sign_in(driver, site["base"], "command")
        driver.get(site["base"] + "/review")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.reviewReady") == "1")
        search = driver.find_element(By.ID, "f-q")
        search.send_keys("测试待定位")
        drawn = driver.execute_script("return document.body.dataset.queue")
        driver.execute_script("document.getElementById('filters').dispatchEvent(new Event('change'))")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.queue") != drawn)
        rows = [r.get_attribute("data-incident-id") for r in driver.find_elements(By.CSS_SELECTOR, "#queue li")]
        assert rows == [str(clicked), str(picked)]

        # one by a click on the map where it happened
        _click(driver, driver.find_element(By.CSS_SELECTOR, f"#queue li[data-incident-id='{clicked}']"))
        wait(driver, lambda d: d.find_element(By.ID, "item-title").text.startswith(f"#{clicked} "))
        driver.execute_script("var map = window[JSON.parse(document.getElementById('page-config').textContent).map];"
                              "map.setView([arguments[0], arguments[1]], 18, {animate: false});", lat, lon)
        done = driver.execute_script("return document.body.dataset.placed || ''")
        _click(driver, driver.find_element(By.CSS_SELECTOR, ".folium-map"))
        wait(driver, lambda d: (d.execute_script("return document.body.dataset.placed || ''") != done))
        assert "已定位" in driver.find_element(By.ID, "msg").text
        # one by its candidate
        _click(driver, driver.find_element(By.CSS_SELECTOR, f"#queue li[data-incident-id='{picked}']"))
        candidate = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"#candidates li[data-code='{GRID}']"))
        done = driver.execute_script("return document.body.dataset.placed || ''")
        _click(driver, candidate[0])
        wait(driver, lambda d: (d.execute_script("return document.body.dataset.placed || ''") != done))
        screenshot(driver, "review.png")
        assert_clean(driver, site["base"])

        conn = psycopg2.connect(site["url"])
        with conn, conn.cursor() as cur:
            cur.execute("SELECT i.id, i.grid_code, l.method, l.operator FROM incident i JOIN incident_placement_log l "
                        "ON l.incident_id = i.id WHERE i.id = ANY(%s) ORDER BY i.id", ([clicked, picked],))
            logged = cur.fetchall()
        conn.close()
        assert logged == [(clicked, GRID, "point", "web:command"), (picked, GRID, "cell", "web:command")]
        driver.get(site["base"] + "/command")
        listed = driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            f"fetch('/api/v1/incidents?cell={GRID}&from=2025-12-01&limit=20000').then(r => r.json()).then(done);")
        ids = {f["properties"]["id"] for f in listed["features"]}
        assert {clicked, picked} <= ids           # both show on the command map now
