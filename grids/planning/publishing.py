"""The publishing workflow of the planners' draft: submit, approve, publish (or discard).

Concept: a boundary change reaches the command centre only after two people have looked at it
(四眼原则). A planner **submits** the draft; a *second* planner or an administrator — never the one who
submitted, nor anyone whose edits the draft holds — **approves** it; a planner or administrator
**publishes** it with an effective date, which
is refused unless it is approved at its current revision and :func:`grids.cells.checks.run_checks` finds no
error in it (the refusal lists the findings). Publishing makes the draft the current generation and
hands over members and open cases (:mod:`grids.planning.handover`). An edit after submission sends the draft
back to ``editing`` (:func:`grids.planning.drafts.bump_revision`). Each step checks the revision the caller
saw and goes into the planning log. Every step is one district's (``district``, default
:func:`grids.planning.drafts.planning_district`): a district is submitted, approved, checked, published
or discarded alone, and the other districts' work stays in the draft. A step the draft's state does not allow is a
:class:`~grids.errors.WorkflowStateError` (409 on the web) naming the state and the steps it allows.
"""
from gis.sqlfiles import load
from grids import clock
from grids.cells import generations
from grids.cells.checks import has_errors, run_checks
from grids.errors import DraftError, PublishRefused, WorkflowStateError
from grids.planning import drafts, handover

# The workflow's steps each state of the draft allows (discarding is always possible).
STEPS_ALLOWED = {"editing": ("submit", "discard"), "submitted": ("approve", "discard"),
                 "approved": ("publish", "discard")}


def publish_import(conn, effective_date=None, district=None):
    """Publish a draft made by boundary imports (``gridgov generations publish``, ``boundaries import
    --publish``): the data office's path for a first or re-surveyed generation, without approval or
    handover, but behind the same gate of checks as the planners' (no override). A draft planners have
    saved edits to is refused: it goes through the workflow. With ``district``, that district alone."""
    draft = generations.draft_generation(conn)
    if draft is not None:
        edited = _planned_districts(conn, draft, district)
        if edited:
            raise PublishRefused(
                f"draft generation {draft} is the planners' draft ({', '.join(edited)}): it is published with "
                "`gridgov plan publish` after approval, which also hands over members and open cases",
                generation=draft)
        _refuse_check_errors(conn, draft, district)
    return generations.publish(conn, effective_date, district)


def _planned_districts(conn, draft, district):
    """``district N at revision R (status)`` for each district (or only ``district``) planners have edited."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_states_edited"), {"generation": draft, "district": district})
        return [f"district {code} at revision {revision} ({status})" for code, revision, status in cur.fetchall()]


def submit(conn, *, by, expected_revision, note=None, district=None):
    """Submit the draft for approval. Returns :func:`grids.planning.drafts.draft_status`."""
    account = drafts.editor(conn, by, what="submit the draft")
    state = drafts.lock_draft(conn, account, expected_revision, drafts.planning_district(conn, account, district),
                              create=False)
    _require_status(state, "editing", "submitted")
    _set_status(conn, state, "submitted", account)
    drafts.log_step(conn, state["generation"], "submit", account, state["revision"], {"note": note})
    return drafts.draft_status(conn, state["district"])


def approve(conn, *, by, expected_revision, note=None, district=None):
    """Approve the submitted draft: a planner other than the submitter, or an administrator."""
    account = drafts.editor(conn, by, what="approve the draft")
    state = drafts.lock_draft(conn, account, expected_revision, drafts.planning_district(conn, account, district),
                              create=False)
    _require_status(state, "submitted", "approved")
    if state["submitted_by"] == account["id"]:
        raise DraftError(f"{account['username']} submitted draft generation {state['generation']} and cannot "
                         "approve it too: a second planner or an administrator approves",
                         generation=state["generation"], account=account["username"])
    if account["id"] in _edit_authors(conn, state):
        raise DraftError(f"{account['username']} made edits of draft generation {state['generation']} and cannot "
                         "approve them: a planner or an administrator who made none approves",
                         generation=state["generation"], account=account["username"])
    _set_status(conn, state, "approved", account)
    drafts.log_step(conn, state["generation"], "approve", account, state["revision"], {"note": note})
    return drafts.draft_status(conn, state["district"])


def publish(conn, *, by, expected_revision, effective_date=None, now=None, district=None):
    """Publish the approved draft from ``effective_date`` (default :func:`grids.clock.today`) and hand over
    members and cases. Raises :class:`PublishRefused` (with the check findings) unless approved and error-free.

    Returns ``{generation, previous, effective_date, findings (warnings), handover}``; ``handover``
    as :func:`grids.planning.handover.hand_over` returns it.
    """
    account = drafts.editor(conn, by, what="publish the draft")
    state = drafts.lock_draft(conn, account, expected_revision, drafts.planning_district(conn, account, district),
                              create=False)
    draft = state["generation"]
    if state["status"] != "approved":
        raise _wrong_state(state, "it is published once approved: submitted by one planner and approved by "
                                  "another (or an administrator)")
    findings = _refuse_check_errors(conn, draft, state["district"])
    previous = generations.current_generation(conn)
    effective = effective_date or clock.today()
    _set_status(conn, state, "published", account)
    generations.publish(conn, effective, state["district"])
    handed = handover.hand_over(conn, previous, draft, by_person_id=account["person_id"], now=now) \
        if previous else {"members": {}, "cases": [], "notifications": 0}
    drafts.log_step(conn, draft, "publish", account, state["revision"], {
        "effective_date": effective, "previous": previous, "cases_redispatched": len(handed["cases"]),
        "members_carried": len(handed["members"].get("carried", [])), "notifications": handed["notifications"]})
    return {"generation": draft, "previous": previous, "effective_date": effective,
            "findings": [f.as_dict() for f in findings], "handover": handed}


def discard(conn, *, by, expected_revision, note=None, district=None):
    """Throw the draft away (edits, code changes and undo stack with it); the log keeps the step."""
    account = drafts.editor(conn, by, what="discard the draft")
    state = drafts.lock_draft(conn, account, expected_revision, drafts.planning_district(conn, account, district),
                              create=False)
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "generation_born_codes"), {"generation": state["generation"]})
        born = [row[0] for row in cur.fetchall()]
        draft = generations.discard_draft(conn, state["district"])
        cur.execute(load("grids.planning", "standard_address_orphans_delete"), {"codes": born})
    drafts.log_step(conn, draft, "discard", account, state["revision"], {"note": note})
    return {"generation": draft, "discarded": True}


def _refuse_check_errors(conn, draft, district=None):
    """The boundary checks' findings of ``draft`` (in ``district``, when given); :class:`PublishRefused`
    listing them if any is an error."""
    findings = [f for f in run_checks(conn, draft) if not district or str(f.code).startswith(district)]
    if has_errors(findings):
        errors = [f"{f.check} {f.code}: {f.message}" for f in findings if f.severity == "error"]
        raise PublishRefused(f"draft generation {draft} has {len(errors)} check error(s); fix them first",
                             findings=errors, generation=draft)
    return findings


def _edit_authors(conn, state):
    """The ids of the accounts whose edits of the district of ``state`` the draft holds."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_edit_authors"),
                    {"generation": state["generation"], "district": state["district"]})
        return {row[0] for row in cur.fetchall()}


def _require_status(state, wanted, step):
    if state["status"] != wanted:
        raise _wrong_state(state, f"it can be {step} only when {wanted}")


def _wrong_state(state, why):
    allowed = STEPS_ALLOWED.get(state["status"], ())
    return WorkflowStateError(f"draft generation {state['generation']} is {state['status']}; {why}; the steps it "
                              f"allows now: {', '.join(allowed) or 'none'}", generation=state["generation"],
                              state=state["status"], allowed=list(allowed))


def _set_status(conn, state, status, account):
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_state_status"), {
            "generation": state["generation"], "district": state["district"], "status": status, "by": account["id"]})
