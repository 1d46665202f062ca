"""The dispute chain's page (矛盾纠纷化解, ``/disputes``): the queue by stage and risk, one dispute, and
the forms of its steps — triage, session, outcome (agreement or hand-over), follow-up, risk override.

The view renders the frame (the map container of :mod:`webmap.maps`, the staff top bar, the page's chrome);
``static/js/disputes.js`` reads and writes everything through ``/api/v1/disputes``
(:mod:`webmap.disputes_api`, whose gates decide what each role sees and does).
"""
from flask import Blueprint, current_app, g, render_template

from webmap import maps
from webmap.auth import roles_required
from webmap.disputes_api import READERS
from grids import clock
from webmap.params import now, today

bp = Blueprint("disputes", __name__)


@bp.route("/disputes")
@roles_required(*READERS)
def page():
    basemap = maps.basemap_from(current_app.config)
    parts = maps.page_map(basemap)
    config = {"map": parts["name"], "gcj02": basemap.gcj02, "today": today().isoformat(),
              "now": now().astimezone(clock.SHANGHAI).isoformat(),
              "me": {"username": g.account["username"], "role": g.account["role"],
                     "person_id": g.account["person_id"]},
              "scope": list(g.scope)}
    return render_template("disputes.html", map=parts, page_config=config)
