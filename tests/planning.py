"""A small published world for planning tests: the 2×2 community of ``tests.shapes`` with buildings.

Each grid (one unit square) holds four buildings of 0.2 × 0.2 units, one in each quarter, numbered
001–004 by the standard rule (west to east, ties north to south: NW, SW, NE, SE), each with two
stairwells (west and east halves, units 01 and 02), 10 households (25 people) and an address; a
grid has the sums. Grid members M1–M4 hold grids 001–004. Accounts: planners ``p1`` and ``p2``,
administrator ``a1``, command staff ``c1``. Generation 1 is published; the planners' draft does not
exist yet (revision 0).
"""
import datetime as dt

import shapely
from shapely.geometry import box

from grids.cells import generations
from grids.cells.boundaries import import_cells
from grids.people.accounts import create_account
from grids.people.roster import add_person
from tests.shapes import ORIGIN, UNIT, import_frame, load_two_by_two, square

COMMUNITY = "370212001001"
GRID = {n: f"{COMMUNITY}{n:03d}" for n in (1, 2, 3, 4)}
GRID_SQUARE = {1: (0, 1), 2: (0, 0), 3: (1, 1), 4: (1, 0)}   # (col, row) of each grid
QUARTERS = [(0.15, 0.6), (0.15, 0.15), (0.6, 0.6), (0.6, 0.15)]  # building 001 NW, 002 SW, 003 NE, 004 SE


def building_box(grid, number, shift=(0.0, 0.0)):
    """The footprint of building ``number`` (1–4) of ``grid`` (1–4), moved by ``shift`` units."""
    col, row = GRID_SQUARE[grid]
    dx, dy = QUARTERS[number - 1]
    return square(col + dx + shift[0], row + dy + shift[1], 0.2, 0.2)


def building(grid, number):
    return f"{GRID[grid]}{number:03d}"


def load_planning_world(conn):
    """Cells, people and accounts as in the module docstring; returns the account ids by username."""
    load_two_by_two(conn)
    rows = [{"parent": GRID[g], "geom": building_box(g, n), "name": f"{g}号网格{n}号楼", "households": 10,
             "population": 25} for g in GRID for n in (1, 2, 3, 4)]
    import_cells(conn, import_frame(rows), "microgrid", "building")
    units = []
    for g in GRID:
        for n in (1, 2, 3, 4):
            x0, y0, x1, y1 = building_box(g, n).bounds
            middle = (x0 + x1) / 2
            units += [{"parent": building(g, n), "geom": box(x0, y0, middle, y1), "name": f"{g}-{n}-1单元"},
                      {"parent": building(g, n), "geom": box(middle, y0, x1, y1), "name": f"{g}-{n}-2单元"}]
    import_cells(conn, import_frame(units), "microgrid", "stairwell")
    with conn.cursor() as cur:
        cur.execute("UPDATE cell SET households = 40, population = 100 WHERE level = 'grid'")
        cur.executemany("INSERT INTO standard_address (cell_code, compound, building_number, full_address) "
                        "VALUES (%s, '测试小区', %s, %s)",
                        [(building(g, n), f"{g}{n}号楼", f"测试小区{g}{n}号楼") for g in GRID for n in (1, 2, 3, 4)])
    generations.publish(conn, dt.date(2025, 1, 1))
    for n in GRID:
        add_person(conn, f"网格员{n}", "grid_member", code=f"M{n}", phone="13712345678", cells=[GRID[n]])
    return {name: create_account(conn, name, f"{name}-password", role)
            for name, role in [("p1", "planner"), ("p2", "planner"), ("a1", "admin"), ("c1", "command_staff")]}


def point(col, row):
    """The lon/lat of ``col``, ``row`` units from the origin."""
    return ORIGIN[0] + col * UNIT, ORIGIN[1] + row * UNIT


def grids_of(conn, generation):
    """The grids of ``generation`` by code: name, households, shape and the generation their row starts in."""
    with conn.cursor() as cur:
        cur.execute("SELECT code, name, households, ST_AsText(geom), generation_low FROM cell "
                    "WHERE level = 'grid' AND in_generation(generation_low, generation_high, %s) ORDER BY code",
                    (generation,))
        return {code: {"name": name, "households": households, "geom": shapely.from_wkt(wkt), "low": low}
                for code, name, households, wkt, low in cur.fetchall()}


def parents(conn, generation, level_kind=("microgrid", "building")):
    """``{code: parent_code}`` of the cells of one level and kind (buildings by default) in ``generation``."""
    with conn.cursor() as cur:
        cur.execute("SELECT code, parent_code FROM cell WHERE level = %s AND kind = %s "
                    "AND in_generation(generation_low, generation_high, %s)", (*level_kind, generation))
        return dict(cur.fetchall())
