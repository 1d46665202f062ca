"""Cells as Mapbox vector tiles (MVT): grids and micro-grids cut by PostGIS (``ST_AsMVT``), kept per
generation, tile and scope.

Concept: a vector tile is what a GIS client (QGIS's "Vector Tiles" layer, MapLibre, Leaflet.VectorGrid)
draws at high zoom without asking for a whole view: 256-pixel Web Mercator tiles, each cut once and then
served from memory until the generation changes (cells change only when a generation is published). A
tile holds only the cells under the asker's scope (codes nest, so a scope is a set of code prefixes).
Tiles start at the zoom where a level is worth drawing (grids from 10, micro-grids from 14); below that a
tile is empty. The command page draws them at high zoom (Leaflet.VectorGrid) when GRIDGOV_OUTLINE_TILES
asks for it, GeoJSON outlines otherwise (measured faster on one view, docs/webmap.md). Cut in Web Mercator
on the server, a tile cannot be shifted onto a GCJ-02 basemap: there the page always keeps its GeoJSON
outlines, which it shifts vertex by vertex.

A tile's :func:`version` names what it shows (the generation's identity and the scope): the page puts it
in its tile URLs and the server gives it as the tile's validator, so a browser keeps a tile as long as
its answer allows and asks again once a publication changes the generation.
"""
import hashlib
import threading
from collections import OrderedDict

from gis.sqlfiles import load
from grids.cells import generations
from grids.mapview.cell_layers import current

LAYERS = {"grids": ("grid", 10), "microgrids": ("microgrid", 14)}    # tile layer: (cell level, first zoom)
MAX_ZOOM = 22
CACHE_BYTES = 64 * 1024 * 1024
_TILES = OrderedDict()     # (generation identity, layer, z, x, y, roots) -> bytes, least recently used first
_SIZE = [0]
_LOCK = threading.Lock()


def cell_tile(conn, layer, z, x, y, roots=None):
    """The MVT bytes of tile ``z/x/y`` of ``layer`` ('grids' or 'microgrids') for the cells under the code
    prefixes ``roots`` (None: all); empty bytes below the layer's first zoom."""
    level, first_zoom = LAYERS[layer]
    if z < first_zoom:
        return b""
    generation = current(conn)
    key = (generations.identity(conn, generation), layer, z, x, y, tuple(roots) if roots is not None else None)
    with _LOCK:
        found = _TILES.get(key)
        if found is not None:
            _TILES.move_to_end(key)
            return found
    tile = _cut(conn, level, layer, z, x, y, generation, roots)
    _keep(key, tile)
    return tile


def version(conn, roots=None):
    """A short token naming what the tiles under ``roots`` show now: the current generation's identity
    and the scope (it changes when a publication does, or when a store is rebuilt)."""
    identity = generations.identity(conn, current(conn))
    named = repr((identity, tuple(roots) if roots is not None else None)).encode()
    return hashlib.sha256(named).hexdigest()[:16]


def valid_tile(z, x, y):
    """Whether ``z/x/y`` names a tile of the Web Mercator pyramid up to :data:`MAX_ZOOM`."""
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2 ** z and 0 <= y < 2 ** z


def forget():
    """Drop every tile kept (tests; a rebuilt store changes the generation's identity anyway)."""
    with _LOCK:
        _TILES.clear()
        _SIZE[0] = 0


def _cut(conn, level, layer, z, x, y, generation, roots):
    with conn.cursor() as cur:
        cur.execute(load("grids.mapview", "cell_tile_serial"))
        cur.execute(load("grids.mapview", "cell_tile"), {
            "z": z, "x": x, "y": y, "level": level, "layer": layer, "generation": generation,
            "prefixes": [f"{root}%" for root in roots] if roots is not None else None})
        return bytes(cur.fetchone()[0])


def _keep(key, tile):
    with _LOCK:
        if key in _TILES:
            return
        _TILES[key] = tile
        _SIZE[0] += len(tile)
        while _SIZE[0] > CACHE_BYTES and _TILES:
            _, dropped = _TILES.popitem(last=False)
            _SIZE[0] -= len(dropped)
