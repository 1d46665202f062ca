"""The grid member's workspace (网格员工作台, ``/member``): one phone-sized page for the field.

The view renders only the frame: the map container (:mod:`webmap.maps`, the same folium builder and
basemap settings as the command page) and the page's chrome. ``static/js/member.js`` fetches the
member's area and cases from ``/api/v1/member`` (:mod:`webmap.member_api`), follows the phone's
position, and sends the case actions, photos and field reports back. Grid members land here after
signing in (:func:`webmap.auth.index`).
"""
from flask import Blueprint, current_app, render_template

from grids.cases import photos
from webmap import maps
from webmap.auth import roles_required

bp = Blueprint("member", __name__)


@bp.route("/member")
@roles_required("grid_member")
def page():
    basemap = maps.basemap_from(current_app.config)
    parts = maps.page_map(basemap)
    config = {"map": parts["name"], "gcj02": basemap.gcj02, "max_photo_bytes": photos.MAX_BYTES}
    return render_template("member.html", map=parts, page_config=config)
