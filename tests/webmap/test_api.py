"""The JSON API on the demo district: shapes, filters, role scope, privacy, error shape."""
import gzip
import json

import psycopg2
import pytest
import shapely

from tests.webmap.demo_site import get_json, sign_in

STREET, COMMUNITY, GRID = "370212001", "370212001021", "370212001021003"   # the demo accounts (etl.demo.accounts)
OTHER_GRID, OTHER_STREET = "370212001021002", "370212002"
YEAR = "from=2025-01-01&to=2026-01-01"


@pytest.fixture(scope="module")
def command(app):
    return sign_in(app, "command")


@pytest.fixture(scope="module")
def member(app):
    return sign_in(app, "member")


def _assert_wgs84_feature_collection(body):
    assert body["type"] == "FeatureCollection" and body["features"]
    for feature in body["features"]:
        geom = shapely.from_geojson(json.dumps(feature["geometry"]))
        assert geom.is_valid and not geom.is_empty
        xmin, ymin, xmax, ymax = geom.bounds
        assert 119 < xmin <= xmax < 122 and 35 < ymin <= ymax < 37    # Qingdao, lon/lat order
        coordinates = shapely.get_coordinates(geom)
        assert (abs(coordinates * 1e6 - (coordinates * 1e6).round()) < 1e-3).all()   # 6 decimals


def test_me_names_the_account_and_its_area(member):
    me = get_json(member, "/api/v1/me")
    assert (me["role"], me["scope"], me["scope_level"]) == ("grid_member", GRID, "grid")
    assert me["now"].startswith("2026-01-01")


def test_cells_are_geojson_in_wgs84_with_their_statistics(command):
    body = get_json(command, f"/api/v1/cells?level=community&{YEAR}")
    _assert_wgs84_feature_collection(body)
    assert len(body["features"]) == 30
    props = body["features"][0]["properties"]
    for key in ("code", "name", "level", "kind", "parent_code", "area_km2", "households", "population",
                "received", "per_km2", "per_1000_households", "response_rate", "on_time_rate", "resolution_rate",
                "satisfaction_rate", "repeat_rate", "backlog_open", "backlog_overdue"):
        assert key in props, key
    assert sum(f["properties"]["received"] for f in body["features"]) > 10000
    assert props["per_km2"] == pytest.approx(props["received"] / props["area_km2"], rel=1e-3)


def test_simplified_communities_still_share_their_edges(command):
    body = get_json(command, "/api/v1/cells?level=community")
    geoms = [shapely.from_geojson(json.dumps(f["geometry"])) for f in body["features"]]
    assert shapely.coverage_is_valid(geoms)


def test_grids_carry_their_member_and_micro_grids_need_a_place(command):
    grids = get_json(command, f"/api/v1/cells?level=grid&within={COMMUNITY}")["features"]
    assert grids and all(f["properties"]["code"].startswith(COMMUNITY) for f in grids)
    member = next(f for f in grids if f["id"] == GRID)["properties"]["member"]
    assert set(member) == {"person_id", "name", "load_index", "open_cases", "overdue"} and "*" not in member["name"]
    error = get_json(command, "/api/v1/cells?level=microgrid", 400)["error"]
    assert (error["code"], error["parameter"]) == ("bad_parameter", "within")
    _assert_wgs84_feature_collection(get_json(command, f"/api/v1/cells?level=microgrid&within={GRID}"))


def test_filters_change_the_counts(command):
    def total(query):
        return sum(f["properties"]["received"] for f in get_json(command, f"/api/v1/cells?level=street&{query}")["features"])
    year, december = total(YEAR), total("from=2025-12-01&to=2026-01-01")
    disputes, hotline = total(f"{YEAR}&category=01"), total(f"{YEAR}&channel=hotline")
    assert 0 < december < year and 0 < disputes < year and 0 < hotline < year
    assert total(f"{YEAR}&category=0101") < disputes          # a 大类 counts its 小类


def test_incidents_are_points_with_timers_and_no_personal_data(command):
    body = get_json(command, "/api/v1/incidents?from=2025-12-01&to=2026-01-01&status=open&limit=50")
    _assert_wgs84_feature_collection(body)
    assert len(body["features"]) == 50 and body["truncated"] is True
    props = body["features"][0]["properties"]
    for key in ("id", "channel", "source_ref", "reported_at", "category_code", "category_name", "title", "status",
                "timer", "supervised", "grid_code"):
        assert key in props, key
    assert props["reported_at"].endswith("+08:00")
    assert {f["properties"]["timer"] for f in body["features"]} <= {"green", "yellow", "red", None}
    text = json.dumps(body, ensure_ascii=False)
    assert "reporter" not in text and "1370000" not in text


def test_citizens_text_comes_as_text_with_phone_numbers_masked(member, database_url):
    conn = psycopg2.connect(database_url)
    with conn, conn.cursor() as cur:
        cur.execute("UPDATE incident SET description = %s, reporter_name = '王小明', reporter_phone = '13911112222' "
                    "WHERE id = (SELECT min(id) FROM incident WHERE grid_code = %s AND geom IS NOT NULL) RETURNING id",
                    ("<script>alert(1)</script> 请回电13712345678", GRID))
        incident_id = cur.fetchone()[0]
    conn.close()
    features = get_json(member, "/api/v1/incidents?limit=20000")["features"]
    props = next(f["properties"] for f in features if f["id"] == incident_id)
    assert props["description"] == "<script>alert(1)</script> 请回电137****5678"
    text = json.dumps(features, ensure_ascii=False)
    assert "王小明" not in text and "13911112222" not in text and "13712345678" not in text


def test_overdue_incidents_are_red(command):
    features = get_json(command, f"/api/v1/incidents?{YEAR}&status=overdue")["features"]
    assert features and {f["properties"]["timer"] for f in features} == {"red"}


def test_a_bbox_finds_only_what_lies_in_it(command):
    box = (120.41, 36.10, 120.43, 36.11)
    features = get_json(command, f"/api/v1/incidents?{YEAR}&bbox={','.join(map(str, box))}")["features"]
    assert features
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def test_heat_points_are_lat_lon_pairs_of_the_filter(command):
    points = get_json(command, "/api/v1/heat?from=2025-12-01&to=2026-01-01")["points"]
    fewer = get_json(command, "/api/v1/heat?from=2025-12-01&to=2026-01-01&channel=app")["points"]
    assert 0 < len(fewer) < len(points)
    assert all(35 < lat < 37 and 119 < lon < 122 for lat, lon in points)
    assert all(round(lat, 5) == lat and round(lon, 5) == lon for lat, lon in points)   # ~1 m


def _unplaced_in_the_year(database_url, channel=None):
    """Incidents of 2025 placed nowhere (of ``channel``, when given), counted in the store."""
    conn = psycopg2.connect(database_url)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM incident WHERE district_code IS NULL AND channel = coalesce(%s, channel) "
                    "AND reported_at >= '2025-01-01+08' AND reported_at < '2026-01-01+08'", (channel,))
        counted = cur.fetchone()[0]
    conn.close()
    return counted


def test_kpis_of_the_scope_a_cell_and_a_level(command, database_url):
    district = get_json(command, f"/api/v1/kpis?{YEAR}")
    streets = get_json(command, f"/api/v1/kpis?level=street&{YEAR}")
    assert district["code"] == "370212" and len(streets) == 4
    unplaced = _unplaced_in_the_year(database_url)
    # the district counts its unplaced incidents (the review queue's), the streets do not
    assert unplaced > 0 and sum(s["received"] for s in streets) + unplaced == district["received"]
    assert get_json(command, f"/api/v1/kpis?cell={STREET}&{YEAR}")["received"] == \
        next(s for s in streets if s["code"] == STREET)["received"]


def test_kpis_follow_the_category_and_channel_but_not_the_status(command, database_url):
    everything = get_json(command, f"/api/v1/kpis?{YEAR}")
    by_app = get_json(command, f"/api/v1/kpis?{YEAR}&channel=app")
    assert 0 < by_app["received"] < everything["received"]
    streets = get_json(command, f"/api/v1/cells?level=street&{YEAR}&channel=app")["features"]
    unplaced = _unplaced_in_the_year(database_url, "app")
    # the map's own count (placed incidents: the map draws places), and the district's unplaced ones
    assert by_app["received"] == sum(f["properties"]["received"] for f in streets) + unplaced
    street_kpis = {row["code"]: row
                   for row in get_json(command, f"/api/v1/kpis?level=street&{YEAR}&channel=app")}
    for feature in streets:                       # the cells' KPI fields follow the filter too
        props = feature["properties"]
        assert props["backlog_open"] == street_kpis[props["code"]]["backlog_open"]
        assert props["response_rate"] == pytest.approx(street_kpis[props["code"]]["response_rate"])
    assert get_json(command, f"/api/v1/kpis?{YEAR}&status=closed") == everything


def test_kpis_of_a_major_category_take_its_minor_ones(command):
    categories = get_json(command, "/api/v1/categories")
    major = next(c["code"] for c in categories if c["parent_code"] is None
                 and any(m["parent_code"] == c["code"] for m in categories))
    minors = [c["code"] for c in categories if c["parent_code"] == major]
    whole = get_json(command, f"/api/v1/kpis?{YEAR}&category={major}")["received"]
    parts = [get_json(command, f"/api/v1/kpis?{YEAR}&category={m}")["received"] for m in minors]
    assert 0 < max(parts) < whole == sum(parts)          # the demo files every incident under a 小类


def test_loads_most_loaded_first_without_phones(command):
    members = get_json(command, "/api/v1/loads")
    indexes = [m["load_index"] for m in members]
    assert len(members) == 310 and indexes == sorted(indexes, reverse=True)
    assert "phone" not in json.dumps(members)


def test_hot_cells_compare_with_the_previous_period(command):
    hot = get_json(command, "/api/v1/hot-cells?level=grid&from=2025-12-01&to=2026-01-01&limit=5")
    assert len(hot) == 5 and hot[0]["received"] >= hot[-1]["received"]
    for cell in hot:
        assert cell["change"] == cell["received"] - cell["previous"] and cell["previous"] > 0


def test_cell_gives_the_breadcrumb_and_children(command):
    cell = get_json(command, f"/api/v1/cell/{GRID}")
    assert [c["level"] for c in cell["breadcrumb"]] == ["district", "street", "community", "grid"]
    assert cell["children_level"] == "microgrid" and cell["bbox"][0] < cell["bbox"][2]
    assert get_json(command, "/api/v1/cell/370212999", 404)["error"]["code"] == "not_found"


def test_categories_list_the_tree(command):
    categories = get_json(command, "/api/v1/categories")
    assert {"code": "01", "name": "矛盾纠纷", "name_en": "Disputes", "parent_code": None} in categories


def test_a_grid_member_is_refused_another_grids_incidents(member):
    error = get_json(member, f"/api/v1/incidents?cell={OTHER_GRID}", 403)["error"]
    assert (error["code"], error["parameter"]) == ("out_of_scope", "cell")
    own = get_json(member, f"/api/v1/incidents?{YEAR}")["features"]
    assert own and all(f["properties"]["grid_code"] == GRID for f in own)
    everywhere = get_json(member, f"/api/v1/heat?{YEAR}&bbox=119,35,122,37")["points"]
    assert len(everywhere) == len(own)


def test_a_grid_member_sees_only_their_grid_and_load(member):
    assert [f["id"] for f in get_json(member, "/api/v1/cells?level=grid")["features"]] == [GRID]
    assert [m["grids"] for m in get_json(member, "/api/v1/loads")] == [[GRID]]
    assert get_json(member, f"/api/v1/kpis?cell={COMMUNITY}", 403)["error"]["code"] == "out_of_scope"


def test_street_staff_see_only_their_street(app):
    street = sign_in(app, "street")
    communities = get_json(street, "/api/v1/cells?level=community")["features"]
    assert communities and all(f["id"].startswith(STREET) for f in communities)
    assert [f["id"] for f in get_json(street, "/api/v1/cells?level=street")["features"]] == [STREET]
    assert all(c["code"].startswith(STREET) for c in get_json(street, "/api/v1/hot-cells?level=grid"))
    get_json(street, f"/api/v1/cells?level=grid&within={OTHER_STREET}", 403)
    assert get_json(street, "/api/v1/cell/370212")["level"] == "district"     # the way up may be named


def test_planners_see_member_names_masked(app):
    planner = sign_in(app, "planner")
    names = [m["name"] for m in get_json(planner, "/api/v1/loads")]
    assert names and all(name[1:] and set(name[1:]) == {"*"} for name in names)


@pytest.mark.parametrize("query, parameter", [
    ("cells?level=county", "level"),
    ("cells", "level"),
    ("cells?level=grid&from=2025-13-01", "from"),
    ("cells?level=grid&from=2025-02-01&to=2025-01-01", "to"),
    ("incidents?bbox=120,36,119,37", "bbox"),
    ("incidents?bbox=a,b,c,d", "bbox"),
    ("incidents?cell=37021x", "cell"),
    ("incidents?status=lost", "status"),
    ("incidents?channel=fax", "channel"),
    ("incidents?category=99", "category"),
    ("incidents?limit=0", "limit"),
    ("incidents?limit=20001", "limit"),
    ("hot-cells?level=street&from=2027-01-01", "from"),         # after the default end (tomorrow)
])
def test_bad_parameters_get_one_error_shape_naming_them(command, query, parameter):
    error = get_json(command, f"/api/v1/{query}", 400)["error"]
    assert error["code"] == "bad_parameter" and error["parameter"] == parameter and error["message"]


def test_unknown_paths_answer_json_too(command):
    assert get_json(command, "/api/v1/nothing", 404)["error"]["code"] == "not_found"


def test_scripts_and_json_are_compressed_for_slow_links_and_pages_are_not(command):
    offered = {"Accept-Encoding": "gzip, deflate"}                    # what a browser offers over plain HTTP
    plain = command.get(f"/api/v1/cells?level=grid&within={COMMUNITY}").get_json()
    packed = command.get(f"/api/v1/cells?level=grid&within={COMMUNITY}", headers=offered)
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert int(packed.headers["Content-Length"]) < len(json.dumps(plain)) / 3
    assert json.loads(gzip.decompress(packed.get_data())) == plain
    script = command.get("/static/vendor/leaflet/leaflet.js", headers=offered)
    assert script.headers["Content-Encoding"] in ("gzip", "deflate")
    assert len(script.get_data()) < 60_000                               # Leaflet: 147 KB as it is
    page = command.get("/command", headers=offered)                    # carries the CSRF token: never (BREACH)
    assert page.status_code == 200 and "Content-Encoding" not in page.headers


def test_charts_count_the_same_incidents_as_the_map(app, command):
    """Daily intake, channel and category mix add up to what the choropleth counts in the same window and
    filter; every day of the window is a point; a street account's charts are its street's."""
    window = "from=2025-12-01&to=2026-01-01"
    for client, level, code in ((command, "district", "370212"), (sign_in(app, "street"), "street", STREET)):
        for extra in ("", "&channel=hotline"):
            charts = get_json(client, f"/api/v1/charts?{window}{extra}")
            cells = get_json(client, f"/api/v1/cells?level={level}&{window}{extra}")
            received = next(f["properties"]["received"] for f in cells["features"] if f["properties"]["code"] == code)
            assert len(charts["daily"]) == 31 and charts["daily"][0]["day"] == "2025-12-01"
            assert received > 0
            for part in ("daily", "channels", "categories"):
                assert sum(row["received"] for row in charts[part]) == received, (code, extra, part)
    assert get_json(command, "/api/v1/charts?from=2024-01-01&to=2026-01-01", 400)["error"]["parameter"] == "from"


def test_the_index_trend_is_each_months_index(app, command):
    trend = get_json(command, "/api/v1/index/trend?level=street&until=2026-01-01&months=3")
    assert trend["months"] == ["2025-10-01", "2025-11-01", "2025-12-01"]
    november = {row["code"]: row["index"] for row in get_json(command, "/api/v1/index?level=street&from=2025-11-01&to=2025-12-01")}
    assert {code: values[1] for code, values in trend["cells"].items()} == november
    assert all(len(values) == 3 for values in trend["cells"].values())
    street = get_json(sign_in(app, "street"), "/api/v1/index/trend?level=grid&until=2026-01-01&months=2")
    assert street["cells"] and all(code.startswith(STREET) for code in street["cells"])
