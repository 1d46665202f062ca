"""``GET /api/v1/report?period=2025Q4&format=pdf|docx[&cell=CODE]``: the 社情民意综合分析报告 of the
account's area as a download (docs/foresight.md, "Reports").

Who: the roles that read the whole picture of an area — :data:`ROLES` (command, street and community
staff, admins); a planner, a grid member or a department gets 403. Where: the account's scope (its first
root), or ``cell`` when it lies inside the scope (else 403 ``out_of_scope``). A bad ``period`` or
``format`` is a 400 naming the parameter and the value. The content is :mod:`grids.reports.content`'s and
the file the ``reports`` package's, the same as ``gridgov report`` writes.
"""
import io

from flask import Blueprint, g, request, send_file

from grids.reports.content import report_content
from grids.reports.period import Period, PeriodError, add_months, parse_period
from reports import FORMATS, render_report
from webmap.auth import refuse_unless_signed_in, roles_required
from webmap.db import read_connection
from webmap.errors import ApiError, bad_parameter
from webmap.params import CELL_CODE, now

bp = Blueprint("report_api", __name__, url_prefix="/api/v1")
ROLES = ("command_staff", "street_staff", "community_staff", "admin")


@bp.app_context_processor
def report_choices():
    """What the command page's download form offers (``report_roles``, ``report_periods()``)."""
    return {"report_roles": ROLES, "report_periods": recent_periods}


def recent_periods(quarters=4, months=6):
    """``[(code, label)]``: the last ``quarters`` finished quarters, then the last ``months`` finished months
    before the app's today, the most recent first."""
    this_month = now().date().replace(day=1)
    last_quarter = add_months(this_month, -((this_month.month - 1) % 3) - 3)
    found = [Period("quarter", add_months(last_quarter, -3 * i).year, (add_months(last_quarter, -3 * i).month + 2) // 3)
             for i in range(quarters)]
    found += [Period("month", add_months(this_month, -i).year, add_months(this_month, -i).month)
              for i in range(1, months + 1)]
    return [(p.code, p.label) for p in found]


@bp.before_request
def signed_in():
    refuse_unless_signed_in()


@bp.route("/report")
@roles_required(*ROLES)
def report():
    try:
        period = parse_period(request.args.get("period", ""))
    except PeriodError as error:
        raise bad_parameter("period", error.message) from None
    fmt = request.args.get("format", "pdf")
    if fmt not in FORMATS:
        raise bad_parameter("format", f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    cell = _cell()
    content = report_content(read_connection(), period, cell=cell, now=now())
    data = render_report(content, fmt)
    name = f"社情民意综合分析报告_{content['cell']['name']}_{period.code}.{fmt}"
    answer = send_file(io.BytesIO(data), mimetype=FORMATS[fmt], as_attachment=True, download_name=name)
    answer.headers["Cache-Control"] = "private, no-store"
    return answer


def _cell():
    """The report's cell: ``cell`` when given and inside the scope, else the scope's first root."""
    scope = list(g.scope or ())
    code = request.args.get("cell")
    if code is None:
        if not scope:
            raise ApiError(403, "out_of_scope", "your account has no area to report on")
        return scope[0]
    if not CELL_CODE.fullmatch(code):
        raise bad_parameter("cell", f"cell {code!r} is not a cell code")
    if not any(code.startswith(root) for root in scope):
        raise ApiError(403, "out_of_scope", f"cell {code} is outside your area", cell=code)
    return code
