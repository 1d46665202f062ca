"""The governance index on hand-computed cells: disputes per 1,000 households and overdue cases scored
min-max across the level, rates as they are, the weighted mean of the components a cell has, the
ranking, configurable weights refused when wrong, and the month-by-month trend. Early warnings count
unless dismissed."""
import datetime as dt

import pytest

from grids.foresight.index import DEFAULT_WEIGHTS, check_weights, governance_index, index_trend
from tests.cases import GRID, T0, add_incident, load_world

SINCE, UNTIL = dt.date(T0.year, 1, 1), dt.date(T0.year + 1, 1, 1)


@pytest.fixture
def world(conn):
    load_world(conn)
    with conn.cursor() as cur:
        cur.execute("INSERT INTO category (code, name) VALUES ('01', '矛盾纠纷') ON CONFLICT DO NOTHING")
        cur.execute("INSERT INTO category (code, name, parent_code) VALUES ('0101', '邻里纠纷', '01') "
                    "ON CONFLICT DO NOTHING")
        cur.execute("UPDATE cell SET households = 500 WHERE level = 'grid'")
    add_incident(conn, "d1", grid=1, category="0101")
    add_incident(conn, "d2", grid=1, category="0101")
    three = add_incident(conn, "n1", grid=3, category="T101")
    two = add_incident(conn, "n2", grid=2, category="T101")
    _warning(conn, three, "open")
    _warning(conn, two, "dismissed")                  # staff said no: not a mark against grid 2
    return conn


def _warning(conn, incident_id, status):
    """An early warning (028) raised on ``incident_id``'s place, in ``status``."""
    with conn.cursor() as cur:
        cur.execute("""
            INSERT INTO early_warning (category_code, geom, cell_code, district_code, street_code, community_code,
                                       grid_code, first_reported_at, last_reported_at, reporters, tickets, severity,
                                       rule, status, decided_at, reason, first_incident_id, raised_at, updated_at)
            SELECT category_code, geom, grid_code, district_code, street_code, community_code, grid_code,
                   reported_at, reported_at, 5, 5, 'yellow', '{}', %(status)s,
                   CASE WHEN %(status)s = 'open' THEN NULL ELSE reported_at END,
                   CASE WHEN %(status)s = 'dismissed' THEN '同一工地的正常咨询' END, id, reported_at, reported_at
            FROM incident WHERE id = %(id)s""", {"id": incident_id, "status": status})


def test_the_index_scores_each_component_and_ranks_the_cells(world):
    rows = {row["code"]: row for row in governance_index(world, "grid", SINCE, UNTIL, now=T0)}
    one, two, three = rows[GRID[1]], rows[GRID[2]], rows[GRID[3]]
    assert one["per_1000_households"] == {"dispute_density": 4.0, "backlog": 0.0, "warnings": 0.0}
    # grid 1 has the most disputes per household: 0; the others none: 100. No case overdue: backlog 100 each.
    # Grid 3's open warning (2 per 1,000 households) scores 0, the others 100 (grid 2's was dismissed).
    assert one["components"] == {"dispute_density": 0.0, "on_time": None, "resolution": None, "satisfaction": None,
                                 "repeats": 100.0, "backlog": 100.0, "warnings": 100.0}
    assert one["index"] == pytest.approx((0 * 0.2 + 100 * 0.1 + 100 * 0.1 + 100 * 0.1) / 0.5)      # 60.0
    assert three["per_1000_households"]["warnings"] == 2.0 and three["components"]["warnings"] == 0.0
    assert three["index"] == pytest.approx((100 * 0.2 + 100 * 0.1 + 100 * 0.1 + 0 * 0.1) / 0.5)    # 80.0
    assert two["components"]["warnings"] == 100.0 and two["index"] == 100.0
    assert one["rank"] == 4
    assert sorted(row["rank"] for row in rows.values()) == [1, 2, 3, 4]


def test_weights_change_the_index_and_wrong_ones_are_refused(world):
    heavy = {**DEFAULT_WEIGHTS, "dispute_density": 0.0}
    rows = {row["code"]: row for row in governance_index(world, "grid", SINCE, UNTIL, now=T0, weights=heavy)}
    assert rows[GRID[1]]["index"] == 100.0                                 # density no longer counts
    for bad, message in [({"speed": 1}, "no index component speed"), ({"on_time": -1}, "0 or more"),
                         ({k: 0 for k in DEFAULT_WEIGHTS}, "above 0")]:
        with pytest.raises(ValueError, match=message):
            check_weights(bad)


def test_the_trend_scores_each_month_on_its_own(world):
    trend = index_trend(world, "grid", 3, dt.date(T0.year, T0.month + 1, 1), now=T0)
    assert len(trend[GRID[1]]) == 3 and trend[GRID[1]][-1] == 60.0 and trend[GRID[1]][0] in (None, 100.0)
