"""The petition-work world: the case-loop world of ``tests.cases`` (one district, street and community,
four grids, staff C1, S1, D1) and helpers for petition matters placed there or in hand-made areas."""
import datetime as dt

import pytest

from tests.cases import T0, add_incident, load_world


def days(n):
    return dt.timedelta(days=n)


def petition(conn, ref, *, at=T0, grid=1, status=None, street=None, district=None):
    """A petition matter (channel 'petition') reported at ``at`` in ``grid``; moved to ``street`` /
    ``district`` (hand-made codes) and ``status`` when given. Its id."""
    case_id = add_incident(conn, ref, grid=grid, at=at, channel="petition")
    with conn.cursor() as cur:
        if street or district:
            cur.execute("UPDATE incident SET street_code = %s, district_code = %s, community_code = %s, grid_code = NULL "
                        "WHERE id = %s", (street, district or street[:6], street + "001" if street else None, case_id))
        if status:
            cur.execute("UPDATE incident SET status = %s WHERE id = %s", (status, case_id))
    return case_id


def count(conn, table):
    with conn.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {table}")
        return cur.fetchone()[0]


@pytest.fixture
def world(conn):
    return load_world(conn)
