"""The command-centre page (指挥中心, 一屏同显): one full-screen map of the user's subtree of cells.

The view only renders the map container (:mod:`webmap.maps`, folium) and the page chrome; every data
layer, the KPI panel and the lists are fetched by ``static/js/command.js`` from ``/api/v1`` and
re-queried when a filter, the level or the drill-down cell changes — the page never reloads.
"""
from flask import Blueprint, abort, current_app, render_template

from grids import clock
from webmap import auth, maps

bp = Blueprint("command", __name__)


def _signed_in(view):
    """The sign-in guard of :mod:`webmap.auth` (``login_required``), whatever it is named there."""
    for name in ("login_required", "signin_required", "sign_in_required"):
        guard = getattr(auth, name, None)
        if guard is not None:
            return guard(view)
    return view


@bp.route("/command")
@_signed_in
def page():
    basemap = maps.basemap_from(current_app.config)
    parts = maps.render_parts(maps.command_map(basemap))
    config = {"map": parts["name"], "gcj02": basemap.gcj02, "today": _today()}
    return render_template("command.html", map=parts, page_config=config)


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask every page for one: answer with nothing rather than a 404 in the console."""
    return "", 204


@bp.route("/tiles/<int:z>/<int:x>/<int:y>")
@bp.route("/tiles/<int:z>/<int:x>/<int:y>.<ext>")
@_signed_in
def tile(z, x, y, ext=None):
    """A basemap tile from the configured local folder or MBTiles file (404 when there is none)."""
    basemap = maps.basemap_from(current_app.config)
    data = maps.read_tile(basemap, z, x, y)
    if data is None:
        abort(404)
    mimetype = "image/jpeg" if data[:3] == b"\xff\xd8\xff" else "image/png"
    response = current_app.response_class(data, mimetype=mimetype)
    response.cache_control.max_age = 86400
    return response



def _today():
    """The page's "today" for the quick time windows: the app's clock (``NOW``, the demo's) or the real one."""
    now = current_app.config.get("NOW")
    return (clock.resolve(now) if now else clock.now()).date().isoformat()
