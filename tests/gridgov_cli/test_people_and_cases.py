"""``gridgov people`` and ``gridgov cases`` end to end on a committed store, the way cron and staff run them."""
import json

import pytest

from gis import db
from etl.category_file import read_category_file
from grids.incidents.categories import upsert_categories
from grids.people.roster import add_person
from tests.cases import GRID, add_incident
from tests.command_line import gridgov, stored
from tests.gridgov_cli.cli import ok
from tests.shapes import load_two_by_two

PEOPLE = ("工号,姓名,手机,角色,网格\n"
          f"M1,网格员甲,13712345678,网格员,{GRID[1]}|{GRID[2]}|{GRID[3]}\n"
          f"C1,社区丁,13712340000,社区工作人员,370212001001\n"
          "D1,指挥己,13700000000,指挥中心,370212\n")


@pytest.fixture
def store(committed_db, tmp_path):
    """Cells and one incident in grid 001 (no category: the default limit, 72 h), committed."""
    conn = db.open_connection(committed_db)
    load_two_by_two(conn)
    case_id = add_incident(conn, "cli", category=None)
    conn.commit()
    conn.close()
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE, encoding="utf-8")
    return committed_db, case_id, people




def test_people_import_list_and_export_mask_phones(store, tmp_path):
    url, _, people = store
    assert "imported 3 people" in ok("people", "import", people)
    listed = ok("people", "list", "--role", "grid_member")
    assert "网格员甲" in listed and "137****5678" in listed and "13712345678" not in listed
    assert "13712345678" in ok("people", "list", "--with-personal-data")
    ok("people", "export", "-o", tmp_path / "out.csv")
    assert "13712345678" not in (tmp_path / "out.csv").read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,角色,网格\n某人,网格员,nowhere\n", encoding="utf-8")
    refused = gridgov("people", "import", bad)
    assert refused.exit_code == 2
    assert "bad.csv" in refused.output and "row 2: cells: no cell nowhere" in refused.output
    assert stored(url, "SELECT count(*) FROM person")[0][0] == 3


def test_the_responsibility_list_from_a_file_and_back(store, tmp_path):
    url, _, people = store
    ok("people", "import", people)
    with db.connect() as conn:
        add_person(conn, "区城管局", "department", code="K1")
        # the default category tree, even where an earlier test of this worker left categories of its own
        # (the store's wipe keeps reference data, and ensure_categories loads the tree only into an empty table)
        upsert_categories(conn, read_category_file())
    listed = tmp_path / "权责.csv"
    listed.write_text("类别编码,责任部门,职责事项\n0201,K1,供暖\n", encoding="utf-8")
    assert "would import 1 lines" in ok("people", "responsibilities", "import", listed, "--dry-run")
    assert stored(url, "SELECT count(*) FROM responsibility")[0][0] == 0
    assert "imported 1 lines" in ok("people", "responsibilities", "import", listed)
    assert "0201" in ok("people", "responsibilities", "list") and "区城管局" in ok("people", "responsibilities", "list")
    ok("people", "responsibilities", "export", "-o", tmp_path / "back.xlsx")
    listed.write_text("类别编码,责任部门\n0201,K9\n", encoding="utf-8")
    refused = gridgov("people", "responsibilities", "import", listed)
    assert refused.exit_code == 2 and "row 2: department: no department 'K9'" in refused.output
    assert stored(url, "SELECT department_person_id IS NOT NULL FROM responsibility")[0][0] is True


def test_boundaries_check_reports_members_over_the_limit_of_grids(store):
    _, _, people = store
    ok("people", "import", people)
    checked = json.loads(gridgov("boundaries", "check", "--level", "grid", "--json").output)
    over = [f for f in checked["findings"] if f["check"] == "members_over_grids"]
    assert [(f["code"], f["other_code"]) for f in over] == [("M1", ",".join(GRID[n] for n in (1, 2, 3)))]
    assert "网格员甲 (3 grids, at most 2)" in over[0]["message"]
    missing = [f["code"] for f in checked["findings"] if f["check"] == "grids_without_member"]
    assert missing == [GRID[4]]
    relaxed = json.loads(gridgov("boundaries", "check", "--level", "grid", "--max-grids", "3", "--json").output)
    assert not [f for f in relaxed["findings"] if f["check"] == "members_over_grids"]


def test_a_case_through_the_command_line_and_cron(store):
    url, case_id, people = store
    ok("people", "import", people)
    ok("cases", "act", case_id, "accept", "--by", "D1", "--now", "2025-03-03T09:00", "--note", "受理")
    ok("cases", "act", case_id, "dispatch", "--by", "D1", "--now", "2025-03-03T09:05")
    refused = gridgov("cases", "act", case_id, "verify", "--by", "D1", "--now", "2025-03-03T09:06")
    assert refused.exit_code == 2
    assert f"error [illegal_transition]: case {case_id} is dispatched: cannot verify" in refused.output
    assert "urged" in ok("cases", "tick", "--now", "2025-03-06T09:06")           # 72 h passed
    done = json.loads(ok("cases", "tick", "--now", "2025-03-09T09:05", "--json"))   # 144 h: escalates
    assert done["escalated"] == [[case_id, "community"]] and done["urged"] == []
    assert json.loads(ok("cases", "tick", "--now", "2025-03-09T09:05", "--json"))["escalated"] == []
    shown = ok("cases", "show", case_id, "--now", "2025-03-09T10:00")
    assert "handler 社区丁 at community 370212001001" in shown and "timer green" in shown
    assert "张**" in shown and "张三丰" not in shown
    history = json.loads(ok("cases", "show", case_id, "--json"))["history"]
    assert [(e["action"], e["by_code"]) for e in history] == [
        ("accept", "D1"), ("dispatch", "D1"), ("urge", None), ("escalate", None)]
    assert history[0]["note"] == "受理"
    assert stored(url, "SELECT status, handler_level FROM incident WHERE id = %s", (case_id,)) == [
        ("dispatched", "community")]
