"""Undo and redo of the planners' edits: a stack per draft.

Concept: every edit touches one community, and keeps that community's part of the draft as it was
before and after the edit (``draft_edit.before`` / ``after``, see ``sql/draft_snapshot.sql``: the
rows born in the draft, the published rows it ended, the code changes and the addresses of re-coded
micro-grids). Undo puts the newest edit's *before* back and marks it undone; redo puts the oldest
undone edit's *after* back. A new edit clears what could still be redone. Undo and redo are changes
of the draft like edits: they take the revision the planner saw and bump it.
"""
import json

from gis.sqlfiles import load
from grids.errors import DraftError
from grids.planning import drafts


def snapshot(conn, draft, community_code):
    """The community's part of the draft, as JSON text :func:`restore` takes."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_snapshot"), {"draft": draft, "community": community_code})
        return json.dumps(cur.fetchone()[0])


def restore(conn, draft, community_code, state):
    """Put the community's part of the draft back as :func:`snapshot` recorded it."""
    text = state if isinstance(state, str) else json.dumps(state)
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_restore"),
                    {"draft": draft, "community": community_code, "snapshot": text})


def push(conn, state, community_code, edit, revision, account, reason, before, after, summary):
    """Record an edit on the stack of the draft's district of ``state`` (clearing its edits that could be
    redone); return its id."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_edit_forget_undone"),
                    {"generation": state["generation"], "district": state["district"]})
        cur.execute(load("grids.planning", "draft_edit_insert"), {
            "generation": state["generation"], "community": community_code, "edit": edit, "revision": revision,
            "by": account["id"], "reason": reason, "before": before, "after": after,
            "summary": json.dumps(summary, ensure_ascii=False, default=str)})
        return cur.fetchone()[0]


def undo(conn, *, by, expected_revision, district=None):
    """Undo the newest edit of the district (:func:`grids.planning.drafts.planning_district`) not yet undone.
    Returns ``{revision, undone: {id, edit, community_code}}``."""
    return _step(conn, by, expected_revision, district, "undo")


def redo(conn, *, by, expected_revision, district=None):
    """Redo the district's oldest undone edit. Returns ``{revision, redone: {id, edit, community_code}}``."""
    return _step(conn, by, expected_revision, district, "redo")


def _step(conn, by, expected_revision, district, action):
    account = drafts.editor(conn, by)
    district = drafts.planning_district(conn, account, district)
    state = drafts.lock_draft(conn, account, expected_revision, district, create=False)
    draft = state["generation"]
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", f"draft_edit_{action}_next"), {"generation": draft, "district": district})
        row = cur.fetchone()
        if row is None:
            raise DraftError(f"nothing to {action} in draft generation {draft}", generation=draft)
        edit = dict(zip([d[0] for d in cur.description], row))
        restore(conn, draft, edit["community_code"], edit["state"])
        cur.execute(load("grids.planning", "draft_edit_mark"), {"undone": action == "undo", "id": edit["id"]})
    revision = drafts.bump_revision(conn, state, account)
    done = {"id": edit["id"], "edit": edit["edit"], "community_code": edit["community_code"]}
    drafts.log_step(conn, draft, action, account, revision, done)
    return {"generation": draft, "revision": revision, {"undo": "undone", "redo": "redone"}[action]: done}


def edits(conn, draft):
    """The draft's edits, oldest first: ``[{id, community_code, edit, revision, by_username, at, reason,
    summary, undone}]``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_edit_list"), {"generation": draft})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
