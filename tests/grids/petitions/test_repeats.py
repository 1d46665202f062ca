"""First or repeat: the same petitioner (ID hash, or phone hash unless the ID numbers differ) with the same
matter (category, address or building) within 365 days is a repeat, linked to the earlier matter and to
the chain's first petition."""
import pytest

from grids.petitions import matters
from tests.cases import add_incident
from tests.grids.petitions.world import (ID_A, ID_B, ID_C, LI, PHONE_A, PHONE_C, ZHANG, date, day,
                                         load_petition_world, new_matter)


@pytest.fixture
def world(conn):
    return load_petition_world(conn)


def _link(conn, matter_id):
    matter = matters.get_matter(conn, matter_id)
    return matter["repeat_of"], matter["first_matter_id"], matter["repeat_matched_on"], matter["repeat_same_by"]


def test_the_same_person_with_another_phone_is_a_repeat(conn, world):
    first = new_matter(conn, "XF-1", on=0)
    again = new_matter(conn, "XF-2", on=30, petitioners=[{**ZHANG, "phone": PHONE_C}])
    assert _link(conn, again) == (first, first, ["id_number"], ["category"])
    assert _link(conn, first) == (None, None, None, None)
    assert matters.get_matter(conn, first)["repeats_since"] == 1
    event = matters.get_matter(conn, again)["history"][-1]
    assert (event["action"], event["details"]["earlier"], event["by_person_id"]) == ("repeat", first, None)


def test_the_same_phone_without_an_id_number_is_the_same_petitioner(conn, world):
    first = new_matter(conn, "XF-1", on=0)
    again = new_matter(conn, "XF-2", on=30, petitioners=[{"name": "张三丰", "phone": "+86 139-1234-5678"}])
    assert _link(conn, again)[0] == first and _link(conn, again)[2] == ["phone"]


def test_the_same_phone_with_another_id_number_is_another_person(conn, world):
    new_matter(conn, "XF-1", on=0)
    other = new_matter(conn, "XF-2", on=30, petitioners=[{"name": "张小花", "phone": PHONE_A, "id_number": ID_C}])
    assert _link(conn, other) == (None, None, None, None)


def test_the_same_person_with_a_different_matter_is_a_first_petition(conn, world):
    new_matter(conn, "XF-1", on=0, category="T101", grid=1)
    other = new_matter(conn, "XF-2", on=30, category="T2", grid=3)
    assert _link(conn, other)[0] is None


def test_the_same_building_makes_it_the_same_matter_whatever_the_category(conn, world):
    with conn.cursor() as cur:
        ids = []
        for ref, category in (("XF-1", "T101"), ("XF-2", "T2")):
            case_id = add_incident(conn, ref, category=category, channel="petition")
            cur.execute("UPDATE incident SET microgrid_code = %s WHERE id = %s",
                        (("370212001001001001" if ref == "XF-1" else "37021200100100100101"), case_id))
            ids.append(case_id)
    for n, case_id in enumerate(ids):
        matters.register(conn, case_id, form="来访", petitioners=[ZHANG], handling_body="区住建局",
                         registered_on=date(n * 10), by="C1", now=day(n * 10))
    assert _link(conn, ids[1]) == (ids[0], ids[0], ["id_number", "phone"], ["building"])


def test_a_chain_of_repeats_keeps_its_first_petition(conn, world):
    first = new_matter(conn, "XF-1", on=0)
    second = new_matter(conn, "XF-2", on=10)
    third = new_matter(conn, "XF-3", on=20, petitioners=[LI, {**ZHANG, "phone": None}])
    assert _link(conn, second)[:2] == (first, first)
    assert _link(conn, third)[:2] == (second, first)
    assert matters.get_matter(conn, first)["repeats_since"] == 2


@pytest.mark.parametrize("days, repeat", [(365, True), (366, False)])
def test_the_window_is_365_days(conn, world, days, repeat):
    first = new_matter(conn, "XF-1", on=0)
    later = new_matter(conn, "XF-2", on=days)
    assert (_link(conn, later)[0] == first) is repeat


def test_another_person_altogether_is_a_first_petition(conn, world):
    new_matter(conn, "XF-1", on=0)
    other = new_matter(conn, "XF-2", on=5, petitioners=[{"name": "王五", "phone": "13600003333", "id_number": ID_B}])
    assert _link(conn, other)[0] is None and ID_A != ID_B
