"""The command page's outlines at high zoom in Chromium on the demo district: GeoJSON (``/api/v1/outlines``)
by default; vector tiles (``/api/v1/tiles/…mvt``, Leaflet.VectorGrid) when asked for
(``GRIDGOV_OUTLINE_TILES``) and the basemap is not GCJ-02; GeoJSON shifted vertex by vertex on a GCJ-02
basemap even when tiles are asked for."""
import psycopg2
import pytest

from tests.webmap.browser import assert_clean, chromium, needs_chromium, resources, served_demo, sign_in, wait

pytest.importorskip("selenium.webdriver")
pytestmark = needs_chromium

WINDOW = (1280, 800)
MAP = "window[JSON.parse(document.getElementById('page-config').textContent).map]"


def _densest(url):
    """The centre (lat, lon) of the demo's 0.005° square holding the most micro-grids."""
    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute("""SELECT avg(ST_Y(ST_Centroid(geom))), avg(ST_X(ST_Centroid(geom))) FROM cell
                       WHERE level = 'microgrid' GROUP BY floor(ST_X(ST_Centroid(geom)) / 0.005),
                       floor(ST_Y(ST_Centroid(geom)) / 0.005) ORDER BY count(*) DESC LIMIT 1""")
        found = cur.fetchone()
    conn.close()
    return found


def _zoom_to(driver, lat, lon, zoom):
    driver.execute_script(f"{MAP}.setView([arguments[0], arguments[1]], arguments[2], {{animate: false}});",
                          lat, lon, zoom)


def _paths_in_tiles(driver):
    return driver.execute_script("return document.querySelectorAll('.leaflet-overlay-pane .leaflet-tile path').length")


def test_outlines_come_as_geojson_by_default(database_url):
    with served_demo(database_url) as served, chromium(*WINDOW) as driver:
        base = served["base"]
        lat, lon = _densest(database_url)
        sign_in(driver, base, "command")
        driver.get(base + "/command")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.ready"))
        assert driver.execute_script("return typeof L.vectorGrid") == "undefined"     # the plugin is not loaded
        _zoom_to(driver, lat, lon, 16)
        wait(driver, lambda d: d.execute_script("return performance.getEntriesByName('gridgov-outlines').length"))
        fetched = resources(driver)
        assert [u for u in fetched if "/api/v1/outlines" in u and "level=microgrid" in u]
        assert not [u for u in fetched if ".mvt" in u]
        assert_clean(driver, base)


def test_outlines_come_as_vector_tiles_when_asked_for(database_url):
    with served_demo(database_url, COMMAND_OUTLINE_TILES=True) as served, chromium(*WINDOW) as driver:
        base = served["base"]
        lat, lon = _densest(database_url)
        sign_in(driver, base, "command")
        driver.get(base + "/command")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.ready"))
        _zoom_to(driver, lat, lon, 16)
        wait(driver, lambda d: _paths_in_tiles(d) > 0)
        wait(driver, lambda d: d.execute_script("return performance.getEntriesByName('gridgov-outlines').length"))
        fetched = resources(driver)
        assert [u for u in fetched if "/api/v1/tiles/microgrids/16/" in u and ".mvt?v=" in u]   # the version named
        assert [u for u in fetched if "/api/v1/tiles/grids/16/" in u]
        assert not [u for u in fetched if "/api/v1/outlines" in u]
        assert _paths_in_tiles(driver) > 0
        # the switch still takes them off and puts them back
        driver.find_element("id", "L-outlines").click()
        wait(driver, lambda d: _paths_in_tiles(d) == 0)
        driver.find_element("id", "L-outlines").click()
        wait(driver, lambda d: _paths_in_tiles(d) > 0)
        assert not [u for u in resources(driver) if "/api/v1/outlines" in u]
        assert_clean(driver, base)


def test_a_gcj02_basemap_keeps_the_geojson_outlines(database_url, tmp_path):
    (tmp_path / "16").mkdir()          # a tile folder (same origin, /tiles): GCJ-02, as Amap's tiles would be
    with served_demo(database_url, GRIDGOV_BASEMAP=str(tmp_path), GRIDGOV_BASEMAP_GCJ02="1",
                     COMMAND_OUTLINE_TILES=True) as served, \
            chromium(*WINDOW) as driver:
        base = served["base"]
        lat, lon = _densest(database_url)
        sign_in(driver, base, "command")
        driver.get(base + "/command")
        wait(driver, lambda d: d.execute_script("return document.body.dataset.ready"))
        assert driver.execute_script("return JSON.parse(document.getElementById('page-config').textContent).gcj02")
        assert driver.execute_script("return typeof L.vectorGrid") == "undefined"     # the plugin is not loaded
        _zoom_to(driver, lat, lon, 16)
        wait(driver, lambda d: d.execute_script("return performance.getEntriesByName('gridgov-outlines').length"))
        fetched = resources(driver)
        assert [u for u in fetched if "/api/v1/outlines" in u and "level=microgrid" in u]
        assert not [u for u in fetched if ".mvt" in u]
        # the empty tile folder answers 404 to the basemap's own tiles: those are the only console errors
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "/tiles/" not in e["message"]]
        assert errors == [], errors
