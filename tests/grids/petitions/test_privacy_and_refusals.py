"""Petitioners' numbers: stored, but every event, list and masked view of a matter holds neither the plain
ID number nor the phone; the keyed hash is no unkeyed sha256 of the number; the history refuses change.
Bad input is refused naming the field, and nothing is written."""
import hashlib
import json

import psycopg2
import pytest

from grids.errors import PetitionError
from grids.petitions import matters, petitioners
from tests.grids.petitions.world import ID_A, PHONE_A, ZHANG, date, day, load_petition_world, new_matter


@pytest.fixture
def world(conn):
    return load_petition_world(conn)


def _dump(value):
    return json.dumps(value, ensure_ascii=False, default=str)


def test_no_view_event_or_list_of_a_matter_holds_the_plain_numbers(conn, world):
    first = new_matter(conn, "XF-1", on=0)
    again = new_matter(conn, "XF-2", on=10)
    matters.accept(conn, again, on=date(11), by="C1", now=day(11))
    for matter_id in (first, again):
        text = _dump(matters.get_matter(conn, matter_id))
        assert ID_A not in text and PHONE_A not in text and "张三丰" not in text
        assert "370212********" in text and "139****5678" in text
    assert ID_A not in _dump(matters.list_matters(conn)) and PHONE_A not in _dump(matters.list_matters(conn))
    with conn.cursor() as cur:
        cur.execute("SELECT json_agg(e) FROM petition_event e")
        events = _dump(cur.fetchone()[0])
    assert ID_A not in events and PHONE_A not in events and "repeat" in events
    hashes = [p["id_hash"] for p in petitioners.petitioners_of(conn, first)]
    assert hashes[0] not in _dump(matters.get_matter(conn, first))


def test_with_personal_data_the_numbers_are_shown(conn, world):
    matter_id = new_matter(conn, "XF-1")
    shown = matters.get_matter(conn, matter_id, with_personal_data=True)["petitioners"]
    assert shown == [{"position": 1, "name": "张三丰", "phone": PHONE_A, "id_number": ID_A}]


def test_the_hash_is_keyed_not_a_plain_sha256(conn, world):
    matter_id = new_matter(conn, "XF-1")
    stored = petitioners.petitioners_of(conn, matter_id)[0]
    assert stored["id_hash"] != hashlib.sha256(ID_A.encode()).hexdigest()
    assert stored["id_hash"] != hashlib.sha256(f"id:{ID_A}".encode()).hexdigest()
    assert stored["phone_hash"] != hashlib.sha256(PHONE_A.encode()).hexdigest()
    assert stored["id_hash"] == petitioners.id_hash(conn, ID_A.lower()[:-1] + ID_A[-1].lower())
    assert petitioners.phone_hash(conn, "+86 139 1234 5678") == stored["phone_hash"]
    other_key = petitioners.keyed_hash(b"\x00" * 32, "id", ID_A)
    assert other_key != stored["id_hash"] and len(petitioners.hash_key(conn)) == 32


def test_the_key_is_written_once_and_never_changed(conn, world):
    key = petitioners.hash_key(conn)
    assert petitioners.hash_key(conn) == key
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM petition_hash_key")
        assert cur.fetchone()[0] == 1


def test_the_app_role_cannot_rewrite_the_history_or_the_key(conn, world):
    matter_id = new_matter(conn, "XF-1")
    with conn.cursor() as cur:
        cur.execute("SAVEPOINT s")
        with pytest.raises(psycopg2.Error, match="append-only"):
            cur.execute("UPDATE petition_event SET note = 'x' WHERE incident_id = %s", (matter_id,))
        cur.execute("ROLLBACK TO SAVEPOINT s")
        cur.execute("SELECT has_table_privilege('gridgov_app', 'petition_event', 'UPDATE'), "
                    "has_table_privilege('gridgov_app', 'petition_hash_key', 'UPDATE'), "
                    "has_table_privilege('gridgov_app', 'petition_hash_key', 'SELECT'), "
                    "has_table_privilege('gridgov_reader', 'petition_hash_key', 'SELECT'), "
                    "has_table_privilege('gridgov_reader', 'petitioner', 'SELECT')")
        assert cur.fetchone() == (False, False, True, False, False)


def _count(conn, table):
    with conn.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table}")
        return cur.fetchone()[0]


@pytest.mark.parametrize("fields, field, message", [
    ({"form": "传真"}, "form", "is one of letter"),
    ({"petitioners": []}, "petitioners", "at least one"),
    ({"petitioners": [{"name": "", "phone": PHONE_A}]}, "petitioners[0].name", "required"),
    ({"petitioners": [ZHANG, {"name": "李四", "id_number": "370212199001011235"}]}, "petitioners[1].id_number",
     "check character"),
    ({"petitioners": [{"name": "李四", "phone": "12345"}]}, "petitioners[0].phone", "not a phone number"),
    ({"handling_body": " "}, "handling_body", "required"),
    ({"registered_on": "2025-13-01"}, "registered_on", "a date"),
    ({"handling_cell": "999"}, "handling_cell", "no cell"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(conn, world, fields, field, message):
    from tests.cases import add_incident
    case_id = add_incident(conn, "XF-1", channel="petition", at=day(0))
    arguments = {"form": "来访", "petitioners": [ZHANG], "handling_body": "区住建局", **fields}
    with pytest.raises(PetitionError, match=message) as refused:
        matters.register(conn, case_id, by="C1", now=day(0), **arguments)
    assert refused.value.context["field"] == field
    assert (_count(conn, "petition_matter"), _count(conn, "petitioner"), _count(conn, "petition_event")) == (0, 0, 0)


def test_a_matter_on_a_case_that_has_one_or_on_no_case_is_refused(conn, world):
    matter_id = new_matter(conn, "XF-1")
    with pytest.raises(PetitionError, match="already") as refused:
        matters.register(conn, matter_id, form="来访", petitioners=[ZHANG], handling_body="x", by="C1", now=day(0))
    assert refused.value.context["field"] == "case"
    with pytest.raises(PetitionError, match="one of the two"):
        matters.register(conn, form="来访", petitioners=[ZHANG], handling_body="x", by="C1", now=day(0))


def test_a_step_the_stage_does_not_allow_names_the_allowed_ones(conn, world):
    from grids.errors import IllegalPetitionStep
    matter_id = new_matter(conn, "XF-1")
    with pytest.raises(IllegalPetitionStep, match="allowed: accept, not_accept"):
        matters.handle(conn, matter_id, opinion="x", by="C1", now=day(1))
    with pytest.raises(PetitionError, match="satisfaction"):
        matters.accept(conn, matter_id, by="C1", now=day(1)) or matters.handle(
            conn, matter_id, opinion="x", satisfaction="还行", by="C1", now=day(2))
    assert matters.get_matter(conn, matter_id)["stage"] == "accepted"


def test_a_new_case_is_opened_and_placed_in_the_cell_given(conn, world):
    from tests.cases import GRID
    matter = matters.register(conn, form="领导信箱", petitioners=[ZHANG, {"name": "甲"}, {"name": "乙"}, {"name": "丙"},
                                                                   {"name": "丁"}], handling_body="街道办",
                              new_case={"source_ref": "XF-NEW", "category": "T101", "cell": GRID[2],
                                        "title": "集体反映供暖不热"}, by="C1", now=day(0))
    assert (matter["channel"], matter["grid_code"], matter["collective"], matter["petitioner_count"]) == (
        "petition", GRID[2], True, 5)
    assert matter["form"] == "leader_mailbox" and matter["registered_on"] == date(0)
