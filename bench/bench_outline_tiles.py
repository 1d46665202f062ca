"""Benchmark: the command page's outlines at high zoom in headless Chromium, vector tiles against GeoJSON.

Run: ``.venv/bin/python -m bench.bench_outline_tiles [--zooms 16 17] [--rounds 3]``

On the demo district (seed 42, ``gridgov_bench_web_demo`` in the embedded cluster, built by ``gridgov
demo`` when missing; ``GRIDGOV_BENCH_DATABASE_URL`` overrides), the app served by waitress in this
process with no basemap, a 1920×1080 Chromium signed in as ``command``. The view is centred on the
demo's densest 0.005° square of micro-grids. For each mode (``tiles``: ``/api/v1/tiles/…mvt`` drawn by
Leaflet.VectorGrid; ``geojson``: ``/api/v1/outlines``, the page's path with a GCJ-02 basemap, here
without the shift: ``COMMAND_OUTLINE_TILES=False``) and zoom:

- *cold*: a new app (the server's tile and answer memories emptied) and a new browser: the page loaded,
  then the map set on the view; *warm*: the page reloaded in the same browser and the same view set again
  (the server's memories full; the browser's HTTP cache as the answers' headers allow);
- *first paths*: ms from ``setView`` until micro-grid outline paths are first on screen (tiles: the
  first tile drawn, ``gridgov-outlines-first``; GeoJSON: the one answer drawn); *all*: until every
  outline of the view is drawn (``gridgov-outlines``), both including the page's 200 ms debounce;
- *back*: in the warm browser, the map panned ~9 tiles away and back to the view (``animate: false``);
  ms from setting the view back until its outlines are drawn again;
- *KiB*: bytes that came over the network for the outline requests (``transferSize``: gzipped when the
  server compresses; 0 for an answer from the browser's cache), how many requests reached the server
  (``transferSize`` > 0, revalidations included) and how many the browser's cache answered. (Until
  2026-12-05 this bench summed ``transferSize || encodedBodySize``, which counts a cached answer's body as
  transferred: the "warm" rounds seemed to download the tiles again when nothing came over the network.)
"""
import argparse
import contextlib
import os
import statistics

WINDOW = (1920, 1080)
AWAY = 0.05        # degrees panned away before coming back: ~9 tiles at zoom 16, beyond what Leaflet keeps
MAP = "window[JSON.parse(document.getElementById('page-config').textContent).map]"


def densest(url):
    import psycopg2

    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute("""SELECT avg(ST_Y(ST_Centroid(geom))), avg(ST_X(ST_Centroid(geom))), count(*) FROM cell
                       WHERE level = 'microgrid' GROUP BY floor(ST_X(ST_Centroid(geom)) / 0.005),
                       floor(ST_Y(ST_Centroid(geom)) / 0.005) ORDER BY count(*) DESC LIMIT 1""")
        found = cur.fetchone()
    conn.close()
    return found


def store():
    import psycopg2

    from bench.common import demo_store_url
    from etl.demo.accounts import create_demo_accounts, demo_now
    from gis import migrate

    url = demo_store_url("gridgov_bench_web_demo")
    conn = psycopg2.connect(url)
    with conn:
        migrate.migrate(conn)
        create_demo_accounts(conn)
        now = demo_now(conn)
    conn.close()
    return url, now


@contextlib.contextmanager
def served(url, now, tiles):
    """The app over the demo store ``url`` at ``now``, outlines as tiles or GeoJSON; yields its base URL."""
    from bench.common import served_app
    from grids.mapview import cache
    from grids.mapview import tiles as tile_memory

    os.environ["GRIDGOV_DATABASE_URL"] = url
    cache.forget()
    tile_memory.forget()
    with served_app({"NOW": now, "COMMAND_OUTLINE_TILES": tiles}) as base:
        yield base


def one_view(driver, base, lat, lon, zoom, tiles):
    """``(first ms, all ms, KiB transferred, requests, from cache, paths drawn)`` for the page loaded then set
    on the view."""
    from bench.web_browser import _mark
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base + "/command")
    WebDriverWait(driver, 60, poll_frequency=0.02).until(lambda d: d.execute_script("return document.body.dataset.ready"))
    driver.execute_script("performance.clearResourceTimings(); performance.setResourceTimingBufferSize(10000);")
    started = driver.execute_script(f"const t = performance.now(); {MAP}.setView([{lat}, {lon}], {zoom}, "
                                    "{animate: false}); return t;")
    done = _mark(driver, "gridgov-outlines")
    first = done if not tiles else _mark(driver, "gridgov-outlines-first")
    paths = driver.execute_script(
        "return document.querySelectorAll('.leaflet-overlay-pane .leaflet-tile path').length" if tiles else
        f"let n = 0; {MAP}.eachLayer(l => {{ if (l.feature && l.options.renderer) n++; }}); return n;")
    return (first - started, done - started, *_transferred(driver), paths)


def back_again(driver, lat, lon, zoom):
    """``(ms, KiB transferred, requests, from cache)`` for the view set again after panning away from it."""
    from selenium.webdriver.support.ui import WebDriverWait

    for centre in ((lat + AWAY, lon + AWAY), (lat, lon)):
        drawn = driver.execute_script("return performance.getEntriesByName('gridgov-outlines').length")
        driver.execute_script("performance.clearResourceTimings()")
        started = driver.execute_script(f"const t = performance.now(); {MAP}.setView([{centre[0]}, {centre[1]}], "
                                        f"{zoom}, {{animate: false}}); return t;")
        WebDriverWait(driver, 60, poll_frequency=0.02).until(lambda d: d.execute_script(
            "return performance.getEntriesByName('gridgov-outlines').length") > drawn)
    done = driver.execute_script("return performance.getEntriesByName('gridgov-outlines').pop().startTime")
    return (done - started, *_transferred(driver))


def _transferred(driver):
    """KiB that came over the network for the outline requests, requests that did, requests the cache answered."""
    sizes = driver.execute_script(
        "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/tiles/') "
        "|| e.name.includes('/api/v1/outlines')).map(e => e.transferSize)")
    return sum(sizes) / 1024, sum(1 for s in sizes if s > 0), sum(1 for s in sizes if s == 0)


def measure(url, now, zooms, rounds):
    from bench.web_browser import chromium, sign_in

    lat, lon, count = densest(url)
    print(f"view: centre {lat:.5f}, {lon:.5f} (the densest 0.005° square: {count} micro-grids), "
          f"{WINDOW[0]}×{WINDOW[1]}")
    print("| mode | zoom | run | first paths: ms | all drawn: ms | KiB transferred | requests | from cache "
          "| paths/polygons |")
    print("|---|---|---|---|---|---|---|---|---|")
    for tiles in (True, False):
        for zoom in zooms:
            runs = {"cold": [], "warm": [], "back": []}
            for _ in range(rounds):
                with served(url, now, tiles) as base:
                    driver = chromium()
                    try:
                        sign_in(driver, base)
                        runs["cold"].append(one_view(driver, base, lat, lon, zoom, tiles))
                        runs["warm"].append(one_view(driver, base, lat, lon, zoom, tiles))
                        ms, *sizes = back_again(driver, lat, lon, zoom)
                        runs["back"].append((ms, ms, *sizes, runs["warm"][-1][-1]))
                    finally:
                        driver.quit()
            for run, found in runs.items():
                median = [statistics.median(v[i] for v in found) for i in range(6)]
                print(f"| {'tiles' if tiles else 'GeoJSON'} | {zoom} | {run} | {median[0]:.0f} | {median[1]:.0f} | "
                      f"{median[2]:.1f} | {median[3]:.0f} | {median[4]:.0f} | {median[5]:.0f} |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zooms", type=int, nargs="+", default=[16, 17])
    parser.add_argument("--rounds", type=int, default=3, help="runs of each (mode, zoom); medians printed")
    args = parser.parse_args()
    from bench.common import machine

    print(f"machine: {machine()}")
    url, now = store()
    measure(url, now, args.zooms, args.rounds)


if __name__ == "__main__":
    main()
