"""The planners' draft: its revision, who may change it, and the planning log.

Concept: planners work on the draft generation (:mod:`grids.cells.generations`) while everyone else keeps
seeing the current one. The draft carries a **revision** number (``draft_state``), bumped by every
change (edit, undo, redo). A change names the revision its author last saw (``expected_revision``);
if the draft has moved on since, the change is refused with :class:`~grids.errors.DraftConflict`
(expected and current revision, who saved last), so two planners never silently overwrite each other.
A draft that does not exist yet is revision 0: the first edit opens it.

The workflow status is ``editing`` → ``submitted`` → ``approved`` → ``published``; a change to a
submitted or approved draft sends it back to ``editing`` (an approval covers what was approved).
Every step is appended to ``planning_log`` (who, when, what), which outlives discarded drafts.

In a city store each district plans on its own: the revision and the workflow are kept per district
(``draft_state`` is keyed by the draft and the district, the first six digits of a cell's code), so one
district's planners never conflict with, send back or wait for another's; a planner edits only inside
the account's area, and a district is published alone (:func:`grids.planning.publishing.publish`).
"""
import json

import psycopg2.errors

from gis.sqlfiles import load
from grids.cells import generations
from grids.cells.codes import district_of
from grids.errors import DraftConflict, DraftError, DraftOutOfArea
from grids.people import accounts
from grids.people.accounts import get_account

EDITOR_ROLES = ("planner", "admin")


def editor(conn, account_id, roles=EDITOR_ROLES, what="edit the draft", area=None):
    """The account ``account_id`` (a dict) if its role is one of ``roles`` and the cell code ``area`` (when
    given) lies in its scope; raises :class:`DraftError`."""
    account = get_account(conn, account_id) if account_id is not None else None
    if account is None:
        raise DraftError(f"no account {account_id}; sign in as a planner to {what}", account=account_id)
    if account["role"] not in roles:
        raise DraftError(f"account {account['username']} is a {account['role']}; only "
                         f"{' or '.join(roles)} accounts may {what}", account=account["username"])
    if account["disabled_at"] is not None:          # the CLI's --as has no session to have ended
        raise DraftError(f"account {account['username']} is disabled and may not {what}",
                         account=account["username"])
    if area is not None:
        require_area(conn, account, area, what)
    return account


def require_area(conn, account, code, what="plan"):
    """Raise :class:`DraftOutOfArea` unless the cell ``code`` lies in ``account``'s area."""
    if not accounts.in_scope(code, accounts.scope_codes(conn, account)):
        raise DraftOutOfArea(f"{code} is outside the area of account {account['username']} "
                         f"({account['scope_code']}), which may not {what} there",
                         account=account["username"], cell=code)


def planning_district(conn, account, district=None):
    """The district a workflow step of ``account`` is about: ``district`` when given (it must be in the
    account's area), else the district of the account's scope, else the store's only district."""
    if district is not None:
        require_area(conn, account, district)
        return district
    return district_of(account["scope_code"] or "") or only_district(conn)


def only_district(conn):
    """The working generation's only district (None on an empty store); :class:`DraftError` naming them when
    it holds several."""
    districts = working_districts(conn)
    if len(districts) > 1:
        raise DraftError(f"the store holds {len(districts)} districts: name the district "
                         f"({', '.join(districts[:5])}{', …' if len(districts) > 5 else ''})")
    return districts[0] if districts else None


def working_districts(conn):
    """The codes of the districts of the working generation."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_districts"),
                    {"generation": generations.working_generation(conn)})
        return [row[0] for row in cur.fetchall()]


def draft_status(conn, district=None):
    """Where ``district``'s part of the draft (default: the store's only district's) stands: ``{generation,
    district, revision, status, saved_by, saved_at, submitted_by, submitted_at, approved_by, approved_at,
    can_undo, can_redo, edits}``.

    Without a draft: ``generation`` None, ``revision`` 0, ``status`` None. ``*_by`` are usernames.
    """
    district = district or only_district(conn)
    draft = generations.draft_generation(conn)
    if draft is None:
        return {"generation": None, "district": district, "revision": 0, "status": None, "can_undo": False,
                "can_redo": False, "edits": 0}
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_status"), {"generation": draft, "district": district})
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row))


def lock_draft(conn, account, expected_revision, district, *, create=True):
    """Open the draft if needed (``create``), lock ``district``'s state of it and check ``expected_revision``.

    Returns the state row as a dict (``generation``, ``revision``, ``status``, …). Raises
    :class:`DraftConflict` when the revision differs or another session is saving the draft right now,
    :class:`DraftError` when there is no draft and ``create`` is false.
    """
    draft = generations.open_draft(conn, "planners' draft") if create else generations.draft_generation(conn)
    if draft is None:
        raise DraftError("there is no draft generation", revision=expected_revision)
    key = {"generation": draft, "district": district}
    with conn.cursor() as cur:
        # Looked up first: an INSERT … ON CONFLICT would queue behind a session that is saving the draft.
        cur.execute(load("grids.planning", "draft_state_exists"), key)
        if cur.fetchone() is None:
            cur.execute(load("grids.planning", "draft_state_insert"), key)
        cur.execute("SAVEPOINT draft_lock")
        try:
            cur.execute(load("grids.planning", "draft_state_lock"), key)
        except psycopg2.errors.LockNotAvailable:
            cur.execute("ROLLBACK TO SAVEPOINT draft_lock")
            raise DraftConflict(f"draft generation {draft} is being saved by another session; reload it and "
                                "try again", generation=draft, expected=expected_revision) from None
        state = dict(zip([d[0] for d in cur.description], cur.fetchone()))
        cur.execute("RELEASE SAVEPOINT draft_lock")
    if expected_revision is None or int(expected_revision) != state["revision"]:
        who = state["saved_by_username"] or "nobody yet"
        raise DraftConflict(
            f"draft generation {draft} is at revision {state['revision']} (last saved by {who}), not "
            f"revision {expected_revision}: reload the draft and make the change again",
            generation=draft, expected=expected_revision, current=state["revision"],
            saved_by=state["saved_by_username"])
    return state


def bump_revision(conn, state, account):
    """Count one change of the draft by ``account``: the next revision, back to ``editing``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_state_bump"),
                    {"generation": state["generation"], "district": state["district"], "by": account["id"]})
        return cur.fetchone()[0]


def record_import(conn, generation, details):
    """Count a boundary import into a draft planners work on as a change of it, for every district's
    planners: the next revision (a page still showing the old one gets a conflict on its next save), back
    to ``editing`` (a submission or approval no longer holds), and a step in the planning log. Returns the
    newest revision, or None when planners have not started on this draft."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_state_bump"), {"generation": generation, "district": None,
                                                                 "by": None})
        row = max(cur.fetchall(), default=None)
    if row is None:
        return None
    log_step(conn, generation, "import", None, row[0], details)
    return row[0]


def log_step(conn, generation, action, account, revision=None, details=None):
    """Append one step (edit, undo, redo, submit, approve, publish, discard) to the planning log."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "planning_log_insert"), {
            "generation": generation, "action": action, "by": account["id"] if account else None,
            "username": account["username"] if account else None, "revision": revision,
            "details": json.dumps(details or {}, ensure_ascii=False, default=str)})


def planning_log(conn, generation=None, limit=200):
    """The newest steps first (of one generation, or all): ``[{id, generation_id, action, by_username,
    at, revision, details}]``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "planning_log_list"), {"generation": generation, "limit": limit})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
