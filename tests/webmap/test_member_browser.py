"""The member's page in a real browser, phone-sized (390×844), on the demo district.

One module fixture builds the demo, opens a case in the demo member's grid (and one in the next grid)
and serves the app with waitress on 127.0.0.1. The browser's position is set with the DevTools
protocol (``Emulation.setGeolocationOverride``, permission by ``Browser.grantPermissions``) to the
member's grid. The member signs in, lands on ``/member``, sees their grid and only their cases, accepts
a case, files a field report (with a photo, a description holding markup), and the command staff then
find the report through ``/api/v1/incidents``. The member reads the notifications a redrawing left them
(the badge, the list, marked read). No console error, no request to another host; the screenshot lands
in ``tests/artifacts/member.png``.
"""
import datetime as dt
import os
import struct
import zlib
from urllib.parse import urlsplit

import psycopg2
import pytest

from tests.webmap.browser import ARTIFACTS, assert_clean, chromium, needs_chromium, served_demo, wait
from tests.webmap.demo_site import sign_in
from tests.webmap.member_site import dispatched_case, grid_point

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

pytestmark = needs_chromium

PHONE = (390, 844)
GRID, OTHER_GRID = "370212001021003", "370212001021002"      # the demo member's grid (etl.demo.accounts), its neighbour
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>楼道堆物'


@pytest.fixture(scope="module")
def site(database_url):
    """The demo with its accounts, two open cases and two notifications, served on a loopback port."""
    with served_demo(database_url, prepare=_prepare) as served:
        yield served


def _prepare(conn, now):
    cases = {"mine": dispatched_case(conn, GRID, now - dt.timedelta(hours=20), "b-mine"),
             "other": dispatched_case(conn, OTHER_GRID, now - dt.timedelta(hours=20), "b-other")}
    return {"cases": cases, "here": grid_point(conn, GRID), "notices": _notify(conn, cases["mine"])}


def _notify(conn, case_id):
    """What a publication tells the demo member: their grid taken over, a case handed to them."""
    from grids.people import accounts, notifications

    person = accounts.get_account(conn, username="member")["person_id"]
    grid = notifications.notify(conn, person, "grid_changed",
                                f"网格调整：您负责的网格 {OTHER_GRID} 自第 2 版起由网格 {GRID} 接替",
                                {"generation": 2, "old_code": OTHER_GRID, "new_code": GRID})
    case = notifications.notify(conn, person, "case_redispatched", f"案件 {case_id} 因网格调整改派给您（网格 {GRID}）",
                                {"generation": 2, "case": case_id, "from_cell": OTHER_GRID, "to_cell": GRID})
    return {"grid": grid, "case": case}


@pytest.fixture(scope="module")
def phone(site):
    with chromium(*PHONE, phone=True) as driver:
        driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": site["base"], "permissions": ["geolocation"]})
        lon, lat = site["here"]
        driver.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": lat, "longitude": lon, "accuracy": 12})
        yield driver


def _data(driver, name):
    return driver.execute_script(f"return document.body.dataset.{name} || null")


def _png(path):
    """A real 8×8 PNG (red), written to ``path``."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(8))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def _extra_screenshot(driver, name):
    """More screenshots (the case sheet, the report form) when GRIDGOV_SCREENSHOTS is set."""
    if os.environ.get("GRIDGOV_SCREENSHOTS"):
        ARTIFACTS.mkdir(exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / name))


def _value(url, query, param):
    """The one value ``query`` answers in the served store."""
    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute(query, (param,))
        value = cur.fetchone()[0]
    conn.close()
    return value


def test_a_member_works_their_cases_and_reports_from_the_phone(site, phone, tmp_path):
    driver, base, cases = phone, site["base"], site["cases"]
    driver.get(base + "/login")
    driver.find_element(By.ID, "username").send_keys("member")
    driver.find_element(By.ID, "password").send_keys("member-demo")
    driver.find_element(By.CSS_SELECTOR, "form button").click()
    wait(driver, lambda d: urlsplit(d.current_url).path == "/member")
    assert driver.execute_script("return window.innerWidth") == PHONE[0]

    # their grid, its buildings and only their cases, with the distance from where they stand
    wait(driver, lambda d: _data(d, "area") and _data(d, "cases") and _data(d, "located"))
    assert "郑张社区第3网格" in driver.find_element(By.ID, "grid-name").text
    assert int(_data(driver, "area")) > 10
    listed = [int(e.get_attribute("data-id")) for e in driver.find_elements(By.CSS_SELECTOR, "#cases li.case")]
    assert cases["mine"] in listed and cases["other"] not in listed
    wait(driver, lambda d: "距您" in d.find_element(By.CSS_SELECTOR, f"#cases li[data-id='{cases['mine']}']").text)
    paths = driver.execute_script("return document.querySelectorAll('.leaflet-overlay-pane path').length")
    assert paths > 10
    assert driver.find_elements(By.CSS_SELECTOR, ".leaflet-cases-pane path.leaflet-interactive")

    # accept the case (接单) from its sheet
    driver.find_element(By.CSS_SELECTOR, f"#cases li[data-id='{cases['mine']}'] button").click()
    wait(driver, lambda d: _data(d, "sheet") == str(cases["mine"]) and d.find_element(By.ID, "sheet").is_displayed())
    driver.find_element(By.CSS_SELECTOR, "#sheet-actions button[data-action=start]").click()
    wait(driver, lambda d: "已接单" in d.find_element(By.ID, "sheet-msg").text)
    assert "处理中" in driver.find_element(By.ID, "sheet-body").text
    assert _value(site["url"], "SELECT status FROM incident WHERE id = %s", cases["mine"]) == "in_progress"
    _extra_screenshot(driver, "member-case.png")
    driver.find_element(By.ID, "sheet-close").click()

    # a field report where they stand, with a photo
    driver.find_element(By.ID, "tab-btn-report").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#r-major option[value='01']"))   # categories come async
    Select(driver.find_element(By.ID, "r-major")).select_by_value("01")
    Select(driver.find_element(By.ID, "r-minor")).select_by_value("0101")
    driver.find_element(By.ID, "r-description").send_keys(HOSTILE)
    driver.find_element(By.ID, "r-photo").send_keys(str(_png(tmp_path / "scene.png")))
    driver.find_element(By.ID, "r-submit").click()
    wait(driver, lambda d: _data(d, "reported"))
    report_id = int(_data(driver, "reported"))
    assert "已上报" in driver.find_element(By.ID, "r-result").text
    _extra_screenshot(driver, "member-report.png")
    driver.find_element(By.ID, "tab-btn-cases").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"#cases li[data-id='{report_id}']"))
    item = driver.find_element(By.CSS_SELECTOR, f"#cases li[data-id='{report_id}']")
    assert "楼道堆物" in item.text and "<script>" in item.text         # markup shown as text
    assert not driver.find_elements(By.CSS_SELECTOR, "#cases img, #cases script")
    assert driver.execute_script("return window.__pwned") is None

    ARTIFACTS.mkdir(exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(ARTIFACTS / "member.png"))

    # the command centre sees the report on its map
    command = sign_in(site["app"], "command")
    features = command.get("/api/v1/incidents?channel=patrol&status=open").get_json()["features"]
    shown = next(f for f in features if f["id"] == report_id)
    assert shown["properties"]["grid_code"] == GRID and shown["properties"]["description"] == HOSTILE
    assert shown["geometry"]["coordinates"] == pytest.approx(list(site["here"]), abs=1e-6)

    assert_clean(driver, base)


def test_the_member_reads_what_a_redrawing_did_to_their_work(site, phone):
    driver, notices = phone, site["notices"]
    driver.get(site["base"] + "/member")
    wait(driver, lambda d: _data(d, "notices") == "2")
    badge = driver.find_element(By.ID, "notice-count")
    assert badge.text == "2" and not driver.find_element(By.ID, "notices").is_displayed()

    driver.find_element(By.ID, "notices-btn").click()
    wait(driver, lambda d: _data(d, "noticesRead") == "2")
    items = driver.find_elements(By.CSS_SELECTOR, "#notice-list li.notice")
    assert [int(i.get_attribute("data-id")) for i in items] == [notices["case"], notices["grid"]]   # newest first
    assert f"案件 {site['cases']['mine']} 因网格调整改派给您（网格 {GRID}）" in items[0].text
    assert f"由网格 {GRID} 接替" in items[1].text and all("unread" in i.get_attribute("class") for i in items)
    assert driver.find_element(By.ID, "notice-count").text == ""
    read_at = "SELECT read_at FROM notification WHERE id = %s"
    assert all(_value(site["url"], read_at, notices[kind]) is not None for kind in ("grid", "case"))
    _extra_screenshot(driver, "member-notices.png")

    items[0].find_element(By.CSS_SELECTOR, "button.go").click()          # the handed-over case opens
    wait(driver, lambda d: _data(d, "sheet") == str(site["cases"]["mine"])
          and d.find_element(By.ID, "sheet").is_displayed())
    assert not driver.find_element(By.ID, "notices").is_displayed()
    driver.find_element(By.ID, "sheet-close").click()
    driver.find_element(By.ID, "notices-btn").click()
    assert not driver.find_elements(By.CSS_SELECTOR, "#notice-list li.unread")    # read now
    driver.find_element(By.ID, "notices-close").click()



def test_the_member_records_a_dispute_found_on_patrol(site, phone):
    """矛盾纠纷排查 from the phone: the grid's disputes listed, one recorded with its parties where the member
    stands; it is stored as a screened dispute with a masked party list for the member's own page."""
    driver = phone
    driver.get(site["base"] + "/member")
    wait(driver, lambda d: _data(d, "located") and _data(d, "disputes") is not None)
    before = int(_data(driver, "disputes"))
    driver.find_element(By.ID, "tab-btn-disputes").click()
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#d-type option")) > 1)
    Select(driver.find_element(By.ID, "d-type")).select_by_index(1)
    driver.find_element(By.ID, "d-description").send_keys("楼上漏水，两户多次争吵")
    driver.find_element(By.ID, "d-people").send_keys("2")
    driver.find_element(By.ID, "d-applicant-name").send_keys("王某")
    driver.find_element(By.ID, "d-applicant-phone").send_keys("13912345678")
    driver.find_element(By.ID, "d-respondent-name").send_keys("赵某")
    driver.find_element(By.ID, "d-submit").click()
    wait(driver, lambda d: _data(d, "dispute_recorded") is not None and int(_data(d, "disputes")) == before + 1)
    assert "已登记" in driver.find_element(By.ID, "d-result").text
    recorded = int(_data(driver, "dispute_recorded"))
    assert _value(site["url"], "SELECT source FROM dispute WHERE incident_id = %s", recorded) == "screening"
    assert _value(site["url"], "SELECT count(*) FROM dispute_party WHERE incident_id = %s", recorded) == 2
    assert len(driver.find_elements(By.CSS_SELECTOR, "#disputes li.dispute")) == before + 1
    _extra_screenshot(driver, "member-disputes.png")

def test_english_by_a_switch(site, phone):
    driver = phone
    driver.get(site["base"] + "/member")
    wait(driver, lambda d: _data(d, "cases") and _data(d, "notices"))
    driver.find_element(By.ID, "lang-switch").click()
    wait(driver, lambda d: "My cases" in d.find_element(By.ID, "tab-btn-cases").text)
    assert driver.execute_script("return document.documentElement.lang") == "en"
    assert "Field report" in driver.find_element(By.ID, "tab-btn-report").text
    driver.find_element(By.ID, "notices-btn").click()
    wait(driver, lambda d: d.find_element(By.ID, "notices").is_displayed())
    texts = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#notice-list .text")]
    assert texts == [f"Case {site['cases']['mine']} is yours now that the grids were redrawn (grid {GRID})",
                     f"Grids redrawn: from generation 2 your grid {OTHER_GRID} is taken over by grid {GRID}"]
    assert driver.find_element(By.ID, "notices-btn").text.startswith("Notices")
