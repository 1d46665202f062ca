"""The intake API as the 12345 and 110 platforms call it: batches over HTTP on loopback, the same
placement and idempotence as the file import, all or nothing with problems by item index and field, the
key's channels and cells enforced, and the status of the key's own tickets pulled by updated_after."""
import psycopg2
import pytest

from grids.cases import loop
from tests.cases import GRID, GRID_SQUARE, T0
from tests.conftest import wipe
from tests.shapes import ORIGIN, UNIT
from tests.webmap.intake_site import INTAKE_TABLES, call, load_keyed_world, served_app

GRID3 = "370212001001003"


@pytest.fixture(scope="module")
def site(database_url):
    tokens = load_keyed_world(database_url, {"hotline-12345": (["hotline"], []),
                                             "police-110": (["police110"], ["370212001001001"])})
    with served_app(NOW=T0) as base:
        yield {"base": base + "/api/v1/intake", "tokens": tokens, "url": database_url}
    wipe(database_url, INTAKE_TABLES)


def ticket(ref, grid=1, **fields):
    col, row = GRID_SQUARE[grid]
    return {"source_ref": ref, "reported_at": "2025-03-03 08:30:00", "category_text": "T101", "title": "暖气不热",
            "x": ORIGIN[0] + (col + 0.5) * UNIT, "y": ORIGIN[1] + (row + 0.5) * UNIT, "crs": "EPSG:4490",
            "reporter_name": "李四", "reporter_phone": "13700000000", **fields}


def post(site, channel, tickets, key="hotline-12345", header="Authorization"):
    value = f"Bearer {site['tokens'][key]}" if header == "Authorization" else site["tokens"][key]
    return call("POST", f"{site['base']}/{channel}/tickets", body=tickets, headers={header: value})


def count(site, where="true", params=()):
    conn = psycopg2.connect(site["url"])
    with conn, conn.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM incident WHERE {where}", params)
        found = cur.fetchone()[0]
    conn.close()
    return found


def test_a_batch_is_placed_and_submitted_twice_is_the_same_tickets_and_a_change_updates_one(site):
    batch = [ticket("H-1", 1), ticket("H-2", 3), ticket("H-3", 2, x=None, y=None, crs=None, address="无此地址")]
    status, report = post(site, "hotline", batch)
    assert status == 200, report
    assert (report["tickets"], report["added"], report["updated"], report["unchanged"]) == (3, 3, 0, 0)
    assert [r[3] for r in report["results"]] == [GRID[1], GRID[3], None]
    assert report["placed_by"] == {"coordinates": 2} and report["unplaced"] == 1
    status, again = post(site, "hotline", {"tickets": batch}, header="X-Api-Key")
    assert status == 200 and (again["added"], again["unchanged"]) == (0, 3)
    assert [r[2] for r in again["results"]] == [r[2] for r in report["results"]]
    batch[0]["title"] = "暖气仍不热"
    status, changed = post(site, "hotline", batch)
    assert (changed["added"], changed["updated"], changed["unchanged"], changed["updated_refs"]) == (0, 1, 2, ["H-1"])
    assert count(site, "source_ref LIKE 'H-%%'") == 3


def test_the_hash_depends_on_a_tickets_own_fields_not_on_its_batch(site):
    alone = [ticket("HASH-1")]
    mixed = [ticket("HASH-1"), ticket("HASH-2", description="另一张工单多一个字段")]
    assert post(site, "hotline", alone)[1]["added"] == 1
    report = post(site, "hotline", mixed)[1]
    assert (report["added"], report["unchanged"]) == (1, 1)


def test_bad_items_are_named_by_index_and_field_and_nothing_is_written(site):
    batch = [ticket("BAD-1"), ticket("BAD-2", reported_at="yesterday"), ticket("BAD-1"), {"title": "无编号"},
             ticket("BAD-5", title="长" * 501), "not an object"]
    status, answer = post(site, "hotline", batch)
    assert status == 422 and answer["error"]["code"] == "batch_refused"
    assert {(p["index"], p["field"]) for p in answer["error"]["problems"]} == {(5, None)}
    status, answer = post(site, "hotline", batch[:5])
    found = {(p["index"], p["field"]) for p in answer["error"]["problems"]}
    assert status == 422 and {(1, "reported_at"), (2, "source_ref"), (3, "source_ref")} <= found, found
    status, answer = post(site, "hotline", [batch[0], batch[4]])
    assert status == 422 and [(p["index"], p["field"]) for p in answer["error"]["problems"]] == [(1, "title")]
    assert count(site, "source_ref LIKE 'BAD-%%'") == 0


def test_the_keys_channels_and_cells_are_enforced(site):
    status, answer = post(site, "police110", [ticket("P-1")])
    assert status == 403 and answer["error"]["code"] == "key_refused"
    status, answer = post(site, "hotline", [ticket("P-1")], key="police-110")
    assert status == 403
    status, answer = post(site, "police110", [ticket("P-1", 1), ticket("P-2", 4)], key="police-110")
    assert status == 422
    assert [(p["index"], p["field"]) for p in answer["error"]["problems"]] == [(1, "placement")]
    assert "outside the key's cells" in answer["error"]["problems"][0]["reason"]
    status, report = post(site, "police110", [ticket("P-1", 1), ticket("P-3", 2, x=None, y=None, crs=None)],
                          key="police-110")
    assert status == 200 and report["added"] == 2 and report["unplaced"] == 1     # unplaced: not outside
    assert call("POST", f"{site['base']}/hotline/tickets", body=[ticket("X")])[0] == 403
    assert call("POST", f"{site['base']}/nochannel/tickets", body=[ticket("X")],
                headers={"X-Api-Key": site["tokens"]["hotline-12345"]})[0] == 404


def test_status_goes_back_to_the_key_by_updated_after_without_personal_data(site):
    status, report = post(site, "hotline", [ticket("S-1"), ticket("S-2", 3)])
    ids = {ref: incident_id for _, ref, incident_id, _ in report["results"]}
    status, first = call("GET", f"{site['base']}/hotline/tickets",
                         headers={"Authorization": f"Bearer {site['tokens']['hotline-12345']}"})
    assert status == 200 and {"S-1", "S-2"} <= {t["source_ref"] for t in first["tickets"]}
    assert "李四" not in str(first) and "13700000000" not in str(first)
    last = first["tickets"][-1]
    conn = psycopg2.connect(site["url"])
    with conn:
        loop.act(conn, ids["S-1"], "accept", "D1", now=T0)
        loop.act(conn, ids["S-1"], "dispatch", "D1", now=T0, level="department", to="K1")
    conn.close()
    status, later = call("GET", f"{site['base']}/hotline/tickets?updated_after={last['updated']}"
                                f"&after_id={last['id']}",
                         headers={"Authorization": f"Bearer {site['tokens']['hotline-12345']}"})
    assert status == 200
    changed = {t["source_ref"]: t for t in later["tickets"]}
    assert "S-1" in changed and "S-2" not in changed, later
    assert changed["S-1"]["status"] == "dispatched" and changed["S-1"]["handler"]["department"] == "城管部门"
    status, paged = call("GET", f"{site['base']}/hotline/tickets?limit=1",
                         headers={"Authorization": f"Bearer {site['tokens']['hotline-12345']}"})
    assert len(paged["tickets"]) == 1 and paged["next"]["after_id"] == paged["tickets"][0]["id"]
    status, other = call("GET", f"{site['base']}/police110/tickets",
                         headers={"X-Api-Key": site["tokens"]["police-110"]})
    assert status == 200 and all(t["source_ref"].startswith("P-") for t in other["tickets"])
