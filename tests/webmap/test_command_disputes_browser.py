"""The command page's 矛盾纠纷 layer in a real browser (1920×1080, headless Chromium) on the dispute world
(``tests.dispute_world``): open red and orange disputes as markers in their risk colour (a blue one and
none of the parties shown), the mediation committee with its point as a square whose tooltip gives its
load, and the chain's KPIs of the current cell in the panel equal to what ``/api/v1/disputes/kpis``
answers. No console error, no request to another host; the screenshot lands in
``tests/artifacts/command-disputes.png``.
"""
import datetime as dt

import pytest

from grids.disputes import mediation, risk, triage
from tests.cases import DISTRICT, T0, add_incident
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
COLOURS = {"red": "#d92d20", "orange": "#f97316"}


def _prepare(conn, people):
    at = T0 + dt.timedelta(hours=1)
    red = new_dispute(conn, "map-red", grid=1, people_involved=4)
    risk.override(conn, red, "red", "当事人扬言上访", "C1", now=at)
    triage.triage(conn, red, post="调解和事", org="ORG_C", mediators=["MD1"], by="C1", now=at)
    agreed = new_dispute(conn, "map-agreed", grid=1)                       # blue: in the KPIs, not a marker
    triage.triage(conn, agreed, post="调解和事", org="ORG_C", mediators=["MD2"], by="C1", now=at)
    mediation.record_session(conn, agreed, held_at=at, place="调解室", attendees=["调解员乙"], by="C1", now=at)
    mediation.settle(conn, agreed, terms="赔偿500元", deadline=(NOW + dt.timedelta(days=10)).date().isoformat(),
                     by="C1", now=at)
    add_incident(conn, "map-plain", grid=1)                                # a case that is no dispute
    return {"red": red, "agreed": agreed, "orange": new_dispute(conn, "map-orange", grid=2, amount=120000)}


@pytest.fixture(scope="module")
def site(database_url):
    with dispute_site(database_url, NOW, _prepare) as made, served_app(NOW=NOW) as base:
        yield {**made, "base": base}


def _ready(driver):
    return int(driver.execute_script("return document.body.dataset.ready || 0"))


def _fetch(driver, path):
    return driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(function (r) { return r.json(); })"
        ".then(done, function (e) { done(String(e)); });", path)


def test_red_and_orange_disputes_organisations_and_the_chain_kpis_on_the_command_map(site):
    base = site["base"]
    with chromium(1920, 1080) as driver:
        sign_in(driver, base, "command", PASSWORD)
        driver.get(base + "/command")
        wait(driver, lambda d: _ready(d) > 0)
        assert driver.find_element(By.ID, "dispute-card").get_attribute("hidden") is not None
        assert not driver.find_elements(By.CSS_SELECTOR, "path.dispute-marker, .org-marker.leaflet-marker-icon")

        ready = _ready(driver)
        driver.find_element(By.ID, "L-disputes").click()
        wait(driver, lambda d: _ready(d) > ready and len(d.find_elements(By.CSS_SELECTOR, "path.dispute-marker")) == 2)
        for level in ("red", "orange"):
            marker = driver.find_element(By.CSS_SELECTOR, f"path.dispute-marker.risk-{level}")
            assert marker.get_attribute("fill") == COLOURS[level]
        assert "矛盾纠纷风险" in driver.find_element(By.ID, "legend").text

        tips = driver.execute_script("""
            const out = [];
            window[JSON.parse(document.getElementById('page-config').textContent).map].eachLayer(l => {
              const tip = l.getTooltip && l.getTooltip();
              if (tip && l.feature && l.feature.properties.risk_level) out.push(tip.getContent().textContent);
              const icon = l.options && l.options.icon;
              if (tip && icon && icon.options.className === 'org-marker') out.push(tip.getContent().textContent);
            });
            return out;""")
        red = next(text for text in tips if text.startswith(f"#{site['red']} "))
        assert "邻里" in red and "红" in red and "已分流" in red and "涉及人数：4" in red, red
        org = next(text for text in tips if text.startswith("海湾社区人民调解委员会"))
        assert "在调纠纷：1" in org and "1 / 0" in org, org        # the red one is being mediated there
        squares = driver.find_elements(By.CSS_SELECTOR, ".leaflet-marker-pane .org-marker")
        assert len(squares) == 1                                            # ORG_S has no point
        for text in tips:
            assert "张三丰" not in text and "李四" not in text and "139" not in text

        # the panel: the chain's KPIs of the current cell (the district) over the page's window, as the API says
        wait(driver, lambda d: d.find_element(By.ID, "dispute-card").is_displayed())
        window = driver.execute_script(
            "return [document.getElementById('f-from').value, document.getElementById('f-to').value]")
        until = (dt.date.fromisoformat(window[1]) + dt.timedelta(days=1)).isoformat()
        answer = _fetch(driver, f"/api/v1/disputes/kpis?level=district&within={DISTRICT}"
                                f"&since={window[0]}&until={until}")
        cell = next(c for c in answer["cells"] if c["code"] == DISTRICT)
        assert (cell["received"], cell["open"], cell["successes"], cell["outcomes"]) == (3, 2, 1, 1)
        shown = {e.get_attribute("data-kpi"): e.find_element(By.CLASS_NAME, "v").text
                 for e in driver.find_elements(By.CSS_SELECTOR, "#dispute-kpis .kpi")}
        expected = driver.execute_script("""
            const F = window.GridgovCommandFormat, c = arguments[0];
            return {received: F.num(c.received), resolution_rate: F.pct(c.resolution_rate),
                    success_rate: F.pct(c.success_rate), court_share: F.pct(c.court_share),
                    performance_rate: F.pct(c.performance_rate), open: F.num(c.open)};""", cell)
        assert shown == expected and shown["received"] == "3" and shown["open"] == "2", (shown, expected)
        assert "化解率" in driver.find_element(By.ID, "dispute-card").text
        assert "诉讼仲裁分流占比" in driver.find_element(By.ID, "dispute-card").text
        screenshot(driver, "command-disputes.png")
        assert_clean(driver, base)

        ready = _ready(driver)
        driver.find_element(By.ID, "L-disputes").click()                  # off: markers and the card go
        wait(driver, lambda d: _ready(d) > ready and not d.find_elements(By.CSS_SELECTOR, "path.dispute-marker"))
        assert not driver.find_element(By.ID, "dispute-card").is_displayed()
        assert not driver.find_elements(By.CSS_SELECTOR, ".org-marker.leaflet-marker-icon")
        assert_clean(driver, base)


def _density_total(driver):
    """The ``received`` of the density layer's cells, added up."""
    return driver.execute_script("""
        let total = 0;
        window[JSON.parse(document.getElementById('page-config').textContent).map].eachLayer(l => {
          if (l.feature && l.feature.properties.per_km2 !== undefined) total += l.feature.properties.received || 0;
        });
        return total;""")


def test_the_dispute_filter_makes_the_density_count_disputes_only(site):
    base = site["base"]
    with chromium(1920, 1080) as driver:
        sign_in(driver, base, "command", PASSWORD)
        driver.get(base + "/command")
        wait(driver, lambda d: _ready(d) > 0 and d.find_element(By.ID, "f-dispute").is_displayed())
        everything = _density_total(driver)
        for choice, risk, total, label in (("any", "", 3, "矛盾纠纷密度（全部矛盾纠纷）"),
                                           ("neighbour", "red", 1, "矛盾纠纷密度（邻里 · 红）"),
                                           ("", "", everything, "事件密度（全部类别）")):
            ready = _ready(driver)
            Select(driver.find_element(By.ID, "f-dispute")).select_by_value(choice)
            Select(driver.find_element(By.ID, "f-risk")).select_by_value(risk)
            wait(driver, lambda d: _ready(d) > ready and _density_total(d) == total)
            assert driver.find_element(By.ID, "density-label").text == label
        assert everything == 4                          # three disputes and the plain case
        assert_clean(driver, base)
