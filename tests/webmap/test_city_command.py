"""The command page of a city store: a city account opens on its districts and drills down as before; a
district's account sees its own district only. The JSON API by the test client, the page in Chromium."""
import secrets

import psycopg2
import pytest

from bench.common import served_app
from grids.cases.loop import act
from tests.cases import T0, hours
from tests.city import (CITY, HUANGDAO, LAOSHAN, add_city_incident, community, grid, load_city,
                        load_city_cases)
from tests.conftest import wipe
from tests.webmap.browser import assert_clean, chromium, needs_chromium, screenshot, sign_in, wait
from tests.webmap.demo_site import DEMO_TABLES
from tests.webmap.demo_site import sign_in as sign_in_client
from webmap import create_app

NOW = T0 + hours(48)
INCIDENTS = {LAOSHAN: 3, HUANGDAO: 2}


@pytest.fixture(scope="module")
def city_app(database_url):
    wipe(database_url, DEMO_TABLES)
    conn = psycopg2.connect(database_url)
    with conn:
        load_city(conn)
        load_city_cases(conn)
        for district, n in INCIDENTS.items():
            for i in range(n):
                incident = add_city_incident(conn, f"{district}-{i}", district, T0 + hours(i))
                act(conn, incident, "accept", f"D{district}", now=T0 + hours(i))
    conn.close()
    yield create_app({"SECRET_KEY": secrets.token_urlsafe(32), "NOW": NOW, "GRIDGOV_BASEMAP": "none"})
    wipe(database_url, DEMO_TABLES)


def client_of(app, username):
    return sign_in_client(app, username, f"{username}-password")


WINDOW = "since=2025-03-01&until=2025-03-10"


def test_a_city_account_sees_the_city_and_its_districts(city_app):
    client = client_of(city_app, "city")
    me = client.get("/api/v1/me").get_json()
    assert (me["scope"], me["scope_level"], me["scope_name"]) == (CITY, "city", "青岛市")
    assert sorted(me["scopes"]) == [CITY, HUANGDAO, LAOSHAN]
    cells = client.get(f"/api/v1/cells?level=district&{WINDOW}").get_json()
    received = {f["properties"]["code"]: f["properties"]["received"] for f in cells["features"]}
    assert received == INCIDENTS
    within = client.get(f"/api/v1/cells?level=district&within={CITY}&{WINDOW}").get_json()
    assert len(within["features"]) == 2
    city_kpis = client.get(f"/api/v1/kpis?{WINDOW}").get_json()
    assert city_kpis["received"] == sum(INCIDENTS.values())
    rows = client.get(f"/api/v1/kpis?level=district&{WINDOW}").get_json()
    assert {row["code"]: row["received"] for row in rows} == INCIDENTS


def test_a_district_account_sees_its_district_only(city_app):
    client = client_of(city_app, "laoshan")
    cells = client.get(f"/api/v1/cells?level=grid&{WINDOW}").get_json()
    assert {f["properties"]["code"] for f in cells["features"]} == {grid(LAOSHAN, n) for n in (1, 2, 3, 4)}
    refused = client.get(f"/api/v1/cells?level=grid&within={community(HUANGDAO)}")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "out_of_scope"
    assert client.get(f"/api/v1/kpis?{WINDOW}").get_json()["received"] == INCIDENTS[LAOSHAN]


@needs_chromium
def test_the_command_page_opens_on_the_city(city_app):
    from selenium.webdriver.common.by import By

    with served_app({"NOW": NOW}) as base, chromium(1280, 900) as driver:
        sign_in(driver, base, "city", "city-password")
        driver.get(base + "/command")
        wait(driver, lambda d: int(d.execute_script("return document.body.dataset.ready || 0")) > 0)
        district = driver.find_element(By.CSS_SELECTOR, "#level button[data-level=district]")
        assert district.is_displayed() and "on" in district.get_attribute("class")
        names = driver.execute_script("return Array.from(document.querySelectorAll("
                                      "'.leaflet-overlay-pane path.leaflet-interactive')).length")
        assert names == 2                                   # the two districts
        assert driver.find_element(By.ID, "breadcrumb").text == "青岛市"
        screenshot(driver, "command-city.png")
        assert_clean(driver, base)

def _post(client, url, body):
    page = client.get("/planner").get_data(as_text=True)
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    return client.post(url, json=body, headers={"X-CSRFToken": token})


def test_planners_work_their_own_district_through_the_api(city_app, database_url):
    pa, pb = client_of(city_app, "pa"), client_of(city_app, "pb")
    merge = {"op": "merge", "grids": [grid(HUANGDAO, 1), grid(HUANGDAO, 2)], "expected_revision": 0}
    refused = _post(pa, "/api/v1/plan/edits", merge)
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "out_of_scope"
    assert _post(pb, "/api/v1/plan/edits", merge).status_code == 200
    state = pb.get(f"/api/v1/plan/state?community={community(HUANGDAO)}").get_json()
    assert state["district"] == HUANGDAO and state["draft"]["revision"] == 1
    own = pa.get(f"/api/v1/plan/state?community={community(LAOSHAN)}").get_json()
    assert own["district"] == LAOSHAN and own["draft"]["revision"] == 0     # 黄岛's edit is not 崂山's change
    submitted = _post(pa, "/api/v1/plan/submit", {"expected_revision": 1, "district": HUANGDAO})
    assert submitted.status_code == 403
    assert _post(pb, "/api/v1/plan/discard", {"expected_revision": 1, "district": HUANGDAO}).status_code == 200
