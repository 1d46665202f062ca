"""OGC API - Features as a GIS client calls it: the app served on loopback, read over HTTP with urllib
(and OWSLib's Features client when installed): landing, conformance, collections, items by bbox, paging
through `next` to the end, one feature, EPSG:4490's lat/lon order, masking, scope, 400 and 401."""
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request

import psycopg2
import pytest

from grids.cells import generations
from grids.integration.keys import create_key
from grids.people import accounts
from tests.cases import COMMUNITY, GRID, GRID_SQUARE, T0, add_incident, load_world
from tests.conftest import wipe
from tests.shapes import ORIGIN, UNIT
from tests.webmap.intake_site import INTAKE_TABLES, served_app

TABLES = f"{INTAKE_TABLES}, account"
PASSWORD = "grid-Reader-2026-x"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG4490 = "http://www.opengis.net/def/crs/EPSG/0/4490"


@pytest.fixture(scope="module")
def site(database_url):
    wipe(database_url, TABLES)
    conn = psycopg2.connect(database_url)
    with conn:
        people = load_world(conn)
        generations.publish(conn)
        for grid in (1, 1, 2, 3, 4):
            add_incident(conn, f"H-{grid}-{_next()}", grid=grid)
        with conn.cursor() as cur:
            cur.execute("UPDATE incident SET title = '楼道堆物，联系人13912345678', address = '某路1号'")
        tokens = {name: create_key(conn, name, [], cells, scopes=["features"])[1]
                  for name, cells in (("qgis-district", []), ("qgis-grid3", [GRID[3]]))}
        tokens["intake"] = create_key(conn, "intake-only", ["hotline"])[1]
        accounts.create_account(conn, "member1", PASSWORD, "grid_member", person_id=people["M1"])
        accounts.create_account(conn, "command1", PASSWORD, "command_staff", scope_code="370212")
        accounts.create_account(conn, "planner1", PASSWORD, "planner", scope_code="370212")
    conn.close()
    with served_app(NOW=T0) as base:
        yield {"base": base + "/ogcapi", "root": base, "tokens": tokens}
    wipe(database_url, TABLES)


_counter = iter(range(1000))


def _next():
    return next(_counter)


def get(url, token=None, opener=None):
    """``(status, headers, parsed JSON)`` of a GET, with the key in ``X-Api-Key`` when given."""
    request = urllib.request.Request(url, headers={"X-Api-Key": token} if token else {})
    opener = opener or urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=60) as answer:
            return answer.status, answer.headers, json.loads(answer.read())
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers, json.loads(answer.read())


def signed_in(site, username):
    """An opener carrying the session cookie of ``username`` signed in through the form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(site["root"] + "/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrf_token": token}).encode()
    opener.open(site["root"] + "/login", data=form)
    return opener


def test_landing_conformance_and_collections_with_their_links(site):
    key = site["tokens"]["qgis-district"]
    status, headers, landing = get(site["base"], key)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert {link["rel"] for link in landing["links"]} >= {"self", "service-desc", "conformance", "data"}
    status, headers, definition = get(next(l["href"] for l in landing["links"] if l["rel"] == "service-desc"), key)
    assert status == 200 and headers["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert "/collections/grids/items" in definition["paths"] and definition["openapi"].startswith("3.0")
    assert get(site["base"] + "/", key)[0] == 200
    assert headers["X-Content-Type-Options"] == "nosniff"            # webmap/headers.py on every answer
    _, _, conformance = get(site["base"] + "/conformance", key)
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conformance["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conformance["conformsTo"]
    _, _, found = get(site["base"] + "/collections", key)
    ids = [c["id"] for c in found["collections"]]
    assert ids == ["cities", "districts", "streets", "communities", "grids", "microgrids", "incidents"]
    grids = found["collections"][4]
    assert grids["crs"] == [CRS84, EPSG4490] and grids["generation"] == 1
    assert {(link["rel"], link["type"]) for link in grids["links"]} >= {("items", "application/geo+json"),
                                                                        ("self", "application/json")}
    assert grids["extent"]["spatial"]["bbox"][0] == pytest.approx([ORIGIN[0], ORIGIN[1], ORIGIN[0] + 2 * UNIT,
                                                                   ORIGIN[1] + 2 * UNIT])


def test_items_by_bbox_and_paging_through_next_to_the_end(site):
    key = site["tokens"]["qgis-district"]
    col, row = GRID_SQUARE[3]
    box = f"{ORIGIN[0] + (col + 0.2) * UNIT},{ORIGIN[1] + (row + 0.2) * UNIT}," \
          f"{ORIGIN[0] + (col + 0.8) * UNIT},{ORIGIN[1] + (row + 0.8) * UNIT}"
    status, headers, found = get(f"{site['base']}/collections/grids/items?bbox={box}", key)
    assert status == 200 and headers["Content-Type"] == "application/geo+json"
    assert headers["Content-Crs"] == f"<{CRS84}>"
    assert [f["id"] for f in found["features"]] == [GRID[3]] and found["numberMatched"] == 1
    url, seen, pages = f"{site['base']}/collections/grids/items?limit=3", [], 0
    while url:
        _, _, page = get(url, key)
        seen += [f["id"] for f in page["features"]]
        assert page["numberReturned"] == len(page["features"]) and page["numberMatched"] == 4
        url = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
        pages += 1
    assert seen == sorted(GRID.values()) and pages == 2
    assert any(link["rel"] == "prev" for link in page["links"])


def test_one_feature_and_epsg_4490_in_lat_lon_order(site):
    key = site["tokens"]["qgis-district"]
    base = f"{site['base']}/collections/incidents/items"
    _, _, first = get(f"{base}?grid_code={GRID[2]}", key)
    incident = first["features"][0]
    lon, lat = incident["geometry"]["coordinates"]
    col, row = GRID_SQUARE[2]
    assert (lon, lat) == pytest.approx((ORIGIN[0] + (col + 0.5) * UNIT, ORIGIN[1] + (row + 0.5) * UNIT))
    status, headers, swapped = get(f"{base}/{incident['id']}?crs={urllib.parse.quote(EPSG4490)}", key)
    assert status == 200 and headers["Content-Crs"] == f"<{EPSG4490}>"
    assert swapped["geometry"]["coordinates"] == pytest.approx([lat, lon])          # EPSG:4490: latitude first
    bbox = f"{lat - 0.001},{lon - 0.001},{lat + 0.001},{lon + 0.001}"                # and bbox-crs reads lat/lon
    _, _, near = get(f"{base}?bbox={bbox}&bbox-crs={urllib.parse.quote(EPSG4490)}", key)
    assert [f["id"] for f in near["features"]] == [incident["id"]]
    status, _, grid = get(f"{site['base']}/collections/grids/items/{GRID[1]}?generation=1", key)
    assert status == 200 and grid["properties"]["parent_code"] == COMMUNITY
    assert get(f"{site['base']}/collections/grids/items/{GRID[1]}?generation=99", key)[0] == 404
    assert get(f"{site['base']}/collections/grids/items/a%00b", key)[0] == 404
    assert get(f"{site['base']}/collections/rivers/items", key)[0] == 404


def test_incidents_are_masked_by_role_and_carry_no_personal_field(site):
    key = site["tokens"]["qgis-district"]
    _, _, by_key = get(f"{site['base']}/collections/incidents/items", key)
    assert by_key["numberMatched"] == 5
    text = json.dumps(by_key, ensure_ascii=False)
    assert "张三丰" not in text and "13912345678" not in text and "某路1号" not in text
    assert "title" not in by_key["features"][0]["properties"]                      # a key reads no free text
    _, _, by_command = get(f"{site['base']}/collections/incidents/items", opener=signed_in(site, "command1"))
    props = by_command["features"][0]["properties"]
    assert props["title"] == "楼道堆物，联系人139****5678" and "reporter_name" not in props
    _, _, by_planner = get(f"{site['base']}/collections/incidents/items", opener=signed_in(site, "planner1"))
    assert "title" not in by_planner["features"][0]["properties"]
    assert by_planner["features"][0]["geometry"]["type"] == "Point"


def test_a_grid_member_and_a_grid_key_see_only_their_grid(site):
    member = signed_in(site, "member1")
    _, _, grids = get(f"{site['base']}/collections/grids/items", opener=member)
    assert [f["id"] for f in grids["features"]] == [GRID[1]]
    _, _, mine = get(f"{site['base']}/collections/incidents/items", opener=member)
    assert {f["properties"]["grid_code"] for f in mine["features"]} == {GRID[1]} and mine["numberMatched"] == 2
    key = site["tokens"]["qgis-grid3"]
    _, _, streets = get(f"{site['base']}/collections/streets/items", key)
    assert streets["numberMatched"] == 0                       # above the key's cells: nothing
    _, _, theirs = get(f"{site['base']}/collections/incidents/items", key)
    assert [f["properties"]["grid_code"] for f in theirs["features"]] == [GRID[3]]
    other = mine["features"][0]["id"]
    assert get(f"{site['base']}/collections/incidents/items/{other}", key)[0] == 404


@pytest.mark.parametrize("query, parameter", [
    ("colour=red", "colour"), ("limit=10001", "limit"), ("limit=0", "limit"), ("bbox=1,2,3", "bbox"),
    ("crs=EPSG:3857", "crs"), ("kind=stairwell", "kind"), ("generation=x", "generation"),
    ("datetime=2025-13-01", "datetime"), ("datetime=9999-12-31", "datetime"), ("f=html", "f"),
    ("bbox=1e308,0,1,1", "bbox"), ("offset=-1", "offset"), ("limit=2&limit=3", "limit"),
])
def test_an_unknown_or_bad_parameter_is_a_400_naming_it(site, query, parameter):
    status, _, answer = get(f"{site['base']}/collections/grids/items?{query}", site["tokens"]["qgis-district"])
    assert status == 400 and answer["error"]["parameter"] == parameter


def test_datetime_picks_incidents_by_report_time(site):
    key = site["tokens"]["qgis-district"]
    base = f"{site['base']}/collections/incidents/items"
    assert get(f"{base}?datetime=2025-03-03", key)[2]["numberMatched"] == 5
    assert get(f"{base}?datetime=../2025-03-02", key)[2]["numberMatched"] == 0
    assert get(f"{base}?datetime=2025-03-03T09:00:00%2B08:00", key)[2]["numberMatched"] == 5


def test_without_a_session_or_a_reading_key_it_is_refused(site):
    status, _, answer = get(site["base"] + "/collections")
    assert status == 401 and answer["error"]["code"] == "unauthorized"
    assert get(site["base"], "ggk_not-a-key")[0] == 401
    status, _, answer = get(site["base"], site["tokens"]["intake"])
    assert status == 403 and answer["error"]["scope"] == "features"


def test_owslib_reads_it_as_qgis_would(site):
    features = pytest.importorskip("owslib.ogcapi.features")
    client = features.Features(site["base"], headers={"X-Api-Key": site["tokens"]["qgis-district"]})
    assert "grids" in [c["id"] for c in client.collections()["collections"]]
    inside_grid2 = [ORIGIN[0] + 0.2 * UNIT, ORIGIN[1] + 0.2 * UNIT, ORIGIN[0] + 0.8 * UNIT, ORIGIN[1] + 0.8 * UNIT]
    found = client.collection_items("grids", limit=2, bbox=inside_grid2)
    assert found["numberMatched"] == 1 and found["features"][0]["id"] == GRID[2]
    everything = client.collection_items("incidents", limit=2)
    assert everything["numberMatched"] == 5 and len(everything["features"]) == 2


BAD_VALUES = ("99999999999999999999999", "\x00", "x" * 5_000, "x", "-1", "1e308", "²", "9999-12-31/..")
PARAMETERS = ("limit", "offset", "bbox", "bbox-crs", "crs", "datetime", "generation", "f", "code", "kind",
              "channel", "category_code", "grid_code")


def test_no_bad_value_is_a_5xx(site):
    """The sweep of tests/security/test_web_input.py, over /ogcapi: each parameter and path part gets huge
    numbers, NUL, long text, exponents and superscripts: a 4xx, never a 5xx."""
    key, failures = site["tokens"]["qgis-district"], []
    for collection in ("grids", "incidents"):
        urls = [f"{site['base']}/collections/{collection}/items?{name}={urllib.parse.quote(value, safe='')}"
                for name in PARAMETERS for value in BAD_VALUES]
        urls += [f"{site['base']}/collections/{collection}/items/{urllib.parse.quote(value, safe='')}"
                 for value in BAD_VALUES]
        failures += [(url[:120], status) for url in urls if (status := get(url, key)[0]) >= 500]
    assert failures == []
