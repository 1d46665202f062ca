"""The standard code rule: serial order by position, child codes, the next free serial, and the checker."""
import re

import numpy as np
import pytest
import shapely

from grids.cells import codes
from grids.cells.hierarchy import parent_of
from grids.errors import HierarchyError

COMMUNITY = "370212001001"
GRID = "370212001001003"
BUILDING = "370212001001003012"


@pytest.mark.parametrize("points, groups, ranks", [
    # a 2×2 block of cells: west column first, north before south within it
    ([(0, 1), (1, 1), (0, 0), (1, 0)], None, [0, 2, 1, 3]),
    # west to east wins over north to south: a far-south cell a little west comes first
    ([(5, 9), (4.9, -9)], None, [1, 0]),
    # equal x: north first
    ([(3, 0), (3, 2), (3, 1)], None, [2, 0, 1]),
    # ranks restart within each parent
    ([(0, 0), (1, 0), (0, 0), (1, 0)], ["b", "b", "a", "a"], [0, 1, 0, 1]),
    ([], None, []),
])
def test_serial_order(points, groups, ranks):
    assert codes.serial_order(shapely.points(np.array(points).reshape(-1, 2)), groups=groups).tolist() == ranks


@pytest.mark.parametrize("parent, serial, level, kind, code", [
    (COMMUNITY, 1, "grid", "basic", "370212001001001"),
    (COMMUNITY, 900, "grid", "basic", "370212001001900"),
    (COMMUNITY, 901, "grid", "dedicated", "370212001001901"),
    (GRID, 12, "microgrid", "building", BUILDING),
    (BUILDING, 2, "microgrid", "stairwell", "37021200100100301202"),
])
def test_child_code(parent, serial, level, kind, code):
    assert codes.child_code(parent, serial, level, kind) == code
    assert codes.check_code(level, kind, code, parent) is None


@pytest.mark.parametrize("parent, serial, level, kind, message", [
    (COMMUNITY, 901, "grid", "basic", "outside 1–900"),
    (COMMUNITY, 900, "grid", "dedicated", "outside 901–999"),
    (BUILDING, 100, "microgrid", "stairwell", "outside 1–99"),
    (COMMUNITY, 0, "microgrid", "building", "outside 1–999"),
    ("370212001", 1, "grid", "basic", "needs a 12-digit parent code"),
    (None, 1, "district", None, "never generated"),
])
def test_child_code_refuses(parent, serial, level, kind, message):
    with pytest.raises(HierarchyError, match=message):
        codes.child_code(parent, serial, level, kind)


@pytest.mark.parametrize("max_code, parent, kind, expected", [
    (None, COMMUNITY, "basic", 1),
    (None, COMMUNITY, "dedicated", 901),
    ("370212001001012", COMMUNITY, "basic", 13),
    ("370212001001905", COMMUNITY, "dedicated", 906),
    ("370212001001007", COMMUNITY, "dedicated", 901),  # a non-standard dedicated code does not pull it down
])
def test_next_serial(max_code, parent, kind, expected):
    assert codes.next_serial(max_code, parent, "grid", kind) == expected


@pytest.mark.parametrize("level, kind, code, parent, reason", [
    ("district", None, "370212", None, None),
    ("district", None, "370212", "370200", None),
    ("city", None, "370200", None, None),
    ("city", None, "370212", None, "no city code: a city's 6-digit code ends in 00"),
    ("district", None, "370200", None, "ends in 00, as a city's does"),
    ("district", None, "510104", "370200", "first four digits of its city's code 370200"),
    ("street", None, "370212001", "370212", None),
    ("community", None, "370212001200", "370212001", None),
    ("grid", "basic", "37021200100a001", COMMUNITY, "not a string of digits"),
    ("grid", "basic", "３７０２１２００１００１００１", COMMUNITY, "not a string of digits"),
    ("grid", "basic", "3702120010010001", COMMUNITY, "has 16 digits; basic grid codes have 15"),
    ("grid", "basic", "370212001002001", COMMUNITY, "does not start with its parent's code"),
    ("grid", "basic", "370212001001000", COMMUNITY, "serial 000"),
    ("grid", "basic", "370212001001905", COMMUNITY, "serial 905 .* outside 001–900"),
    ("grid", "dedicated", "370212001001005", COMMUNITY, "outside 901–999"),
    ("microgrid", "stairwell", "37021200100100301200", BUILDING, "serial 00 "),
    ("microgrid", "stairwell", "370212001001003012", GRID, "has 18 digits"),
    ("grid", None, "370212001001001", COMMUNITY, "no code rule for grids"),
])
def test_check_code(level, kind, code, parent, reason):
    found = codes.check_code(level, kind, code, parent)
    if reason is None:
        assert found is None
    else:
        assert found is not None and re.search(reason, found), found


@pytest.mark.parametrize("level, kind", [key for key in codes.CODE_RULES if key[0] not in ("city", "district")])
def test_each_code_is_its_parents_code_plus_the_serial(level, kind):
    parent_level, parent_kind = parent_of(level, kind)
    rule, parent_rule = codes.CODE_RULES[(level, kind)], codes.CODE_RULES[(parent_level, parent_kind)]
    assert rule.length == parent_rule.length + rule.serial_digits
