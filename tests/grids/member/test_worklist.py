"""A grid member's cases: urgency order, distance, the member's actions through the case loop, scope."""
import pytest

from grids.cases import loop
from grids.cases.photos import PhotoRefused
from grids.errors import CaseConflict, CaseError, IllegalTransition
from grids.member import worklist
from grids.member.worklist import MemberActionRefused, OutOfScope
from tests.cases import GRID, T0, add_incident, hours
from tests.images import image_file
from tests.member_world import load_member_world

NOW = T0 + hours(30)
PNG = image_file("PNG")
SCOPE = (GRID[1],)


@pytest.fixture
def world(conn):
    return load_member_world(conn)


def _dispatched(conn, ref, at, grid=1, **kwargs):
    """A case accepted and dispatched (to the grid's member) by command staff D1 at ``at``."""
    case_id = add_incident(conn, ref, grid=grid, at=at - hours(1), **kwargs)
    loop.act(conn, case_id, "accept", "D1", now=at - hours(0.5))
    loop.act(conn, case_id, "dispatch", "D1", now=at)
    return case_id


@pytest.fixture
def cases(conn, world):
    """Grid 001's cases at NOW (T101: 24 h): two red, a yellow, a green, one not dispatched, one closed;
    and a case of grid 002."""
    ids = {"red_most": _dispatched(conn, "r2", T0 - hours(10)),            # used 40 h of 24
           "red": _dispatched(conn, "r1", T0, offset_m=(100.0, 0.0)),     # used 30 h
           "yellow": _dispatched(conn, "y", T0 + hours(10)),              # used 20 h: 83 %
           "green": _dispatched(conn, "g", T0 + hours(25)),               # used 5 h
           "waiting": add_incident(conn, "w", grid=1, at=T0),
           "other_grid": _dispatched(conn, "o", T0, grid=2)}
    closed = _dispatched(conn, "c", T0)
    loop.act(conn, closed, "report", "M1", now=T0 + hours(2))
    loop.act(conn, closed, "verify", "D1", now=T0 + hours(3))
    return ids


def test_open_cases_of_the_members_grids_most_urgent_first(conn, world, cases):
    listed = worklist.open_cases(conn, SCOPE, world["M1"], NOW)
    assert [c["id"] for c in listed] == [cases[k] for k in ("red_most", "red", "yellow", "green", "waiting")]
    assert [c["timer"]["colour"] if c["timer"] else None for c in listed] == ["red", "red", "yellow", "green", None]
    assert [c["timer"]["hours_left"] for c in listed[:4]] == [-16.0, -6.0, 4.0, 19.0]
    assert all(c["mine"] for c in listed[:4]) and not listed[4]["mine"]
    assert listed[0]["actions"] == ["start", "report", "escalate", "note"]
    assert listed[4]["actions"] == ["note"]                 # reported: accepting it is the centre's
    assert "reporter_name" not in listed[0] and "张三丰" not in str(listed)


def test_distance_from_where_the_member_stands(conn, world, cases):
    red = worklist.case_detail(conn, cases["red"], SCOPE, world["M1"], NOW)
    here = (red["lon"] + 100.0 / 90_000, red["lat"])        # 100 m east of it, 200 m east of the others
    listed = {c["id"]: c for c in worklist.open_cases(conn, SCOPE, world["M1"], NOW, here=here)}
    assert listed[cases["red"]]["distance_m"] == pytest.approx(100.0, abs=1.0)
    assert listed[cases["yellow"]]["distance_m"] == pytest.approx(200.0, abs=2.0)
    assert worklist.open_cases(conn, SCOPE, world["M1"], NOW)[0]["distance_m"] is None


def test_accept_report_and_a_note_go_through_the_case_loop(conn, world, cases):
    case_id = cases["yellow"]
    started = worklist.take_action(conn, case_id, "start", person_id=world["M1"], scope=SCOPE, now=NOW,
                                   expected_version=2)
    assert (started["status"], started["version"]) == ("in_progress", 3)
    noted = worklist.take_action(conn, case_id, "note", person_id=world["M1"], scope=SCOPE, now=NOW,
                                 note="已到现场，联系物业")
    assert (noted["status"], noted["version"]) == ("in_progress", 4)
    handled = worklist.take_action(conn, case_id, "report", person_id=world["M1"], scope=SCOPE, now=NOW,
                                   note="已清理")
    assert handled["status"] == "handled" and handled["timer"]["running"] is False
    history = worklist.case_detail(conn, case_id, SCOPE, world["M1"], NOW)["history"]
    assert [(e["action"], e["by_name"]) for e in history[-3:]] == [("start", "网格员甲"), ("note", "网格员甲"),
                                                                    ("report", "网格员甲")]
    assert history[-2]["note"] == "已到现场，联系物业"


def test_a_refused_action_says_why_and_changes_nothing(conn, world, cases):
    case_id = cases["yellow"]
    worklist.take_action(conn, case_id, "start", person_id=world["M1"], scope=SCOPE, now=NOW)
    with pytest.raises(IllegalTransition, match="is in_progress: cannot start"):
        worklist.take_action(conn, case_id, "start", person_id=world["M1"], scope=SCOPE, now=NOW)
    with pytest.raises(CaseConflict, match="changed since version 2"):
        worklist.take_action(conn, case_id, "report", person_id=world["M1"], scope=SCOPE, now=NOW,
                             expected_version=2, note="x")
    with pytest.raises(MemberActionRefused) as refused:
        worklist.take_action(conn, case_id, "verify", person_id=world["M1"], scope=SCOPE, now=NOW)
    assert refused.value.code == "not_a_member_action"
    with pytest.raises(MemberActionRefused) as refused:
        worklist.take_action(conn, case_id, "escalate", person_id=world["M1"], scope=SCOPE, now=NOW, note=" ")
    assert refused.value.code == "note_required" and refused.value.context["field"] == "note"
    assert loop.get_case(conn, case_id)["case_version"] == 3


def test_escalation_moves_the_case_up_and_out_of_the_members_hands(conn, world, cases):
    case_id = cases["green"]
    after = worklist.take_action(conn, case_id, "escalate", person_id=world["M1"], scope=SCOPE, now=NOW,
                                 note="涉及多个小区，需社区协调")
    assert (after["status"], after["handler_level"], after["mine"]) == ("dispatched", "community", False)
    assert after["actions"] == ["note"]
    with pytest.raises(MemberActionRefused) as refused:
        worklist.take_action(conn, case_id, "start", person_id=world["M1"], scope=SCOPE, now=NOW)
    assert refused.value.code == "not_your_case"


def test_another_grids_case_is_out_of_scope(conn, world, cases):
    for call in (lambda: worklist.case_detail(conn, cases["other_grid"], SCOPE, world["M1"], NOW),
                 lambda: worklist.take_action(conn, cases["other_grid"], "note", person_id=world["M1"],
                                              scope=SCOPE, now=NOW, note="x")):
        with pytest.raises(OutOfScope, match=f"case {cases['other_grid']} lies outside your grids"):
            call()
    with pytest.raises(CaseError, match="no case 99999999"):
        worklist.case_detail(conn, 99999999, SCOPE, world["M1"], NOW)
    assert cases["other_grid"] not in {c["id"] for c in worklist.open_cases(conn, SCOPE, world["M1"], NOW)}


def test_a_photo_comes_with_a_note_and_a_bad_one_writes_nothing(conn, world, cases):
    case_id = cases["red"]
    attached = worklist.attach_photo(conn, case_id, PNG, person_id=world["M1"], scope=SCOPE, now=NOW,
                                     name="scene.png")
    assert attached["photo"]["content_type"] == "image/png" and attached["case"]["photos"] == 1
    detail = worklist.case_detail(conn, case_id, SCOPE, world["M1"], NOW)
    assert detail["history"][-1]["note"] == worklist.PHOTO_NOTE
    assert detail["photos"][0]["case_version"] == detail["history"][-1]["version"] == detail["version"]
    with pytest.raises(PhotoRefused) as refused:
        worklist.attach_photo(conn, case_id, b"GIF89a" + bytes(10), person_id=world["M1"], scope=SCOPE, now=NOW,
                              name="x.gif")
    assert refused.value.code == "photo_type"
    assert worklist.case_detail(conn, case_id, SCOPE, world["M1"], NOW)["version"] == detail["version"]
