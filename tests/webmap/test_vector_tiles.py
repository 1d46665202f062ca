"""Cells as Mapbox vector tiles, decoded the way a client does (mapbox-vector-tile): the micro-grids and
grids covering the map world, each once across the tiles, with code, name and kind; only the account's
scope; empty below a layer's first zoom; bad tiles refused by name; kept until the generation changes."""
import gzip
import math

import mapbox_vector_tile
import psycopg2
import pytest

from grids.mapview import cache, tiles
from grids.people import accounts
from tests.cases import DISTRICT, GRID
from tests.conftest import wipe
from tests.map_world import BUILDINGS, DEDICATED, NOW, STAIRWELL, load_map_world
from tests.shapes import ORIGIN, UNIT
from tests.webmap.demo_site import DEMO_TABLES, get_json, sign_in
from webmap import create_app


@pytest.fixture(scope="module")
def app(database_url):
    wipe(database_url, DEMO_TABLES)
    conn = psycopg2.connect(database_url)
    with conn:
        load_map_world(conn)
        accounts.create_account(conn, "command", "command-demo", "command_staff", scope_code=DISTRICT)
        with conn.cursor() as cur:
            cur.execute("SELECT id FROM person WHERE code = 'M2'")
            accounts.create_account(conn, "member", "member-demo", "grid_member", person_id=cur.fetchone()[0])
    conn.close()
    cache.forget()
    tiles.forget()
    yield create_app({"SECRET_KEY": "test", "TESTING": True, "NOW": NOW})
    tiles.forget()
    wipe(database_url, DEMO_TABLES)


def _tile_of(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def _tiles_over_the_world(z):
    (x0, y1), (x1, y0) = _tile_of(*ORIGIN, z), _tile_of(ORIGIN[0] + 2 * UNIT, ORIGIN[1] + 2 * UNIT, z)
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def _features(client, layer, z):
    """Every feature of the tiles over the world, by code (a cell cut by a tile edge is in several)."""
    found = {}
    for x, y in _tiles_over_the_world(z):
        response = client.get(f"/api/v1/tiles/{layer}/{z}/{x}/{y}.mvt")
        assert response.status_code == 200 and response.mimetype == "application/vnd.mapbox-vector-tile"
        decoded = mapbox_vector_tile.decode(response.get_data())
        for feature in decoded.get(layer, {}).get("features", []):
            found[feature["properties"]["code"]] = feature["properties"]
    return found


def test_micro_grids_and_grids_come_as_tiles_with_their_names(app):
    command = sign_in(app, "command")
    micro = _features(command, "microgrids", 16)
    assert set(micro) == {*BUILDINGS.values(), STAIRWELL}
    assert micro[BUILDINGS["B1"]]["name"] == "1号楼" and micro[STAIRWELL]["kind"] == "stairwell"
    grids = _features(command, "grids", 14)
    assert set(grids) == {*GRID.values(), DEDICATED}


def test_a_tile_holds_only_the_accounts_scope(app):
    member = sign_in(app, "member")
    assert set(_features(member, "microgrids", 16)) == {BUILDINGS["B3"]}      # M2's grid 002


def test_below_a_layers_first_zoom_a_tile_is_empty_and_bad_tiles_are_refused(app):
    command = sign_in(app, "command")
    x, y = _tile_of(*ORIGIN, 12)
    empty = command.get(f"/api/v1/tiles/microgrids/12/{x}/{y}.mvt")
    assert empty.status_code == 200 and empty.get_data() == b""
    for path, parameter in [("roads/16/1/1", "layer"), ("grids/23/1/1", "z"), ("grids/3/8/0", "z")]:
        error = get_json(command, f"/api/v1/tiles/{path}.mvt", 400)["error"]
        assert (error["code"], error["parameter"]) == ("bad_parameter", parameter)
    assert app.test_client().get(f"/api/v1/tiles/grids/14/{x}/{y}.mvt").status_code == 401


def test_a_tile_is_cut_once_per_generation(app, database_url):
    command = sign_in(app, "command")
    tiles.forget()
    x, y = _tile_of(ORIGIN[0] + 0.3 * UNIT, ORIGIN[1] + 1.3 * UNIT, 16)        # the tile of B1's middle
    first = command.get(f"/api/v1/tiles/microgrids/16/{x}/{y}.mvt").get_data()
    conn = psycopg2.connect(database_url)
    with conn, conn.cursor() as cur:                    # behind the store's back: no new generation
        cur.execute("UPDATE cell SET name = 'renamed' WHERE level = 'microgrid'")
    conn.close()
    assert command.get(f"/api/v1/tiles/microgrids/16/{x}/{y}.mvt").get_data() == first
    tiles.forget()
    again = mapbox_vector_tile.decode(command.get(f"/api/v1/tiles/microgrids/16/{x}/{y}.mvt").get_data())
    assert {f["properties"]["name"] for f in again["microgrids"]["features"]} == {"renamed"}


def test_a_tile_travels_compressed_to_a_client_that_accepts_it(app):
    """Vector tiles are protobuf, not compressed by their format: the server gzips them as it does GeoJSON
    (the command page's tile mode moved 3.6–5.4× the GeoJSON's bytes without it, docs/benchmarks.md)."""
    command = sign_in(app, "command")
    x, y = _tile_of(ORIGIN[0] + UNIT, ORIGIN[1] + UNIT, 14)                 # the whole world in one tile
    smallest = app.config["COMPRESS_MIN_SIZE"]
    app.config["COMPRESS_MIN_SIZE"] = 100             # the small world's tile (~300 bytes) is below the default
    try:
        plain = command.get(f"/api/v1/tiles/microgrids/14/{x}/{y}.mvt")
        packed = command.get(f"/api/v1/tiles/microgrids/14/{x}/{y}.mvt", headers={"Accept-Encoding": "gzip"})
    finally:
        app.config["COMPRESS_MIN_SIZE"] = smallest
    assert len(plain.get_data()) > 100 and "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data())
