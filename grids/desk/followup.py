"""回访 and 好差评: calling back the reporters of closed cases, and what their rating does.

Concept: a closed case waits for its follow-up call. The list of calls to make is the one place a
reporter's phone number is shown whole, and only to the roles that call back (:data:`CALLERS`); every
other view masks it. The caller records the rating (satisfied, basically satisfied, dissatisfied) and
the citizen's own words as the note. **A dissatisfied rating reopens the case by rule**: the system
reopens it at once (重新办理, a new clock, back to its handler), recorded as the system's act with the
reason — nobody has to remember to.
"""
from gis.sqlfiles import load
from grids import clock
from grids.cases import loop
from grids.desk import actions
from grids.privacy import mask_name, mask_phone, mask_phones_in

CALLERS = ("command_staff", "street_staff", "community_staff", "admin")
REOPEN_NOTE = "回访不满意，按规则重新办理"
PAGE_SIZE = 50


def calls_to_make(conn, account, scope, page=1):
    """The closed cases of the area waiting for their call, newest closing first; the reporter's name
    and phone in full for a caller, masked for anyone else."""
    params = {"scope": list(scope), "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}
    with conn.cursor() as cur:
        cur.execute(load("grids.desk", "desk_followups_count"), params)
        total = cur.fetchone()[0]
        cur.execute(load("grids.desk", "desk_followups"), params)
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, row)) for row in cur.fetchall()]
    caller = account["role"] in CALLERS
    return {"total": total, "page": page, "page_size": PAGE_SIZE, "caller": caller,
            "calls": [_call(r, caller) for r in rows]}


def record_rating(conn, case, account, rating, *, words=None, now=None, expected_version=None):
    """Rate ``case`` (its workbench row) with the citizen's ``words``; a dissatisfied rating reopens it.
    Returns the case's columns after (``reopened`` says whether the rule fired)."""
    now = clock.resolve(now)
    after = actions.take(conn, case, "rate", account, now=now, note=words, expected_version=expected_version,
                         rating=rating)
    if rating != "dissatisfied":
        return {**after, "reopened": False}
    reopened = loop.act(conn, case["id"], "reopen", None, now=now, note=REOPEN_NOTE)
    return {**reopened, "reopened": True}


def _call(row, caller):
    shown = dict(row)
    if not caller:
        shown["reporter_name"], shown["reporter_phone"] = mask_name(row["reporter_name"]), mask_phone(row["reporter_phone"])
    shown["title"], shown["address"] = mask_phones_in(row["title"]), mask_phones_in(row["address"])
    for key in ("reported_at", "closed_at"):
        shown[key] = row[key].astimezone(clock.SHANGHAI).isoformat() if row[key] else None
    return shown
