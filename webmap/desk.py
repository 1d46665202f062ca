"""The staff workbench (工作台, ``/desk``): command, street, community and department staff work the
case loop in the browser.

The view renders the frame: the case map's container (:mod:`webmap.maps`, the basemap settings of
every page) and the page's chrome; ``static/js/desk.js`` reads the tabs, the queue and one case from
``/api/v1/desk`` (:mod:`webmap.desk_api`) and sends the actions back. Department staff land here after
signing in (:data:`webmap.auth.LANDING`); the others reach it from the command page's top bar.
"""
from flask import Blueprint, current_app, g, render_template

from webmap import maps
from webmap.auth import roles_required
from webmap.desk_api import LIST_EDITORS, STAFF
from webmap.params import today

bp = Blueprint("desk", __name__)


@bp.route("/desk")
@roles_required(*STAFF)
def page():
    basemap = maps.basemap_from(current_app.config)
    parts = maps.page_map(basemap)
    config = {"map": parts["name"], "gcj02": basemap.gcj02, "today": today().isoformat(),
              "me": {"username": g.account["username"], "role": g.account["role"],
                     "person_id": g.account["person_id"]},
              "edits_list": g.account["role"] in LIST_EDITORS}
    return render_template("desk.html", map=parts, page_config=config)
