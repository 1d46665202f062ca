"""The planners' API on the demo district: roles, the draft's edits with optimistic concurrency, undo,
checks, load impact, proposal, the approval rule, publishing (the command centre then sees the new
grids; an incident from before keeps its old grid), history and exports."""
import csv
import io
import json
import zipfile

import pyogrio
import pytest
import shapely
from shapely.geometry import LineString, mapping

from tests.webmap.demo_site import get_json, sign_in

COMMUNITY = "370212001001"


@pytest.fixture(scope="module")
def planner(app):
    return sign_in(app, "planner")


@pytest.fixture(scope="module")
def admin(app):
    return sign_in(app, "admin")


def _token(client):
    """The CSRF token the planner page carries (any signed-in page of the session does)."""
    page = client.get("/planner").get_data(as_text=True)
    return page.split('name="csrf-token" content="')[1].split('"')[0]


def _post(client, url, body, status=200):
    response = client.post(url, json=body, headers={"X-CSRFToken": _token(client)})
    assert response.status_code == status, response.get_data(as_text=True)[:800]
    return response.get_json()


def _revision(client):
    draft = get_json(client, "/api/v1/plan/state")["draft"]
    return draft["revision"] if draft else 0


def _busiest_basic_grid(client, generation="current"):
    grids = get_json(client, f"/api/v1/plan/grids?community={COMMUNITY}&generation={generation}")["features"]
    basic = [f for f in grids if f["properties"]["kind"] == "basic"]
    return max(basic, key=lambda f: f["properties"]["buildings"])


def _line_across(feature):
    """A north–south line through the middle of the grid's buildings, reaching past its boundary."""
    geom = shapely.from_geojson(json.dumps(feature["geometry"]))
    xmin, ymin, xmax, ymax = geom.bounds
    x = shapely.centroid(geom).x
    return mapping(LineString([(x, ymin - 0.001), (x, ymax + 0.001)]))


def test_only_planners_and_administrators_use_the_planning_api(app, planner, admin):
    for username in ("command", "member", "community"):
        client = sign_in(app, username)
        assert client.get("/api/v1/plan/state").status_code == 403
        assert client.get("/planner").status_code == 403
        assert client.get("/api/v1/plan/export/grids.gpkg?generation=current").status_code == 403
    assert app.test_client().get("/api/v1/plan/state").status_code == 401
    state = get_json(planner, "/api/v1/plan/state")
    assert state["draft"] is None and state["current_generation"] >= 1
    assert len(state["communities"]) == 30 and state["communities"][0]["code"] == COMMUNITY
    assert get_json(admin, "/api/v1/plan/state")["role"] == "admin"


def test_grids_carry_their_metrics_and_member_and_buildings_their_grid(planner):
    grids = get_json(planner, f"/api/v1/plan/grids?community={COMMUNITY}&generation=current")["features"]
    assert grids and all(f["properties"]["code"].startswith(COMMUNITY) for f in grids)
    props = grids[0]["properties"]
    assert 0 < props["compactness"] <= 1 and props["area_m2"] > 0 and props["parts"] >= 1
    assert any(f["properties"]["member_name"] for f in grids)
    buildings = get_json(planner, f"/api/v1/plan/buildings?community={COMMUNITY}&generation=current")["features"]
    codes = {f["properties"]["code"] for f in grids}
    assert buildings and all(b["properties"]["grid_code"] in codes for b in buildings)
    assert sum(b["properties"]["grid_code"] == props["code"] for b in buildings) == props["buildings"] \
        or props["kind"] == "dedicated"


def test_a_state_changing_request_needs_the_csrf_token(planner):
    response = planner.post("/api/v1/plan/edits", json={"op": "merge", "grids": [], "expected_revision": 0})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "csrf"


def test_bad_parameters_are_named(planner):
    error = _post(planner, "/api/v1/plan/edits", {"op": "explode", "expected_revision": 0}, 400)["error"]
    assert error["parameter"] == "op"
    error = _post(planner, "/api/v1/plan/edits", {"op": "split", "grid": "x", "expected_revision": 0}, 400)["error"]
    assert error["parameter"] == "grid"
    error = _post(planner, "/api/v1/plan/edits", {"op": "merge", "grids": ["370212001001001"]}, 400)["error"]
    assert error["parameter"] == "expected_revision"


GRID = f"{COMMUNITY}001"
SQUARE = {"type": "Polygon", "coordinates": [[[120.4, 36.1], [120.41, 36.1], [120.41, 36.11], [120.4, 36.1]]]}


@pytest.mark.parametrize("url, body, status, code, parameter", [
    ("/api/v1/plan/edits", ["not", "an", "object"], 400, "bad_parameter", "body"),
    ("/api/v1/plan/edits", {"op": "split", "grid": GRID, "line": "LINESTRING(0 0, 1 1)", "expected_revision": 0},
     400, "bad_parameter", "line"),
    ("/api/v1/plan/edits", {"op": "merge", "grids": [], "expected_revision": 0}, 400, "bad_parameter", "grids"),
    ("/api/v1/plan/edits", {"op": "merge", "grids": [GRID, "110101001001001"], "expected_revision": 0},
     403, "out_of_scope", "grids"),
    ("/api/v1/plan/edits", {"op": "create_dedicated", "community": COMMUNITY, "geometry": SQUARE, "name": " ",
                            "expected_revision": 0}, 400, "bad_parameter", "name"),
    ("/api/v1/plan/edits", {"op": "split", "grid": GRID, "expected_revision": -1}, 400, "bad_parameter",
     "expected_revision"),
    ("/api/v1/plan/proposal", {"community": COMMUNITY, "k": 0}, 400, "bad_parameter", "k"),
    ("/api/v1/plan/proposal", {"community": COMMUNITY, "k": True}, 400, "bad_parameter", "k"),
    ("/api/v1/plan/publish", {"expected_revision": 0, "effective_date": "2026-13-01"}, 400, "bad_parameter",
     "effective_date"),
    ("/api/v1/plan/launch", {"expected_revision": 0}, 404, "not_found", None),
])
def test_every_bad_request_names_what_is_wrong(planner, url, body, status, code, parameter):
    error = _post(planner, url, body, status)["error"]
    assert error["code"] == code and error.get("parameter") == parameter and error["message"]


@pytest.mark.parametrize("query, parameter", [("a=x&b=1", "a"), ("a=1&b=", "b"),
                                              ("a=1&b=1&community=3702", "community")])
def test_a_comparison_names_a_bad_argument(planner, query, parameter):
    answer = planner.get(f"/api/v1/plan/compare?{query}")
    assert answer.status_code == 400 and answer.get_json()["error"]["parameter"] == parameter


def test_split_conflict_undo_redo_checks_and_impact(planner, admin):
    grid = _busiest_basic_grid(planner)
    code = grid["properties"]["code"]
    split = _post(planner, "/api/v1/plan/edits",
                  {"op": "split", "grid": code, "line": _line_across(grid), "expected_revision": _revision(planner)})
    assert split["revision"] >= 1 and len(split["grids"]) == 2 and code not in split["grids"]
    assert {c["old_code"] for c in split["code_changes"] if c["level"] == "grid"} == {code}

    draft_grids = get_json(planner, f"/api/v1/plan/grids?community={COMMUNITY}&generation=draft")["features"]
    draft_codes = {f["properties"]["code"] for f in draft_grids}
    assert set(split["grids"]) <= draft_codes and code not in draft_codes
    current = get_json(planner, f"/api/v1/plan/grids?community={COMMUNITY}&generation=current")["features"]
    assert code in {f["properties"]["code"] for f in current}           # the published one is untouched

    stale = _post(admin, "/api/v1/plan/edits", {"op": "merge", "grids": split["grids"],
                                                "expected_revision": split["revision"] - 1}, 409)["error"]
    assert stale["code"] == "draft_conflict" and stale["current"] == split["revision"]
    assert stale["saved_by"] == "planner"

    findings = get_json(planner, f"/api/v1/plan/findings?community={COMMUNITY}")
    assert any(f["check"] == "grids_without_member" and f["geometry"] for f in findings["findings"])
    impact = get_json(planner, f"/api/v1/plan/impact?community={COMMUNITY}")
    assert {row["code"] for row in impact["grids"]} >= set(split["grids"]) | {code}
    assert impact["spread"]["district"]["before"]["cv"] is not None

    undone = _post(planner, "/api/v1/plan/undo", {"expected_revision": split["revision"]})
    assert undone["revision"] == split["revision"] + 1
    after_undo = get_json(planner, f"/api/v1/plan/grids?community={COMMUNITY}&generation=draft")["features"]
    assert code in {f["properties"]["code"] for f in after_undo}
    redone = _post(planner, "/api/v1/plan/redo", {"expected_revision": undone["revision"]})
    assert redone["revision"] == undone["revision"] + 1
    _post(planner, "/api/v1/plan/discard", {"expected_revision": redone["revision"]})
    assert get_json(planner, "/api/v1/plan/state")["draft"] is None


def test_proposal_balances_a_community_and_writes_it_into_the_draft(planner):
    proposal = _post(planner, "/api/v1/plan/proposal", {"community": COMMUNITY, "k": 4})
    assert len(proposal["grids"]["features"]) == 4
    assert proposal["spread"]["after"]["cv"] < proposal["spread"]["before"]["cv"]
    applied = _post(planner, "/api/v1/plan/proposal/apply",
                    {"community": COMMUNITY, "k": 4, "expected_revision": _revision(planner)})
    basic = [f for f in get_json(planner, f"/api/v1/plan/grids?community={COMMUNITY}&generation=draft")["features"]
             if f["properties"]["kind"] == "basic"]
    assert applied["revision"] >= 1 and len(basic) == 4
    _post(planner, "/api/v1/plan/discard", {"expected_revision": applied["revision"]})


def test_publishing_needs_a_second_approver_and_the_command_centre_then_sees_the_new_grids(app, planner, admin):
    command = sign_in(app, "command")
    grid = _busiest_basic_grid(planner)
    code = grid["properties"]["code"]
    old_incidents = get_json(command, f"/api/v1/incidents?cell={code}&from=2025-01-01&to=2026-01-01")
    split = _post(planner, "/api/v1/plan/edits",
                  {"op": "split", "grid": code, "line": _line_across(grid), "expected_revision": _revision(planner)})
    # a step the draft's state does not allow: 409 naming the state and the steps it allows (was a 500)
    for step in ("approve", "publish"):
        early = _post(admin, f"/api/v1/plan/{step}", {"expected_revision": split["revision"]}, 409)["error"]
        assert (early["code"], early["state"], early["allowed"]) == ("wrong_state", "editing", ["submit", "discard"])
    revision = _post(planner, "/api/v1/plan/submit", {"expected_revision": split["revision"]})["revision"]
    again = _post(planner, "/api/v1/plan/submit", {"expected_revision": revision}, 409)["error"]
    assert (again["state"], again["allowed"]) == ("submitted", ["approve", "discard"])
    early = _post(admin, "/api/v1/plan/publish", {"expected_revision": revision}, 409)["error"]
    assert (early["code"], early["state"], early["allowed"]) == ("wrong_state", "submitted", ["approve", "discard"])
    refused = _post(planner, "/api/v1/plan/approve", {"expected_revision": revision}, 400)["error"]
    assert "approve" in refused["message"]
    revision = _post(admin, "/api/v1/plan/approve", {"expected_revision": revision})["revision"]
    for step in ("submit", "approve"):         # once approved, only publishing (or discarding) is left
        late = _post(admin, f"/api/v1/plan/{step}", {"expected_revision": revision}, 409)["error"]
        assert (late["code"], late["state"], late["allowed"]) == ("wrong_state", "approved", ["publish", "discard"])
    published = _post(admin, "/api/v1/plan/publish", {"expected_revision": revision, "effective_date": "2026-01-02"})
    assert published["generation"] == get_json(planner, "/api/v1/plan/state")["current_generation"]

    grids = {f["properties"]["code"] for f in get_json(command, "/api/v1/cells?level=grid")["features"]}
    assert set(split["grids"]) <= grids and code not in grids
    still = get_json(command, f"/api/v1/incidents?cell={code}&from=2025-01-01&to=2026-01-01")
    assert len(still["features"]) == len(old_incidents["features"]) > 0   # incidents keep the grid they had

    changes = get_json(planner, f"/api/v1/plan/compare?a={published['generation'] - 1}&b={published['generation']}"
                            f"&community={COMMUNITY}")
    assert {f["properties"]["change"] for f in changes["features"]} >= {"added", "removed"}
    log = get_json(planner, "/api/v1/plan/log")["entries"]
    assert [e["action"] for e in log[:4]] == ["publish", "approve", "submit", "edit"]


def test_exports_of_the_current_generation(planner):
    geojson = planner.get("/api/v1/plan/export/grids.geojson?generation=current")
    assert geojson.status_code == 200
    features = json.loads(geojson.get_data())["features"]
    assert features and all(f["properties"]["code"] for f in features)
    table = planner.get("/api/v1/plan/export/buildings.csv?generation=current")
    assert table.status_code == 200
    rows = list(csv.DictReader(io.StringIO(table.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows and {"building_code", "grid_code"} <= set(rows[0])
    assert all(row["building_code"].startswith(row["grid_code"]) for row in rows)
    assert planner.get("/api/v1/plan/export/grids.geojson?generation=next").status_code == 400


@pytest.mark.parametrize("suffix, media_type", [("gpkg", "application/geopackage+sqlite3"),
                                                ("shp.zip", "application/zip")])
def test_grid_files_carry_the_same_grids_as_the_geojson(planner, tmp_path, suffix, media_type):
    geojson = get_json(planner, "/api/v1/plan/export/grids.geojson?generation=current")
    download = planner.get(f"/api/v1/plan/export/grids.{suffix}?generation=current")
    assert download.status_code == 200 and download.mimetype == media_type
    name = f"grids-{geojson['generation']}.{suffix}"
    assert download.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    (tmp_path / name).write_bytes(download.get_data())
    if suffix == "shp.zip":
        with zipfile.ZipFile(tmp_path / name) as archive:
            assert sorted(archive.namelist()) == [f"grids-{geojson['generation']}.{ext}"
                                                  for ext in ("cpg", "dbf", "prj", "shp", "shx")]
    frame = pyogrio.read_dataframe(tmp_path / name)
    assert frame.crs.to_epsg() == 4490
    by_code = frame.set_index("code")
    assert set(by_code.index) == {f["properties"]["code"] for f in geojson["features"]}
    first = geojson["features"][0]["properties"]
    assert by_code.loc[first["code"], "name"] == first["name"]      # Chinese names survive the DBF
    assert "synthetic" not in frame.columns                          # the office's attributes stay home
