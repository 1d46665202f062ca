"""The review queue's API as the page calls it: who may use it, the queue, placing one by a cell or a
point and many at once, and every refusal as a clear JSON error."""
import datetime as dt

import pytest

from tests.cases import DISTRICT, GRID, T0, add_unplaced
from tests.desk_world import desk_site, signed_in
from tests.shapes import ORIGIN, UNIT

NOW = T0 + dt.timedelta(days=30)


@pytest.fixture(scope="module")
def site(database_url):
    with desk_site(database_url, NOW, publish=True) as made:
        yield made


@pytest.fixture(scope="module")
def command(site):
    return signed_in(site["app"], "command")


def _post(client, url, body, status):
    answer = client.post(url, json=body, headers={"X-CSRFToken": client.token})
    assert answer.status_code == status, answer.get_json()
    return answer.get_json()


def test_only_the_command_centre_reviews(site):
    for who in ("community", "street", "k1", "member", "planner"):
        assert signed_in(site["app"], who).get("/api/v1/review/unplaced").status_code == 403
    assert site["app"].test_client().get("/api/v1/review/unplaced").status_code == 401


def test_the_queue_and_placing_one_by_cell_one_by_point_and_two_at_once(site, command):
    conn = site["conn"]
    first, second, third, fourth = (add_unplaced(conn, f"api-{n}", lon=ORIGIN[0] - 0.001, lat=ORIGIN[1] + 0.001)
                                    for n in range(4))
    conn.commit()
    queue = command.get("/api/v1/review/unplaced").get_json()
    assert queue["total"] == 4 and [i["id"] for i in queue["incidents"]] == [first, second, third, fourth]
    item = command.get(f"/api/v1/review/unplaced/{first}").get_json()
    assert item["candidates"][0]["code"] == GRID[2]
    placed = _post(command, f"/api/v1/review/unplaced/{first}/place", {"cell_code": GRID[2]}, 200)
    assert placed["placed"] == [first]
    lon, lat = ORIGIN[0] + 0.5 * UNIT, ORIGIN[1] + 1.5 * UNIT
    assert _post(command, f"/api/v1/review/unplaced/{second}/place", {"lon": lon, "lat": lat}, 200)["cell"] == GRID[1]
    assert _post(command, "/api/v1/review/place", {"ids": [third, fourth], "cell_code": GRID[3]}, 200)["placed"] == [
        third, fourth]
    assert command.get("/api/v1/review/unplaced").get_json()["total"] == 0
    again = _post(command, f"/api/v1/review/unplaced/{first}/place", {"cell_code": GRID[2]}, 409)
    assert again["error"]["code"] == "already_placed"


@pytest.mark.parametrize("body, status, key", [
    ({"cell_code": "x"}, 400, "cell_code"), ({"lon": "1", "lat": 2}, 400, "lon"), ({}, 400, "lon"),
    ({"cell_code": "370212001001999"}, 400, "cell_code"), ({"lon": 100.0, "lat": 10.0}, 400, "lon"),
])
def test_bad_placements_are_named(site, command, body, status, key):
    case_id = add_unplaced(site["conn"], f"bad-{abs(hash(str(body)))}")
    site["conn"].commit()
    error = _post(command, f"/api/v1/review/unplaced/{case_id}/place", body, status)["error"]
    assert error.get("parameter", error.get("field")) == key
    assert _post(command, "/api/v1/review/place", {"ids": "all", "cell_code": GRID[1]}, 400)["error"]["parameter"] == "ids"
    assert command.get("/api/v1/review/unplaced/999999").status_code == 404
    assert command.get("/api/v1/review/unplaced?channel=moon").status_code == 400
    _post(command, "/api/v1/review/place", {"ids": [case_id], "cell_code": GRID[1]}, 200)   # leave the queue empty


def test_the_page_is_the_command_centres(site, command):
    page = command.get("/review")
    assert page.status_code == 200 and "review.js" in page.get_data(as_text=True)
    assert signed_in(site["app"], "community").get("/review").status_code == 403
    assert DISTRICT in command.get("/api/v1/me").get_data(as_text=True)
