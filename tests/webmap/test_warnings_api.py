"""The early warnings' API (``/api/v1/warnings``): who reads which warnings (roles, scope), what a warning
shows (its linked tickets, titles masked, no reporter), who decides (command staff, street staff within
their area), bad input a 400 naming the field, and nothing written on any refusal."""
import datetime as dt
import json

import pytest

from grids.foresight import bursts
from tests.cases import GRID, GRID_SQUARE, T0
from tests.desk_world import signed_in
from tests.shapes import ORIGIN, UNIT
from tests.webmap.dispute_site import dispute_site

NOW = T0 + dt.timedelta(days=4)
API = "/api/v1/warnings"
ACCOUNTS = ("command", "street", "community", "k1", "member", "planner")
OTHER_STREET = "370212009001001001"


def _tickets(conn, prefix, grid):
    col, row = GRID_SQUARE[grid]
    with conn.cursor() as cur:
        for k in range(5):
            cur.execute(
                "INSERT INTO incident (channel, source_ref, reported_at, category_code, title, reporter_name,"
                " reporter_phone, geom, district_code, street_code, community_code, grid_code, placement_method,"
                " content_hash) VALUES ('hotline', %s, %s, 'T101', %s, %s, %s,"
                " ST_SetSRID(ST_Point(%s, %s), 4490), %s, %s, %s, %s, 'coordinates', 'h')",
                (f"{prefix}{k}", T0 + dt.timedelta(hours=6 * k), f"工地欠薪，请回电13912345{k:03d}", f"工人{prefix}{k}",
                 f"1391234{k:04d}", ORIGIN[0] + (col + 0.5) * UNIT + k * 0.0002, ORIGIN[1] + (row + 0.5) * UNIT,
                 GRID[grid][:6], GRID[grid][:9], GRID[grid][:12], GRID[grid]))


def _prepare(conn, people):
    _tickets(conn, "in", 1)
    _tickets(conn, "out", 4)
    raised = bursts.run(conn, (T0 + dt.timedelta(days=3)).date(), now=NOW, window_days=3, categories=["T1"])["raised"]
    with conn.cursor() as cur:             # the second one placed in another street: outside the street's area
        cur.execute("UPDATE early_warning SET cell_code = %s, street_code = %s WHERE grid_code = %s RETURNING id",
                    (OTHER_STREET, OTHER_STREET[:9], GRID[4]))
        outside = cur.fetchone()[0]
    return {"inside": next(i for i in raised if i != outside), "outside": outside}


@pytest.fixture(scope="module")
def site(database_url):
    with dispute_site(database_url, NOW, _prepare) as made:
        yield made


@pytest.fixture(scope="module")
def clients(site):
    return {name: signed_in(site["app"], name) for name in ACCOUNTS}


def _post(client, path, body, token=True):
    headers = {"X-CSRFToken": client.token} if token else {}
    return client.post(f"{API}/{path}", json=body, headers=headers)


def _state(site, warning):
    conn = site["conn"]
    conn.rollback()
    with conn.cursor() as cur:
        cur.execute("SELECT status, decided_by, (SELECT count(*) FROM early_warning_event e WHERE e.warning_id = w.id)"
                    " FROM early_warning w WHERE id = %s", (warning,))
        return cur.fetchone()


def test_others_get_403_and_a_stranger_401(site, clients):
    for who in ("planner", "k1", "member"):
        for path in ("", f"/{site['inside']}"):
            answer = clients[who].get(API + path)
            assert (answer.status_code, answer.get_json()["error"]["code"]) == (403, "forbidden"), (who, path)
        assert _post(clients[who], f"{site['inside']}/confirm", {}).status_code == 403
    assert site["app"].test_client().get(API).status_code == 401
    assert _state(site, site["inside"]) == ("open", None, 1)


def test_each_role_lists_the_warnings_of_its_area_as_points_without_personal_data(site, clients):
    everything = clients["command"].get(API).get_json()
    assert {f["properties"]["id"] for f in everything["features"]} == {site["inside"], site["outside"]}
    for who in ("street", "community"):
        listed = clients[who].get(API).get_json()
        assert [f["properties"]["id"] for f in listed["features"]] == [site["inside"]], who
    feature = everything["features"][0]
    assert feature["geometry"]["type"] == "Point" and len(feature["geometry"]["coordinates"]) == 2
    props = next(f["properties"] for f in everything["features"] if f["properties"]["id"] == site["inside"])
    assert (props["severity"], props["severity_label"], props["reporters"], props["tickets"]) == ("yellow", "黄", 5, 5)
    assert props["category_code"] == "T101" and len(props["ticket_ids"]) == 5 and props["status"] == "open"
    text = json.dumps(everything, ensure_ascii=False)
    assert "工人" not in text and "1391234" not in text and "13912345" not in text
    assert clients["command"].get(f"{API}?within={GRID[1]}").get_json()["features"][0]["properties"]["id"] == site["inside"]
    assert clients["command"].get(f"{API}?status=dismissed").get_json()["features"] == []
    assert clients["street"].get(f"{API}?within={OTHER_STREET[:9]}").get_json()["features"] == []   # not its area
    assert clients["street"].get(f"{API}?within=370212").get_json()["features"][0]["properties"]["id"] == site["inside"]
    assert everything["can_decide"] is True and clients["community"].get(API).get_json()["can_decide"] is False


def test_one_warning_shows_its_linked_tickets_with_titles_masked(site, clients):
    shown = clients["street"].get(f"{API}/{site['inside']}").get_json()
    assert len(shown["linked"]) == 5 and shown["linked"][0]["title"].startswith("工地欠薪，请回电139****")
    assert [t["id"] for t in shown["linked"]] == sorted(shown["ticket_ids"])
    assert shown["history"][0]["action"] == "raised" and shown["can_decide"] is True
    assert "工人" not in json.dumps(shown, ensure_ascii=False)
    answer = clients["street"].get(f"{API}/{site['outside']}")
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (403, "out_of_scope")
    assert clients["command"].get(f"{API}/987654").status_code == 404


@pytest.mark.parametrize("path", ["?status=bogus", "?status=open,nope", "?within=abc", "?within=12"])
def test_bad_query_values_are_400_naming_the_field(site, clients, path):
    answer = clients["command"].get(API + path)
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "bad_parameter"
    assert answer.get_json()["error"]["parameter"] in ("status", "within")


def test_refused_decisions_write_nothing(site, clients):
    inside, outside = site["inside"], site["outside"]
    answer = _post(clients["command"], f"{inside}/dismiss", {"reason": "  "})
    assert (answer.status_code, answer.get_json()["error"]["parameter"]) == (400, "reason")
    assert _post(clients["command"], f"{inside}/dismiss", {}).status_code == 400
    assert _post(clients["command"], f"{inside}/confirm", {"reason": 5}).status_code == 400
    assert _post(clients["command"], f"{inside}/confirm", {}, token=False).get_json()["error"]["code"] == "csrf"
    assert _post(clients["community"], f"{inside}/confirm", {}).status_code == 403          # reads, not decides
    refused = _post(clients["street"], f"{outside}/dismiss", {"reason": "不是我们街道的"})
    assert (refused.status_code, refused.get_json()["error"]["code"]) == (403, "out_of_scope")
    assert _state(site, inside) == ("open", None, 1) and _state(site, outside) == ("open", None, 1)


def test_street_staff_confirm_in_their_area_once_and_command_dismisses_with_a_reason(site, clients):
    inside, outside, people = site["inside"], site["outside"], site["people"]
    confirmed = _post(clients["street"], f"{inside}/confirm", {"reason": "已核实，工地拖欠工资"})
    assert confirmed.status_code == 200, confirmed.get_json()
    body = confirmed.get_json()
    assert body["status"] == "confirmed" and body["can_decide"] is False and body["history"][-1]["action"] == "confirmed"
    assert _state(site, inside) == ("confirmed", people["S1"], 2)
    again = _post(clients["command"], f"{inside}/dismiss", {"reason": "重复"})
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "warning_decided")
    dismissed = _post(clients["command"], f"{outside}/dismiss", {"reason": "正常咨询"})
    assert dismissed.status_code == 200 and dismissed.get_json()["reason"] == "正常咨询"
    assert _state(site, outside) == ("dismissed", people["D1"], 2)
    listed = clients["command"].get(f"{API}?status=confirmed,dismissed").get_json()
    assert listed["precision"]["precision"] == 0.5 and len(listed["features"]) == 2
