"""The risk rule on hand-made cases, and staff's override with a reason."""
import pytest

from grids.disputes import records, risk
from grids.disputes.risk import Facts, assess
from grids.errors import DisputeError
from tests.cases import T0, add_incident, hours
from tests.dispute_world import PARTIES, load_dispute_world, new_dispute


@pytest.mark.parametrize("facts, level, factors", [
    (Facts(), "blue", {}),
    (Facts(people=4, amount=9_999.99), "blue", {}),
    (Facts(people=5), "yellow", {"people": "yellow"}),
    (Facts(people=10), "orange", {"people": "orange"}),
    (Facts(people=30), "red", {"people": "red"}),
    (Facts(amount=10_000), "yellow", {"amount": "yellow"}),
    (Facts(amount=100_000), "orange", {"amount": "orange"}),
    (Facts(amount=1_000_000), "red", {"amount": "red"}),
    (Facts(repeats=1), "yellow", {"repeats": "yellow"}),
    (Facts(repeats=3), "orange", {"repeats": "orange"}),
    (Facts(repeats=5), "red", {"repeats": "red"}),
    (Facts(escalated=True), "orange", {"escalation": "orange"}),
    (Facts(violence=True), "orange", {"violence": "orange"}),
    (Facts(extreme=True), "red", {"violence": "red"}),
    (Facts(people=6, amount=20_000), "yellow", {"people": "yellow", "amount": "yellow"}),
    (Facts(violence=True, repeats=3), "red", {"violence": "orange", "repeats": "orange", "combined": "red"}),
])
def test_the_rule(facts, level, factors):
    assert assess(facts) == (level, factors)


@pytest.fixture
def world(conn):
    return load_dispute_world(conn)


def _case(conn, ref, *, channel="hotline", description=None, escalations=0):
    case_id = add_incident(conn, ref, channel=channel)
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET description = %s, escalation_count = %s WHERE id = %s",
                    (description, escalations, case_id))
    return case_id


@pytest.mark.parametrize("channel, description, escalations, level", [
    ("hotline", "楼上漏水", 0, "blue"),
    ("police110", "双方在楼道打架", 0, "orange"),        # violence flagged by 110
    ("hotline", "双方在楼道打架", 0, "blue"),            # a fight reported by 12345 only: not flagged by 110
    ("hotline", "扬言要跳楼", 0, "red"),                 # extreme, whoever reports it
    ("hotline", "称要去北京上访", 0, "orange"),
    ("petition", "漏水", 0, "orange"),
    ("hotline", "漏水", 1, "orange"),                   # escalated up the hierarchy
])
def test_the_rule_reads_the_case(conn, world, channel, description, escalations, level):
    case_id = _case(conn, "R", channel=channel, description=description, escalations=escalations)
    dispute = records.record_dispute(conn, case_id, type="neighbour", parties=PARTIES, by="C1", now=T0)
    assert dispute["risk_computed"] == dispute["risk_level"] == level


def test_repeats_of_the_case_raise_its_level(conn, world):
    case_id = _case(conn, "R")
    for n in range(3):
        repeat = add_incident(conn, f"R{n}")
        with conn.cursor() as cur:
            cur.execute("UPDATE incident SET repeat_of = %s WHERE id = %s", (case_id, repeat))
    assert records.record_dispute(conn, case_id, type="neighbour", parties=PARTIES, by="C1",
                                  now=T0)["risk_computed"] == "orange"


def test_staff_override_the_level_with_a_reason_and_the_rule_stays_beside_it(conn, world):
    case_id = new_dispute(conn, "R")
    with pytest.raises(DisputeError) as refused:
        risk.override(conn, case_id, "red", "", by="C1", now=T0 + hours(1))
    assert refused.value.context["field"] == "reason"
    assert risk.override(conn, case_id, "红", "当事人情绪激动，有过激言论", by="C1", now=T0 + hours(1)) == "red"
    dispute = records.get_dispute(conn, case_id)
    assert (dispute["risk_level"], dispute["risk_computed"]) == ("red", "blue")
    event = dispute["history"][-1]
    assert (event["action"], event["by_code"], event["note"]) == ("risk", "C1", "当事人情绪激动，有过激言论")
    assert risk.override(conn, case_id, None, "情绪已平复", by="C1", now=T0 + hours(2)) == "blue"
    assert records.get_dispute(conn, case_id)["risk_level"] == "blue"
