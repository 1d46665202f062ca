"""The review queue's API as the page calls it: who may use it and what each role sees, the queue with its
filters and paging, an incident with its candidates, placing one by a cell or a point and many at once,
and every refusal as the one JSON error shape (401, 403, 404, 400 naming the field, 409, CSRF)."""
import datetime as dt
import itertools

import pytest

from grids.incidents import review
from grids.people import accounts
from tests.cases import DISTRICT, GRID, STREET, T0, add_unplaced
from tests.desk_world import PASSWORD, desk_site, signed_in
from tests.shapes import ORIGIN, UNIT

NOW = T0 + dt.timedelta(days=30)
TICKETS = itertools.count(1)


@pytest.fixture(scope="module")
def site(database_url):
    with desk_site(database_url, NOW, publish=True) as made:
        with made["conn"] as conn:
            accounts.create_account(conn, "admin", PASSWORD, "admin", scope_code=DISTRICT)
        yield made


@pytest.fixture(scope="module")
def command(site):
    return signed_in(site["app"], "command")


@pytest.fixture
def empty_queue(site):
    """Every test starts and ends with nothing waiting (placed incidents stay, out of the queue)."""
    _settle(site["conn"])
    yield site["conn"]
    _settle(site["conn"])


def _settle(conn):
    waiting = [i["id"] for i in review.queue(conn)["incidents"]]
    if waiting:
        review.place(conn, waiting, scope=(DISTRICT,), cell_code=GRID[4])
    conn.commit()


def _unplaced(conn, ref, street=None, **where):
    """A committed unplaced incident, kept in ``street`` when given (a partial placement)."""
    incident = add_unplaced(conn, f"{ref}-{next(TICKETS)}", **where)
    if street:
        with conn.cursor() as cur:
            cur.execute("UPDATE incident SET district_code = %s, street_code = %s WHERE id = %s",
                        (DISTRICT, street, incident))
    conn.commit()
    return incident


def _post(client, url, body, status):
    answer = client.post(url, json=body, headers={"X-CSRFToken": client.token})
    assert answer.status_code == status, answer.get_json()
    return answer.get_json()


def _error(client, url, status):
    answer = client.get(url)
    assert answer.status_code == status, answer.get_json()
    return answer.get_json()["error"]


@pytest.mark.parametrize("who, status", [("command", 200), ("admin", 200), ("street", 200), ("community", 200),
                                         ("k1", 403), ("member", 403), ("planner", 403)])
def test_staff_review_and_the_other_roles_are_refused(site, empty_queue, who, status):
    client = signed_in(site["app"], who)
    for url in ("/api/v1/review/unplaced", "/review"):
        assert client.get(url).status_code == status
    if status == 403:
        assert client.get("/api/v1/review/unplaced").get_json()["error"]["code"] == "forbidden"
        incident = _unplaced(empty_queue, f"role-{who}")
        assert client.get(f"/api/v1/review/unplaced/{incident}").status_code == 403
        _post(client, "/api/v1/review/place", {"ids": [incident], "cell_code": GRID[1]}, 403)


def test_signed_out_is_401(site):
    anonymous = site["app"].test_client()
    for url in ("/api/v1/review/unplaced", "/api/v1/review/unplaced/1"):
        assert anonymous.get(url).status_code == 401
    assert anonymous.post("/api/v1/review/place", json={"ids": [1], "cell_code": GRID[1]}).status_code in (400, 401)


def test_the_command_centre_sees_everything_a_street_its_own_a_community_nothing(site, empty_queue):
    conn = empty_queue
    ours, theirs, nowhere = (_unplaced(conn, f"who-{n}", street) for n, street in
                             enumerate((STREET, "370212002", None)))
    listed = {who: [i["id"] for i in signed_in(site["app"], who).get("/api/v1/review/unplaced").get_json()["incidents"]]
              for who in ("command", "admin", "street", "community")}
    assert listed == {"command": [ours, theirs, nowhere], "admin": [ours, theirs, nowhere], "street": [ours],
                      "community": []}
    street = signed_in(site["app"], "street")
    assert street.get(f"/api/v1/review/unplaced/{ours}").get_json()["id"] == ours
    for hidden in (theirs, nowhere):      # as unknown as a missing id
        assert _error(street, f"/api/v1/review/unplaced/{hidden}", 404)["code"] == "not_found"
        assert _post(street, f"/api/v1/review/unplaced/{hidden}/place", {"cell_code": GRID[1]}, 404)[
            "error"]["code"] == "not_found"
    refused = _post(street, f"/api/v1/review/unplaced/{ours}/place", {"cell_code": DISTRICT}, 403)["error"]
    assert (refused["code"], refused["cell_code"]) == ("out_of_scope", DISTRICT)
    assert _post(street, f"/api/v1/review/unplaced/{ours}/place", {"cell_code": GRID[2]}, 200)["placed"] == [ours]


def test_the_queue_filters_and_pages(site, command, empty_queue):
    conn = empty_queue
    ids = [_unplaced(conn, f"page-{n:02d}") for n in range(review.PAGE_SIZE + 1)]
    named = add_unplaced(conn, "named", "ambiguous address", '[["%s", 0.7]]' % GRID[3])
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET channel = 'app', address = '海湾名邸东门' WHERE id = %s", (named,))
    conn.commit()
    first = command.get("/api/v1/review/unplaced").get_json()
    assert first["total"] == len(ids) + 1 and [i["id"] for i in first["incidents"]] == ids[:review.PAGE_SIZE]
    assert {r["reason"]: r["incidents"] for r in first["reasons"]} == {"outside all cells": len(ids),
                                                                       "ambiguous address": 1}
    second = command.get("/api/v1/review/unplaced?page=2").get_json()
    assert [i["id"] for i in second["incidents"]] == [ids[-1], named]
    for query in ("reason=ambiguous+address", "channel=app", "q=海湾名邸"):
        found = command.get(f"/api/v1/review/unplaced?{query}").get_json()
        assert (found["total"], [i["id"] for i in found["incidents"]]) == (1, [named]), query
    assert command.get("/api/v1/review/unplaced?q=无此地址").get_json()["total"] == 0
    for query, name in (("channel=moon", "channel"), ("page=0", "page"), ("q=" + "x" * 600, "q")):
        assert _error(command, f"/api/v1/review/unplaced?{query}", 400)["parameter"] == name


def test_an_incident_with_its_candidates(site, command, empty_queue):
    near = _unplaced(empty_queue, "near", lon=ORIGIN[0] - 0.001, lat=ORIGIN[1] + 0.5 * UNIT)   # ~90 m west of grid 2
    item = command.get(f"/api/v1/review/unplaced/{near}").get_json()
    assert item["unplaced_reason"] == "outside all cells" and item["lon"] == pytest.approx(ORIGIN[0] - 0.001)
    assert item["candidates"][0]["code"] == GRID[2] and 50 < item["candidates"][0]["metres"] < 150
    assert item["candidates"][0]["outline"]["type"] == "MultiPolygon"
    assert _error(command, "/api/v1/review/unplaced/999999", 404)["code"] == "not_found"


def test_placing_one_by_cell_one_by_point_and_two_at_once(site, command, empty_queue):
    conn = empty_queue
    first, second, third, fourth = (_unplaced(conn, f"api-{n}") for n in range(4))
    placed = _post(command, f"/api/v1/review/unplaced/{first}/place", {"cell_code": GRID[2]}, 200)
    assert placed == {"cell": GRID[2], "level": "grid", "placed": [first]}
    lon, lat = ORIGIN[0] + 0.5 * UNIT, ORIGIN[1] + 1.5 * UNIT                         # grid 1's middle
    assert _post(command, f"/api/v1/review/unplaced/{second}/place", {"lon": lon, "lat": lat}, 200)["cell"] == GRID[1]
    assert _post(command, "/api/v1/review/place", {"ids": [third, fourth, third], "cell_code": GRID[3]}, 200)[
        "placed"] == [third, fourth]
    assert command.get("/api/v1/review/unplaced").get_json()["total"] == 0
    with conn.cursor() as cur:
        cur.execute("SELECT i.id, i.grid_code, i.placed_by, l.method, l.operator, l.unplaced_reason "
                    "FROM incident i JOIN incident_placement_log l ON l.incident_id = i.id "
                    "WHERE i.id = ANY(%s) ORDER BY i.id", ([first, second, third, fourth],))
        logged = cur.fetchall()
    conn.commit()
    assert logged == [(first, GRID[2], "web:command", "cell", "web:command", "outside all cells"),
                      (second, GRID[1], "web:command", "point", "web:command", "outside all cells"),
                      (third, GRID[3], "web:command", "cell", "web:command", "outside all cells"),
                      (fourth, GRID[3], "web:command", "cell", "web:command", "outside all cells")]


def test_placed_already_is_409_and_changes_nothing(site, command, empty_queue):
    waiting, placed = _unplaced(empty_queue, "w409"), _unplaced(empty_queue, "p409")
    _post(command, f"/api/v1/review/unplaced/{placed}/place", {"cell_code": GRID[1]}, 200)
    for url, body in ((f"/api/v1/review/unplaced/{placed}/place", {"cell_code": GRID[2]}),
                      ("/api/v1/review/place", {"ids": [waiting, placed], "cell_code": GRID[2]})):
        assert _post(command, url, body, 409)["error"]["code"] == "already_placed"
    assert _error(command, f"/api/v1/review/unplaced/{placed}", 409)["code"] == "already_placed"
    assert [i["id"] for i in command.get("/api/v1/review/unplaced").get_json()["incidents"]] == [waiting]


@pytest.mark.parametrize("body, code, key", [
    ({"cell_code": "x"}, "bad_parameter", "cell_code"), ({"lon": "1", "lat": 2}, "bad_parameter", "lon"),
    ({}, "bad_parameter", "lon"), ({"lon": 500.0, "lat": 2.0}, "bad_parameter", "lon"),
    ({"cell_code": "370212001001999"}, "unknown_cell", "cell_code"),
    ({"lon": 100.0, "lat": 10.0}, "outside_all_cells", "lon"),
])
def test_a_bad_place_is_a_400_naming_the_field(site, command, empty_queue, body, code, key):
    incident = _unplaced(empty_queue, "bad")
    for url, sent in ((f"/api/v1/review/unplaced/{incident}/place", body),
                      ("/api/v1/review/place", {"ids": [incident], **body})):
        error = _post(command, url, sent, 400)["error"]
        assert (error["code"], error.get("parameter", error.get("field"))) == (code, key)
    assert command.get("/api/v1/review/unplaced").get_json()["total"] == 1      # nothing placed


def test_a_bad_batch_and_unknown_ids(site, command, empty_queue):
    incident = _unplaced(empty_queue, "batch")
    for ids in ("all", [], ["1"], [True], [-1], list(range(1, 10_002))):
        error = _post(command, "/api/v1/review/place", {"ids": ids, "cell_code": GRID[1]}, 400)["error"]
        assert error["parameter"] == "ids"
    missing = _post(command, "/api/v1/review/place", {"ids": [incident, 999999], "cell_code": GRID[1]}, 404)["error"]
    assert (missing["code"], missing["incidents"]) == ("not_found", [999999])
    assert _post(command, "/api/v1/review/unplaced/999999/place", {"cell_code": GRID[1]}, 404)["error"][
        "code"] == "not_found"
    assert _post(command, "/api/v1/review/place", ["not", "an", "object"], 400)["error"]["code"] == "bad_parameter"
    assert command.get("/api/v1/review/unplaced").get_json()["total"] == 1


def test_writes_need_the_csrf_token(site, command, empty_queue):
    incident = _unplaced(empty_queue, "csrf")
    answer = command.post(f"/api/v1/review/unplaced/{incident}/place", json={"cell_code": GRID[1]})
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "csrf"
    assert command.get("/api/v1/review/unplaced").get_json()["total"] == 1


def test_the_page_names_its_script_and_the_account(site, command):
    page = command.get("/review").get_data(as_text=True)
    assert "js/review.js" in page and "js/review-i18n.js" in page and "<script>" not in page
    assert DISTRICT in command.get("/api/v1/me").get_data(as_text=True)
