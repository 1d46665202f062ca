"""Parties' personal data masked per viewer, and bad input refused with the field named and nothing written."""
import pytest

from grids.disputes import mediation, records, triage
from grids.disputes.parties import Viewer, parties_for
from grids.errors import DisputeError
from tests.cases import COMMUNITY, DISTRICT, GRID, STREET, T0, add_incident, hours
from tests.dispute_world import ID_1, PARTIES, load_dispute_world, new_dispute

ID_MASKED = ID_1[:6] + "********" + ID_1[-4:]


@pytest.fixture
def world(conn):
    return load_dispute_world(conn)


def _applicant(conn, case_id, viewer):
    shown = parties_for(conn, case_id, viewer)
    return shown[0] if shown else None


@pytest.mark.parametrize("viewer, name, phone", [
    (Viewer("command_staff", (DISTRICT,)), "张三丰", "13912345678"),
    (Viewer("street_staff", (STREET,)), "张三丰", "13912345678"),
    (Viewer("community_staff", (COMMUNITY,)), "张三丰", "13912345678"),
    (Viewer("grid_member", (GRID[1],)), "张三丰", "13912345678"),       # their own grid
    (Viewer("planner", (DISTRICT,)), None, None),                        # planners see no parties
    (Viewer("grid_member", (GRID[2],)), None, None),                     # another grid's member
    (Viewer("community_staff", ("370212001002",)), None, None),          # another community
    (Viewer("department", (), person_id=999), None, None),               # not its case
    (Viewer("grid_member", (GRID[2],), mediator_id="MD1"), "张三丰", "13912345678"),   # its mediator
])
def test_parties_are_masked_for_every_viewer_that_does_not_need_them(conn, world, viewer, name, phone):
    case_id = new_dispute(conn, "P", grid=1)
    triage.triage(conn, case_id, post="调解和事", mediators=["MD1"], by="C1", now=T0 + hours(1))
    if viewer.mediator_id == "MD1":
        viewer = Viewer(viewer.role, viewer.scope, mediator_id=world["MD1"])
    shown = _applicant(conn, case_id, viewer)
    if name is None:
        assert shown is None and parties_for(conn, case_id, viewer) == []
    else:
        assert (shown["name"], shown["phone"], shown["id_number"]) == (name, phone, ID_MASKED)


def test_a_department_handling_the_case_sees_masked_parties_and_nobody_sees_an_id_whole(conn, world):
    case_id = new_dispute(conn, "P", grid=1)
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET handler_person_id = %s WHERE id = %s", (world["K1"], case_id))
    shown = _applicant(conn, case_id, Viewer("department", (), person_id=world["K1"]))
    assert (shown["name"], shown["phone"], shown["id_number"], shown["address"]) == \
        ("张**", "139****5678", ID_MASKED, None)
    for role in ("command_staff", "admin"):
        assert all(p["id_number"] != ID_1 for p in parties_for(conn, case_id, Viewer(role, (DISTRICT,))))
    assert records.get_dispute(conn, case_id)["parties"] == []           # no viewer: no parties
    assert records.get_dispute(conn, case_id)["party_count"] == 2


def _counts(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT (SELECT count(*) FROM dispute), (SELECT count(*) FROM dispute_party), "
                    "(SELECT count(*) FROM dispute_event), (SELECT count(*) FROM dispute_agreement), "
                    "(SELECT count(*) FROM dispute_handover), (SELECT count(*) FROM dispute_session)")
        return cur.fetchone()


@pytest.mark.parametrize("fields, field", [
    ({"parties": []}, "parties"),
    ({"parties": [{"side": "applicant", "name": ""}]}, "parties[0].name"),
    ({"parties": [{"side": "plaintiff", "name": "张三"}]}, "parties[0].side"),
    ({"parties": [{"side": "applicant", "name": "张三", "id_number": "370212199001011230"}]}, "parties[0].id_number"),
    ({"parties": [PARTIES[0], {"side": "respondent", "name": "李四", "phone": "call me"}]}, "parties[1].phone"),
    ({"type": "quarrel"}, "type"),
    ({"people_involved": 0}, "people_involved"),
    ({"amount": "-5"}, "amount"),
    ({"source": "screening"}, "screened_by"),
])
def test_a_bad_record_is_refused_naming_the_field_and_nothing_is_written(conn, world, fields, field):
    case_id = add_incident(conn, "BAD")
    before = _counts(conn)
    with pytest.raises(DisputeError) as refused:
        records.record_dispute(conn, case_id, **{"type": "neighbour", "parties": PARTIES, **fields}, by="C1", now=T0)
    assert refused.value.context["field"] == field
    assert _counts(conn) == before


def test_a_case_is_one_dispute_and_an_unknown_case_none(conn, world):
    case_id = new_dispute(conn, "P")
    for case, message in ((case_id, "already"), (10**9, "no case")):
        with pytest.raises(DisputeError, match=message) as refused:
            records.record_dispute(conn, case, type="neighbour", parties=PARTIES, by="C1", now=T0)
        assert refused.value.context["field"] == "case"


@pytest.mark.parametrize("step, fields, field", [
    ("settle", {"terms": "  ", "deadline": "2025-04-01"}, "terms"),
    ("settle", {"terms": "赔偿", "deadline": None}, "deadline"),
    ("settle", {"terms": "赔偿", "deadline": "2025-03-01"}, "deadline"),       # before the signing
    ("hand_over", {"target": None, "body": "法院"}, "target"),
    ("hand_over", {"target": "police", "body": "法院"}, "target"),
    ("hand_over", {"target": "court", "body": ""}, "body"),
])
def test_an_outcome_without_what_it_needs_is_refused_and_nothing_is_written(conn, world, step, fields, field):
    case_id = new_dispute(conn, "P")
    triage.triage(conn, case_id, post="调解和事", org="ORG_C", by="C1", now=T0 + hours(1))
    mediation.record_session(conn, case_id, held_at=T0 + hours(2), place="调解室", attendees=["甲"], by="C1",
                             now=T0 + hours(2))
    before, version = _counts(conn), records.get_dispute(conn, case_id)["version"]
    with pytest.raises(DisputeError) as refused:
        getattr(mediation, step)(conn, case_id, **fields, by="C1", now=T0 + hours(3))
    assert refused.value.context["field"] == field
    assert _counts(conn) == before and records.get_dispute(conn, case_id)["version"] == version


def test_a_triage_without_a_post_organisation_or_mediator_is_refused(conn, world):
    case_id = new_dispute(conn, "P")
    for fields, field in (({"post": "调解和事"}, "org"), ({"post": "调解和事", "org": "NOPE"}, "org"),
                          ({"post": "调解和事", "mediators": ["MD1", "NOPE"]}, "mediators[1]"),
                          ({"post": None, "org": "ORG_C"}, "post")):
        with pytest.raises(DisputeError) as refused:
            triage.triage(conn, case_id, **fields, by="C1", now=T0 + hours(1))
        assert refused.value.context["field"] == field
    assert records.get_dispute(conn, case_id)["stage"] == "received"
