"""``gridgov incidents import`` as people read it: a dry run says what it would do and writes nothing;
the real run says what it did; ``gridgov incidents unplaced`` lists the review queue."""
from tests.command_line import stored
from tests.gridgov_cli.cli import ok
from tests.planning import point


def _patrol_file(tmp_path):
    inside, outside = point(0.3, 1.5), point(5.0, 5.0)
    path = tmp_path / "patrol.csv"
    path.write_text("上报编号,上报时间,事件类型,经度,纬度\n"
                    f"P-1,2025-07-01 09:00:00,噪声扰民,{inside[0]:.8f},{inside[1]:.8f}\n"
                    f"P-2,2025-07-01 10:00:00,噪声扰民,{outside[0]:.8f},{outside[1]:.8f}\n", encoding="utf-8")
    return path


def test_a_dry_run_writes_nothing_and_the_real_run_reports_its_placements(planning_store, tmp_path):
    path = _patrol_file(tmp_path)
    dry = ok("incidents", "import", path, "--channel", "patrol", "--dry-run")
    assert dry.startswith(f"would import 2 incidents from {path}") and "added 2, updated 0, unchanged 0" in dry
    assert stored(planning_store, "SELECT count(*) FROM incident") == [(0,)]

    done = ok("incidents", "import", path, "--channel", "patrol")
    assert done.startswith("imported 2 incidents") and "placed by: coordinates 1, unplaced 1" in done
    assert "unplaced (1):\n  - outside all cells: 1" in done
    queue = ok("incidents", "unplaced").splitlines()
    assert len(queue) == 1 and "P-2" in queue[0] and "outside all cells" in queue[0] and "EPSG:4326" in queue[0]
