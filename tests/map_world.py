"""The case-loop world of ``tests.cases`` with what the map draws at high zoom: buildings, a stairwell, a
dedicated grid; and a few cases whose timers are red, green or supervised at :data:`NOW`.

Buildings (0.2 × 0.2 units): B1 and B2 in grid 001, B3 in grid 002; S1 is the west half of B1. The
dedicated grid 005 covers the north half of grid 003. Cases (T101: 24 h limit): ``red`` dispatched
at T0 (60 h at NOW: red), ``green`` dispatched at NOW − 1 h, ``supervised`` like ``green`` but under
supervision, ``closed`` reported and rejected.
"""
from grids.cases.loop import act
from grids.cells.boundaries import import_cells
from tests.cases import COMMUNITY, GRID, T0, add_incident, hours, load_world
from tests.shapes import import_frame, square

NOW = T0 + hours(60)
BUILDINGS = {"B1": f"{GRID[1]}001", "B2": f"{GRID[1]}002", "B3": f"{GRID[2]}001"}
STAIRWELL = f"{GRID[1]}00101"
DEDICATED = f"{COMMUNITY}901"   # dedicated grids are numbered 901–999


def load_map_world(conn):
    """Cells, people, categories and the four cases; returns ``{name: incident id}``."""
    load_world(conn)
    import_cells(conn, import_frame([
        {"code": BUILDINGS["B1"], "name": "1号楼", "parent": GRID[1], "geom": square(0.2, 1.2, 0.2, 0.2)},
        {"code": BUILDINGS["B2"], "name": "2号楼", "parent": GRID[1], "geom": square(0.6, 1.6, 0.2, 0.2)},
        {"code": BUILDINGS["B3"], "name": "3号楼", "parent": GRID[2], "geom": square(0.4, 0.4, 0.2, 0.2)},
    ]), "microgrid", "building")
    import_cells(conn, import_frame([{"code": STAIRWELL, "name": "1号楼1单元", "parent": BUILDINGS["B1"],
                                      "geom": square(0.2, 1.2, 0.1, 0.2)}]), "microgrid", "stairwell")
    import_cells(conn, import_frame([{"code": DEDICATED, "name": "产业园", "parent": COMMUNITY,
                                      "geom": square(1, 1.5, 1, 0.5)}]), "grid", "dedicated")
    cases = {"red": _dispatched(conn, "red", 1, T0), "green": _dispatched(conn, "green", 2, NOW - hours(1)),
             "supervised": _dispatched(conn, "supervised", 3, NOW - hours(1))}
    act(conn, cases["supervised"], "supervise", "D1", now=NOW - hours(1))
    cases["closed"] = add_incident(conn, "closed", grid=1)
    act(conn, cases["closed"], "reject", "D1", now=T0 + hours(1))
    return cases


def _dispatched(conn, ref, grid, at):
    incident = add_incident(conn, ref, grid=grid, at=at)
    for action in ("accept", "dispatch"):
        act(conn, incident, action, "D1", now=at)
    return incident
