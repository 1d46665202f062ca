"""A world for dispute tests: ``tests.member_world`` (a 2×2 community, buildings B1 with stairwell B1U1 and
B2, members M1–M3, staff C1, S1, D1, department K1) plus a community mediation committee (two mediators)
and a street committee (one), and helpers to record disputes on new cases.
"""
import datetime as dt

from grids.disputes import organisations, records
from grids.disputes.parties import id_check_character
from tests.cases import COMMUNITY, STREET, T0, add_incident
from tests.member_world import load_member_world
from tests.shapes import ORIGIN, UNIT

ID_1 = "37021219900101123" + id_check_character("37021219900101123")
ID_2 = "37021219851231456" + id_check_character("37021219851231456")
APPLICANT = {"side": "applicant", "kind": "person", "name": "张三丰", "phone": "13912345678", "id_number": ID_1,
             "address": "海湾名邸1号楼101"}
RESPONDENT = {"side": "respondent", "kind": "person", "name": "李四", "phone": "13800001111", "id_number": ID_2}
PARTIES = [APPLICANT, RESPONDENT]


def days(n):
    return dt.timedelta(days=n)


def load_dispute_world(conn):
    """The member world with mediation organisations; returns the ids by code (people, ``ORG_C``, ``ORG_S``,
    mediators ``MD1``, ``MD2`` of the community committee and ``MD3`` of the street's)."""
    ids = load_member_world(conn)
    ids["ORG_C"] = organisations.add_org(conn, name="海湾社区人民调解委员会", kind="committee", area_code=COMMUNITY,
                                         code="ORG_C", lon=ORIGIN[0] + 0.3 * UNIT, lat=ORIGIN[1] + 1.5 * UNIT)["id"]
    ids["ORG_S"] = organisations.add_org(conn, name="街道人民调解委员会", kind="committee", area_code=STREET,
                                         code="ORG_S")["id"]
    ids["MD1"] = organisations.add_mediator(conn, name="调解员甲", org="ORG_C", code="MD1", specialties=["neighbour"])
    ids["MD2"] = organisations.add_mediator(conn, name="调解员乙", org="ORG_C", code="MD2")
    ids["MD3"] = organisations.add_mediator(conn, name="调解员丙", org="ORG_S", code="MD3")
    return ids


def new_dispute(conn, ref, *, grid=1, at=T0, now=None, type="neighbour", parties=PARTIES, **fields):
    """A case in ``grid`` reported at ``at`` and recorded as a dispute at ``now`` (default ``at``); its id."""
    case_id = add_incident(conn, ref, grid=grid, at=at)
    records.record_dispute(conn, case_id, type=type, parties=parties, by="C1", now=now or at, **fields)
    return case_id
