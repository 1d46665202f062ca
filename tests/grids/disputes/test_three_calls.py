"""The 110 three-calls rule: exactly 2 and 3 calls, the window's edge, stairwells, idempotence, later calls."""
import datetime as dt

import pytest

from grids.disputes import mediation, records, three_calls
from tests.cases import T0, add_incident
from tests.dispute_world import days, load_dispute_world
from tests.member_world import B1, B1U1, B2


@pytest.fixture
def world(conn):
    return load_dispute_world(conn)


def _call(conn, ref, at, microgrid=B1, grid=1):
    case_id = add_incident(conn, ref, grid=grid, at=at, channel="police110")
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET microgrid_code = %s, generation_id = (SELECT max(id) FROM generation), "
                    "title = '邻里噪音纠纷，双方争吵' WHERE id = %s", (microgrid, case_id))
    return case_id


def test_two_calls_open_nothing_and_the_third_opens_a_joint_case(conn, world):
    calls = [_call(conn, "110-1", T0), _call(conn, "110-2", T0 + days(10))]
    assert three_calls.run(conn, now=T0 + days(11))["opened"] == []
    calls.append(_call(conn, "110-3", T0 + days(20), microgrid=B1U1))      # a stairwell of the same building
    done = three_calls.run(conn, now=T0 + days(21))
    case_id, = done["opened"]
    assert sorted(call for _, call in done["linked"]) == calls
    dispute = records.get_dispute(conn, case_id)
    assert (dispute["source"], dispute["building_code"], dispute["stage"]) == ("three_calls", B1, "triaged")
    assert dispute["joint"] is True and dispute["post"] == "治安调处" and dispute["case_status"] == "accepted"
    assert dispute["org_name"] == "海湾社区人民调解委员会"
    assert [c["id"] for c in dispute["calls"]] == calls
    team = {m["role"]: m["name"] for m in dispute["team"]}
    assert team == {"lead": "街道戊", "mediator": "调解员甲", "cadre": "社区丁", "grid_member": "网格员甲"}
    assert dispute["risk_computed"] == "orange" and dispute["risk_factors"] == {"repeats": "orange"}
    assert three_calls.run(conn, now=T0 + days(21)) == {"now": T0 + days(21), "opened": [], "linked": []}


def test_the_window_includes_exactly_30_days_and_no_more(conn, world):
    _call(conn, "110-1", T0)
    _call(conn, "110-2", T0 + days(15))
    _call(conn, "110-3", T0 + days(30) + dt.timedelta(seconds=1))
    assert three_calls.run(conn, now=T0 + days(31))["opened"] == []
    _call(conn, "110-4", T0 + days(1), microgrid=B2, grid=2)
    _call(conn, "110-5", T0 + days(15), microgrid=B2, grid=2)
    _call(conn, "110-6", T0 + days(31), microgrid=B2, grid=2)    # exactly 30 days after the first: trips
    assert three_calls.run(conn, now=T0 + days(30) + dt.timedelta(hours=12))["opened"] == []   # not yet reported
    _call(conn, "110-8", T0 + days(16))                      # B1: 110-2, 110-3, 110-8 within 30 days
    opened = three_calls.run(conn, now=T0 + days(46))["opened"]
    assert sorted(records.get_dispute(conn, c)["building_code"] for c in opened) == [B1, B2]


def test_the_window_is_configurable_and_later_calls_join_the_open_case(conn, world):
    _call(conn, "110-1", T0)
    _call(conn, "110-2", T0 + days(5))
    _call(conn, "110-3", T0 + days(9))
    assert three_calls.run(conn, now=T0 + days(10), window_days=7)["opened"] == []
    case_id, = three_calls.run(conn, now=T0 + days(10), window_days=10)["opened"]
    later = _call(conn, "110-4", T0 + days(60))
    assert three_calls.run(conn, now=T0 + days(61)) == {"now": T0 + days(61), "opened": [],
                                                        "linked": [(case_id, later)]}
    assert len(records.get_dispute(conn, case_id)["calls"]) == 4
    assert records.get_dispute(conn, case_id)["risk_computed"] == "orange"


def test_the_police_officer_is_named_by_staff(conn, world):
    for n in range(3):
        _call(conn, f"110-{n}", T0 + days(n))
    case_id, = three_calls.run(conn, now=T0 + days(3))["opened"]
    three_calls.set_team(conn, case_id, {"police": {"name": "王警官", "phone": "13700000000"}}, by="S1",
                         now=T0 + days(4))
    dispute = records.get_dispute(conn, case_id)
    assert {m["role"]: m["name"] for m in dispute["team"]}["police"] == "王警官"
    assert dispute["history"][-1]["action"] == "team" and dispute["history"][-1]["by_code"] == "S1"


def test_in_one_run_a_finished_case_lets_new_calls_open_another_and_an_open_one_takes_its_later_call(conn, world):
    """The run reads the open cases once for every building (three_calls_open_cases.sql): both kinds of
    building in the same run."""
    for n in range(3):
        _call(conn, f"110-a{n}", T0 + days(n))
        _call(conn, f"110-b{n}", T0 + days(n), microgrid=B2, grid=2)
    first_b1, first_b2 = sorted(three_calls.run(conn, now=T0 + days(3))["opened"])
    assert records.get_dispute(conn, first_b1)["building_code"] == B1
    mediation.hand_over(conn, first_b1, target="court", body="崂山区人民法院", reason="调解不成", by="S1",
                        now=T0 + days(5))
    new_calls = [_call(conn, f"110-c{n}", T0 + days(40 + n)) for n in range(3)]
    later_b2 = _call(conn, "110-b9", T0 + days(41), microgrid=B2, grid=2)
    done = three_calls.run(conn, now=T0 + days(45))
    second_b1, = done["opened"]
    assert second_b1 not in (first_b1, first_b2)
    assert sorted(done["linked"]) == sorted([(first_b2, later_b2)] + [(second_b1, c) for c in new_calls])
