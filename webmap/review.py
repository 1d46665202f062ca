"""The review queue's page (待定位事件, ``/review``): incidents placed nowhere, placed by hand.

The view renders the frame (the map container of :mod:`webmap.maps` and the page's chrome);
``static/js/review.js`` lists the queue from ``/api/v1/review`` (:mod:`webmap.review_api`), shows an
incident's point and candidates on the map, and places it — by a candidate, a cell code or a click on
the map — or places several at once. Command staff and administrators work the whole queue; street and
community staff the incidents placed partly in their area (:mod:`grids.incidents.review`).
"""
from flask import Blueprint, current_app, g, render_template

from webmap import maps
from webmap.auth import roles_required
from webmap.review_api import REVIEWERS

bp = Blueprint("review", __name__)


@bp.route("/review")
@roles_required(*REVIEWERS)
def page():
    basemap = maps.basemap_from(current_app.config)
    parts = maps.page_map(basemap)
    config = {"map": parts["name"], "gcj02": basemap.gcj02,
              "me": {"username": g.account["username"], "role": g.account["role"]}}
    return render_template("review.html", map=parts, page_config=config)
