"""The command page's outline tiles in Chromium's HTTP cache, counted at the server: a tile seen once is
not asked for again within its lifetime (panning away and back, zooming out and in, reloading the page),
and is asked for again once a publication changes the generation (the tile URL names the generation the
page was given)."""
import contextlib

import psycopg2
import pytest

from grids.cells import generations
from tests.webmap.browser import chromium, needs_chromium, served_demo, sign_in, wait
from tests.webmap.test_command_tiles_browser import MAP, WINDOW, _densest

pytest.importorskip("selenium.webdriver")
pytestmark = needs_chromium

AWAY = 0.05          # degrees: ~9 tiles at zoom 16, beyond what Leaflet keeps around the view


def _served_tiles(app):
    """The paths of every tile request the server receives from now on (answered or not, 304 included)."""
    seen, inner = [], app.wsgi_app

    def counting(environ, start_response):
        if environ["PATH_INFO"].startswith("/api/v1/tiles/"):
            seen.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    app.wsgi_app = counting
    return seen


def _view(driver, lat, lon, zoom):
    """Set the view, wait until its micro-grid tiles are drawn (one more ``load`` of the layer); the paths of
    the tiles the page asked for (from the server or its cache)."""
    driver.execute_script("performance.clearResourceTimings()")
    drawn = driver.execute_script("return performance.getEntriesByName('gridgov-outlines').length")
    driver.execute_script(f"{MAP}.setView([arguments[0], arguments[1]], arguments[2], {{animate: false}});",
                          lat, lon, zoom)
    wait(driver, lambda d: d.execute_script("return performance.getEntriesByName('gridgov-outlines').length")
         > drawn)
    return set(driver.execute_script(
        "return performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/tiles/'))"
        ".map(e => new URL(e.name).pathname)"))


def _open_page(driver, base):
    driver.get(base + "/command")
    wait(driver, lambda d: d.execute_script("return document.body.dataset.ready"))
    driver.execute_script("performance.setResourceTimingBufferSize(10000)")


def _transferred(driver, path):
    """The bytes that came over the network for ``path`` the last time the page asked for it (0: the cache)."""
    return driver.execute_script(
        "return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname === arguments[0])"
        ".map(e => e.transferSize).pop()", path)


@contextlib.contextmanager
def _on_the_densest_view(database_url):
    """The demo served with outline tiles, a Chromium signed in as ``command`` with the command page set on
    the densest view at zoom 16; yields ``(driver, base, every tile path the server got, (lat, lon), the
    view's zoom-16 tile paths)``."""
    with served_demo(database_url, COMMAND_OUTLINE_TILES=True) as served, chromium(*WINDOW) as driver:
        base, seen = served["base"], _served_tiles(served["app"])
        centre = _densest(database_url)
        sign_in(driver, base, "command")
        _open_page(driver, base)
        first = {p for p in _view(driver, *centre, 16) if "/16/" in p}
        assert first and set(seen) >= first
        yield driver, base, seen, centre, first


def test_a_tile_seen_once_is_not_fetched_again_within_its_lifetime(database_url):
    with _on_the_densest_view(database_url) as (driver, base, seen, (lat, lon), first):
        before = len(seen)
        for away in [(lat + AWAY, lon + AWAY, 16), (lat, lon, 15)]:      # pan away and back; zoom out and in
            _view(driver, *away)
            assert _view(driver, lat, lon, 16) >= first                      # the page asked for them again
            assert {_transferred(driver, p) for p in first} == {0}          # and its cache answered
        assert [p for p in seen[before:] if p in first] == []               # none reached the server
        _open_page(driver, base)                        # the page loaded again: its tiles still cached
        before = len(seen)
        assert _view(driver, lat, lon, 16) >= first
        assert [p for p in seen[before:] if p in first] == []


def test_a_publication_makes_the_page_fetch_its_tiles_again(database_url):
    with _on_the_densest_view(database_url) as (driver, base, seen, (lat, lon), first):
        conn = psycopg2.connect(database_url)
        with conn:                                      # a new generation (the same cells) becomes current
            generations.open_draft(conn, "tile cache test")
            generations.publish(conn)
        conn.close()
        _open_page(driver, base)
        before = len(seen)
        _view(driver, lat, lon, 16)
        assert first <= set(seen[before:])              # every tile of the view came from the server again
        assert {_transferred(driver, p) > 0 for p in first} == {True}
