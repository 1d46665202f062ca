"""The planners' page in a real browser (Debian's headless Chromium) on the demo district.

A planner selects the busiest grid of a community, splits it by a line drawn with the mouse, sees the
live checks and the load impact, and submits; the administrator approves and publishes; the command
centre then holds the two new grids, and an incident from before the change still belongs to the old
grid; the export links follow the generation chosen. No console error, nothing fetched from another
host; the screenshot lands in ``tests/artifacts/planner.png``.
"""
import pytest

from tests.webmap.browser import assert_clean, chromium, needs_chromium, screenshot, served_demo, sign_in, wait

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.action_chains import ActionChains   # noqa: E402
from selenium.webdriver.common.by import By                         # noqa: E402

pytestmark = needs_chromium
COMMUNITY = "370212001001"
FETCH = """const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.json()).then(done, e => done({error: String(e)}));"""


@pytest.fixture(scope="module")
def site(database_url):
    with served_demo(database_url) as served:
        yield served["base"]


@pytest.fixture(scope="module")
def browser():
    with chromium(1600, 1000) as driver:
        yield driver


def _api(driver, url):
    return driver.execute_async_script(FETCH, url)


def _grid_paths(driver):
    return driver.execute_script("return document.querySelectorAll('.leaflet-overlay-pane path').length")


def _open_planner(driver, base):
    driver.get(f"{base}/planner?community={COMMUNITY}")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#metrics tr td"))
    wait(driver, lambda d: _grid_paths(d) > 0)


def _workflow_step(driver, step):
    """Click a workflow button once the page has loaded the draft's state (it is off until then)."""
    button = driver.find_element(By.ID, f"wf-{step}")
    wait(driver, lambda d: button.is_enabled())
    button.click()


def _draw_line_across(driver, code):
    """Click a north–south line across grid ``code`` on the map, 12 px past its edges, and finish it."""
    points = driver.execute_script("""
        const cfg = JSON.parse(document.getElementById('page-config').textContent);
        const map = window[cfg.map];
        let bounds = null;
        map.eachLayer(l => { if (l.feature && l.feature.properties.code === arguments[0] && l.getBounds) bounds = l.getBounds(); });
        const nw = map.latLngToContainerPoint(bounds.getNorthWest()), se = map.latLngToContainerPoint(bounds.getSouthEast());
        const size = map.getSize(), x = Math.round((nw.x + se.x) / 2);
        return [[x, Math.max(nw.y - 12, 2)], [x, Math.round((nw.y + se.y) / 2)], [x, Math.min(se.y + 12, size.y - 2)],
                [size.x, size.y]];""", code)
    *line, (width, height) = points
    container = driver.find_element(By.CSS_SELECTOR, ".folium-map")
    actions = ActionChains(driver)
    for x, y in line + [line[-1]]:                       # a click on the last vertex finishes the line
        actions.move_to_element_with_offset(container, x - width // 2, y - height // 2).click().pause(0.3)
    actions.perform()


def test_a_planner_splits_a_grid_and_publishes_after_approval(site, browser):
    driver, base = browser, site
    sign_in(driver, base, "planner")
    assert driver.current_url.endswith("/planner")             # a planner lands on the planning page
    _open_planner(driver, base)
    grids = _api(driver, f"/api/v1/plan/grids?community={COMMUNITY}&generation=current")["features"]
    busiest = max((f for f in grids if f["properties"]["kind"] == "basic"), key=lambda f: f["properties"]["buildings"])
    code = busiest["properties"]["code"]
    before = _api(driver, f"/api/v1/incidents?cell={code}&from=2025-01-01&to=2026-01-01")["features"]

    # select the grid (its row in the metrics table), draw the split line with the mouse, save
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "#metrics tr") if r.get_attribute("title").endswith(code))
    row.click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#selection .chip"))
    driver.find_element(By.ID, "op-split").click()
    _draw_line_across(driver, code)
    driver.find_element(By.ID, "op-save").click()
    wait(driver, lambda d: "草稿" in d.find_element(By.ID, "draft-badge").text
         or "error" in d.find_element(By.ID, "message").get_attribute("class"))
    message = driver.find_element(By.ID, "message")
    assert "error" not in message.get_attribute("class"), message.text
    draft = _api(driver, f"/api/v1/plan/grids?community={COMMUNITY}&generation=draft")["features"]
    new_codes = {f["properties"]["code"] for f in draft} - {f["properties"]["code"] for f in grids}
    assert len(new_codes) == 2 and code not in {f["properties"]["code"] for f in draft}

    # the live checks (the two new grids have no member yet) and the load impact
    driver.find_element(By.CSS_SELECTOR, ".tabs button[data-tab=checks]").click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#findings li"))
    assert driver.find_elements(By.CSS_SELECTOR, "#findings li.warning")
    driver.find_element(By.CSS_SELECTOR, ".tabs button[data-tab=impact]").click()
    driver.find_element(By.ID, "impact-run").click()
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#impact tr")) >= 4)   # header, old, two new
    assert "→" in driver.find_element(By.ID, "spread").text
    screenshot(driver, "planner.png")

    # submit; the administrator approves and publishes
    driver.find_element(By.CSS_SELECTOR, ".tabs button[data-tab=publish]").click()
    _workflow_step(driver, "submit")
    wait(driver, lambda d: "待审核" in d.find_element(By.ID, "draft-badge").text)
    assert_clean(driver, base)
    sign_in(driver, base, "admin")
    _open_planner(driver, base)
    driver.find_element(By.CSS_SELECTOR, ".tabs button[data-tab=publish]").click()
    _workflow_step(driver, "approve")
    wait(driver, lambda d: "已审核" in d.find_element(By.ID, "draft-badge").text)
    _workflow_step(driver, "publish")
    wait(driver, lambda d: "已发布" in d.find_element(By.ID, "draft-badge").text)
    _exports_of_both_generations(driver, code, new_codes)
    assert_clean(driver, base)

    # the command centre sees the new grids; the old incidents keep their grid
    sign_in(driver, base, "command")
    driver.get(base + "/command")
    wait(driver, lambda d: int(d.execute_script("return document.body.dataset.ready || 0")) > 0)
    shown = {f["properties"]["code"] for f in _api(driver, "/api/v1/cells?level=grid")["features"]}
    assert new_codes <= shown and code not in shown
    after = _api(driver, f"/api/v1/incidents?cell={code}&from=2025-01-01&to=2026-01-01")["features"]
    assert len(after) == len(before) > 0
    assert_clean(driver, base)


def _exports_of_both_generations(driver, old_code, new_codes):
    """The export links follow the generation chosen: the new current one, then the one before. Read
    and chosen by script in one step each: the page re-renders the list while it reloads its state."""
    def choice():
        return driver.execute_script("""
            const select = document.getElementById('export-generation');
            const link = document.querySelector("#exports a[href*='grids.geojson']");
            if (!select || !link || select.options.length < 2) return null;
            return {values: Array.from(select.options, o => o.value), labels: Array.from(select.options, o => o.text),
                    chosen: select.value, href: link.href, links: document.querySelectorAll('#exports a').length};""")

    settled = wait(driver, lambda d: (c := choice()) and "草稿" not in c["labels"]
                   and c["href"].endswith(f"generation={c['chosen']}") and c)
    current, previous = settled["values"][:2]                           # newest first
    assert settled["chosen"] == current and settled["links"] == 4
    codes = {f["properties"]["code"] for f in _api(driver, settled["href"])["features"]}
    assert new_codes <= codes and old_code not in codes

    driver.execute_script("""const select = document.getElementById('export-generation');
        select.value = arguments[0]; select.dispatchEvent(new Event('change'));""", previous)
    href = wait(driver, lambda d: (c := choice()) and c["href"].endswith(f"generation={previous}") and c["href"])
    codes = {f["properties"]["code"] for f in _api(driver, href)["features"]}
    assert old_code in codes and not new_codes & codes
