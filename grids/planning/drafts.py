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
"""
import json

import psycopg2.errors

from gis.sqlfiles import load
from grids.cells import generations
from grids.errors import DraftConflict, DraftError
from grids.people.accounts import get_account

EDITOR_ROLES = ("planner", "admin")


def editor(conn, account_id, roles=EDITOR_ROLES, what="edit the draft"):
    """The account ``account_id`` (a dict) if its role is one of ``roles``; raises :class:`DraftError`."""
    account = get_account(conn, account_id) if account_id is not None else None
    if account is None:
        raise DraftError(f"no account {account_id}; sign in as a planner to {what}", account=account_id)
    if account["role"] not in roles:
        raise DraftError(f"account {account['username']} is a {account['role']}; only "
                         f"{' or '.join(roles)} accounts may {what}", account=account["username"])
    if account["disabled_at"] is not None:          # the CLI's --as has no session to have ended
        raise DraftError(f"account {account['username']} is disabled and may not {what}",
                         account=account["username"])
    return account


def draft_status(conn):
    """Where the draft stands: ``{generation, revision, status, saved_by, saved_at, submitted_by,
    submitted_at, approved_by, approved_at, can_undo, can_redo, edits}``.

    Without a draft: ``generation`` None, ``revision`` 0, ``status`` None. ``*_by`` are usernames.
    """
    draft = generations.draft_generation(conn)
    if draft is None:
        return {"generation": None, "revision": 0, "status": None, "can_undo": False, "can_redo": False,
                "edits": 0}
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_status"), {"generation": draft})
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row))


def lock_draft(conn, account, expected_revision, *, create=True):
    """Open the draft if needed (``create``), lock its state and check ``expected_revision``.

    Returns the state row as a dict (``generation``, ``revision``, ``status``, …). Raises
    :class:`DraftConflict` when the revision differs or another session is saving the draft right now,
    :class:`DraftError` when there is no draft and ``create`` is false.
    """
    draft = generations.open_draft(conn, "planners' draft") if create else generations.draft_generation(conn)
    if draft is None:
        raise DraftError("there is no draft generation", revision=expected_revision)
    with conn.cursor() as cur:
        # Looked up first: an INSERT … ON CONFLICT would queue behind a session that is saving the draft.
        cur.execute(load("grids.planning", "draft_state_exists"), {"generation": draft})
        if cur.fetchone() is None:
            cur.execute(load("grids.planning", "draft_state_insert"), {"generation": draft})
        cur.execute("SAVEPOINT draft_lock")
        try:
            cur.execute(load("grids.planning", "draft_state_lock"), {"generation": draft})
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
                    {"generation": state["generation"], "by": account["id"]})
        return cur.fetchone()[0]


def record_import(conn, generation, details):
    """Count a boundary import into a draft planners work on as a change of it: the next revision (a
    page still showing the old one gets a conflict on its next save), back to ``editing`` (a submission
    or approval no longer holds), and a step in the planning log. Returns the new revision, or None
    when planners have not started on this draft."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_state_bump"), {"generation": generation, "by": None})
        row = cur.fetchone()
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
