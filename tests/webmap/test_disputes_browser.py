"""The dispute chain's page in a real browser (1366×768, headless Chromium) on a small world (the dispute
world of ``tests.dispute_world``: a community with a mediation committee and its mediators).

The intake post (street staff) triages a dispute to the community committee and a mediator; the community
office records a session and a successful agreement with a deadline; the follow-up at the deadline
records non-performance and the dispute reopens. Another dispute goes to a joint mediation of two posts
(会商研判), fails and is handed to the court with a reference. Both show in the chain's KPIs (read through
the API, as the page does, and in the page's KPI panel) and on the command map: its density of disputes
(one in each grid) and its 矛盾纠纷 layer's KPI card. No console error, no request to another host; the screenshot lands in
``tests/artifacts/disputes.png``.
"""
import datetime as dt

import pytest

from tests.cases import COMMUNITY, GRID, T0
from tests.desk_world import PASSWORD
from tests.dispute_world import new_dispute
from tests.webmap.browser import assert_clean, chromium, needs_chromium, screenshot, sign_in, wait
from tests.webmap.dispute_site import dispute_site
from tests.webmap.intake_site import served_app

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

pytestmark = needs_chromium

NOW = T0 + dt.timedelta(days=20)
REFERENCE = "(2025)鲁0212民初1234号"


def _prepare(conn, people):
    return {"agreed": new_dispute(conn, "browser-agreed", grid=1, summary="楼上漏水，协商未果"),
            "court": new_dispute(conn, "browser-court", grid=2, amount=120000)}


@pytest.fixture(scope="module")
def site(database_url):
    with dispute_site(database_url, NOW, _prepare) as made, served_app(NOW=NOW) as base:
        yield {**made, "base": base}


def _click(driver, element):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _open(driver, site, dispute_id):
    driver.get(f"{site['base']}/disputes?dispute={dispute_id}")
    wait(driver, lambda d: d.execute_script("return document.body.dataset.disputesReady") == "1")
    wait(driver, lambda d: d.find_element(By.ID, "d-title").text.startswith(f"#{dispute_id} "))


def _stage(driver):
    return driver.find_element(By.ID, "d-title").get_attribute("data-stage")


def _step(driver, step, fill=None):
    """Choose ``step``, let ``fill`` fill its form, send it and wait for the dispute drawn after it."""
    _click(driver, driver.find_element(By.CSS_SELECTOR, f"#step-buttons button[data-step={step}]"))
    wait(driver, lambda d: d.find_element(By.ID, "step-fields").is_displayed())
    if fill:
        fill()
    drawn = driver.execute_script("return document.body.dataset.dispute || ''")
    _click(driver, driver.find_element(By.ID, "step-send"))
    wait(driver, lambda d: d.execute_script("return document.body.dataset.dispute || ''") != drawn
         or d.find_element(By.ID, "step-msg").text.startswith("未能"))
    message = driver.find_element(By.ID, "step-msg").text
    assert message.startswith("已办理"), message
    return message


def _type(driver, element_id, text):
    box = driver.find_element(By.ID, element_id)
    box.clear()
    box.send_keys(text)


def _kpis(driver, level):
    return driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "fetch('/api/v1/disputes/kpis?level=' + arguments[0], {credentials: 'same-origin'})"
        ".then(function (r) { return r.json(); }).then(done, function (e) { done(String(e)); });", level)


def test_triage_session_agreement_broken_and_a_court_hand_over_in_the_browser(site):
    agreed, court = site["agreed"], site["court"]
    with chromium(1366, 768) as driver:
        sign_in(driver, site["base"], "street", PASSWORD)
        driver.get(site["base"] + "/disputes")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.disputesReady") == "1")
        received = driver.find_element(By.CSS_SELECTOR, "#tabs button[data-tab=received]")
        assert received.find_element(By.CSS_SELECTOR, ".count").text == "2"
        drawn = driver.execute_script("return document.body.dataset.queue")
        _click(driver, received)
        wait(driver, lambda d: d.execute_script("return document.body.dataset.queue") != drawn)
        _click(driver, driver.find_element(By.CSS_SELECTOR, f"#queue li[data-id='{agreed}']"))
        wait(driver, lambda d: d.find_element(By.ID, "d-title").text.startswith(f"#{agreed} "))
        parties = driver.find_element(By.ID, "d-parties").text
        assert "张三丰" in parties and "370212********" in parties and "13912345678" in parties

        def triage_form():
            wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#s-post option")) > 0)
            Select(driver.find_element(By.ID, "s-post")).select_by_value("调解和事")
            mediators = driver.execute_script("return document.body.dataset.mediators || ''")
            Select(driver.find_element(By.ID, "s-org")).select_by_value("ORG_C")
            wait(driver, lambda d: d.execute_script("return document.body.dataset.mediators || ''") != mediators
                 and d.find_elements(By.CSS_SELECTOR, "#s-mediators input[value=MD1]"))
            _click(driver, driver.find_element(By.CSS_SELECTOR, "#s-mediators input[value=MD1]"))
            _type(driver, "s-note", "邻里漏水纠纷，分流社区人民调解委员会")
        _step(driver, "triage", triage_form)
        assert _stage(driver) == "triaged"
        assert "海湾社区人民调解委员会" in driver.find_element(By.ID, "d-assigned").text
        assert "调解员甲" in driver.find_element(By.ID, "d-assigned").text
        assert_clean(driver, site["base"])

        sign_in(driver, site["base"], "community", PASSWORD)
        _open(driver, site, agreed)

        def session_form():
            assert driver.find_element(By.ID, "s-held-at").get_attribute("value") == NOW.isoformat()[:16]
            _type(driver, "s-place", "海湾社区调解室")
            _type(driver, "s-attendees", "张三丰，李四，调解员甲")
            _type(driver, "s-note", "双方同意由李四承担维修费用")
        _step(driver, "session", session_form)
        assert _stage(driver) == "mediating"
        assert "海湾社区调解室" in driver.find_element(By.ID, "d-sessions").text

        def agreement_form():
            assert driver.find_element(By.ID, "s-deadline").get_attribute("value") == NOW.date().isoformat()
            _type(driver, "s-terms", "李四于期限内支付维修费3000元")
            _type(driver, "s-amount", "3000")
        _step(driver, "success", agreement_form)
        assert _stage(driver) == "agreed"
        assert NOW.date().isoformat() in driver.find_element(By.ID, "d-agreements").text

        def not_performed():
            Select(driver.find_element(By.ID, "s-performance")).select_by_value("not")
            _type(driver, "s-note", "期限已到，李四未支付")
        _step(driver, "follow_up", not_performed)
        assert _stage(driver) == "mediating"
        assert "重新调解 1 次" in driver.find_element(By.ID, "d-stage").text
        assert driver.find_element(By.CSS_SELECTOR, "#d-agreements li").get_attribute("data-performance") == "not"

        _open(driver, site, court)
        assert driver.find_element(By.CSS_SELECTOR, "#d-title .badge").text == "橙色"      # 120,000 yuan

        def court_triage():
            wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#s-post option")) > 0)
            Select(driver.find_element(By.ID, "s-org")).select_by_value("ORG_C")
        _step(driver, "triage", court_triage)

        def joint_meeting():
            wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#s-posts input")) > 1)
            for post in ("调解和事", "法律诊断"):
                _click(driver, driver.find_element(By.CSS_SELECTOR, f"#s-posts input[value='{post}']"))
            _type(driver, "s-attendees", "调解员甲，律师王某")
            _type(driver, "s-note", "金额较大，法律诊断岗参与会商，建议先行调解")
        _step(driver, "joint", joint_meeting)
        assert _stage(driver) == "triaged" and "会商研判" in driver.find_element(By.ID, "d-history").text

        def hand_over():
            Select(driver.find_element(By.ID, "s-target")).select_by_value("court")
            _type(driver, "s-body", "青岛市崂山区人民法院")
            _type(driver, "s-reference", REFERENCE)
            _type(driver, "s-note", "调解不成，当事人坚持诉讼")
        _step(driver, "failure", hand_over)
        assert _stage(driver) == "handed_over"
        assert REFERENCE in driver.find_element(By.ID, "d-handovers").text

        kpis = _kpis(driver, "community")
        community = next(c for c in kpis["cells"] if c["code"] == COMMUNITY)
        assert (community["received"], community["to_court"], community["outcomes"], community["open"]) == (2, 1, 1, 1)
        assert community["mediated"] == 1 and community["resolved"] == 0
        grids = {c["code"]: c for c in _kpis(driver, "grid")["cells"]}
        assert grids[GRID[2]]["to_court"] == 1 and grids[GRID[1]]["open"] == 1
        rows = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f"#kpi-rows tr[data-code='{GRID[2]}']"))
        assert rows[0].get_attribute("data-to-court") == "1"
        driver.execute_script("window.scrollTo(0, 0)")
        screenshot(driver, "disputes.png")
        assert_clean(driver, site["base"])

        _on_the_command_map(driver, site["base"])

        driver.get(f"{site['base']}/disputes?lang=en&dispute={court}")       # English by the switch
        wait(driver, lambda d: d.execute_script("return document.body.dataset.disputesReady") == "1")
        assert driver.find_element(By.CSS_SELECTOR, ".bar h1").text == "Dispute resolution"
        assert "Handed over" in driver.find_element(By.ID, "d-title").text    # type names are the list's (Chinese)
        assert driver.find_element(By.CSS_SELECTOR, "#d-title .badge").text == "Orange"
        assert "Court" in driver.find_element(By.ID, "d-handovers").text
        assert_clean(driver, site["base"])


def _on_the_command_map(driver, base):
    """The command map counting disputes only: one in each of the two grids; the 矛盾纠纷 layer's card
    counts both as received, one still open (the reopened agreement)."""
    driver.get(base + "/command")
    wait(driver, lambda d: d.execute_script("return +(document.body.dataset.ready || 0)") > 0
         and d.find_element(By.ID, "f-dispute").is_displayed())
    driver.find_element(By.CSS_SELECTOR, "#level button[data-level='grid']").click()
    Select(driver.find_element(By.ID, "f-dispute")).select_by_value("any")
    grids = """
        const found = {};
        window[JSON.parse(document.getElementById('page-config').textContent).map].eachLayer(l => {
          const p = l.feature && l.feature.properties;
          if (p && p.level === 'grid' && p.per_km2 !== undefined && p.received) found[p.code] = p.received;
        });
        return found;"""
    wait(driver, lambda d: d.execute_script(grids) == {GRID[1]: 1, GRID[2]: 1})
    assert driver.find_element(By.ID, "density-label").text == "矛盾纠纷密度（全部矛盾纠纷）"
    driver.find_element(By.ID, "L-disputes").click()
    card = wait(driver, lambda d: d.find_element(By.ID, "dispute-card").is_displayed()
                and d.find_elements(By.CSS_SELECTOR, "#dispute-kpis .kpi[data-kpi='received'] .v"))
    assert card[0].text == "2"
    assert driver.find_element(By.CSS_SELECTOR, "#dispute-kpis .kpi[data-kpi='open'] .v").text == "1"
    assert_clean(driver, base)
