"""The command-centre page (指挥中心, 一屏同显): one full-screen map of the user's subtree of cells.

The view only renders the map container (:mod:`webmap.maps`, folium, fitted to the account's cell) and
the page chrome, with what ``/api/v1/me`` and ``/api/v1/cell/<scope>`` would answer in the page's
config (two round trips less before the first map); every data layer, the KPI panel and the lists are
fetched by ``static/js/command.js`` from ``/api/v1`` and re-queried when a filter, the level or the
drill-down cell changes, and every ``REFRESH_SECONDS`` on its own (a wall display nobody touches stays
current; a quick window such as 今日 moves with the server's date) — the page never reloads.
"""
from flask import Blueprint, abort, current_app, g, render_template

from gis import settings as gridgov_settings
from grids import limits
from grids.mapview import tiles
from webmap import api, auth, maps
from webmap.db import read_connection
from webmap.errors import bad_parameter
from webmap.params import today

bp = Blueprint("command", __name__)
REFRESH_SECONDS = 60      # the wall asks for its data again this often (COMMAND_REFRESH_SECONDS overrides)


@bp.route("/command")
@auth.login_required
def page():
    basemap = maps.basemap_from(current_app.config)
    me, scope_cell = api.signed_in_account() if g.get("account") else (None, None)
    parts = maps.page_map(basemap, tuple(scope_cell["bbox"]) if scope_cell else None)
    config = {"map": parts["name"], "gcj02": basemap.gcj02, "today": today().isoformat(), "me": me,
              "scope_cell": scope_cell,
              # outlines at high zoom as vector tiles when asked for (GRIDGOV_OUTLINE_TILES; never on a GCJ-02 basemap)
              "outline_tiles": _outline_tiles(),
              # in the tile URLs: a publication makes the page's next load ask for new tiles (webmap.api.tile)
              "tile_version": tiles.version(read_connection(), g.scope) if _outline_tiles() else None,
              "refresh_seconds": current_app.config.get("COMMAND_REFRESH_SECONDS", REFRESH_SECONDS)}
    return render_template("command.html", map=parts, page_config=config,
                           city=bool(scope_cell and scope_cell["level"] == "city"))


def _outline_tiles():
    """The app's ``COMMAND_OUTLINE_TILES`` when set (tests, benches), else ``GRIDGOV_OUTLINE_TILES``."""
    chosen = current_app.config.get("COMMAND_OUTLINE_TILES")
    return bool(gridgov_settings.settings().outline_tiles if chosen is None else chosen)


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask every page for one: answer with nothing rather than a 404 in the console."""
    return "", 204


@bp.route("/tiles/<int:z>/<int:x>/<int:y>")
@bp.route("/tiles/<int:z>/<int:x>/<int:y>.<ext>")
@auth.login_required
def tile(z, x, y, ext=None):
    """A basemap tile from the configured local folder or MBTiles file (404 when there is none). A zoom
    beyond :data:`grids.limits.ZOOM_MAX`, or a column or row beyond its zoom's 2^z, is a 400 naming it
    (``1 << 8_000_000_000`` took 2.3 GB and 8.6 s)."""
    if z > limits.ZOOM_MAX:
        raise bad_parameter("z", f"`z` (the zoom) must be from 0 to {limits.ZOOM_MAX}")
    for name, value in (("x", x), ("y", y)):
        if value >= 1 << z:
            raise bad_parameter(name, f"`{name}` must be from 0 to {(1 << z) - 1} at zoom {z}")
    basemap = maps.basemap_from(current_app.config)
    data = maps.read_tile(basemap, z, x, y)
    if data is None:
        abort(404)
    mimetype = "image/jpeg" if data[:3] == b"\xff\xd8\xff" else "image/png"
    response = current_app.response_class(data, mimetype=mimetype)
    response.cache_control.max_age = 86400
    return response
