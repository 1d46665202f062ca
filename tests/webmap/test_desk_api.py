"""The workbench's API as the page calls it: every action allowed or refused per role and state, two
desks acting at once, bad input, call-backs, the responsibility list and the gates."""
import datetime as dt

import pytest

from grids.cases import loop
from tests.cases import T0, add_incident
from tests.desk_world import ACCOUNTS, desk_site, signed_in

NOW = T0 + dt.timedelta(days=30)
# Each role's actions, written out by hand (grids/desk/actions.py says the same in its table).
AREA = {"accept", "reject", "answer", "dispatch", "verify", "rework", "urge", "suspend", "resume", "extend",
        "escalate", "void", "whistle", "joint_review", "note", "rate", "reopen"}
ROLE_ACTIONS = {"command": AREA | {"supervise"}, "community": AREA,
                "k1": {"start", "report", "return", "escalate", "note"}}     # K1 handles the case
PATHS = {
    "reported": [], "accepted": ["accept"], "rejected": ["reject"], "dispatched": ["accept", "dispatch"],
    "in_progress": ["accept", "dispatch", "start"], "handled": ["accept", "dispatch", "report"],
    "rework": ["accept", "dispatch", "report", "rework"], "closed": ["accept", "dispatch", "report", "verify"],
    "followed_up": ["accept", "dispatch", "report", "verify", "rate"], "suspended": ["accept", "dispatch", "suspend"],
    "extended": ["accept", "dispatch", "extend"], "void": ["void"],
}
BODIES = {"extend": {"hours": 500}, "rate": {"rating": "satisfied"}, "whistle": {"departments": ["K2"]},
          "joint_review": {"departments": ["K2"], "meeting": {"at": "2025-04-01T10:00", "attendees": ["甲", "乙"]}},
          "dispatch": {"level": "department", "to": "K1"}}


@pytest.fixture(scope="module")
def site(database_url):
    with desk_site(database_url, NOW) as made:
        yield made


@pytest.fixture(scope="module")
def clients(site):
    return {name: signed_in(site["app"], name) for name in ACCOUNTS}


def _case_in(site, state, ref, to_department=False):
    conn, t = site["conn"], T0
    case_id = add_incident(conn, ref)
    for action in PATHS[state]:
        t += dt.timedelta(minutes=1)
        extra = {"rating": "satisfied"} if action == "rate" else {"hours": 200} if action == "extend" else {}
        if action == "dispatch" and to_department:
            extra = {"level": "department", "to": "K1"}
        loop.act(conn, case_id, action, "D1", now=t, **extra)
    conn.commit()
    return case_id


def _post(client, case_id, action, **body):
    return client.post(f"/api/v1/desk/cases/{case_id}/actions", json={"action": action, "note": "说明", **body},
                       headers={"X-CSRFToken": client.token})


@pytest.mark.parametrize("state", list(PATHS))
def test_every_action_is_allowed_or_refused_by_role_and_state(site, clients, state):
    for who, mine in ROLE_ACTIONS.items():
        client = clients[who]
        probe = _case_in(site, state, f"{state}-{who}-probe", to_department=(who == "k1"))
        shown = client.get(f"/api/v1/desk/cases/{probe}")
        if who == "k1" and state in ("reported", "accepted", "rejected", "void"):
            assert shown.status_code == 403 and shown.get_json()["error"]["code"] == "out_of_scope"
            continue
        expected = [a for a in loop.allowed_actions(state) if a in mine and a != "report_in"
                    and a != "reopen"]     # PATHS rates satisfied: only a dissatisfied rating reopens
        assert shown.get_json()["actions"] == expected, (who, state)
        for action in loop.ACTIONS:
            if action in expected:
                case_id = _case_in(site, state, f"{state}-{who}-{action}", to_department=(who == "k1"))
                answer = _post(client, case_id, action, **BODIES.get(action, {}))
                assert answer.status_code == 200, (who, state, action, answer.get_json())
                assert answer.get_json()["case"]["version"] == len(PATHS[state]) + 1
            else:
                answer = _post(client, probe, action, **BODIES.get(action, {}))
                error = answer.get_json()["error"]
                if action in mine and action != "report_in":
                    assert (answer.status_code, error["code"]) == (409, "case_conflict"), (who, state, action)
                    assert error["state"] == state and error["allowed"] == expected
                else:
                    assert (answer.status_code, error["code"]) == (403, "action_refused"), (who, state, action, error)
                    assert error["allowed"] == expected
        assert loop.get_case(site["conn"], probe)["case_version"] == len(PATHS[state])   # refusals wrote nothing


def test_two_desks_on_one_case_one_wins_the_other_gets_a_conflict_naming_the_new_state(site, clients):
    case_id = _case_in(site, "reported", "race")
    version = clients["command"].get(f"/api/v1/desk/cases/{case_id}").get_json()["version"]
    first = _post(clients["command"], case_id, "accept", version=version)
    second = _post(clients["community"], case_id, "reject", version=version)
    assert first.status_code == 200 and first.get_json()["case"]["status"] == "accepted", first.get_json()
    error = second.get_json()["error"]
    assert (second.status_code, error["code"], error["state"]) == (409, "case_conflict", "accepted")
    assert "dispatch" in error["allowed"] and "accepted" in error["message"]


def test_a_dissatisfied_call_back_over_the_api_reopens_and_the_caller_sees_the_phone(site, clients):
    case_id = _case_in(site, "closed", "api-callback")
    calls = clients["community"].get("/api/v1/desk/followups").get_json()
    mine = [c for c in calls["calls"] if c["id"] == case_id]
    assert calls["caller"] and mine[0]["reporter_phone"] == "13912345678"
    assert clients["k1"].get("/api/v1/desk/followups").get_json()["total"] == 0     # no area: no calls
    answer = _post(clients["community"], case_id, "rate", rating="dissatisfied", note="没有解决")
    assert answer.status_code == 200 and answer.get_json()["reopened"] is True
    assert answer.get_json()["case"]["status"] == "rework"


@pytest.mark.parametrize("body, field", [
    ({"action": "fly"}, "action"), ({"action": "accept", "version": "x"}, "version"),
    ({"action": "accept", "note": 5}, "note"), ({"action": "accept", "note": "x" * 2001}, "note"),
    ({"action": "dispatch", "co": "K2"}, "co"), ({"action": "extend", "hours": -1}, "hours"),
    ({"action": "joint_review", "meeting": {"at": "next week", "attendees": ["甲"]}}, "meeting"),
    ({"action": "joint_review", "meeting": {"at": "2025-04-01", "attendees": []}}, "meeting"),
    ({"action": "dispatch", "level": "moon"}, "level"),
])
def test_bad_input_is_a_400_naming_the_field(site, clients, body, field):
    case_id = _case_in(site, "reported", f"bad-{field}-{abs(hash(str(body)))}")
    answer = clients["command"].post(f"/api/v1/desk/cases/{case_id}/actions", json=body,
                                     headers={"X-CSRFToken": clients["command"].token})
    assert answer.status_code == 400, answer.get_json()
    assert answer.get_json()["error"]["parameter"] == field
    assert loop.get_case(site["conn"], case_id)["case_version"] == 0


def test_only_staff_reach_the_workbench(site, clients):
    for who in ("member", "planner"):
        assert clients[who].get("/api/v1/desk/tabs").status_code == 403
        assert clients[who].get("/desk").status_code == 403
    assert site["app"].test_client().get("/api/v1/desk/tabs").status_code == 401
    assert clients["k1"].get("/").headers["Location"].endswith("/desk")
    page = clients["community"].get("/desk")
    assert page.status_code == 200 and "desk.js" in page.get_data(as_text=True)
    tabs = clients["community"].get("/api/v1/desk/tabs").get_json()["tabs"]
    assert [t["tab"] for t in tabs] == ["reported", "accepted", "working", "handled", "followup", "overdue",
                                        "supervised", "returned"]
    no_token = clients["command"].post(f"/api/v1/desk/cases/{_case_in(site, 'reported', 'csrf')}/actions",
                                       json={"action": "accept"})
    assert no_token.status_code == 400 and no_token.get_json()["error"]["code"] == "csrf"


def test_the_responsibility_list_is_edited_by_command_staff_only(site, clients):
    line = {"lines": [{"category": "T2", "department": "K2", "matter": "其他事项"}]}
    refused = clients["community"].post("/api/v1/desk/responsibilities", json=line,
                                        headers={"X-CSRFToken": clients["community"].token})
    assert refused.status_code == 403
    bad = clients["command"].post("/api/v1/desk/responsibilities", json={"lines": [{"category": "ZZ", "department": "K2"}]},
                                  headers={"X-CSRFToken": clients["command"].token})
    assert bad.status_code == 400 and bad.get_json()["error"]["problems"] == ["row 1: category: no category 'ZZ'"]
    saved = clients["command"].post("/api/v1/desk/responsibilities", json=line,
                                    headers={"X-CSRFToken": clients["command"].token})
    assert saved.status_code == 200 and saved.get_json()["saved"] == 1
    listed = clients["community"].get("/api/v1/desk/responsibilities").get_json()
    assert [(l["category_code"], l["department_code"], l["operator"]) for l in listed["lines"]] == [
        ("T2", "K2", "web:command")]
    assert listed["editable"] is False
