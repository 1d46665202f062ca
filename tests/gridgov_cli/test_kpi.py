"""``gridgov kpi`` and ``gridgov load`` on a committed store: the JSON shape, csv and the table."""
import csv
import io
import json

import pytest

from gis import db
from grids.cases.loop import act
from tests.cases import GRID, T0, add_incident, hours, load_world
from tests.command_line import gridgov
from tests.gridgov_cli.cli import ok

NOW = (T0 + hours(48)).isoformat()


@pytest.fixture
def store(committed_db):
    """Grid 001: one case closed on time, one reported and unanswered; committed."""
    conn = db.open_connection(committed_db)
    load_world(conn)
    done = add_incident(conn, "done")
    for action, at, by in [("accept", 0, "D1"), ("dispatch", 0, "D1"), ("report", 2, "M1"), ("verify", 3, "D1")]:
        act(conn, done, action, by, now=T0 + hours(at))
    add_incident(conn, "waiting", offset_m=(200.0, 0.0))
    conn.commit()
    conn.close()




def test_kpi_json_has_one_object_per_cell_with_code_name_and_the_kpis(store):
    rows = json.loads(ok("kpi", "--level", "grid", "--now", NOW, "--format", "json"))
    assert [r["code"] for r in rows] == [GRID[n] for n in (1, 2, 3, 4)]
    first = rows[0]
    assert list(first)[:3] == ["code", "name", "received"]
    assert (first["received"], first["response_rate"], first["on_time_rate"], first["backlog_open"]) == (2, 0.5, 1, 1)
    window = json.loads(ok("kpi", "--level", "grid", "--from", "2025-03-04", "--to", "2025-04-01", "--now", NOW,
                           "--format", "json"))
    assert window[0]["received"] == 0


def test_kpi_csv_table_and_person(store):
    rows = list(csv.DictReader(io.StringIO(ok("kpi", "--level", "community", "--now", NOW, "--format", "csv"))))
    assert [(r["code"], r["received"], r["response_rate"], r["satisfaction_rate"]) for r in rows] == \
        [("370212001001", "2", "0.5", "")]
    table = ok("kpi", "--level", "grid", "--now", NOW).splitlines()
    assert table[0].split()[:3] == ["code", "name", "received"] and len(table) == 5
    person = json.loads(ok("kpi", "--person", "M1", "--now", NOW, "--format", "json"))
    assert person == [{**person[0], "code": "M1", "received": 1, "closed_share_grid": 1.0}]
    assert gridgov("kpi", "--person", "nobody").exit_code == 2
    assert gridgov("kpi").exit_code == 2


def test_load_lists_every_grid_member(store):
    rows = json.loads(ok("load", "--now", NOW, "--format", "json"))
    assert [(r["code"], r["open_cases"]) for r in rows] == [("M1", 0), ("M2", 0), ("M3", 0)]
    assert "13712345678" not in json.dumps(rows) and "phone" not in rows[0]
    table = ok("load", "--now", NOW).splitlines()
    assert table[0].split()[:3] == ["code", "name", "grids"] and "cases_per_month.2025-03" in table[0]


def test_kpi_filters_by_channel_and_category(store):
    def received(*filters):
        rows = json.loads(ok("kpi", "--level", "grid", "--now", NOW, "--format", "json", *filters))
        return rows[0]["received"]

    assert received("--channel", "hotline") == 2 and received("--channel", "patrol") == 0
    assert received("--category", "T101") == 2 and received("--category", "T102") == 0
    assert gridgov("kpi", "--person", "M1", "--channel", "hotline").exit_code == 2
    assert gridgov("kpi", "--level", "grid", "--channel", "fax").exit_code == 2
