"""The command map's light layers and first view: outlines at high zoom, the overdue-or-supervised
cases, and the page carrying its account and cell (on the small world of ``tests.map_world``)."""
import json
import re
from pathlib import Path

import psycopg2
import pytest

from grids.mapview import cache
from grids.people import accounts
from tests.cases import COMMUNITY, DISTRICT, GRID
from tests.conftest import wipe
from tests.map_world import BUILDINGS, DEDICATED, NOW, STAIRWELL, load_map_world
from tests.shapes import ORIGIN, UNIT
from tests.webmap.demo_site import DEMO_TABLES, get_json, sign_in
from tests.webmap.mbtiles import write_mbtiles
from webmap import create_app

ROOT = Path(__file__).resolve().parents[2]
WHOLE = f"{ORIGIN[0]},{ORIGIN[1]},{ORIGIN[0] + 2 * UNIT},{ORIGIN[1] + 2 * UNIT}"


@pytest.fixture(scope="module")
def app(database_url):
    wipe(database_url, DEMO_TABLES)
    conn = psycopg2.connect(database_url)
    with conn:
        cases = load_map_world(conn)
        accounts.create_account(conn, "command", "command-demo", "command_staff", scope_code=DISTRICT)
        with conn.cursor() as cur:
            cur.execute("SELECT id FROM person WHERE code = 'M2'")
            accounts.create_account(conn, "member", "member-demo", "grid_member", person_id=cur.fetchone()[0])
    conn.close()
    cache.forget()
    app = create_app({"SECRET_KEY": "test", "TESTING": True, "NOW": NOW})
    app.cases = cases
    yield app
    wipe(database_url, DEMO_TABLES)


def test_outlines_of_a_bbox_without_statistics(app):
    command = sign_in(app, "command")
    body = get_json(command, f"/api/v1/outlines?level=microgrid&bbox={WHOLE}")
    assert {f["id"] for f in body["features"]} == {*BUILDINGS.values(), STAIRWELL} and body["truncated"] is False
    assert all(set(f["properties"]) == {"code", "name", "kind"} for f in body["features"])
    dedicated = get_json(command, f"/api/v1/outlines?level=grid&kind=dedicated&bbox={WHOLE}")
    assert [f["id"] for f in dedicated["features"]] == [DEDICATED]
    assert get_json(command, f"/api/v1/outlines?level=microgrid&bbox={WHOLE}&limit=1")["truncated"] is True


def test_outlines_stay_in_the_accounts_area_and_need_a_bbox(app):
    member = sign_in(app, "member")
    body = get_json(member, f"/api/v1/outlines?level=microgrid&bbox={WHOLE}")
    assert [f["id"] for f in body["features"]] == [BUILDINGS["B3"]]
    for query, parameter in [("level=microgrid", "bbox"), (f"level=grid&kind=building&bbox={WHOLE}", "kind"),
                             (f"level=town&bbox={WHOLE}", "level"), (f"level=grid&bbox={WHOLE}&limit=0", "limit")]:
        error = get_json(member, f"/api/v1/outlines?{query}", 400)["error"]
        assert (error["code"], error["parameter"]) == ("bad_parameter", parameter)


def test_the_case_layer_asks_for_overdue_or_supervised_cases(app):
    command = sign_in(app, "command")
    body = get_json(command, "/api/v1/incidents?status=overdue_or_supervised")
    found = {f["id"]: f["properties"] for f in body["features"]}
    assert set(found) == {app.cases["red"], app.cases["supervised"]}
    assert found[app.cases["red"]]["timer"] == "red" and found[app.cases["supervised"]]["supervised"] is True
    opened = {f["id"] for f in get_json(command, "/api/v1/incidents?status=open")["features"]}
    assert opened == {app.cases["red"], app.cases["green"], app.cases["supervised"]}


def test_the_page_carries_the_account_and_its_cell(app):
    html = sign_in(app, "member").get("/command").get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="page-config">(.*?)</script>', html, re.S)
    config = json.loads(found.group(1))
    assert (config["me"]["username"], config["me"]["scope"]) == ("member", GRID[2])
    assert config["scope_cell"]["code"] == GRID[2] and config["scope_cell"]["breadcrumb"][-2]["code"] == COMMUNITY
    west, south, east, north = config["scope_cell"]["bbox"]
    assert (west, south) == pytest.approx((ORIGIN[0], ORIGIN[1])) and east - west == pytest.approx(UNIT)


def test_none_of_the_pages_scripts_writes_html():
    scripts = sorted(ROOT.glob("static/js/command*.js"))
    assert {p.name for p in scripts} >= {"command.js", "command-layers.js", "command-format.js"}
    for path in scripts:
        text = path.read_text(encoding="utf-8")
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "document.write" not in text, path


def test_basemap_tiles_are_served_to_a_signed_in_user_only(app, tmp_path):
    path = tmp_path / "basemap.mbtiles"
    jpeg = b"\xff\xd8\xff\xe0 a jpeg tile"
    write_mbtiles(path, [(15, 27000, 20000, jpeg)])
    row = (1 << 15) - 1 - 20000
    app.config["GRIDGOV_BASEMAP"] = str(path)
    try:
        anonymous = app.test_client().get(f"/tiles/15/27000/{row}.jpg")
        assert anonymous.status_code == 302 and "/login" in anonymous.location
        command = sign_in(app, "command")
        tile = command.get(f"/tiles/15/27000/{row}.jpg")
        assert (tile.status_code, tile.mimetype, tile.get_data()) == (200, "image/jpeg", jpeg)
        assert tile.cache_control.max_age == 86400
        assert command.get(f"/tiles/15/27000/{row + 1}.jpg").status_code == 404
    finally:
        app.config["GRIDGOV_BASEMAP"] = "none"


def test_the_governance_index_of_a_level_in_the_accounts_area(app):
    rows = get_json(sign_in(app, "command"), "/api/v1/index?level=grid&from=2025-01-01&to=2026-01-01")
    assert sorted(row["rank"] for row in rows if row["rank"]) == list(range(1, len([r for r in rows if r["rank"]]) + 1))
    assert all(set(row["components"]) == {"dispute_density", "on_time", "resolution", "satisfaction", "repeats",
                                          "backlog", "warnings"} for row in rows)
    mine = get_json(sign_in(app, "member"), "/api/v1/index?level=grid")
    assert [row["code"] for row in mine] == [GRID[2]]
    error = get_json(sign_in(app, "member"), "/api/v1/index?level=town", 400)["error"]
    assert error["parameter"] == "level"
