"""``gridgov plan`` end to end on a committed store: split, undo, redo, submit, approve, publish, history."""
import csv
import json

import pytest

from tests.command_line import gridgov
from tests.gridgov_cli.cli import EAST, WEST, cut, ok
from tests.planning import GRID


@pytest.mark.usefixtures("planning_store")
def test_split_undo_redo_approve_publish_and_compare(tmp_path):
    assert "split: grids" in ok("plan", "split", GRID[1], "--line", cut(), "--as", "p1", "--revision", "0")
    assert "undone: split" in ok("plan", "undo", "--as", "p2")
    assert "redone: split" in ok("plan", "redo", "--as", "p2")
    status = json.loads(ok("plan", "status", "--json"))
    assert (status["revision"], status["saved_by"], len(status["edit_list"])) == (3, "p2", 1)

    stale = gridgov("plan", "merge", GRID[3], GRID[4], "--as", "p1", "--revision", "1")
    assert stale.exit_code == 2 and "error [draft_conflict]" in stale.output

    changes = ok("plan", "changes", "--format", "csv").splitlines()
    assert changes[0] == "level,kind,old_code,new_code,change"
    assert f"grid,basic,{GRID[1]},{WEST},split" in changes

    ok("plan", "export", "-o", tmp_path / "buildings.csv")
    with (tmp_path / "buildings.csv").open(encoding="utf-8-sig") as source:
        assert {row["grid_code"] for row in csv.DictReader(source)} == {WEST, EAST, GRID[2], GRID[3], GRID[4]}

    ok("plan", "submit", "--as", "p1")
    refused = gridgov("plan", "approve", "--as", "p1")
    assert refused.exit_code == 2 and "cannot approve it too" in refused.output
    ok("plan", "approve", "--as", "a1")
    assert "generation 2 published, effective 2025-06-01" in ok("plan", "publish", "--as", "p1",
                                                                 "--effective", "2025-06-01")
    compared = ok("plan", "compare", "1", "2")
    assert "1 removed" in compared and f"code {GRID[1]} → {WEST}" in compared
    assert "no draft" in ok("plan", "status")


@pytest.mark.usefixtures("planning_store")
def test_publish_is_effective_today_in_shanghai_by_the_clock(monkeypatch):
    monkeypatch.setenv("GRIDGOV_NOW", "2026-03-01T23:30:00+00:00")     # 07:30 on 2 March in Shanghai
    ok("plan", "split", GRID[1], "--line", cut(), "--as", "p1", "--revision", "0")
    ok("plan", "submit", "--as", "p1")
    ok("plan", "approve", "--as", "p2")
    assert "generation 2 published, effective 2026-03-02" in ok("plan", "publish", "--as", "p1")
