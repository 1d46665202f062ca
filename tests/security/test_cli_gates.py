"""The command line passes the same gates as the planners' pages: the boundary checks before a
generation becomes current, and effective dates that only move forward."""
import datetime as dt

import pytest
from shapely.geometry import box

from gis import db
from grids.cells import generations
from grids.cells.boundaries import import_cells
from tests.command_line import gridgov, stored
from tests.shapes import import_frame, load_two_by_two

PARIS = box(2.35, 48.85, 2.36, 48.86)


def _current(url):
    return stored(url, "SELECT id, effective_date::text FROM generation WHERE published_at IS NOT NULL "
                       "ORDER BY published_at DESC LIMIT 1")


@pytest.fixture
def published(committed_db):
    with db.connect(role=db.OWNER) as conn:
        load_two_by_two(conn)
        generations.publish(conn, dt.date(2026, 12, 1))
    return committed_db


def test_a_grid_in_paris_is_not_published_by_the_command_line(published):
    """``boundaries check`` reports the error, and ``generations publish`` refuses the draft: exit 1, the
    finding named, the old generation still current."""
    with db.connect(role=db.OWNER) as conn:
        import_cells(conn, import_frame([{"code": "370212001001009", "parent": "370212001001", "geom": PARIS}]),
                     "grid", "basic")
    before = _current(published)
    assert gridgov("boundaries", "check").exit_code == 1
    refused = gridgov("generations", "publish", "--effective", "2026-12-05")
    assert refused.exit_code != 0
    assert "check error" in refused.output and "370212001001009" in refused.output
    assert "Traceback" not in refused.output
    assert _current(published) == before


def test_effective_dates_only_move_forward(published):
    """A generation may not take effect before the current one did."""
    with db.connect(role=db.OWNER) as conn:
        generations.open_draft(conn, "re-survey")
    refused = gridgov("generations", "publish", "--effective", "2026-11-01")
    assert refused.exit_code != 0 and "2026-12-01" in refused.output
    assert _current(published)[0][1] == "2026-12-01"
    assert gridgov("generations", "publish", "--effective", "2026-12-05").exit_code == 0
    assert _current(published)[0][1] == "2026-12-05"
