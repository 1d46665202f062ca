"""The grid member's API on the demo district: the demo member's building heads and open cases as the
demo leaves them, shapes, urgency order, actions through the case loop, photos, field reports,
notifications, scope, CSRF and the member's landing page."""
import datetime as dt
import io
import re

import psycopg2
import pytest
from PIL import Image

from etl.demo.accounts import MEMBER_CASES, demo_now
from grids.cases import loop, photos
from grids.clock import SHANGHAI
from grids.people import accounts, notifications
from tests.images import image_file
from tests.webmap.demo_site import csrf_token, get_json, sign_in
from tests.webmap.member_site import CATEGORY, dispatched_case, grid_point

GRID, OTHER_GRID, OTHER_COMMUNITY_GRID = "370212001021003", "370212001021002", "370212001016001"
PNG = image_file("PNG")
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def db(app, database_url):
    conn = psycopg2.connect(database_url)
    conn.autocommit = False
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def now(app):
    return app.config["NOW"]


@pytest.fixture(scope="module")
def demo_cases(member):
    """The member's open cases as the demo left them: listed before this module adds any (``cases`` and
    ``token``, which every test that adds a case needs, ask for this first)."""
    return get_json(member, "/api/v1/member/cases")["cases"]


@pytest.fixture(scope="module")
def cases(db, now, demo_cases):
    """Open cases dispatched to the member of GRID (red, yellow, green by the time used of 72 h), one in the
    neighbouring grid, one in another community; committed, as the app reads them."""
    made = {"red": dispatched_case(db, GRID, now - dt.timedelta(hours=100), "m-red"),
            "yellow": dispatched_case(db, GRID, now - dt.timedelta(hours=65), "m-yellow"),
            "green": dispatched_case(db, GRID, now - dt.timedelta(hours=10), "m-green"),
            "other": dispatched_case(db, OTHER_GRID, now - dt.timedelta(hours=10), "m-other"),
            "far": dispatched_case(db, OTHER_COMMUNITY_GRID, now - dt.timedelta(hours=10), "m-far")}
    db.commit()
    return made


@pytest.fixture(scope="module")
def member(app):
    return sign_in(app, "member")


@pytest.fixture(scope="module")
def token(member, demo_cases):
    return csrf_token(member, "/member")


@pytest.fixture(scope="module")
def neighbour(app, db):
    """A second grid member's account: the member of the neighbouring grid."""
    with db.cursor() as cur:
        cur.execute("SELECT person_id FROM person_cell WHERE cell_code = %s", (OTHER_GRID,))
        person = cur.fetchone()[0]
    accounts.create_account(db, "member2", "member2-demo", "grid_member", person_id=person)
    db.commit()
    return sign_in(app, "member2")


def _post(client, token, url, status, **kwargs):
    response = client.post(url, headers={"X-CSRFToken": token}, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_json()


def test_members_land_on_their_page_and_others_on_the_command_map(app):
    member = sign_in(app, "member")
    assert member.get("/").headers["Location"] == "/member"
    assert member.get("/member").status_code == 200
    command = sign_in(app, "command")
    assert command.get("/").headers["Location"] == "/command"
    assert command.get("/member").status_code == 403
    assert app.test_client().get("/").headers["Location"] == "/login"


def test_the_area_is_the_members_grid_its_buildings_and_households(member):
    area = get_json(member, "/api/v1/member/area")
    assert [f["id"] for f in area["grids"]["features"]] == [GRID] and area["scopes"] == [GRID]
    micro = area["microgrids"]["features"]
    assert len(micro) > 10 and all(f["id"].startswith(GRID) for f in micro)
    buildings = [f["properties"] for f in micro if f["properties"]["kind"] == "building"]
    assert buildings and all(b["full_address"] and b["households"] > 0 for b in buildings)
    assert {"heads", "unit", "building_number", "compound", "parent_code"} <= set(buildings[0])
    assert sum(b["households"] for b in buildings) == area["grids"]["features"][0]["properties"]["households"]
    assert OTHER_GRID not in str(area)


def test_the_demo_member_has_buildings_with_their_heads_in_full(member):
    micro = get_json(member, "/api/v1/member/area")["microgrids"]["features"]
    buildings = [f["properties"] for f in micro if f["properties"]["kind"] == "building"]
    headed = [b for b in buildings if b["heads"]]
    assert len(headed) > 0.6 * len(buildings)
    assert any(f["properties"]["heads"] for f in micro if f["properties"]["kind"] == "stairwell")
    heads = [h for f in micro for h in f["properties"]["heads"]]
    assert all(re.fullmatch(r"137002\d{5}", h["phone"]) and re.fullmatch(r"[\u4e00-\u9fff]{2,3}", h["name"])
               for h in heads)


def test_the_demo_member_starts_with_a_handful_of_open_cases_of_every_colour(member, demo_cases):
    """The demo's own case walk leaves the member a working day: red, yellow and green timers, urgent first."""
    colours = [c["timer"]["colour"] if c["timer"] else None for c in demo_cases]
    assert MEMBER_CASES[0] <= len(demo_cases) <= MEMBER_CASES[1]
    assert {"red", "yellow", "green"} <= set(colours)
    assert colours == sorted(colours, key=("red", "yellow", "green", None).index)
    assert all(c["grid_code"] == GRID for c in demo_cases) and any(c["mine"] and c["actions"] for c in demo_cases)
    red = [e["action"] for e in get_json(member, f"/api/v1/member/cases/{demo_cases[0]['id']}")["history"]]
    assert red[:2] in (["accept", "dispatch"], ["link_repeat", "accept"]) and "urge" in red   # the walk's tick


def test_the_demo_clock_is_the_same_on_any_connection(db, now):
    with db.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")           # a bare connection's zone, not gridgov's Asia/Shanghai
    try:
        assert demo_now(db) == now == dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)
    finally:
        db.rollback()


def test_open_cases_most_urgent_first_with_distance(member, cases, db):
    body = get_json(member, "/api/v1/member/cases")
    listed = [c for c in body["cases"] if c["id"] in cases.values()]
    assert [c["id"] for c in listed] == [cases["red"], cases["yellow"], cases["green"]]
    assert [c["timer"]["colour"] for c in listed] == ["red", "yellow", "green"]
    assert listed[0]["timer"]["hours_left"] == pytest.approx(-28.0)
    assert all(c["grid_code"] == GRID for c in body["cases"])
    colours = [("red", "yellow", "green", None).index(c["timer"]["colour"] if c["timer"] else None)
               for c in body["cases"]]
    assert colours == sorted(colours)
    lon, lat = grid_point(db, GRID)
    near = get_json(member, f"/api/v1/member/cases?lon={lon}&lat={lat}")["cases"]
    assert {c["id"]: c["distance_m"] for c in near}[cases["red"]] == pytest.approx(0.0, abs=0.5)
    for c in near:
        assert {"id", "version", "status", "timer", "actions", "mine", "distance_m", "lon", "lat"} <= set(c)
        assert "reporter_name" not in c and "reporter_phone" not in c
    error = get_json(member, "/api/v1/member/cases?lon=abc&lat=36", 400)["error"]
    assert (error["code"], error["parameter"]) == ("bad_parameter", "lon")


def test_actions_go_through_the_case_loop(member, token, cases):
    url = f"/api/v1/member/cases/{cases['yellow']}"
    case = get_json(member, url)
    assert case["actions"] == ["start", "report", "escalate", "note"] and case["history"][-1]["action"] == "dispatch"
    started = _post(member, token, url + "/actions", 200, json={"action": "start", "version": case["version"]})
    assert (started["status"], started["version"]) == ("in_progress", case["version"] + 1)
    refused = _post(member, token, url + "/actions", 400, json={"action": "start", "version": started["version"]})
    assert refused["error"]["code"] == "illegal_transition"
    assert "is in_progress: cannot start" in refused["error"]["message"]
    stale = _post(member, token, url + "/actions", 409, json={"action": "report", "note": "x", "version": case["version"]})
    assert stale["error"]["code"] == "case_conflict" and "reload" in stale["error"]["message"]
    noted = _post(member, token, url + "/actions", 200,
                  json={"action": "note", "note": "已上门调解", "version": started["version"]})
    assert noted["version"] == started["version"] + 1
    assert _post(member, token, url + "/actions", 400, json={"action": "escalate"})["error"]["code"] == "note_required"
    assert _post(member, token, url + "/actions", 403, json={"action": "verify"})["error"]["code"] == "not_a_member_action"
    assert _post(member, token, url + "/actions", 400, json=["start"])["error"]["parameter"] == "body"
    handled = _post(member, token, url + "/actions", 200, json={"action": "report", "note": "双方达成一致"})
    assert handled["status"] == "handled" and handled["timer"]["running"] is False
    assert [e["action"] for e in get_json(member, url)["history"][-3:]] == ["start", "note", "report"]


def test_an_action_in_the_browser_records_the_signed_in_account_as_its_operator(member, token, cases, db):
    """The case history names who clicked (the account), as the command line names its OS user."""
    url = f"/api/v1/member/cases/{cases['green']}"
    _post(member, token, url + "/actions", 200, json={"action": "note", "note": "电话回访"})
    with db.cursor() as cur:
        cur.execute("SELECT operator FROM case_event WHERE incident_id = %s ORDER BY id DESC LIMIT 1",
                    (cases["green"],))
        assert cur.fetchone() == ("web:member",)
    db.rollback()


def test_escalation_request_sends_the_case_to_the_community(member, token, cases):
    url = f"/api/v1/member/cases/{cases['green']}/actions"
    after = _post(member, token, url, 200, json={"action": "escalate", "note": "涉及多户，需社区协调"})
    assert (after["handler_level"], after["mine"], after["actions"]) == ("community", False, ["note"])
    assert _post(member, token, url, 403, json={"action": "report", "note": "x"})["error"]["code"] == "not_your_case"


def test_photos_are_checked_stored_and_served_only_within_scope(app, member, token, cases, neighbour):
    url = f"/api/v1/member/cases/{cases['red']}/photos"
    attached = _post(member, token, url, 201, data={"photo": (io.BytesIO(PNG), "现场.png")},
                     content_type="multipart/form-data")
    photo_id = attached["photo"]["id"]
    assert (attached["photo"]["content_type"], attached["case"]["photos"]) == ("image/png", 1)
    gif = _post(member, token, url, 415, data={"photo": (io.BytesIO(b"GIF89a" + bytes(50)), "fake.png")},
                content_type="multipart/form-data")["error"]
    assert (gif["code"], gif["field"]) == ("photo_type", "photo")
    big = b"\xff\xd8\xff" + bytes(photos.MAX_BYTES)
    large = _post(member, token, url, 413, data={"photo": (io.BytesIO(big), "big.jpg")},
                  content_type="multipart/form-data")["error"]
    assert large["code"] == "photo_too_large" and large["max_bytes"] == photos.MAX_BYTES
    huge = _post(member, token, url, 413, data={"photo": (io.BytesIO(big + bytes(100_000)), "huge.jpg")},
                 content_type="multipart/form-data")["error"]
    assert huge["code"] == "photo_too_large"
    assert _post(member, token, url, 400, data={}, content_type="multipart/form-data")["error"]["parameter"] == "photo"

    served = member.get(f"/api/v1/member/photos/{photo_id}")
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert Image.open(io.BytesIO(served.data)).size == Image.open(io.BytesIO(PNG)).size   # re-written, same picture
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert sign_in(app, "command").get(f"/api/v1/member/photos/{photo_id}").status_code == 200
    assert neighbour.get(f"/api/v1/member/photos/{photo_id}").get_json()["error"]["code"] == "out_of_scope"
    assert member.get(f"/api/v1/member/photos/{photo_id + 10_000}").status_code == 404
    assert get_json(member, f"/api/v1/member/cases/{cases['red']}")["photos"][0]["id"] == photo_id


def test_a_field_report_is_placed_opened_and_shown_to_the_command_centre(app, member, token, db):
    lon, lat = grid_point(db, GRID)
    form = {"lon": str(lon), "lat": str(lat), "accuracy": "9", "category": CATEGORY, "description": HOSTILE,
            "photo": (io.BytesIO(PNG), "scene.png")}
    filed = _post(member, token, "/api/v1/member/reports", 201, data=form, content_type="multipart/form-data")
    assert (filed["grid_code"], filed["placement_method"], filed["status"]) == (GRID, "coordinates", "dispatched")
    assert filed["in_your_area"] and filed["photo"]["content_type"] == "image/png"
    assert re.fullmatch(r"XC\d{14}-[0-9a-f]{8}", filed["source_ref"])
    mine = get_json(member, "/api/v1/member/cases")["cases"]
    assert filed["id"] in {c["id"] for c in mine}

    command = sign_in(app, "command")
    seen = get_json(command, "/api/v1/incidents?channel=patrol&status=open")["features"]
    shown = next(f for f in seen if f["id"] == filed["id"])
    assert shown["properties"]["description"] == HOSTILE           # JSON carries the text; pages show it as text
    assert shown["geometry"]["coordinates"] == pytest.approx([lon, lat], abs=1e-6)
    heat = get_json(command, "/api/v1/heat?channel=patrol&status=open")["points"]
    assert any(p == pytest.approx([lat, lon], abs=1e-5) for p in heat)
    assert HOSTILE not in member.get("/member").get_data(as_text=True)   # never embedded in the page


def test_a_field_report_outside_every_cell_or_incomplete_is_refused(member, token):
    base = {"lon": "121.0", "lat": "35.0", "category": CATEGORY, "description": "x"}
    outside = _post(member, token, "/api/v1/member/reports", 400, data=base)["error"]
    assert outside["code"] == "outside_all_cells" and "outside every cell" in outside["message"]
    missing = _post(member, token, "/api/v1/member/reports", 400, data={**base, "lon": ""})["error"]
    assert (missing["code"], missing["parameter"]) == ("bad_parameter", "lon")
    unknown = _post(member, token, "/api/v1/member/reports", 400, data={**base, "category": "zz"})["error"]
    assert unknown["code"] == "unknown_category"


def test_a_field_report_in_another_grid_is_filed_without_its_handler(member, token, neighbour, db):
    lon, lat = grid_point(db, OTHER_GRID)
    form = {"lon": str(lon), "lat": str(lat), "category": CATEGORY, "description": "路过邻格发现"}
    filed = _post(member, token, "/api/v1/member/reports", 201, data=form)
    assert filed["grid_code"] == OTHER_GRID and filed["in_your_area"] is False
    assert filed["handler_person_id"] is None                    # the neighbour's member is not this one's business
    assert filed["id"] in {c["id"] for c in get_json(neighbour, "/api/v1/member/cases")["cases"]}
    assert filed["id"] not in {c["id"] for c in get_json(member, "/api/v1/member/cases")["cases"]}


@pytest.mark.parametrize("form, parameter", [({"lon": "东经120度"}, "lon"), ({"accuracy": "about 10 m"}, "accuracy")])
def test_a_field_report_with_a_number_that_is_none_is_refused(member, token, db, form, parameter):
    lon, lat = grid_point(db, GRID)
    base = {"lon": str(lon), "lat": str(lat), "category": CATEGORY, "description": "x"}
    error = _post(member, token, "/api/v1/member/reports", 400, data={**base, **form})["error"]
    assert (error["code"], error["parameter"]) == ("bad_parameter", parameter) and "number" in error["message"]


@pytest.mark.parametrize("body, parameter", [({"action": "note", "note": 5}, "note"),
                                             ({"action": "note", "note": "x", "version": "v2"}, "version"),
                                             ({"action": "note", "note": "x", "version": True}, "version")])
def test_a_case_action_with_a_bad_field_is_refused(member, token, cases, body, parameter):
    error = _post(member, token, f"/api/v1/member/cases/{cases['green']}/actions", 400, json=body)["error"]
    assert (error["code"], error["parameter"]) == ("bad_parameter", parameter)


def test_another_grids_case_is_refused_not_shown(member, token, cases, neighbour):
    for case in ("other", "far"):
        error = get_json(member, f"/api/v1/member/cases/{cases[case]}", 403)["error"]
        assert error["code"] == "out_of_scope" and error["case"] == cases[case]
        assert _post(member, token, f"/api/v1/member/cases/{cases[case]}/actions", 403,
                     json={"action": "note", "note": "x"})["error"]["code"] == "out_of_scope"
    assert cases["other"] in {c["id"] for c in get_json(neighbour, "/api/v1/member/cases")["cases"]}
    assert get_json(member, "/api/v1/member/cases/99999999", 404)["error"]["code"] == "not_found"


def test_notifications_are_the_members_own_newest_first_and_marked_read(member, token, neighbour, db):
    mine = accounts.get_account(db, username="member")["person_id"]
    theirs = accounts.get_account(db, username="member2")["person_id"]
    first = notifications.notify(db, mine, "grid_changed", f"网格调整：您负责的网格 {GRID} 自第 2 版起由网格 X 接替",
                                 {"generation": 2, "old_code": GRID, "new_code": "370212001021009"})
    second = notifications.notify(db, mine, "case_redispatched", "案件 7 因网格调整改派给您",
                                  {"generation": 2, "case": 7, "from_cell": OTHER_GRID, "to_cell": GRID})
    other = notifications.notify(db, theirs, "grid_lost", "网格调整：网格撤销", {"generation": 2, "old_code": OTHER_GRID})
    db.commit()
    url = "/api/v1/member/notifications"

    listed = get_json(member, url)
    assert [n["id"] for n in listed["notifications"]] == [second, first] and listed["unread"] == 2
    newest = listed["notifications"][0]
    assert (newest["kind"], newest["details"]["to_cell"], newest["read_at"]) == ("case_redispatched", GRID, None)
    assert newest["created_at"].endswith("+08:00") and newest["message"].startswith("案件 7")
    assert [n["id"] for n in get_json(neighbour, url)["notifications"]] == [other]

    # another member's notification is passed over, not marked
    assert _post(member, token, url + "/read", 200, json={"ids": [other, first]}) == {"marked": 1, "unread": 1}
    assert get_json(neighbour, url)["unread"] == 1
    read = {n["id"]: n["read_at"] for n in get_json(member, url)["notifications"]}
    assert read[first] is not None and read[second] is None
    assert _post(member, token, url + "/read", 200, json={"all": True}) == {"marked": 1, "unread": 0}
    assert _post(member, token, url + "/read", 200, json={"ids": [first]})["marked"] == 0   # already read
    for body in ({}, {"ids": "1"}, {"ids": [True]}, {"all": "yes"}):
        assert _post(member, token, url + "/read", 400, json=body)["error"]["parameter"] == "ids"


def test_a_case_of_another_grid_handed_to_the_member_is_theirs(member, token, db, now, neighbour):
    """As publishing hands a case over after a redrawing (the case keeps the grid it was placed in)."""
    person = accounts.get_account(db, username="member")["person_id"]
    case_id = dispatched_case(db, OTHER_GRID, now - dt.timedelta(hours=5), "m-handed")
    loop.act(db, case_id, "dispatch", now=now - dt.timedelta(hours=4), to=str(person))
    db.commit()
    listed = {c["id"]: c for c in get_json(member, "/api/v1/member/cases")["cases"]}
    assert listed[case_id]["mine"] and listed[case_id]["grid_code"] == OTHER_GRID
    detail = get_json(member, f"/api/v1/member/cases/{case_id}")
    assert detail["actions"] == ["start", "report", "escalate", "note"]
    started = _post(member, token, f"/api/v1/member/cases/{case_id}/actions", 200,
                    json={"action": "start", "version": detail["version"]})
    assert started["status"] == "in_progress"
    assert listed[case_id]["id"] in {c["id"] for c in get_json(neighbour, "/api/v1/member/cases")["cases"]}  # placed there


def test_the_member_api_is_for_grid_members_signed_in(app, member):
    command = sign_in(app, "command")
    assert get_json(command, "/api/v1/member/cases", 403)["error"]["code"] == "forbidden"
    assert get_json(command, "/api/v1/member/notifications", 403)["error"]["code"] == "forbidden"
    assert get_json(app.test_client(), "/api/v1/member/area", 401)["error"]["code"] == "unauthorized"


def test_state_changes_need_the_csrf_token(member, cases):
    response = member.post(f"/api/v1/member/cases/{cases['red']}/actions", json={"action": "note", "note": "x"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "csrf"
    response = member.post("/api/v1/member/reports", data={"lon": "120.4", "lat": "36.1"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "csrf"
    response = member.post("/api/v1/member/notifications/read", json={"all": True})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "csrf"


def test_the_page_is_small_offline_and_its_own(member):
    """Everything the page loads comes from /static (no other host), and its own part stays small."""
    html = member.get("/member").get_data(as_text=True)
    assert not re.findall(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[a-z]{2,}""", html.replace("//www.w3.org", ""))
    refs = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    own = [r for r in refs if "/vendor/" not in r]
    assert {"/static/js/member.js", "/static/js/member-i18n.js", "/static/css/member.css"} <= set(own)
    sizes = {r: len(member.get(r).data) for r in own}
    assert len(html.encode()) + sum(sizes.values()) < 100 * 1024, sizes
