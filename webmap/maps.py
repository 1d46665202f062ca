"""Folium map builders for the pages: the map container, its basemap and controls — never the data.

A page's map is a small folium ``Map`` rendered into our own Jinja template: folium writes the map
``<div>``, the Leaflet setup script and the basemap layer; the page's own JS (``static/js/*.js``) then
fetches every data layer (cells, incidents, heat) from ``/api/v1``. Embedding layers in the HTML does not
scale (docs: SPEED.md — 30 MB of HTML for 100k buildings), fetching them does.

Offline rule: folium 0.20 lists jQuery, Bootstrap, Font Awesome and awesome-markers on public CDNs
as its defaults. The command page uses none of them, so :class:`OfflineMap` replaces that list with
the vendored Leaflet under ``/static/vendor`` (see ``static/vendor/README.md``).

Basemap (``GRIDGOV_BASEMAP``, from the app config or the environment's :mod:`gis.settings`, where the
rule of what it may be lives and is checked at start):

- ``none`` (default) — cells on a plain dark background, nothing else to serve;
- a directory — an XYZ tile folder ``{z}/{x}/{y}.png`` served by the app under ``/tiles``;
- a ``.mbtiles`` file — served by the app under ``/tiles`` (TMS rows flipped to XYZ);
- a URL template containing ``{z}``, ``{x}``, ``{y}`` — e.g. an intranet tile service;
- ``tianditu:vec`` (矢量), ``tianditu:img`` (影像) or ``tianditu:ter`` (地形) — 天地图 with its annotation
  layer on top (cva/cia/cta), its eight hosts t0–t7, EPSG:3857 tiles in CGCS2000 (no shift), with the key
  ``GRIDGOV_TIANDITU_TOKEN``. The URL table is the one ``leaflet.chinatmsproviders`` publishes; the plugin
  itself is not used: folium's tile layer takes the hosts, and the plugin's built-in fallback key would be
  used silently where ours is missing.

``GRIDGOV_BASEMAP_GCJ02=1`` says the basemap is in GCJ-02 (Amap/Gaode, Tencent): the page then shifts
every overlay from WGS 84/CGCS2000 to GCJ-02 so the two line up (``static/js/gcj02.js``).
"""
import contextlib
import functools
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template

from gis import settings as gridgov_settings

VENDOR = "/static/vendor"
VENDOR_JS = [("leaflet", f"{VENDOR}/leaflet/leaflet.js")]
VENDOR_CSS = [("leaflet_css", f"{VENDOR}/leaflet/leaflet.css")]
TILE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".pbf")
TIANDITU = "https://t{{s}}.tianditu.gov.cn/DataServer?T={layer}&X={{x}}&Y={{y}}&L={{z}}&tk={token}"
TIANDITU_ANNOTATION = {"vec": "cva", "img": "cia", "ter": "cta"}
TIANDITU_HOSTS = "01234567"


class MetricScale(MacroElement):
    """A metric-only scale bar (folium's ``control_scale`` adds feet and miles too)."""

    _template = Template("""{% macro script(this, kwargs) %}
        L.control.scale({imperial: false, maxWidth: 160}).addTo({{ this._parent.get_name() }});
    {% endmacro %}""")


class OfflineMap(folium.Map):
    """A folium ``Map`` whose scripts and stylesheets all come from ``/static/vendor``."""

    default_js = VENDOR_JS
    default_css = VENDOR_CSS


@dataclass(frozen=True)
class Basemap:
    """What the page draws under the cells: ``kind`` is ``none``, ``folder``, ``mbtiles`` or ``url``."""

    kind: str
    source: str = ""
    gcj02: bool = False
    attribution: str = ""
    max_zoom: int = 18
    token: str = field(default="", repr=False)          # tianditu's key

    @property
    def tile_url(self):
        """The Leaflet URL template, or ``None`` for no basemap."""
        if self.kind == "none":
            return None
        if self.kind == "url":
            return self.source
        if self.kind == "tianditu":
            return TIANDITU.format(layer=f"{self.source}_w", token=self.token)
        return "/tiles/{z}/{x}/{y}"

    @property
    def annotation_url(self):
        """The labels drawn over the basemap (Tianditu's annotation layer), or ``None``."""
        if self.kind != "tianditu":
            return None
        return TIANDITU.format(layer=f"{TIANDITU_ANNOTATION[self.source]}_w", token=self.token)

    @property
    def subdomains(self):
        return TIANDITU_HOSTS if self.kind == "tianditu" else "abc"

    @property
    def content_source(self):
        """The origin the page may load tiles from (its Content-Security-Policy), or ``None`` for ours."""
        if self.kind == "tianditu":
            return "https://*.tianditu.gov.cn"
        return self.source if self.kind == "url" else None


def basemap_from(config):
    """The basemap a mapping of settings asks for (``GRIDGOV_BASEMAP*``), the environment's settings as
    fallback; a ValueError names the setting and why its value is no basemap.

    >>> basemap_from({"GRIDGOV_BASEMAP": "none"}).kind
    'none'
    >>> basemap_from({"GRIDGOV_BASEMAP": "http://gis.local/amap/{z}/{x}/{y}.png",
    ...               "GRIDGOV_BASEMAP_GCJ02": "1"}).gcj02
    True
    """
    def setting(name, field):
        value = config.get(name)
        return value if value not in (None, "") else getattr(gridgov_settings.settings(), field)

    source = str(setting("GRIDGOV_BASEMAP", "basemap")).strip() or "none"
    gcj02 = setting("GRIDGOV_BASEMAP_GCJ02", "basemap_gcj02")
    gcj02 = gcj02 if isinstance(gcj02, bool) else str(gcj02).lower() in ("1", "true", "yes", "on")
    attribution = str(setting("GRIDGOV_BASEMAP_ATTR", "basemap_attr"))
    try:
        kind = gridgov_settings.basemap_kind(source)
    except ValueError as error:
        raise ValueError(f"GRIDGOV_BASEMAP={source!r}: {error}") from None
    if kind == "none":
        return Basemap("none")
    if kind == "url":
        return Basemap("url", source, gcj02, attribution or "basemap")
    if kind == "tianditu":
        token = setting("GRIDGOV_TIANDITU_TOKEN", "tianditu_token")
        token = token.get_secret_value() if hasattr(token, "get_secret_value") else str(token or "")
        if not token:
            raise ValueError(f"GRIDGOV_BASEMAP={source} needs GRIDGOV_TIANDITU_TOKEN")
        return Basemap("tianditu", source.partition(":")[2].lower(), False, attribution or "天地图", token=token)
    return Basemap(kind, str(Path(source)), gcj02, attribution or Path(source).name)


def command_map(basemap, bounds=None):
    """The command page's map: plain background or ``basemap``, a scale bar, fitted to ``bounds``.

    ``bounds`` is ``[minlon, minlat, maxlon, maxlat]`` (the user's scope); without it the page fits the
    map to the first layer it fetches. Returns the folium ``Map``; :func:`render_parts` cuts it up.
    """
    fmap = OfflineMap(location=_centre(bounds), zoom_start=12, tiles=None, control_scale=False,
                      prefer_canvas=False, zoom_snap=0.25, zoom_delta=0.5, attribution_control=True)
    MetricScale().add_to(fmap)
    if basemap.tile_url:
        folium.TileLayer(tiles=basemap.tile_url, attr=basemap.attribution, name="basemap",
                         max_zoom=basemap.max_zoom, overlay=False, control=False,
                         subdomains=basemap.subdomains).add_to(fmap)
    if basemap.annotation_url:
        folium.TileLayer(tiles=basemap.annotation_url, attr=basemap.attribution, name="annotation",
                         max_zoom=basemap.max_zoom, overlay=True, control=False,
                         subdomains=basemap.subdomains).add_to(fmap)
    if bounds:
        fmap.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    return fmap


@functools.lru_cache(maxsize=64)
def page_map(basemap, bounds=None):
    """The pieces (:func:`render_parts`) of a page's map for a basemap and bounds (a tuple), rendered
    once per process: folium compiles its templates on every render (10 ms a page)."""
    return render_parts(command_map(basemap, list(bounds) if bounds else None))


def render_parts(fmap):
    """``{"name", "header", "html", "script"}``: the pieces of a rendered folium map for a template."""
    root = fmap.get_root()
    root.render()
    return {"name": fmap.get_name(), "header": root.header.render(), "html": root.html.render(),
            "script": root.script.render()}


def read_tile(basemap, z, x, y):
    """The bytes of one basemap tile served by the app (folder or MBTiles), or ``None``."""
    if basemap.kind == "folder":
        for suffix in TILE_SUFFIXES:
            path = Path(basemap.source) / str(z) / str(x) / f"{y}{suffix}"
            if path.is_file():
                return path.read_bytes()
        return None
    if basemap.kind == "mbtiles":
        with contextlib.closing(sqlite3.connect(f"file:{basemap.source}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                             "AND tile_row = ?", (z, x, (1 << z) - 1 - y)).fetchone()   # TMS rows
        return row[0] if row else None
    return None


def _centre(bounds):
    if not bounds:
        return [36.07, 120.38]       # anywhere: the page fits the map to its data at once
    return [(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2]
