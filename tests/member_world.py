"""The case-loop world of ``tests.cases`` with micro-grids, addresses and building heads, published.

Grid 001 (member M1) holds building ``B1`` with stairwell ``B1U1``; grid 002 (member M2) holds building
``B2``. Building heads: H1 for B1, H1U for its stairwell, H2 for B2 (another grid's person). The
generation is published, so it is the *current* one every channel places incidents in.
"""
from grids.cells import generations
from grids.cells.boundaries import import_cells
from grids.people.roster import add_person
from tests.cases import GRID, load_world
from tests.shapes import import_frame, square

B1, B1U1, B2 = f"{GRID[1]}001", f"{GRID[1]}00101", f"{GRID[2]}001"
B1_BOX = (0.2, 1.2, 0.3, 0.3)          # col, row, width, height in tests.shapes units (inside grid 001)
ADDRESSES = [  # cell, compound, road, door, building, unit, full address
    (B1, "海湾名邸", "秦岭路", "248号", "1号楼", None, "青岛市崂山区秦岭路248号 海湾名邸1号楼"),
    (B1U1, "海湾名邸", "秦岭路", "248号", "1号楼", "1单元", "青岛市崂山区秦岭路248号 海湾名邸1号楼1单元"),
    (B2, "石老人", "海口路", "7号", "3号楼", None, "青岛市崂山区海口路7号 石老人3号楼"),
]


def load_member_world(conn):
    """Cells, categories, people (``tests.cases``) plus micro-grids and building heads; published.
    Returns the people's ids by code."""
    ids = load_world(conn)
    col, row, width, height = B1_BOX
    import_cells(conn, import_frame([
        {"code": B1, "name": "海湾名邸1号楼", "parent": GRID[1], "kind": "building", "households": 24,
         "geom": square(col, row, width, height)},
        {"code": B2, "name": "石老人3号楼", "parent": GRID[2], "kind": "building", "households": 36,
         "geom": square(0.2, 0.2, 0.3, 0.3)}]), "microgrid", "building")
    stairwell = {"code": B1U1, "name": "海湾名邸1号楼1单元", "parent": B1, "kind": "stairwell", "households": 12,
                 "geom": square(col, row, width / 2, height)}
    import_cells(conn, import_frame([stairwell]), "microgrid", "stairwell")
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO standard_address (cell_code, compound, road, door_number, building_number, unit,"
                        " full_address) VALUES (%s, %s, %s, %s, %s, %s, %s)", ADDRESSES)
    generations.publish(conn)
    heads = [("H1", "楼长甲", "13800000001", B1), ("H1U", "楼道长乙", "13800000002", B1U1),
             ("H2", "楼长丙", "13800000003", B2)]
    for code, name, phone, cell in heads:
        ids[code] = add_person(conn, name, "building_head", code=code, phone=phone, cells=[cell])
    return ids
