"""A vector tile's validator over HTTP (requests against the app in waitress): the tile's ETag names the
tiles' version (generation and scope), ``If-None-Match`` with it is a 304 without a body, the command page
gives the same version for its tile URLs, and a publication changes it: the old validator gets the new
tile, and a URL naming the old version may no longer be kept."""
import json
import re

import psycopg2
import pytest
import requests

from bench.common import served_app
from grids.cells import generations
from grids.mapview import cache, tiles
from tests.conftest import wipe
from tests.map_world import NOW
from tests.shapes import ORIGIN, UNIT
from tests.webmap.demo_site import DEMO_TABLES, fill_map_world
from tests.webmap.test_vector_tiles import _tile_of

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGE_CONFIG = re.compile(r'<script[^>]*id="page-config"[^>]*>(.*?)</script>', re.S)


@pytest.fixture
def served(database_url):
    fill_map_world(database_url)
    cache.forget()
    tiles.forget()
    with served_app({"NOW": NOW, "COMMAND_OUTLINE_TILES": True}) as base:
        yield base
    tiles.forget()
    wipe(database_url, DEMO_TABLES)


def _signed_in(base):
    session = requests.Session()
    token = CSRF.search(session.get(base + "/login").text).group(1)
    answer = session.post(base + "/login", data={"username": "command", "password": "command-demo",
                                                 "csrf_token": token}, allow_redirects=False)
    assert answer.status_code == 302
    return session


def _publish_again(database_url):
    conn = psycopg2.connect(database_url)
    with conn:                                  # a new generation (the same cells) becomes current
        generations.open_draft(conn, "validator test")
        generations.publish(conn)
    conn.close()


def test_a_tile_is_revalidated_by_its_version_until_a_publication(served, database_url):
    session = _signed_in(served)
    x, y = _tile_of(ORIGIN[0] + 0.3 * UNIT, ORIGIN[1] + 1.3 * UNIT, 16)        # the tile of B1's middle
    url = f"{served}/api/v1/tiles/microgrids/16/{x}/{y}.mvt"
    first = session.get(url)
    assert first.status_code == 200 and first.content
    etag = first.headers["ETag"]
    version = json.loads(PAGE_CONFIG.search(session.get(served + "/command").text).group(1))["tile_version"]
    assert etag == f'W/"{version}"'                             # the page's tile URLs name the same version
    kept = session.get(url, params={"v": version})
    assert (kept.headers["Cache-Control"], kept.content) == ("private, max-age=300", first.content)
    unchanged = session.get(url, params={"v": version}, headers={"If-None-Match": etag})
    assert (unchanged.status_code, unchanged.content, unchanged.headers["ETag"]) == (304, b"", etag)
    assert unchanged.headers["Cache-Control"] == "private, max-age=300"
    _publish_again(database_url)
    changed = session.get(url, params={"v": version}, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.content == first.content      # same cells, a new version
    assert changed.headers["ETag"] != etag
    assert changed.headers["Cache-Control"] == "private, no-cache"             # an old page's URL: ask each time
    assert session.get(url, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 304
