"""The petition office's API as the page and the command map call it: roles and scope, petitioners masked
for roles that do not need them and ID numbers never whole, the repeat found on registering, the proxy's
call–response between two accounts, the backlog register's consultation and closing-off, the map's layers
and indicators; bad input (400 naming the field, nothing written), illegal steps (409), CSRF."""
import datetime as dt
import json

import pytest

from grids.clock import SHANGHAI
from grids.petitions import reception, suggestions
from grids.petitions.skip_level import store_visits
from tests.cases import COMMUNITY, GRID, STREET
from tests.desk_world import signed_in
from tests.grids.petitions.world import ID_A, ID_B, LI, ZHANG
from tests.webmap.petition_site import petition_site

NOW = dt.datetime(2025, 4, 2, 10, 0, tzinfo=SHANGHAI)
API = "/api/v1/petitions"
ACCOUNTS = ("command", "street", "community", "k1", "member", "planner")
ZHANG_OTHER_PHONE = {**ZHANG, "phone": "13600009999"}


def _prepare(conn, people):
    store_visits(conn, [{"row": 2, "visited_on": "2025-03-20", "level": "赴省", "name": "张三丰", "id_number": ID_A},
                        {"row": 3, "visited_on": "2025-03-21", "level": "进京", "name": "张三丰", "id_number": ID_A}])
    at = NOW - dt.timedelta(days=5)
    campaign = suggestions.add_campaign(conn, title="老旧小区改造建议", starts_on="2025-03-01", ends_on="2025-04-30",
                                        by="D1", now=at)
    idea = suggestions.add_suggestion(conn, body="加装电梯", campaign=campaign, submitter_name="赵六",
                                      submitter_phone="13912340000", received_at=at, by="D1", now=at)
    held = reception.add_day(conn, held_on=dt.date(2025, 3, 15), leader_name="刘副区长", leader_post="副区长",
                             place="区信访接待大厅", by="D1", now=NOW - dt.timedelta(days=30))   # past: next stays null
    return {"suggestion": idea, "reception_day": held}


@pytest.fixture(scope="module")
def site(database_url):
    with petition_site(database_url, NOW, _prepare) as made:
        yield made


@pytest.fixture(scope="module")
def clients(site):
    return {name: signed_in(site["app"], name) for name in ACCOUNTS}


def _post(client, path, body):
    return client.post(f"{API}{path}", json=body, headers={"X-CSRFToken": client.token})


def _count(site, table):
    site["conn"].rollback()
    with site["conn"].cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table}")
        return cur.fetchone()[0]


def _register(client, **fields):
    body = {"form": "visit", "petitioners": [ZHANG_OTHER_PHONE, LI], "handling_body": "区住建局",
            "category": "T101", "cell": GRID[1], "address": "海湾名邸1号楼", "title": "楼顶漏水", **fields}
    return _post(client, "", body)


def _no_whole_id(answer):
    text = json.dumps(answer.get_json(), ensure_ascii=False)
    assert ID_A not in text and ID_B not in text


def test_roles_without_petition_work_get_403_and_a_stranger_401(site, clients):
    for who in ("k1", "member", "planner"):
        for path in ("", f"/{site['earlier']}", "/kpis", "/backlog", "/map/backlog"):
            answer = clients[who].get(API + path)
            assert (answer.status_code, answer.get_json()["error"]["code"]) == (403, "forbidden"), (who, path)
        assert clients[who].get("/petitions").status_code == 403
    assert site["app"].test_client().get(API).status_code == 401
    assert clients["street"].get("/petitions").status_code == 200


def test_officers_see_names_and_phones_community_staff_masked_id_numbers_never_whole(site, clients):
    for who in ("command", "street"):
        answer = clients[who].get(f"{API}/{site['earlier']}")
        shown = answer.get_json()["petitioners"][0]
        assert (shown["name"], shown["phone"]) == ("张三丰", "13912345678"), who
        assert shown["id_number"] == ID_A[:6] + "********" + ID_A[-4:]
        assert answer.get_json()["can_act"] is True
        _no_whole_id(answer)
    answer = clients["community"].get(f"{API}/{site['earlier']}")
    shown = answer.get_json()["petitioners"][0]
    assert (shown["name"], shown["phone"]) == ("张**", "139****5678")
    assert answer.get_json()["steps"] == [] and answer.get_json()["can_act"] is False
    _no_whole_id(answer)
    listed = clients["community"].get(API).get_json()
    assert site["earlier"] in {m["id"] for m in listed["matters"]}
    assert "张三丰" not in json.dumps(listed, ensure_ascii=False)


def test_registering_finds_the_repeat_of_last_months_matter(site, clients):
    answer = _register(clients["street"])
    assert answer.status_code == 201, answer.get_json()
    matter = answer.get_json()
    assert matter["stage"] == "registered" and matter["petitioner_count"] == 2
    assert matter["grid_code"] == GRID[1]      # placed in its cell though the world's generation is a draft
    assert matter["repeat"]["earlier_id"] == site["earlier"]
    assert matter["repeat"]["earlier_ref"] == "XF-earlier"
    assert matter["repeat"]["matched_on"] == ["id_number"]
    assert matter["repeat"]["earlier_registered_on"] == (NOW.date() - dt.timedelta(days=30)).isoformat()
    assert matter["source_ref"].startswith("XF20250402-")
    _no_whole_id(answer)
    other = _register(clients["street"], petitioners=[{"name": "王五", "phone": "13511112222"}], title="另一事项")
    assert other.status_code == 201 and other.get_json()["repeat"] is None


def test_bad_input_is_a_400_naming_the_field_and_nothing_is_written(site, clients):
    before = _count(site, "petition_matter"), _count(site, "incident")
    cases = [({"handling_body": ""}, "handling_body"), ({"form": "pigeon"}, "form"),
             ({"petitioners": [{"name": "赵六", "id_number": "370212199001011230"}]}, "petitioners[0].id_number"),
             ({"petitioners": []}, "petitioners"), ({"cell": "12x"}, "cell"),
             ({"category": "NOPE"}, "new_case.category")]
    for fields, field in cases:
        answer = _register(clients["street"], **fields)
        assert answer.status_code == 400, (fields, answer.get_json())
        error = answer.get_json()["error"]
        assert field in (error.get("field"), error.get("parameter")), (fields, error)
    assert (_count(site, "petition_matter"), _count(site, "incident")) == before


def test_scope_refuses_cells_and_matters_outside_the_area(site, clients):
    answer = _register(clients["street"], cell="370212002001001")
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (403, "out_of_scope")
    unplaced = _register(clients["command"], cell=None, petitioners=[{"name": "钱七", "phone": "13322223333"}])
    assert unplaced.status_code == 201
    matter_id = unplaced.get_json()["id"]
    assert clients["street"].get(f"{API}/{matter_id}").status_code == 403
    assert matter_id not in {m["id"] for m in clients["street"].get(API).get_json()["matters"]}
    assert matter_id in {m["id"] for m in clients["command"].get(API).get_json()["matters"]}
    assert _register(clients["community"]).status_code == 403          # community staff read only
    assert _register(clients["street"], cell=None).get_json()["error"]["parameter"] == "cell"


def test_steps_an_illegal_one_is_409_and_posts_need_the_csrf_token(site, clients):
    matter_id = _register(clients["street"], petitioners=[{"name": "孙八", "phone": "13244445555"}]).get_json()["id"]
    refused = _post(clients["street"], f"/{matter_id}/steps/handle", {"opinion": "已答复"})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "illegal_petition_step"
    no_token = clients["street"].post(f"{API}/{matter_id}/steps/accept", json={})
    assert (no_token.status_code, no_token.get_json()["error"]["code"]) == (400, "csrf")
    accepted = _post(clients["street"], f"/{matter_id}/steps/accept", {})
    assert accepted.status_code == 200 and accepted.get_json()["stage"] == "accepted"
    bad = _post(clients["street"], f"/{matter_id}/steps/extend", {"days": 31, "reason": "需调查"})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "days"
    extended = _post(clients["street"], f"/{matter_id}/steps/extend", {"days": 30, "reason": "需调查"})
    assert extended.get_json()["extended_days"] == 30
    handled = _post(clients["street"], f"/{matter_id}/steps/handle", {"opinion": "已答复", "satisfaction": "satisfied"})
    assert handled.get_json()["stage"] == "handled"
    assert _post(clients["community"], f"/{matter_id}/steps/request_review", {}).status_code == 403


def test_the_first_proxy_calls_the_level_above_which_responds_from_another_account(site, clients):
    matter_id = _register(clients["street"], petitioners=[{"name": "周九", "phone": "13155556666"}]).get_json()["id"]
    taken = _post(clients["street"], f"/{matter_id}/proxy", {})
    assert taken.status_code == 200 and taken.get_json()["proxy"]["agent_code"] == "TA"
    again = _post(clients["street"], f"/{matter_id}/proxy", {})
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "illegal_petition_work_step")
    called = _post(clients["street"], f"/{matter_id}/calls", {"reason": "涉及区级部门", "due_hours": 24})
    assert called.status_code == 201
    call = called.get_json()["calls"][0]
    assert (call["to_level"], call["lateness"]) == ("county", "waiting")
    assert call["id"] in {c["id"] for c in clients["command"].get(f"{API}/calls").get_json()["for_me"]}
    assert _post(clients["community"], f"/calls/{call['id']}/respond", {"note": "x"}).status_code == 403
    answered = _post(clients["command"], f"/calls/{call['id']}/respond", {"note": "区住建局已对接"})
    assert answered.status_code == 200 and answered.get_json()["call"]["lateness"] == "on_time"
    assert answered.get_json()["call"]["responded_by_code"] == "CA"
    twice = _post(clients["command"], f"/calls/{call['id']}/respond", {"note": "again"})
    assert twice.status_code == 409


def test_backlog_consultation_then_closing_off_and_the_map_shows_the_leader(site, clients):
    matter_id = _register(clients["street"], petitioners=[{"name": "吴十", "phone": "13066667777"}]).get_json()["id"]
    no_leader = _post(clients["street"], f"/{matter_id}/backlog", {"why": "named", "reason": "多次信访"})
    assert no_leader.status_code == 400 and no_leader.get_json()["error"]["field"] == "leader_name"
    added = _post(clients["street"], f"/{matter_id}/backlog", {"why": "named", "reason": "多次信访",
                                                              "leader_name": "王书记", "leader_post": "街道党工委书记"})
    assert added.status_code == 201
    entry = added.get_json()["backlog"]
    assert clients["street"].get(f"{API}/{matter_id}").get_json()["backlog"]["leader_name"] == "王书记"
    points = clients["command"].get(f"{API}/map/backlog").get_json()["features"]
    mine = [f for f in points if f["properties"]["id"] == entry["id"]]
    assert mine and mine[0]["properties"]["leader_name"] == "王书记"
    early = _post(clients["street"], f"/backlog/{entry['id']}/close_off", {"evidence": "息诉罢访承诺书"})
    assert early.status_code == 400 and early.get_json()["error"]["field"] == "consultations"
    consulted = _post(clients["street"], f"/backlog/{entry['id']}/consultations",
                      {"held_on": NOW.date().isoformat(), "attendees": ["王书记", "住建科"], "decisions": "限期维修"})
    assert consulted.status_code == 201 and len(consulted.get_json()["backlog"]["consultations"]) == 1
    closed = _post(clients["street"], f"/backlog/{entry['id']}/close_off", {"evidence": "息诉罢访承诺书"})
    assert closed.status_code == 200 and closed.get_json()["backlog"]["status"] == "closed_off"
    late = _post(clients["street"], f"/backlog/{entry['id']}/consultations",
                 {"held_on": NOW.date().isoformat(), "attendees": ["王书记"], "decisions": "x"})
    assert late.status_code == 409
    points = clients["command"].get(f"{API}/map/backlog").get_json()["features"]
    assert entry["id"] not in {f["properties"]["id"] for f in points}


def test_indicators_skip_level_layer_and_next_reception_day(site, clients):
    window = {"since": "2025-03-01", "until": "2025-05-01"}
    before = clients["command"].get(f"{API}/kpis", query_string=window).get_json()
    assert before["province"] == 1 and before["beijing"] == 1
    _register(clients["street"], petitioners=[ZHANG_OTHER_PHONE], title="再次来访")
    after = clients["command"].get(f"{API}/kpis", query_string=window).get_json()
    assert after["total"] == before["total"] + 1 and after["repeat"] == before["repeat"] + 1
    assert after["first_share"] == round(after["first"] / after["total"], 4)
    assert clients["street"].get(f"{API}/kpis", query_string={**window, "within": STREET}).status_code == 200
    outside = clients["community"].get(f"{API}/kpis", query_string={"within": STREET})
    assert (outside.status_code, outside.get_json()["error"]["code"]) == (403, "out_of_scope")
    layer = clients["command"].get(f"{API}/map/skip_level", query_string={"level": "community"}).get_json()
    assert [(f["properties"]["code"], f["properties"]["province"], f["properties"]["beijing"])
            for f in layer["features"]] == [(COMMUNITY, 1, 1)]
    assert "张三丰" not in json.dumps(layer, ensure_ascii=False)
    assert clients["command"].get(f"{API}/map/skip_level", query_string={"level": "x"}).status_code == 400
    assert clients["command"].get(f"{API}/reception/next").get_json() == {"day": None}


def test_suggestions_review_then_adoption_and_the_rate(site, clients):
    listed = clients["community"].get(f"{API}/suggestions").get_json()
    mine = next(x for x in listed["suggestions"] if x["id"] == site["suggestion"])
    assert (mine["submitter_name"], mine["submitter_phone"]) == ("赵*", "139****0000")
    early = _post(clients["street"], f"/suggestions/{site['suggestion']}/adopt", {"action_taken": "列入计划"})
    assert (early.status_code, early.get_json()["error"]["code"]) == (409, "illegal_petition_work_step")
    assert _post(clients["community"], f"/suggestions/{site['suggestion']}/review", {"result": "refer"}).status_code == 403
    referred = _post(clients["street"], f"/suggestions/{site['suggestion']}/review",
                     {"result": "refer", "department": "区住建局"})
    assert referred.status_code == 200 and referred.get_json()["suggestion"]["status"] == "reviewed"
    adopted = _post(clients["street"], f"/suggestions/{site['suggestion']}/adopt", {"action_taken": "列入年度计划"})
    assert adopted.get_json()["suggestion"]["status"] == "adopted"
    rates = clients["command"].get(f"{API}/suggestions").get_json()["rates"]["overall"]
    assert (rates["received"], rates["adopted"]) == (1, 1)


def test_the_citizens_satisfaction_with_the_proxy_once_a_proxy_took_it_on_and_only_once(site, clients):
    matter_id = _register(clients["street"], petitioners=[{"name": "郑一", "phone": "13077778888"}]).get_json()["id"]
    early = _post(clients["street"], f"/{matter_id}/proxy/rating", {"satisfaction": "satisfied"})
    assert (early.status_code, early.get_json()["error"]["code"]) == (409, "illegal_petition_work_step")
    assert _post(clients["street"], f"/{matter_id}/proxy", {}).status_code == 200
    for body in ({"satisfaction": "great"}, {}, {"satisfaction": 1}):
        bad = _post(clients["street"], f"/{matter_id}/proxy/rating", body)
        assert (bad.status_code, bad.get_json()["error"]["parameter"]) == (400, "satisfaction"), body
    assert _post(clients["community"], f"/{matter_id}/proxy/rating", {"satisfaction": "satisfied"}).status_code == 403
    no_token = clients["street"].post(f"{API}/{matter_id}/proxy/rating", json={"satisfaction": "satisfied"})
    assert (no_token.status_code, no_token.get_json()["error"]["code"]) == (400, "csrf")
    assert clients["street"].get(f"{API}/{matter_id}").get_json()["proxy"]["satisfaction"] is None   # nothing written
    rated = _post(clients["street"], f"/{matter_id}/proxy/rating", {"satisfaction": "basically_satisfied"})
    assert rated.status_code == 200, rated.get_json()
    assert rated.get_json()["proxy"]["satisfaction"] == "basically_satisfied" and rated.get_json()["proxy"]["rated_at"]
    again = _post(clients["street"], f"/{matter_id}/proxy/rating", {"satisfaction": "dissatisfied"})
    assert (again.status_code, again.get_json()["error"]["field"]) == (409, "satisfaction")
    assert clients["street"].get(f"{API}/{matter_id}").get_json()["proxy"]["satisfaction"] == "basically_satisfied"


def test_a_matter_brought_to_a_reception_day_gets_one_outcome_and_the_calendar_lists_it(site, clients):
    day_id = site["reception_day"]
    matter_id = _register(clients["street"], petitioners=[{"name": "冯二", "phone": "13088889999"}]).get_json()["id"]
    brought_before = _count(site, "reception_matter")
    for body, parameter in (({"matter_id": "x"}, "matter_id"), ({}, "matter_id"), ({"matter_id": True}, "matter_id")):
        bad = _post(clients["street"], f"/reception/{day_id}/matters", body)
        assert (bad.status_code, bad.get_json()["error"]["parameter"]) == (400, parameter), body
    assert _post(clients["street"], "/reception/999999/matters", {"matter_id": matter_id}).status_code == 404
    huge = _post(clients["street"], "/reception/99999999999999999999/matters", {"matter_id": matter_id})
    assert (huge.status_code, huge.get_json()["error"]["parameter"]) == (400, "day_id")
    assert _post(clients["street"], f"/reception/{day_id}/matters", {"matter_id": 999999}).status_code == 404
    assert _post(clients["community"], f"/reception/{day_id}/matters", {"matter_id": matter_id}).status_code == 403
    no_token = clients["street"].post(f"{API}/reception/{day_id}/matters", json={"matter_id": matter_id})
    assert (no_token.status_code, no_token.get_json()["error"]["code"]) == (400, "csrf")
    assert _count(site, "reception_matter") == brought_before
    brought = _post(clients["street"], f"/reception/{day_id}/matters", {"matter_id": matter_id})
    assert brought.status_code == 201, brought.get_json()
    mine = [b for b in brought.get_json()["day"]["brought"] if b["incident_id"] == matter_id]
    assert mine and mine[0]["outcome"] is None and mine[0]["source_ref"].startswith("XF20250402-")
    twice = _post(clients["street"], f"/reception/{day_id}/matters", {"matter_id": matter_id})
    assert (twice.status_code, twice.get_json()["error"]["code"]) == (409, "illegal_petition_work_step")

    outcome_path = f"/reception/{day_id}/matters/{matter_id}/outcome"
    for body, parameter in (({"outcome": "solved"}, "outcome"), ({}, "outcome"),
                            ({"outcome": "assigned", "note": 5}, "note"),
                            ({"outcome": "assigned", "note": "x" * 5000}, "note")):
        bad = _post(clients["street"], outcome_path, body)
        assert (bad.status_code, bad.get_json()["error"]["parameter"]) == (400, parameter), body
    assert _post(clients["community"], outcome_path, {"outcome": "assigned"}).status_code == 403
    no_token = clients["street"].post(f"{API}{outcome_path}", json={"outcome": "assigned"})
    assert (no_token.status_code, no_token.get_json()["error"]["code"]) == (400, "csrf")
    other = _register(clients["street"], petitioners=[{"name": "陈三", "phone": "13099990000"}]).get_json()["id"]
    not_brought = _post(clients["street"], f"/reception/{day_id}/matters/{other}/outcome", {"outcome": "assigned"})
    assert (not_brought.status_code, not_brought.get_json()["error"]["field"]) == (409, "matter_id")
    listed = clients["street"].get(f"{API}/reception", query_string={"since": "2025-03-01"}).get_json()["days"]
    assert [b["outcome"] for d in listed if d["id"] == day_id for b in d["brought"] if b["incident_id"] == matter_id] \
        == [None]                                                           # nothing written by the refusals
    done = _post(clients["street"], outcome_path, {"outcome": "resolved_on_the_spot", "note": "当场答复，回电13012345678"})
    assert done.status_code == 200, done.get_json()
    mine = next(b for b in done.get_json()["day"]["brought"] if b["incident_id"] == matter_id)
    assert mine["outcome"] == "resolved_on_the_spot" and "13012345678" not in mine["outcome_note"]
    again = _post(clients["street"], outcome_path, {"outcome": "assigned"})
    assert (again.status_code, again.get_json()["error"]["field"]) == (409, "outcome")

    # the calendar: the day with the matters brought and their outcome, as far as the account's area goes
    unplaced = _register(clients["command"], cell=None, petitioners=[{"name": "褚四", "phone": "13311110000"}])
    unplaced_id = unplaced.get_json()["id"]
    assert _post(clients["street"], f"/reception/{day_id}/matters", {"matter_id": unplaced_id}).status_code == 403
    assert _post(clients["command"], f"/reception/{day_id}/matters", {"matter_id": unplaced_id}).status_code == 201
    for who, sees_unplaced in (("command", True), ("street", False), ("community", False)):
        days = clients[who].get(f"{API}/reception", query_string={"since": "2025-03-01"}).get_json()["days"]
        held = next(d for d in days if d["id"] == day_id)
        ids = {b["incident_id"]: b["outcome"] for b in held["brought"]}
        assert ids[matter_id] == "resolved_on_the_spot", who
        assert (unplaced_id in ids) is sees_unplaced, who
        assert (held["matters"], held["outcomes"]) == (len(ids), 1), who
    assert clients["street"].get(f"{API}/reception").get_json()["days"] == []     # the default: from today
    assert clients["street"].get(f"{API}/reception", query_string={"since": "2025-04-02", "until": "2025-04-01"}) \
        .status_code == 400
