"""The planners' workspace page (网格规划): the draft generation of one community on a map with the
editing tools and the side panels. The view renders only the map container and the page chrome; every
layer and panel is fetched by ``static/js/planner*.js`` from ``/api/v1/plan`` (:mod:`webmap.planner_api`).
Planners edit; administrators may open it too (they approve and publish).
"""
from flask import Blueprint, current_app, render_template, request

from webmap import auth, maps

bp = Blueprint("planner", __name__)
ROLES = ("planner", "admin")


@bp.route("/planner")
@auth.roles_required(*ROLES)
def page():
    basemap = maps.basemap_from(current_app.config)
    parts = maps.page_map(basemap)
    config = {"map": parts["name"], "gcj02": basemap.gcj02, "community": request.args.get("community")}
    return render_template("planner.html", map=parts, page_config=config)
