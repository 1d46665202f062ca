"""The dispute chain's API as the page and the phone call it: who sees what (roles, scope, masked
parties, ID numbers never whole), the chain's steps, bad input (400 naming the field, nothing written)
and illegal steps (409 naming the steps allowed)."""
import datetime as dt
import json

import pytest

from grids.cases import loop
from grids.disputes import records, risk
from tests.cases import COMMUNITY, GRID, T0, add_incident
from tests.desk_world import signed_in
from tests.dispute_world import ID_1, ID_2, PARTIES, new_dispute
from tests.shapes import ORIGIN, UNIT
from tests.webmap.dispute_site import dispute_site

NOW = T0 + dt.timedelta(days=20)
API = "/api/v1/disputes"
ACCOUNTS = ("command", "street", "community", "k1", "member", "planner", "mediator")


def _prepare(conn, people):
    made = {"grid1": new_dispute(conn, "api-grid1", grid=1), "grid2": new_dispute(conn, "api-grid2", grid=2),
            "handled": new_dispute(conn, "api-k1", grid=2)}
    loop.act(conn, made["handled"], "accept", "D1", now=T0 + dt.timedelta(minutes=1))
    loop.act(conn, made["handled"], "dispatch", "D1", now=T0 + dt.timedelta(minutes=2), level="department", to="K1")
    return made


@pytest.fixture(scope="module")
def site(database_url):
    with dispute_site(database_url, NOW, _prepare) as made:
        yield made


@pytest.fixture(scope="module")
def clients(site):
    return {name: signed_in(site["app"], name) for name in ACCOUNTS}


def _post(client, path, body):
    return client.post(f"{API}/{path}", json=body, headers={"X-CSRFToken": client.token})


def _no_whole_id(answer):
    text = json.dumps(answer.get_json(), ensure_ascii=False)
    assert ID_1 not in text and ID_2 not in text


def _new(site, ref, grid=1):
    case_id = new_dispute(site["conn"], ref, grid=grid)
    site["conn"].commit()
    return case_id


def _versions(site, case_id):
    site["conn"].rollback()
    return len(records.history(site["conn"], case_id))


def test_a_planner_gets_403_and_a_stranger_401(site, clients):
    for path in ("", f"/{site['grid1']}", "/organisations", "/kpis"):
        answer = clients["planner"].get(API + path)
        assert (answer.status_code, answer.get_json()["error"]["code"]) == (403, "forbidden"), path
    assert site["app"].test_client().get(API).status_code == 401
    assert _post(clients["planner"], f"{site['grid1']}/risk", {"level": "red", "reason": "x"}).status_code == 403


def test_each_role_sees_its_scope_and_parties_as_the_rule_masks_them(site, clients):
    ids = {site["grid1"], site["grid2"], site["handled"]}
    for who in ("command", "street", "community"):
        listed = clients[who].get(API).get_json()
        assert ids <= {d["id"] for d in listed["disputes"]}, who
        assert sum(listed["counts"].values()) == listed["total"]
        shown = clients[who].get(f"{API}/{site['grid1']}")
        names = [p["name"] for p in shown.get_json()["parties"]]
        assert names == ["张三丰", "李四"] and shown.get_json()["parties"][0]["phone"] == "13912345678", who
        assert shown.get_json()["parties"][0]["id_number"] == ID_1[:6] + "********" + ID_1[-4:]
        _no_whole_id(shown)
    member = clients["member"].get(API).get_json()          # M1: grid 1 only
    assert {d["id"] for d in member["disputes"]} & ids == {site["grid1"]}
    assert clients["member"].get(f"{API}/{site['grid1']}").get_json()["parties"][0]["name"] == "张三丰"
    refused = clients["member"].get(f"{API}/{site['grid2']}")
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (403, "out_of_scope")
    assert "parties" not in refused.get_json()["error"]
    department = clients["k1"].get(API).get_json()           # K1 handles one case
    assert [d["id"] for d in department["disputes"]] == [site["handled"]]
    masked = clients["k1"].get(f"{API}/{site['handled']}").get_json()
    assert [p["name"] for p in masked["parties"]] == ["张**", "李*"]
    assert masked["parties"][0]["phone"] == "139****5678"
    assert masked["parties"][0]["address"] is None and masked["steps"] == [] and masked["can_act"] is False
    assert clients["k1"].get(f"{API}/{site['grid1']}").status_code == 403
    for answer in (member, department):
        assert "parties" not in json.dumps(answer["disputes"])       # lists carry no personal data


def test_the_chain_through_the_api_agreement_broken_reopens_and_the_kpis_count_it(site, clients):
    case_id, staff = _new(site, "api-chain"), clients["community"]
    shown = staff.get(f"{API}/{case_id}").get_json()
    assert shown["stage"] == "received" and "triage" in shown["steps"]
    posts = staff.get(f"{API}/posts", query_string={"centre": shown["street_code"]}).get_json()["posts"]
    triaged = _post(staff, f"{case_id}/triage", {"post": posts[0], "org": "ORG_C", "mediators": ["MD1"]})
    assert triaged.status_code == 200 and triaged.get_json()["stage"] == "triaged", triaged.get_json()
    assert triaged.get_json()["mediators"][0]["code"] == "MD1"
    held = (NOW - dt.timedelta(hours=2)).isoformat()
    session = _post(staff, f"{case_id}/sessions", {"held_at": held, "place": "社区调解室",
                                                   "attendees": ["张三丰", "李四"], "notes": "双方同意赔偿"})
    assert session.get_json()["stage"] == "mediating" and len(session.get_json()["sessions"]) == 1
    agreed = _post(staff, f"{case_id}/agreement", {"terms": "李四赔偿维修费", "deadline": NOW.date().isoformat(),
                                                   "amount": "3000"})
    assert agreed.get_json()["stage"] == "agreed" and agreed.get_json()["agreements"][0]["amount"] == 3000
    reopened = _post(staff, f"{case_id}/follow_up", {"performance": "not", "note": "未按期支付"})
    assert reopened.get_json()["stage"] == "mediating" and reopened.get_json()["reopen_count"] == 1
    failed = _new(site, "api-court")
    _post(staff, f"{failed}/triage", {"post": posts[0], "org": "ORG_C"})
    handed = _post(staff, f"{failed}/handover", {"target": "court", "body": "崂山区人民法院",
                                                 "reference": "(2025)鲁0212民初1号"})
    assert handed.get_json()["stage"] == "handed_over" and handed.get_json()["handovers"][0]["target"] == "court"
    override = _post(staff, f"{failed}/risk", {"level": "red", "reason": "当事人扬言上访"})
    assert (override.get_json()["risk_level"], override.get_json()["risk_rule_level"]) == ("red", "blue")
    cells = clients["command"].get(f"{API}/kpis", query_string={"level": "community"}).get_json()["cells"]
    mine = next(c for c in cells if c["code"] == COMMUNITY)
    assert mine["to_court"] >= 1 and mine["outcomes"] >= 1 and mine["mediated"] >= 1   # the reopened one was mediated
    filtered = staff.get(API, query_string={"stage": "handed_over", "risk": "red"}).get_json()["disputes"]
    assert [d["id"] for d in filtered] == [failed]


@pytest.mark.parametrize("path, body, field", [
    ("triage", {"org": "ORG_C"}, "post"),
    ("triage", {"post": "调解和事"}, "org"),
    ("triage", {"post": "调解和事", "org": "NOPE"}, "org"),
    ("triage", {"post": "调解和事", "mediators": "x" * 5000}, "mediators"),
    ("risk", {"level": "purple", "reason": "x"}, "level"),
    ("risk", {"level": "red"}, "reason"),
])
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_written(site, clients, path, body, field):
    case_id = _new(site, f"bad-{path}-{field}-{abs(hash(str(body)))}")
    before = _versions(site, case_id)
    answer = _post(clients["community"], f"{case_id}/{path}", body)
    error = answer.get_json()["error"]
    assert answer.status_code == 400 and (error.get("field") or error.get("parameter")) == field, error
    assert _versions(site, case_id) == before


@pytest.mark.parametrize("path, body, field", [
    ("sessions", {"place": "调解室", "attendees": ["甲"]}, "held_at"),
    ("sessions", {"held_at": "2025-03-20T10:00", "place": "调解室", "attendees": []}, "attendees"),
    ("agreement", {"deadline": "2025-04-01"}, "terms"),
    ("agreement", {"terms": "赔偿", "deadline": "2025-01-01"}, "deadline"),
    ("handover", {"body": "法院"}, "target"),
])
def test_bad_input_at_a_later_step_names_the_field(site, clients, path, body, field):
    case_id = _new(site, f"bad-late-{path}-{field}")
    staff = clients["community"]
    _post(staff, f"{case_id}/triage", {"post": "调解和事", "org": "ORG_C"})
    if path == "agreement":
        _post(staff, f"{case_id}/sessions", {"held_at": "2025-03-20T10:00", "place": "室", "attendees": ["甲"]})
    before = _versions(site, case_id)
    answer = _post(staff, f"{case_id}/{path}", body)
    error = answer.get_json()["error"]
    assert answer.status_code == 400 and (error.get("field") or error.get("parameter")) == field, error
    assert _versions(site, case_id) == before


def test_an_illegal_step_is_a_409_naming_the_steps_allowed(site, clients):
    case_id = _new(site, "illegal")
    answer = _post(clients["street"], f"{case_id}/agreement", {"terms": "赔偿", "deadline": NOW.date().isoformat()})
    error = answer.get_json()["error"]
    assert (answer.status_code, error["code"], error["stage"]) == (409, "illegal_dispute_step", "received")
    assert "triage" in error["allowed"] and "success" not in error["allowed"]
    assert _versions(site, case_id) == 1


def test_readers_do_not_act(site, clients):
    answer = _post(clients["k1"], f"{site['handled']}/risk", {"level": "red", "reason": "x"})
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (403, "step_refused")
    answer = _post(clients["member"], f"{site['grid1']}/triage", {"post": "调解和事", "org": "ORG_C"})
    assert answer.status_code == 403


def test_a_member_records_a_screened_dispute_from_the_phone_or_nothing(site, clients):
    member, point = clients["member"], {"lon": ORIGIN[0] + 0.5 * UNIT, "lat": ORIGIN[1] + 1.5 * UNIT}
    body = {**point, "type": "labour", "parties": PARTIES, "description": "工地拖欠工资", "people_involved": 12,
            "amount": 80000, "category": "T101"}
    refused = member.post("/api/v1/member/disputes", json={**body, "parties": []},
                          headers={"X-CSRFToken": member.token})
    assert refused.status_code == 400 and refused.get_json()["error"]["field"] == "parties"
    before = len(member.get("/api/v1/member/disputes").get_json()["disputes"])
    made = member.post("/api/v1/member/disputes", json=body, headers={"X-CSRFToken": member.token})
    assert made.status_code == 201 and made.get_json()["source"] == "screening", made.get_json()
    assert made.get_json()["parties"][0]["name"] == "张三丰"
    _no_whole_id(made)
    assert len(member.get("/api/v1/member/disputes").get_json()["disputes"]) == before + 1
    assert clients["community"].post("/api/v1/member/disputes", json=body,
                                     headers={"X-CSRFToken": clients["community"].token}).status_code == 403


def test_organisations_and_mediators_with_their_load(site, clients):
    orgs = clients["street"].get(f"{API}/organisations").get_json()["organisations"]
    assert {"ORG_C", "ORG_S"} <= {o["code"] for o in orgs}
    mediators = clients["street"].get(f"{API}/mediators", query_string={"org": "ORG_C"}).get_json()["mediators"]
    assert {m["code"] for m in mediators} == {"MD1", "MD2"} and all("open_disputes" in m for m in mediators)
    assert clients["street"].get(f"{API}/kpis", query_string={"level": "moon"}).status_code == 400
    assert clients["community"].get(f"{API}/kpis", query_string={"within": "370299"}).status_code == 403


def test_a_mediator_reads_and_mediates_the_disputes_sent_to_them_and_no_other_step(site, clients):
    case_id, mediator = _new(site, "api-mediator", grid=1), clients["mediator"]     # M2's grid is 2
    assert mediator.get(f"{API}/{case_id}").status_code == 403
    _post(clients["street"], f"{case_id}/triage", {"post": "调解和事", "org": "ORG_S", "mediators": ["MD4"]})
    assert case_id in {d["id"] for d in mediator.get(API).get_json()["disputes"]}
    shown = mediator.get(f"{API}/{case_id}").get_json()
    assert shown["parties"][0]["name"] == "张三丰" and shown["steps"] == ["session", "failure"]
    refused = _post(mediator, f"{case_id}/triage", {"post": "调解和事", "org": "ORG_C"})
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (403, "step_refused")
    assert refused.get_json()["error"]["allowed"] == ["session", "success", "failure", "follow_up"]
    held = _post(mediator, f"{case_id}/sessions", {"held_at": "2025-03-20T15:00", "place": "街道调解室",
                                                   "attendees": ["张三丰"]})
    assert held.status_code == 200 and held.get_json()["stage"] == "mediating"


def test_a_step_sent_for_an_older_version_is_a_409_and_writes_nothing(site, clients):
    case_id = _new(site, "api-version")
    version = clients["street"].get(f"{API}/{case_id}").get_json()["version"]
    first = _post(clients["street"], f"{case_id}/triage", {"post": "调解和事", "org": "ORG_C", "version": version})
    assert first.status_code == 200
    second = _post(clients["community"], f"{case_id}/triage", {"post": "调解和事", "org": "ORG_S", "version": version})
    error = second.get_json()["error"]
    assert (second.status_code, error["code"], error["stage"]) == (409, "dispute_conflict", "triaged")
    assert "session" in error["allowed"] and _versions(site, case_id) == 2
    bad = _post(clients["community"], f"{case_id}/triage", {"post": "调解和事", "org": "ORG_S", "version": "x"})
    assert bad.status_code == 400 and bad.get_json()["error"]["parameter"] == "version"


def test_the_page_is_served_to_readers_only_and_posts_need_the_csrf_token(site, clients):
    for who in ("command", "community", "k1", "member"):
        page = clients[who].get("/disputes")
        assert page.status_code == 200 and "disputes.js" in page.get_data(as_text=True), who
    assert clients["planner"].get("/disputes").status_code == 403
    assert site["app"].test_client().get("/disputes").status_code == 302          # to sign-in
    assert 'href="/disputes"' in clients["community"].get("/desk").get_data(as_text=True)
    no_token = clients["command"].post(f"{API}/{site['grid1']}/risk", json={"level": "red", "reason": "x"})
    assert no_token.status_code == 400 and no_token.get_json()["error"]["code"] == "csrf"


ODD = (5, -1, 1.5, True, [1], {"a": 1}, "x" * 30_000, "²", "9" * 30)
STEP_FIELDS = {"triage": ("post", "org", "mediators", "note", "version"),
               "joint": ("posts", "meeting_at", "attendees", "decision", "mediators"),
               "sessions": ("held_at", "place", "attendees", "notes"),
               "agreement": ("terms", "deadline", "amount", "judicial_confirmation"),
               "handover": ("target", "body", "reference", "reason"),
               "follow_up": ("performance", "note"), "risk": ("level", "reason")}
GOOD = {"triage": {"post": "调解和事", "org": "ORG_C"},
        "joint": {"posts": ["调解和事", "法律诊断"], "meeting_at": "2025-03-20T10:00", "attendees": ["甲", "乙"],
                  "decision": "联合调处"},
        "sessions": {"held_at": "2025-03-20T10:00", "place": "室", "attendees": ["甲"]},
        "agreement": {"terms": "赔偿", "deadline": "2025-03-23"},
        "handover": {"target": "court", "body": "法院"}, "follow_up": {"performance": "performed"},
        "risk": {"level": "red", "reason": "x"}}


@pytest.mark.parametrize("path", list(STEP_FIELDS))
def test_odd_json_in_any_field_of_a_step_is_a_4xx_never_a_500(site, clients, path):
    case_id = _new(site, f"odd-{path}")
    for field in STEP_FIELDS[path]:
        for value in ODD:
            answer = _post(clients["community"], f"{case_id}/{path}", {**GOOD[path], field: value})
            assert answer.status_code < 500, (path, field, value)
    member = clients["member"]
    body = {"lon": ORIGIN[0] + 0.5 * UNIT, "lat": ORIGIN[1] + 1.5 * UNIT, "type": "labour", "parties": PARTIES,
            "description": "欠薪", "category": "T101"}
    for field in ("lon", "lat", "type", "parties", "description", "people_involved", "amount", "campaign", "category"):
        for value in ODD:
            answer = member.post("/api/v1/member/disputes", json={**body, field: value},
                                 headers={"X-CSRFToken": member.token})
            assert answer.status_code < 500, (field, value)


def test_the_page_script_never_parses_server_text_as_html():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "static" / "js"
    for name in ("disputes.js", "disputes-i18n.js"):
        script = (root / name).read_text(encoding="utf-8")
        assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script


def test_a_joint_mediation_gathers_two_posts_and_its_mediators_join(site, clients):
    case_id = _new(site, "api-joint")
    one_post = _post(clients["street"], f"{case_id}/joint", {"posts": ["调解和事"], "meeting_at": "2025-03-20T10:00",
                                                            "attendees": ["甲"], "decision": "联合调处"})
    assert one_post.status_code == 400 and one_post.get_json()["error"]["field"] == "posts"
    joint = _post(clients["street"], f"{case_id}/joint", {"posts": ["调解和事", "法律诊断"], "mediators": ["MD3"],
                                                         "meeting_at": "2025-03-20T10:00", "attendees": ["甲", "乙"],
                                                         "decision": "法律诊断岗与调解岗联合调处"})
    shown = joint.get_json()
    assert joint.status_code == 200 and shown["stage"] == "triaged" and shown["joint"] is True
    assert [m["code"] for m in shown["mediators"]] == ["MD3"] and shown["history"][-1]["action"] == "joint"


def _risky(site, ref, grid, level):
    case_id = new_dispute(site["conn"], ref, grid=grid, people_involved=3)
    risk.override(site["conn"], case_id, level, "复核", "C1", now=T0 + dt.timedelta(minutes=5))
    site["conn"].commit()
    return case_id


def test_the_map_points_are_the_open_red_and_orange_disputes_in_scope_without_parties(site, clients):
    red, orange = _risky(site, "map-red", 1, "red"), _risky(site, "map-orange", 2, "orange")
    yellow = _risky(site, "map-yellow", 1, "yellow")

    def points(who, **query):
        answer = clients[who].get(f"{API}/map", query_string=query)
        assert answer.status_code == 200, answer.get_json()
        body = answer.get_json()
        assert body["type"] == "FeatureCollection" and body["truncated"] is False
        for text in ("张三丰", "李四", "13912345678", "13800001111", ID_1, ID_2, "parties", "amount"):
            assert text not in json.dumps(body, ensure_ascii=False), (who, text)       # no party data
        return {f["properties"]["id"]: f for f in body["features"]}

    command = points("command")
    assert {red, orange} <= set(command) and yellow not in command
    assert {command[red]["properties"]["risk_level"], command[orange]["properties"]["risk_level"]} == {"red", "orange"}
    shown = command[red]
    assert shown["geometry"]["type"] == "Point" and len(shown["geometry"]["coordinates"]) == 2
    assert {"type_name", "stage", "people_involved"} <= set(shown["properties"])
    assert shown["properties"]["people_involved"] == 3 and shown["properties"]["stage"] == "received"
    assert all(f["properties"]["risk_level"] in ("red", "orange") for f in command.values())
    assert all(f["properties"]["stage"] in ("received", "triaged", "mediating", "agreed") for f in command.values())
    assert set(points("command", within=GRID[2])) & {red, orange} == {orange}            # the drill-down cell
    assert yellow in points("command", risk="yellow")
    member = points("member")                                                          # M1: grid 1 only
    assert red in member and orange not in member
    assert all(f["properties"]["grid_code"] == GRID[1] for f in member.values())
    assert not set(points("member", within=GRID[2]))                                   # another grid: nothing
    assert set(points("k1")) <= {site["handled"]}                                      # a department: its cases
    refused = clients["planner"].get(f"{API}/map")
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (403, "forbidden")
    for query in ({"risk": "moon"}, {"risk": "red,"}, {"within": "37%"}, {"within": "x" * 30}):
        answer = clients["command"].get(f"{API}/map", query_string=query)
        if query == {"risk": "red,"}:
            assert answer.status_code == 200
            continue
        assert answer.status_code == 400 and answer.get_json()["error"]["parameter"] in ("risk", "within"), query
    assert site["app"].test_client().get(f"{API}/map").status_code == 401


def _received(client, **params):
    """``{grid code: received}`` of /api/v1/cells over the site's days, with ``params`` added."""
    query = {"level": "grid", "from": T0.date().isoformat(), "to": (NOW + dt.timedelta(days=1)).date().isoformat(),
             **params}
    answer = client.get("/api/v1/cells", query_string=query)
    assert answer.status_code == 200, answer.get_json()
    return {f["properties"]["code"]: f["properties"]["received"] for f in answer.get_json()["features"]}


def test_the_map_counts_disputes_only_by_type_and_risk_when_asked(site, clients):
    """``dispute=any`` makes the density count the cases with a dispute record and no other incident;
    a type or a risk narrows it; the plain incident added here counts only without the filter."""
    conn = site["conn"]
    add_incident(conn, "api-plain", grid=1)
    red = new_dispute(conn, "api-red", grid=2, type="labour")
    risk.override(conn, red, "red", "当事人扬言上访", "C1", now=T0 + dt.timedelta(hours=2))
    conn.commit()
    with conn.cursor() as cur:
        cur.execute("SELECT i.grid_code, count(*) FILTER (WHERE d.incident_id IS NOT NULL), count(*),"
                    "       count(*) FILTER (WHERE d.type_code = 'labour'), count(*) FILTER (WHERE d.risk_level = 'red'),"
                    "       count(*) FILTER (WHERE d.type_code = 'labour' AND d.risk_level = 'red')"
                    " FROM incident i LEFT JOIN dispute d ON d.incident_id = i.id GROUP BY 1")
        expected = {row[0]: row[1:] for row in cur.fetchall()}
    command = clients["command"]
    for params, column in (({}, 1), ({"dispute": "any"}, 0), ({"dispute": "labour"}, 2), ({"risk": "red"}, 3),
                           ({"dispute": "labour", "risk": "red"}, 4)):
        counted = {code: n for code, n in _received(command, **params).items() if n}
        assert counted == {code: row[column] for code, row in expected.items() if row[column]}, params
    assert _received(command)[GRID[1]] == _received(command, dispute="any")[GRID[1]] + 1
    assert _received(command, dispute="labour", risk="red") == {**dict.fromkeys(_received(command), 0), GRID[2]: 1}


def test_a_dispute_filter_that_names_no_type_or_level_is_a_400(clients):
    for params, field in (({"dispute": "gossip"}, "dispute"), ({"risk": "purple"}, "risk")):
        answer = clients["command"].get("/api/v1/cells", query_string={"level": "grid", **params})
        assert answer.status_code == 400 and answer.get_json()["error"]["parameter"] == field, params
