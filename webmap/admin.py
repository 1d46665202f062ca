"""The administrators' page (账号管理, ``/admin``): accounts and the account log.

The view renders the frame; ``static/js/admin.js`` lists the accounts of the admin's area from
``/api/v1/admin`` (:mod:`webmap.admin_api`), creates, disables, enables, unlocks and resets them, and
shows and exports the account log (sign-ins, failures, lock-outs, changes).
"""
from flask import Blueprint, render_template

from webmap.auth import roles_required

bp = Blueprint("admin", __name__)


@bp.route("/admin")
@roles_required("admin")
def page():
    return render_template("admin.html")
