"""Who may take which action of the case loop from the workbench, and taking it.

Concept: the case loop (:mod:`grids.cases.loop`) says what a case's *state* allows; this module says
what a *role* may do to a case it sees (:mod:`grids.desk.queue`). The offices that own an area
dispatch and verify in it; whoever handles a case works it; a department sees only its own cases:

============================ =====================================================================
who                          actions
============================ =====================================================================
command, street, community   立案 accept · 不予立案 reject · 直接解答 answer · 派遣 dispatch · 核查结案 verify ·
staff (cases of their area)  返工 rework · 催办 urge · 挂账 suspend · 恢复 resume · 延期 extend · 上报 escalate ·
                             作废 void · 吹哨 whistle · 联合会诊 joint_review · 进展 note ·
                             回访评价 rate · 重新办理 reopen
command staff, admin         督办 supervise, besides the above
the case's handler           开始处理 start · 处理反馈 report · 退回 return · 上报 escalate · 进展 note
a co-handler (协办)          进展 note
a department called (吹哨)    报到 report_in · 进展 note
============================ =====================================================================

An account not linked to a person (an administrator's, often) reads but does not act: the history names
who acted. An action outside the role's is refused with :class:`ActionRefused` (403) naming the ones it has. An
action the role has but the case's state no longer allows — another desk moved the case on — is a
:class:`DeskConflict` (409) naming the state and the actions this role has now, as is a case changed
since the version the page showed.
"""
from gis.errors import GridgovError
from grids import clock
from grids.cases import loop
from grids.errors import CaseConflict, IllegalTransition

AREA_ROLES = ("command_staff", "street_staff", "community_staff", "admin")
DISPATCHER_ACTIONS = ("accept", "reject", "answer", "dispatch", "verify", "rework", "urge", "suspend", "resume",
                      "extend", "escalate", "void", "whistle", "joint_review", "note", "rate", "reopen")
SUPERVISOR_ACTIONS = ("supervise",)
HANDLER_ACTIONS = ("start", "report", "return", "escalate", "note")
CO_HANDLER_ACTIONS = ("note",)
CALLED_ACTIONS = ("report_in", "note")


class ActionRefused(GridgovError):
    """An action the account's role does not take on this case (``allowed`` lists those it does)."""

    code = "action_refused"
    http_status = 403


class DeskConflict(GridgovError):
    """The case moved on since the page showed it: its ``state`` and the actions ``allowed`` now."""

    code = "case_conflict"
    http_status = 409


def role_actions(case, account):
    """Every action ``account`` (a dict with ``role`` and ``person_id``) may take on ``case`` (a row of
    :mod:`grids.desk.queue`, which only lists cases the account sees), whatever the state."""
    person, role = account.get("person_id"), account["role"]
    actions = set()
    if person is None:
        return actions         # reads only: see take()
    if role in AREA_ROLES and case.get("in_area", True):
        actions.update(DISPATCHER_ACTIONS)
        if role in loop.SUPERVISORS:
            actions.update(SUPERVISOR_ACTIONS)
    if person is not None and case["handler_person_id"] == person:
        actions.update(HANDLER_ACTIONS)
    if person is not None and person in (case.get("co_handler_ids") or ()):
        actions.update(CO_HANDLER_ACTIONS)
    if case.get("whistled_to_me"):
        actions.update(CALLED_ACTIONS)
    return actions


def allowed_now(case, account):
    """The actions ``account`` may take on ``case`` in its present state, in the loop's order."""
    mine = role_actions(case, account)
    if case.get("rating") != "dissatisfied":
        mine.discard("reopen")           # only a dissatisfied rating reopens a case (grids.cases.loop)
    return [a for a in loop.allowed_actions(case["status"]) if a in mine]


def take(conn, case, action, account, *, now=None, note=None, expected_version=None, **request):
    """Take ``action`` on ``case`` (its workbench row) as ``account``; returns the loop's result.

    ``request``: the loop's own arguments (``to``, ``level``, ``co``, ``hours``, ``rating``,
    ``departments``, ``meeting``)."""
    now = clock.resolve(now)
    if account.get("person_id") is None:
        raise ActionRefused(f"account {account['username']} is not linked to a person, and the case history must "
                            "name who acted: link it to one (gridgov people) to act", case=case["id"], action=action)
    mine = role_actions(case, account)
    if action not in mine:
        raise ActionRefused(f"a {account['role']} does not {action} case {case['id']}"
                            + (f"; yours on it: {', '.join(allowed_now(case, account))}" if mine else ""),
                            case=case["id"], action=action, allowed=allowed_now(case, account))
    try:
        return loop.act(conn, case["id"], action, account.get("person_id"), now=now, note=note,
                        expected_version=expected_version, **request)
    except (IllegalTransition, CaseConflict) as moved:
        raise _conflict(conn, case, account, moved) from None


def _conflict(conn, case, account, moved):
    """The 409 of a case that moved on: its state now and what this account may do in it."""
    now_case = {**case, **_state_now(conn, case["id"])}
    allowed = allowed_now(now_case, account)
    return DeskConflict(f"{moved} — case {case['id']} is now {now_case['status']} (version "
                        f"{now_case['case_version']}); your actions now: {', '.join(allowed) or 'none'}",
                        case=case["id"], state=now_case["status"], version=now_case["case_version"],
                        allowed=allowed)


def _state_now(conn, case_id):
    case = loop.get_case(conn, case_id)
    return {"status": case["status"], "case_version": case["case_version"],
            "handler_person_id": case["handler_person_id"], "co_handler_ids": case["co_handler_ids"]}
