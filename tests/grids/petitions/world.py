"""A world for petition tests: ``tests.member_world`` (a 2×2 community, buildings B1 and B2, staff C1, S1,
D1, department K1) and helpers to register matters on new cases at a given day."""
import datetime as dt

from grids.clock import SHANGHAI
from grids.disputes.parties import id_check_character
from grids.petitions import matters
from tests.cases import add_incident
from tests.member_world import load_member_world


def id_number(first17):
    return first17 + id_check_character(first17)


ID_A = id_number("37021219900101123")
ID_B = id_number("37021219851231456")
ID_C = id_number("37021219700505789")
PHONE_A, PHONE_B, PHONE_C = "13912345678", "13800001111", "13700002222"
ZHANG = {"name": "张三丰", "phone": PHONE_A, "id_number": ID_A}
LI = {"name": "李四", "phone": PHONE_B, "id_number": ID_B}
D0 = dt.date(2025, 3, 3)


def day(n):
    """Noon of day ``n`` after D0 (Asia/Shanghai)."""
    return dt.datetime.combine(D0 + dt.timedelta(days=n), dt.time(12), tzinfo=SHANGHAI)


def date(n):
    return D0 + dt.timedelta(days=n)


def load_petition_world(conn):
    return load_member_world(conn)


def new_matter(conn, ref, *, on=0, grid=1, category="T101", petitioners=(ZHANG,), form="visit",
               body="区住建局", **fields):
    """A case in ``grid`` of ``category`` registered as a matter on day ``on``; its id."""
    case_id = add_incident(conn, ref, grid=grid, category=category, at=day(on), channel="petition")
    matters.register(conn, case_id, form=form, petitioners=list(petitioners), handling_body=body,
                     registered_on=date(on), by="C1", now=day(on), **fields)
    return case_id
