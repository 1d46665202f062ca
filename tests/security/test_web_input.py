"""What gridgov promises about what a request may carry: every text, number, list, JSON body and drawn
geometry is bounded (``grids.limits``), and a request out of bounds — too long, a NUL character, an id
beyond PostgreSQL's bigint, a body nested 100,000 deep, ``"x"`` or 1e308 as a coordinate, a tile zoom of
8,000,000,000 — is answered 400 naming the request field, never a 500, and changes nothing in the store.

The bad requests are files (``corpus/web_input/*.json``): ``method``, ``path``, ``role`` (a demo
account, or null for a signed-out client), a ``json``, ``form`` or ``raw`` body, the expected ``status``
and ``field``, and ``why`` (what the request did before). A few spellings keep them short: ``{grid}``,
``{revision}`` … name values of the demo (:func:`demo_values`); ``{"$repeat": s, "times": n}`` is ``s``
n times, ``{"$range": n}`` the list 0..n-1, ``{"$list": v, "times": n}`` v n times and ``{"$ring":
{centre, radius, vertices}}`` a GeoJSON polygon. Then a sweep: every route of the app with generic bad
values in each path and query parameter it reads never answers 5xx.
"""
import json
import math
import time
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import psycopg2
import pytest
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from etl.people_file import import_people_file
from grids import limits
from grids.errors import ImportRefused
from grids.incidents.store import STAGE_COLUMNS, upsert_incidents
from grids.planning import edits
from tests.conftest import wipe
from tests.planning import GRID as PLANNING_GRID
from tests.planning import load_planning_world, point
from tests.webmap.demo_site import DEMO_TABLES, build_demo, csrf_token, get_json, sign_in
from tests.webmap.mbtiles import write_mbtiles
from tests.webmap.member_site import dispatched_case, grid_point

CORPUS = Path(__file__).parent / "corpus" / "web_input"
GRID, COMMUNITY = "370212001021003", "370212001021"
ROLES = ("command", "street", "community", "member", "planner", "admin")
# what "nothing changed" is measured by: rows of the history, incident and planning tables, case versions,
# unread notifications, the draft's revision
FINGERPRINT = """SELECT (SELECT count(*) FROM case_event), (SELECT count(*) FROM incident),
    (SELECT coalesce(sum(case_version), 0) FROM incident), (SELECT count(*) FROM case_photo),
    (SELECT count(*) FROM notification WHERE read_at IS NULL), (SELECT count(*) FROM draft_edit),
    (SELECT count(*) FROM planning_log), (SELECT count(*) FROM cell), (SELECT count(*) FROM generation),
    (SELECT count(*) FROM person), (SELECT count(*) FROM account)"""


def corpus():
    return sorted(CORPUS.glob("*.json"))


def count(conn, table):
    with conn.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table}")
        return cur.fetchone()[0]


# ---- the domain and the imports: the same bounds without the web ------------------------------------------
def test_a_people_file_field_out_of_bounds_is_refused_by_row_and_field(conn):
    """A people file's name, phone or code beyond its bound, or with a NUL, is refused naming the row and
    the field, and nobody is saved (a 5,000,000-character name made two map answers 15 MB)."""
    with pytest.raises(ImportRefused) as refused:
        import_people_file(conn, CORPUS / "people_out_of_bounds.csv")
    problems = refused.value.problems
    assert "row 3: name: has 1,000 characters; at most 100" in problems
    assert any(p.startswith("row 4: phone: has 100 characters") for p in problems)
    assert "row 5: name: contains a NUL character (\\x00)" in problems
    assert "row 6: code: has 71 characters; at most 64" in problems
    assert count(conn, "person") == 0


def test_an_incident_text_out_of_bounds_is_refused_by_the_store_naming_field_and_ticket(conn):
    """The incident store takes no description beyond 20,000 characters (a 51 MB one was stored) and no
    NUL in any text, from any intake: the error names the field and the ticket, nothing is written."""
    for column, text in (("description", "井" * (limits.DESCRIPTION + 1)), ("title", "标题\x00")):
        row = {c: None for c in STAGE_COLUMNS} | {"channel": "hotline", "source_ref": "T-1", "content_hash": "h",
                                                   "title": "井盖缺失", "description": "井盖缺失",
                                                   "attributes": {}}
        frame = pd.DataFrame([row | {column: text}], dtype=object)
        frame["reported_at"] = pd.Timestamp("2025-03-01T08:00:00+08:00")
        with pytest.raises(limits.OutOfBounds) as refused:
            upsert_incidents(conn, frame)
        assert refused.value.context == {"parameter": column, "source_ref": "T-1"}
        assert count(conn, "incident") == 0


def test_a_split_line_out_of_china_is_refused_by_the_domain(conn):
    """A planner's split line with a coordinate at ±1e308 (it cut a grid in four), NaN or beyond 10,000
    vertices is refused naming ``line`` whatever the caller (web, CLI), and the draft is not opened."""
    accounts = load_planning_world(conn)
    lon, lat = point(0.5, 1.5)
    lines = [f"LINESTRING(-1e308 {lat}, 1e308 {lat})", f"LINESTRING({lon} NaN, {lon} {lat})",
             {"type": "LineString", "coordinates": [[lon, lat + i * 1e-7] for i in range(limits.VERTICES + 1)]}]
    for line in lines:
        with pytest.raises(limits.OutOfBounds) as refused:
            edits.split_grid(conn, PLANNING_GRID[1], line, by=accounts["p1"], expected_revision=0)
        assert refused.value.context["parameter"] == "line"
    assert count(conn, "draft_edit") == 0


@pytest.fixture(scope="module")
def app(database_url):
    """The app over the demo district (tests/webmap's fixture: built once for this module)."""
    app = build_demo(database_url)
    yield app
    wipe(database_url, DEMO_TABLES)


@pytest.fixture(scope="module")
def db(app, database_url):
    conn = psycopg2.connect(database_url)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def served(app, tmp_path_factory):
    """The demo app with a small MBTiles basemap, so tile requests reach the tile reader."""
    path = tmp_path_factory.mktemp("tiles") / "basemap.mbtiles"
    write_mbtiles(path, [(3, 6, 5, b"\x89PNG tile")])
    app.config["GRIDGOV_BASEMAP"] = str(path)
    return app


@pytest.fixture(scope="module")
def clients(served):
    """A signed-in test client per demo account, with its CSRF token; ``None``: a signed-out client."""
    made = {}
    for role in ROLES:
        client = sign_in(served, role)
        made[role] = (client, csrf_token(client))
    anonymous = served.test_client()
    made[None] = (anonymous, csrf_token(anonymous))
    return made


@pytest.fixture(scope="module")
def demo_values(db, served, clients):
    """The demo's values the corpus names: a case of the member's, a point in their grid, a grid and its
    community, the draft's revision."""
    case = dispatched_case(db, GRID, served.config["NOW"], "web-input-1")
    db.commit()
    lon, lat = grid_point(db, GRID)
    state = get_json(clients["planner"][0], "/api/v1/plan/state")
    revision = state["draft"]["revision"] if state["draft"] else 0
    return {"member_case": case, "grid_lon": lon, "grid_lat": lat, "grid": GRID, "community": COMMUNITY,
            "revision": revision}


def fingerprint(db):
    db.rollback()
    with db.cursor() as cur:
        cur.execute(FINGERPRINT)
        return cur.fetchone()


def expand(value, names):
    """A corpus value with its spellings (module docstring) expanded."""
    if isinstance(value, dict) and len(value) <= 2 and next(iter(value), "").startswith("$"):
        return _expanded(value, names)
    if isinstance(value, dict):
        return {k: expand(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v, names) for v in value]
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in names:
        return names[value[1:-1]]
    if isinstance(value, str):
        return value.format(**names) if "{" in value else value
    return value


def _expanded(value, names):
    if "$repeat" in value:
        return value["$repeat"] * value["times"]
    if "$range" in value:
        return list(range(value["$range"]))
    if "$list" in value:
        return [expand(value["$list"], names)] * value["times"]
    ring = expand(value["$ring"], names)
    (x, y), r, n = ring["centre"], ring["radius"], ring["vertices"]
    points = [[x + r * math.cos(2 * math.pi * i / n), y + r * math.sin(2 * math.pi * i / n)] for i in range(n)]
    return {"type": "Polygon", "coordinates": [points + [points[0]]]}


def send(clients, spec, names):
    client, token = clients[spec["role"]]
    path = expand(spec["path"], names)
    headers = {"X-CSRFToken": token}
    if "json" in spec:
        return client.open(path, method=spec["method"], json=expand(spec["json"], names), headers=headers)
    if "raw" in spec:
        return client.open(path, method=spec["method"], data=expand(spec["raw"], names), headers=headers,
                           content_type="application/json")
    if "form" in spec:
        form = {k: str(v) for k, v in expand(spec["form"], names).items()}
        return client.open(path, method=spec["method"], data={**form, "csrf_token": token}, headers=headers)
    return client.open(path, method=spec["method"], headers=headers)


def named_field(response):
    """The request field a refusal names: ``parameter`` (or a domain error's ``field``) of the JSON
    error; the page of a refused form says it in its text."""
    if response.is_json:
        error = response.get_json()["error"]
        return error.get("parameter") or error.get("field") or ""
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.stem)
def test_a_bad_request_is_refused_naming_its_field_and_changes_nothing(path, clients, demo_values, db):
    """Each request of the corpus is answered with its 4xx naming the field, and the store is as it was."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    before = fingerprint(db)
    started = time.perf_counter()
    response = send(clients, spec, demo_values)
    elapsed = time.perf_counter() - started
    assert response.status_code == spec["status"], response.get_data(as_text=True)[:300]
    assert spec["field"] in named_field(response), response.get_data(as_text=True)[:300]
    assert fingerprint(db) == before
    assert elapsed < 5, f"{path.stem} took {elapsed:.1f} s"


# ---- the sweep -------------------------------------------------------------------------------------------------
BAD_VALUES = ("99999999999999999999999", "\x00", "x" * 100_000, "x", "-1", "1e308", "²")
SWEEP_ROLE = {"/api/v1/member": "member", "/member": "member", "/api/v1/plan": "planner", "/planner": "planner"}


class RecordingArgs(ImmutableMultiDict):
    """Query arguments that remember every name a view asked for (``asked``)."""

    asked = set()

    def get(self, key, default=None, type=None):
        RecordingArgs.asked.add(key)
        return super().get(key, default, type)

    def __getitem__(self, key):
        RecordingArgs.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        RecordingArgs.asked.add(key)
        return super().__contains__(key)


BASE_QUERY = {"/api/v1/cells": "level=grid&within=" + COMMUNITY, "/api/v1/outlines": "level=grid&bbox=120,36,121,37",
              "/api/v1/hot-cells": "level=grid", "/api/v1/kpis": "level=grid",
              "/api/v1/plan/grids": "community=" + COMMUNITY, "/api/v1/plan/buildings": "community=" + COMMUNITY,
              "/api/v1/plan/compare": "a=1&b=1", "/api/v1/member/cases": "lon=120.4&lat=36.1",
              "/api/v1/incidents": "cell=" + GRID, "/api/v1/heat": "cell=" + GRID}
SLOW = ("/api/v1/plan/export/", "/api/v1/plan/impact")    # whole-district files and replays: seconds each


def sweep_targets(app):
    """``(role, method, path template, path parameters)`` of every route of the app but static files."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        role = next((r for prefix, r in SWEEP_ROLE.items() if rule.rule.startswith(prefix)), "admin")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield role, method, rule


def fill(rule, value=None, name=None):
    """The rule's path with ``value`` in parameter ``name`` and a harmless value in the others."""
    parts = {}
    for argument in rule.arguments:
        converter = rule._converters[argument]
        harmless = "1" if isinstance(converter, IntegerConverter) else "gpkg" if argument == "suffix" else (
            "submit" if argument == "step" else GRID if argument == "code" else "png" if argument == "ext" else "x")
        parts[argument] = value if argument == name else harmless
    path = rule.rule
    for argument, text in parts.items():
        path = path.replace(f"<{argument}>", text)
        for converter in ("int", "path"):
            path = path.replace(f"<{converter}:{argument}>", text)
        path = path.replace(f'<any(gpkg, "shp.zip"):{argument}>', text)
    return path


def test_no_route_answers_5xx_to_a_bad_path_or_query_value(served, clients, demo_values):
    """Every route of the app (``app.url_map``), signed in as a role that may use it, gets huge numbers,
    NUL, 100,000 characters, ``x``, ``-1``, ``1e308`` and ``²`` in each path parameter and in each query
    parameter its view reads (learned by asking once): never a 5xx."""
    served.request_class.parameter_storage_class = RecordingArgs
    failures, sent = [], 0
    try:
        for role, method, rule in sweep_targets(served):
            if rule.rule.startswith(SLOW) or rule.rule == "/logout":
                continue
            client, token = clients[role]
            base = BASE_QUERY.get(rule.rule, "")
            RecordingArgs.asked = set()
            client.open(fill(rule) + ("?" + base if base else ""), method=method, headers={"X-CSRFToken": token})
            requests = [fill(rule, quote(value, safe=""), name) for name in rule.arguments for value in BAD_VALUES]
            for name in sorted(RecordingArgs.asked):
                kept = [p for p in base.split("&") if p and not p.startswith(name + "=")]
                requests += [fill(rule) + "?" + "&".join([*kept, f"{name}={quote(value, safe='')}"])
                             for value in BAD_VALUES]
            sent += len(requests)
            for path in requests:
                try:        # the test app propagates a view's exception: what a server answers 500
                    status = client.open(path, method=method, headers={"X-CSRFToken": token}).status_code
                except Exception as error:      # noqa: BLE001 - any exception is the failure reported
                    status = f"500 {type(error).__name__}"
                if str(status) >= "500":
                    failures.append((role, method, path[:120], status))
    finally:
        served.request_class.parameter_storage_class = ImmutableMultiDict
    assert sent > 500 and failures == []
