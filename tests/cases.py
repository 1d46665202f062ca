"""A small world for case-loop tests: the 2×2 community of ``tests.shapes``, its people, test categories.

Grids 001–003 have a grid member each (M1–M3), grid 004 has none; the community, street and district
have staff (C1, S1, D1); department K1 handles category T1 (and so its children). Categories: T101
(24 h), T102 (no limit of its own: T1's 100 h), T2 (no limit anywhere: the default).
"""
import datetime as dt

from grids.clock import SHANGHAI
from grids.people.roster import add_person
from tests.shapes import ORIGIN, UNIT, load_two_by_two

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)   # a Monday morning
DISTRICT, STREET, COMMUNITY = "370212", "370212001", "370212001001"
GRID = {n: f"{COMMUNITY}{n:03d}" for n in (1, 2, 3, 4)}
GRID_SQUARE = {1: (0, 1), 2: (0, 0), 3: (1, 1), 4: (1, 0)}   # (col, row) of each grid in tests.shapes
CATEGORIES = [("T1", "测试大类", None, 100), ("T101", "测试供暖", "T1", 24), ("T102", "测试噪声", "T1", None),
              ("T2", "测试其他", None, None)]


def hours(n):
    return dt.timedelta(hours=n)


def load_world(conn):
    """Cells, categories and people; returns the people's ids by code."""
    load_two_by_two(conn)
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO category (code, name, parent_code, time_limit_hours) VALUES (%s, %s, %s, %s) "
                        "ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, "
                        "time_limit_hours = EXCLUDED.time_limit_hours", CATEGORIES)
    people = [("M1", "网格员甲", "grid_member", [GRID[1]], []), ("M2", "网格员乙", "grid_member", [GRID[2]], []),
              ("M3", "网格员丙", "grid_member", [GRID[3]], []),
              ("C1", "社区丁", "community_staff", [COMMUNITY], []), ("S1", "街道戊", "street_staff", [STREET], []),
              ("D1", "指挥己", "command_staff", [DISTRICT], []), ("K1", "城管部门", "department", [], ["T1"])]
    return {code: add_person(conn, name, role, code=code, phone="13712345678", cells=cells, categories=categories)
            for code, name, role, cells, categories in people}


def add_incident(conn, ref, *, grid=1, category="T101", at=T0, channel="hotline", offset_m=(0.0, 0.0)):
    """An incident placed in ``grid`` at the grid's centre (moved ``offset_m`` metres east, north); its id."""
    col, row = GRID_SQUARE[grid]
    lon = ORIGIN[0] + (col + 0.5) * UNIT + offset_m[0] / 90_000
    lat = ORIGIN[1] + (row + 0.5) * UNIT + offset_m[1] / 110_950
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO incident (channel, source_ref, reported_at, category_code, reporter_name, reporter_phone,"
            " geom, district_code, street_code, community_code, grid_code, placement_method, content_hash)"
            " VALUES (%s, %s, %s, %s, '张三丰', '13912345678', ST_SetSRID(ST_Point(%s, %s), 4490),"
            " %s, %s, %s, %s, 'coordinates', 'h') RETURNING id",
            (channel, ref, at, category, lon, lat, DISTRICT, STREET, COMMUNITY, GRID[grid]))
        return cur.fetchone()[0]


def add_unplaced(conn, ref, reason="outside all cells", candidates=None, lon=None, lat=None):
    """An incident placed nowhere, at (lon, lat) when given."""
    case_id = add_incident(conn, ref)
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET district_code = NULL, street_code = NULL, community_code = NULL, "
                    "grid_code = NULL, placement_method = NULL, unplaced_reason = %s, placement_candidates = %s, "
                    "geom = CASE WHEN %s::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_Point(%s, %s), 4490) END "
                    "WHERE id = %s", (reason, candidates, lon, lon, lat, case_id))
    return case_id
