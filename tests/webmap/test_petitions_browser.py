"""The petition office's page and the command map's petition part in a real browser (1366×768, headless
Chromium) on a small world (``tests.webmap.petition_site``: a street with a township proxy agent linked to
the street officer S1 and a county agent linked to the command officer D1, Zhang San's matter of last month,
an older matter on the backlog register owned by a leader, a skip-level visit, a reception day).

Issue 17's story: a petition officer (street staff) registers a visit by two petitioners; the system finds
it a repeat of last month's matter and says so at once; she takes it on as first proxy and calls the level
above, brings it to the reception day of the 15th where it is resolved on the spot (当场解决), and records
the citizen's satisfaction with the proxy (满意); the level above responds from its own account (the county
agent, command staff); a leader's weekly consultation is recorded on the backlog matter and it is closed
off; the command page's petition indicators, read before and after, change accordingly (total +1, first →
repeat 0 → 50 %, proxy rate 0 → 33.3 %, 积案化解率 0 → 100 %). No console error, no request to another host; screenshots in
``tests/artifacts/petitions.png``, ``petitions-reception.png`` (the reception section) and
``command-petitions.png``.
"""
import datetime as dt

import pytest

from grids.clock import SHANGHAI
from grids.petitions import backlog, reception
from grids.petitions.skip_level import store_visits
from tests.cases import GRID
from tests.desk_world import PASSWORD
from tests.grids.petitions.world import ID_A, LI, ZHANG
from tests.webmap.browser import assert_clean, chromium, needs_chromium, screenshot, sign_in, wait
from tests.webmap.intake_site import served_app
from tests.webmap.petition_site import earlier_matter, petition_site

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

pytestmark = needs_chromium

NOW = dt.datetime(2025, 4, 2, 10, 0, tzinfo=SHANGHAI)
WANG = {"name": "王大明", "phone": "13511112222"}


def _prepare(conn, people):
    old = earlier_matter(conn, NOW, ref="XF-backlog", petitioners=(WANG,), category="T102", days_before=82)
    entry = backlog.register(conn, old, why="named", reason="多年未息诉", leader_name="刘副区长", leader_post="副区长",
                             by="D1", now=NOW - dt.timedelta(days=20))
    store_visits(conn, [{"row": 2, "visited_on": "2025-03-20", "level": "赴省", "name": "张三丰", "id_number": ID_A}])
    reception.add_day(conn, held_on=dt.date(2025, 4, 15), leader_name="刘副区长", leader_post="副区长",
                      place="区信访接待大厅", by="D1", now=NOW - dt.timedelta(days=30))
    return {"backlog_case": old, "backlog_id": entry["id"]}


@pytest.fixture(scope="module")
def site(database_url):
    with petition_site(database_url, NOW, _prepare) as made, served_app(NOW=NOW) as base:
        yield {**made, "base": base}


def _click(driver, element):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _type(driver, element, text):
    element = driver.find_element(By.ID, element) if isinstance(element, str) else element
    element.clear()
    element.send_keys(text)


def _bumped(driver, key, before):
    wait(driver, lambda d: d.execute_script(f"return document.body.dataset.{key} || ''") != before)


def _mark(driver, key):
    return driver.execute_script(f"return document.body.dataset.{key} || ''")


def _indicators(driver, base):
    """The command page's petition card over this year (本年) for the signed-in account: {kpi: text}."""
    driver.get(base + "/command")
    wait(driver, lambda d: d.execute_script("return +(document.body.dataset.ready || 0)") > 0)
    drawn = driver.execute_script("return +(document.body.dataset.ready || 0)")
    _click(driver, driver.find_element(By.CSS_SELECTOR, "#quick button[data-range=year]"))
    wait(driver, lambda d: d.execute_script("return +(document.body.dataset.ready || 0)") > drawn
         and d.find_element(By.ID, "petition-card").is_displayed())
    return {card.get_attribute("data-kpi"): card.find_element(By.CSS_SELECTOR, ".v").text
            for card in driver.find_elements(By.CSS_SELECTOR, "#petition-kpis .kpi")}


def _open_petitions(driver, base, query=""):
    driver.get(base + "/petitions" + query)
    wait(driver, lambda d: d.execute_script("return document.body.dataset.ready || ''") != "")


def test_register_a_repeat_proxy_call_response_backlog_close_off_and_the_command_map(site):
    base = site["base"]
    with chromium(1366, 768) as driver:
        sign_in(driver, base, "command", PASSWORD)
        before = _indicators(driver, base)
        assert (before["total"], before["province"], before["first_to_repeat"]) == ("2", "1", "0%"), before
        assert (before["proxy_rate"], before["clearance_rate"]) == ("0%", "0%"), before
        next_day = driver.find_element(By.ID, "next-reception").text
        assert "2025-04-15" in next_day and "13 天后" in next_day and "刘副区长" in next_day
        drawn = driver.execute_script("return +(document.body.dataset.ready || 0)")
        _click(driver, driver.find_element(By.ID, "L-backlog"))
        wait(driver, lambda d: d.execute_script("return +(document.body.dataset.ready || 0)") > drawn
             and d.find_elements(By.CSS_SELECTOR, ".backlog-marker"))
        assert len(driver.find_elements(By.CSS_SELECTOR, ".backlog-marker")) == 1
        assert driver.find_element(By.CSS_SELECTOR, ".backlog-marker").get_attribute("title") == "刘副区长"
        drawn = driver.execute_script("return +(document.body.dataset.ready || 0)")
        _click(driver, driver.find_element(By.ID, "L-skip-level"))
        wait(driver, lambda d: d.execute_script("return +(document.body.dataset.ready || 0)") > drawn
             and d.find_elements(By.CSS_SELECTOR, ".skip-level-marker"))
        assert_clean(driver, base)

        # the petition officer registers a visit by two petitioners: a repeat of last month's matter
        sign_in(driver, base, "street", PASSWORD)
        _open_petitions(driver, base)
        Select(driver.find_element(By.ID, "r-form")).select_by_value("visit")
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#r-category option[value=T101]"))
        Select(driver.find_element(By.ID, "r-category")).select_by_value("T101")
        first = driver.find_elements(By.CSS_SELECTOR, "#r-people .person")[0]
        for name, value in (("name", ZHANG["name"]), ("phone", "13600009999"), ("id_number", ID_A)):
            _type(driver, first.find_element(By.NAME, name), value)
        _click(driver, driver.find_element(By.ID, "r-add-person"))
        second = driver.find_elements(By.CSS_SELECTOR, "#r-people .person")[1]
        for name in ("name", "phone", "id_number"):
            _type(driver, second.find_element(By.NAME, name), LI[name])
        _type(driver, "r-title", "楼顶漏水再次来访")
        _type(driver, "r-cell", GRID[1])
        _type(driver, "r-address", "海湾名邸1号楼")
        _type(driver, "r-body", "区住建局")
        mark = _mark(driver, "registered")
        _click(driver, driver.find_element(By.ID, "r-submit"))
        _bumped(driver, "registered", mark)
        banner = driver.find_element(By.ID, "m-repeat")
        assert banner.is_displayed() and "重复信访" in banner.text and "XF-earlier" in banner.text, banner.text
        assert "身份证号" in banner.text and "2025-03-03" in banner.text
        people = driver.find_element(By.ID, "m-people").text
        assert "张三丰" in people and "李四" in people and ID_A not in people and ID_A[:6] + "********" in people
        matter_id = int(driver.find_element(By.CSS_SELECTOR, "#queue .item.on").get_attribute("data-id"))

        # she takes it on as first proxy and calls the level above
        mark = _mark(driver, "matter")
        _click(driver, driver.find_element(By.ID, "p-take"))
        _bumped(driver, "matter", mark)
        assert "街道代理员" in driver.find_element(By.ID, "m-proxy").text
        _type(driver, "p-reason", "涉及区住建局，需区级协调")
        mark = _mark(driver, "matter")
        _click(driver, driver.find_element(By.ID, "p-call"))
        _bumped(driver, "matter", mark)
        assert "等待响应" in driver.find_element(By.ID, "m-calls").text

        # she brings it to the reception day of the 15th, where the leader resolves it on the spot
        wait(driver, lambda d: d.find_element(By.ID, "reception-bring").is_displayed())
        assert "2025-04-15" in Select(driver.find_element(By.ID, "rc-day")).first_selected_option.text
        mark = _mark(driver, "reception")
        _click(driver, driver.find_element(By.ID, "rc-bring"))
        _bumped(driver, "reception", mark)
        brought = driver.find_element(By.CSS_SELECTOR, f"#reception-list li[data-matter='{matter_id}']")
        assert "待记录结果" in brought.text and "2025-04-15" in driver.find_element(By.ID, "reception-list").text
        assert not driver.find_element(By.ID, "reception-bring").is_displayed()     # its only upcoming day
        Select(brought.find_element(By.TAG_NAME, "select")).select_by_visible_text("当场解决")
        _type(driver, brought.find_element(By.TAG_NAME, "input"), "刘副区长现场协调，区住建局本周维修")
        mark = _mark(driver, "reception")
        _click(driver, brought.find_element(By.TAG_NAME, "button"))
        _bumped(driver, "reception", mark)
        brought = driver.find_element(By.CSS_SELECTOR, f"#reception-list li[data-matter='{matter_id}']")
        assert "当场解决" in brought.text and "现场协调" in brought.text and not brought.find_elements(By.TAG_NAME, "select")

        # and records the citizen's satisfaction with the proxy
        Select(driver.find_element(By.ID, "p-satisfaction")).select_by_visible_text("满意")
        mark = _mark(driver, "matter")
        _click(driver, driver.find_element(By.ID, "p-rate"))
        _bumped(driver, "matter", mark)
        proxy = driver.find_element(By.ID, "m-proxy").text
        assert "代理满意度" in proxy and "满意" in proxy and "基本满意" not in proxy, proxy
        assert not driver.find_element(By.ID, "p-rate-row").is_displayed()
        driver.execute_script("document.getElementById('next-title').scrollIntoView()")
        screenshot(driver, "petitions-reception.png")
        driver.execute_script("window.scrollTo(0, 0)")
        screenshot(driver, "petitions.png")
        assert_clean(driver, base)

        # the county agent responds from the command centre's account
        sign_in(driver, base, "command", PASSWORD)
        _open_petitions(driver, base)
        waiting = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#calls-for-me li[data-call]"))
        assert "涉及区住建局" in waiting[0].text
        _type(driver, waiting[0].find_element(By.TAG_NAME, "input"), "已联系区住建局，三日内答复")
        mark = _mark(driver, "responded")
        _click(driver, waiting[0].find_element(By.TAG_NAME, "button"))
        _bumped(driver, "responded", mark)
        _open_petitions(driver, base, f"?matter={matter_id}")
        wait(driver, lambda d: "按时响应" in d.find_element(By.ID, "m-calls").text)
        assert "已联系区住建局" in driver.find_element(By.ID, "m-calls").text

        # the leader's weekly consultation on the backlog matter, then its closing-off
        _open_petitions(driver, base, f"?matter={site['backlog_case']}")
        wait(driver, lambda d: "刘副区长" in d.find_element(By.ID, "m-backlog").text)
        _type(driver, "b-attendees", "刘副区长，区住建局，街道信访办")
        _type(driver, "b-decisions", "维修基金先行垫付，月底前完工")
        mark = _mark(driver, "backlog")
        _click(driver, driver.find_element(By.ID, "b-consult"))
        _bumped(driver, "backlog", mark)
        wait(driver, lambda d: "维修基金先行垫付" in d.find_element(By.ID, "m-consultations").text)
        _type(driver, "b-evidence", "息诉罢访承诺书、维修验收单")
        mark = _mark(driver, "backlog")
        _click(driver, driver.find_element(By.ID, "b-close"))
        _bumped(driver, "backlog", mark)
        wait(driver, lambda d: "已销号" in d.find_element(By.ID, "m-backlog").text)
        assert not driver.find_element(By.ID, "backlog").is_displayed()
        assert_clean(driver, base)

        after = _indicators(driver, base)
        assert (after["total"], after["first_to_repeat"], after["proxy_rate"], after["clearance_rate"]) == \
            ("3", "50%", "33.3%", "100%"), after
        assert after["first_share"] == "66.7%" and before["first_share"] == "100%"
        drawn = driver.execute_script("return +(document.body.dataset.ready || 0)")
        _click(driver, driver.find_element(By.ID, "L-backlog"))
        wait(driver, lambda d: d.execute_script("return +(document.body.dataset.ready || 0)") > drawn)
        assert driver.find_elements(By.CSS_SELECTOR, ".backlog-marker") == []       # closed off: off the map
        drawn = driver.execute_script("return +(document.body.dataset.ready || 0)")
        _click(driver, driver.find_element(By.ID, "L-skip-level"))
        wait(driver, lambda d: d.execute_script("return +(document.body.dataset.ready || 0)") > drawn
             and d.find_elements(By.CSS_SELECTOR, ".skip-level-marker"))
        driver.execute_script("document.getElementById('petition-card').scrollIntoView()")
        screenshot(driver, "command-petitions.png")
        assert_clean(driver, base)

        _open_petitions(driver, base, "?lang=en")
        assert driver.find_element(By.CSS_SELECTOR, ".bar h1").text == "Petitions"
        assert driver.find_element(By.ID, "register-title").text == "Register a petition matter"
        assert_clean(driver, base)
