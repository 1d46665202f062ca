"""The demo district through the command line: loaded with fresh statistics, every rule of the hierarchy
holds, round trips; a rebuild starts from an empty store."""
import json

from etl.demo.loading import clear_store
from grids.people.notifications import notify
from tests.command_line import gridgov, import_json, stored
from tests.demo_store import demo_store


def test_demo_loads_checks_clean_and_is_reused(committed_db, tmp_path):
    started = stored(committed_db, "SELECT now()")[0][0]
    first = gridgov("demo", "--seed", "7")
    assert first.exit_code == 0, first.output
    analyzed = dict(stored(committed_db, "SELECT relname, last_analyze FROM pg_stat_user_tables "
                                         "WHERE relname IN ('cell', 'incident', 'person')"))
    assert len(analyzed) == 3 and all(at is not None and at >= started for at in analyzed.values()), analyzed
    counts = dict(((level, kind), n) for level, kind, n in stored(
        committed_db, "SELECT level, coalesce(kind, ''), count(*) FROM cell GROUP BY 1, 2"))
    assert counts[("street", "")] == 4 and counts[("community", "")] == 30
    assert 285 <= counts[("grid", "basic")] <= 315 and counts[("grid", "dedicated")] == 10
    assert 5_700 <= counts[("microgrid", "building")] <= 6_300
    assert counts[("microgrid", "stairwell")] >= counts[("microgrid", "building")]
    addresses = stored(committed_db, "SELECT count(*) FROM standard_address")[0][0]
    assert addresses == counts[("microgrid", "building")] + counts[("microgrid", "stairwell")]
    members = stored(committed_db, "SELECT p.id, count(*) FROM person p JOIN person_cell pc ON pc.person_id = p.id "
                                   "WHERE p.role = 'grid_member' GROUP BY 1 ORDER BY 1")
    assert members == [(i, 1) for i in range(1, 311)]           # ids from 1, one grid each, as before the heads
    heads = dict(((level, kind), (n, headed)) for level, kind, n, headed in stored(committed_db, """
        SELECT c.level, c.kind, count(*), count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM person_cell pc JOIN person p ON p.id = pc.person_id AND p.role = 'building_head'
            WHERE pc.cell_code = c.code))
        FROM cell c GROUP BY 1, 2"""))
    assert heads[("microgrid", "building")][1] > 0.85 * heads[("microgrid", "building")][0]
    assert 0 < heads[("microgrid", "stairwell")][1] < 0.4 * heads[("microgrid", "stairwell")][0]
    assert sum(headed for (level, _), (_, headed) in heads.items() if level != "microgrid") == 0

    checked = gridgov("boundaries", "check", "--json")
    report = json.loads(checked.stdout)
    assert checked.exit_code == 0 and (report["errors"], report["warnings"]) == (0, 0), report["findings"][:5]

    again = gridgov("demo", "--seed", "7")
    assert "already loaded" in again.output
    other = gridgov("demo", "--seed", "8")
    assert other.exit_code != 0 and "--rebuild" in other.output


def test_demo_grids_survive_a_shapefile_round_trip(committed_db, tmp_path):
    demo_store(committed_db)                      # seed 42, the run's shared demo
    out = tmp_path / "grids.shp"
    assert gridgov("boundaries", "export", "--level", "grid", "-o", out).exit_code == 0
    again = import_json(out, "--level", "grid", "--dry-run")
    assert again["changed"] == 0 and again["added"] == 0 and again["unchanged"] == 310
    assert again["parents_from_field"] == 310 and again["encoding"] == "UTF-8"


def test_a_rebuild_empties_the_planning_log_and_the_notifications_too(conn):
    """``gridgov demo --rebuild`` starts from nothing: the planning log has no foreign key to follow."""
    with conn.cursor() as cur:
        cur.execute("INSERT INTO person (name, role) VALUES ('网格员甲', 'grid_member') RETURNING id")
        notify(conn, cur.fetchone()[0], "grid_lost", "网格调整：网格撤销")
        cur.execute("INSERT INTO planning_log (generation_id, action, by_username) VALUES (2, 'publish', 'p1')")
        clear_store(conn)
        cur.execute("SELECT (SELECT count(*) FROM planning_log), (SELECT count(*) FROM notification), "
                    "(SELECT count(*) FROM person)")
        assert cur.fetchone() == (0, 0, 0)
