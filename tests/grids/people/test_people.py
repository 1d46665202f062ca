"""People and assignments: who is responsible at each level, departments by category, refusals."""
import pytest

from grids.cases.loop import act
from grids.errors import ImportRefused
from grids.people.roster import (
    add_person,
    department_for,
    find_person,
    list_people,
    responsible_person,
    role_code,
    save_people,
)
from tests.cases import COMMUNITY, DISTRICT, GRID, STREET, T0, add_incident, load_world


@pytest.fixture
def world(conn):
    return load_world(conn)


@pytest.mark.parametrize("text, code", [("网格员", "grid_member"), ("楼道长", "building_head"),
                                        ("grid_head", "grid_head"), (" 部门 ", "department"), ("网格猿", None)])
def test_role_code(text, code):
    assert role_code(text) == code


@pytest.mark.parametrize("level, cell, person", [("grid", GRID[2], "M2"), ("community", COMMUNITY, "C1"),
                                                 ("street", STREET, "S1"), ("district", DISTRICT, "D1")])
def test_responsible_person_at_each_level(conn, world, level, cell, person):
    assert responsible_person(conn, level, cell)["id"] == world[person]


def test_nobody_is_responsible_for_a_grid_without_member_unless_a_grid_head_is(conn, world):
    assert responsible_person(conn, "grid", GRID[4]) is None
    head = add_person(conn, "网格长", "grid_head", code="H1", cells=[GRID[4]])
    assert responsible_person(conn, "grid", GRID[4])["id"] == head


def test_the_least_loaded_of_two_members_gets_the_case(conn, world):
    second = add_person(conn, "网格员丁", "grid_member", code="M4", cells=[GRID[1]])
    assert responsible_person(conn, "grid", GRID[1])["id"] == world["M1"]       # both free: the older record
    case_id = add_incident(conn, "load")
    act(conn, case_id, "accept", "D1", now=T0)
    act(conn, case_id, "dispatch", "D1", now=T0, to="M1")
    assert responsible_person(conn, "grid", GRID[1])["id"] == second


def test_a_department_handles_its_categories_and_their_children(conn, world):
    assert department_for(conn, "T101")["id"] == world["K1"]
    assert department_for(conn, "T2") is None
    own = add_person(conn, "供热办", "department", code="K2", categories=["T101"])
    assert department_for(conn, "T101")["id"] == own          # the category's own department first


def test_people_are_found_by_code_or_id_and_listed_with_assignments(conn, world):
    assert find_person(conn, "M1")["id"] == world["M1"]
    assert find_person(conn, world["M1"])["code"] == "M1"
    members = list_people(conn, role="grid_member")
    assert [(p["code"], p["cells"]) for p in members] == [("M1", [GRID[1]]), ("M2", [GRID[2]]), ("M3", [GRID[3]])]
    assert [p["code"] for p in list_people(conn, cell_code=COMMUNITY)] == ["C1"]
    assert list_people(conn, role="department")[0]["categories"] == ["T1"]


def test_bad_people_are_refused_together_and_nothing_is_written(conn, world):
    rows = [
        {"row": 2, "name": "好人", "role": "grid_member", "cells": [GRID[4]]},
        {"row": 3, "name": "", "role": "grid_member"},
        {"row": 4, "name": "王五", "role": "astronaut"},
        {"row": 5, "name": "赵六", "role": "grid_member", "cells": [COMMUNITY, "999"]},
        {"row": 6, "name": "钱七", "role": "community_staff", "categories": ["T1"]},
        {"row": 7, "name": "孙八", "role": "department", "categories": ["NOPE"], "phone": "call me"},
        {"row": 8, "name": "周九", "role": "grid_member", "code": "X1"},
        {"row": 9, "name": "吴十", "role": "grid_member", "code": "X1", "phone": "137****5678"},
    ]
    with pytest.raises(ImportRefused) as refused:
        save_people(conn, rows)
    assert refused.value.problems == [
        "row 3: name: a name is required",
        "row 4: role: unknown role 'astronaut'; roles: grid_member, grid_head, building_head, community_staff, "
        "street_staff, department, command_staff, planner, admin",
        f"row 5: cells: {COMMUNITY} is a community; a grid_member is assigned to grid",
        "row 5: cells: no cell 999 in the current generation",
        "row 6: categories: only a department is assigned to categories, not a community_staff",
        "row 7: phone: 'call me' is not a phone number",
        "row 7: categories: no category NOPE",
        "row 9: phone: a masked number cannot be stored for a new person",
        "row 9: code: X1 also on row 8",
    ]
    assert [p["name"] for p in list_people(conn, role="grid_member")] == ["网格员甲", "网格员乙", "网格员丙"]


def test_saving_again_updates_by_code_and_replaces_assignments_keeping_a_masked_phone(conn, world):
    result = save_people(conn, [{"code": "M1", "name": "网格员甲", "role": "grid_member", "phone": "137****5678",
                                 "cells": [GRID[1], GRID[4]]}])
    assert (result["added"], result["updated"], result["ids"]) == (0, 1, [world["M1"]])
    person = find_person(conn, "M1")
    assert person["phone"] == "13712345678"
    assert list_people(conn, cell_code=GRID[4])[0]["code"] == "M1"
