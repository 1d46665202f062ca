"""The petition office's page (信访工作, ``/petitions``): register a matter (form, petitioners, category,
place, handling body) and see at once whether it repeats an earlier one; the steps of the 条例 (accept,
handle, extend, review); the first proxy agent, the call to the level above and its response; the backlog
register with its leaders' weekly consultations and closing-off (销号); the next reception day; citizens'
suggestions and their adoption.

The view renders the frame; ``static/js/petitions.js`` reads and writes everything through
``/api/v1/petitions`` (:mod:`webmap.petitions_api`, whose gates decide what each role sees and does).
"""
from flask import Blueprint, g, render_template

from webmap.auth import roles_required
from webmap.params import today
from webmap.petitions_api import OFFICERS, READERS

bp = Blueprint("petitions", __name__)


@bp.route("/petitions")
@roles_required(*READERS)
def page():
    config = {"today": today().isoformat(), "officer": g.account["role"] in OFFICERS,
              "me": {"username": g.account["username"], "role": g.account["role"],
                     "person_id": g.account["person_id"]},
              "scope": list(g.scope)}
    return render_template("petitions.html", page_config=config)
