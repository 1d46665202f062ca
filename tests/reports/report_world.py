"""A small world for the report tests: the case-loop world of ``tests.cases`` (one community of four
grids) with incidents in March 2025 (the report's month) and February (the month before), a few of
them handled, a grid whose name is markup (``<b>&``: it must print as written), and reporters with a
name and a phone (``tests.cases.add_incident``: 张三丰, 13912345678) that must never print."""
import datetime as dt

from grids.cases import loop
from tests.cases import DISTRICT, GRID, T0, add_incident, load_world

NOW = T0 + dt.timedelta(days=40)                # 2025-04-12: March is over
MONTH = "2025-03"
MARKUP_NAME = "<b>海湾&网格</b>"
REPORTER_NAME, REPORTER_PHONE, STAFF_PHONE = "张三丰", "13912345678", "13712345678"


def load_report_world(conn):
    """The world with its incidents; the ids of the March incidents."""
    load_world(conn)
    with conn.cursor() as cur:
        cur.execute("UPDATE cell SET name = %s WHERE code = %s", (MARKUP_NAME, GRID[1]))
    march = []
    for i in range(6):
        march.append(add_incident(conn, f"m-hot-{i}", grid=1, category="T101", at=T0 + dt.timedelta(hours=i)))
    for i in range(3):
        march.append(add_incident(conn, f"m-patrol-{i}", grid=2, category="T102", channel="patrol",
                                  at=T0 + dt.timedelta(days=3, hours=i)))
    march.append(add_incident(conn, "m-app", grid=3, category="T2", channel="app", at=T0 + dt.timedelta(days=9)))
    for i in range(2):
        add_incident(conn, f"f-{i}", grid=4, category="T101", at=T0 - dt.timedelta(days=10 + i))
    for case in march[:4]:
        loop.act(conn, case, "accept", "D1", now=T0 + dt.timedelta(days=1))
        loop.act(conn, case, "dispatch", "D1", now=T0 + dt.timedelta(days=1, minutes=5))
    return march


def district():
    return DISTRICT
