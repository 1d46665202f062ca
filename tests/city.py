"""A small city for multi-district tests: 青岛市 (370200) holding two districts side by side.

崂山区 (370212) is the 2×2 square of ``tests.shapes`` at columns 0–2, 黄岛区 (370211) the same at
columns 3–5; each has one street (…001), one community (…001001) and four basic grids, numbered as in
``tests.shapes`` (001 NW, 002 SW, 003 NE, 004 SE). Generation 1 is published on 2025-01-01. Accounts:
planners ``pa``/``pa2`` of 崂山区 and ``pb``/``pb2`` of 黄岛区, ``admin`` of the city, command staff ``city``
(the city), ``laoshan`` (崂山区 only).
"""
import datetime as dt

from grids.cells import generations
from grids.cells.boundaries import import_cells
from grids.people.accounts import create_account
from tests.shapes import import_frame, square

CITY = "370200"
LAOSHAN, HUANGDAO = "370212", "370211"
DISTRICT_COLUMN = {LAOSHAN: 0, HUANGDAO: 3}
GRID_SQUARES = [(0, 1), (0, 0), (1, 1), (1, 0)]


def community(district):
    return f"{district}001001"


def grid(district, number):
    return f"{community(district)}{number:03d}"


def grid_square(district, number):
    col, row = GRID_SQUARES[number - 1]
    return square(DISTRICT_COLUMN[district] + col, row)


def load_city(conn):
    """The city of the module docstring; returns the account ids by username."""
    import_cells(conn, import_frame([{"code": CITY, "name": "青岛市", "geom": square(0, 0, 5, 2)}]), "city")
    for district, name in ((LAOSHAN, "崂山区"), (HUANGDAO, "黄岛区")):
        load_district(conn, district, name)
    generations.publish(conn, dt.date(2025, 1, 1))
    accounts = [("pa", "planner", LAOSHAN), ("pa2", "planner", LAOSHAN), ("pb", "planner", HUANGDAO),
                ("pb2", "planner", HUANGDAO), ("admin", "admin", CITY), ("city", "command_staff", CITY),
                ("laoshan", "command_staff", LAOSHAN)]
    return {name: create_account(conn, name, f"{name}-password", role, scope_code=scope)
            for name, role, scope in accounts}


def load_district(conn, district, name):
    """One district of the city: its street, community and four basic grids (parents found by overlap)."""
    area = square(DISTRICT_COLUMN[district], 0, 2, 2)
    import_cells(conn, import_frame([{"code": district, "name": name, "geom": area}]), "district")
    import_cells(conn, import_frame([{"code": f"{district}001", "name": f"{name}街道", "geom": area}]), "street")
    import_cells(conn, import_frame([{"code": community(district), "name": f"{name}社区", "geom": area}]),
                 "community")
    import_cells(conn, import_frame([{"code": grid(district, n), "geom": grid_square(district, n)}
                                     for n in (1, 2, 3, 4)]), "grid", "basic")


def load_city_cases(conn):
    """Each district's command staff (D<district>) and grid 001's member (M<district>), the test categories."""
    from grids.people.roster import add_person
    from tests.cases import CATEGORIES
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO category (code, name, parent_code, time_limit_hours) VALUES (%s, %s, %s, %s) "
                        "ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, "
                        "time_limit_hours = EXCLUDED.time_limit_hours", CATEGORIES)
    for district in (LAOSHAN, HUANGDAO):
        add_person(conn, f"指挥{district}", "command_staff", code=f"D{district}", phone="13712345678",
                   cells=[district])
        add_person(conn, f"网格员{district}", "grid_member", code=f"M{district}", phone="13712345678",
                   cells=[grid(district, 1)])


def add_city_incident(conn, ref, district, at, category="T101"):
    """An incident placed in grid 001 of ``district`` at its centre; its id."""
    centre = grid_square(district, 1).centroid
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO incident (channel, source_ref, reported_at, category_code, geom, district_code, street_code,"
            " community_code, grid_code, placement_method, content_hash)"
            " VALUES ('hotline', %s, %s, %s, ST_SetSRID(ST_Point(%s, %s), 4490), %s, %s, %s, %s, 'coordinates', 'h')"
            " RETURNING id",
            (ref, at, category, centre.x, centre.y, district, f"{district}001", community(district), grid(district, 1)))
        return cur.fetchone()[0]
