"""Every change is recorded with who made it: the command line names its operator (the OS user)
beside the person an action names, and a re-import that rewrites a case's facts leaves a history event."""
import getpass

import pytest

from gis import db
from grids.cases import loop
from grids.cells import generations
from tests.cases import T0, load_world
from tests.command_line import gridgov, stored

OPERATOR = f"cli:{getpass.getuser()}"
HEADER = "上报编号,上报时间,事件类型,事件描述,经度,纬度\n"


@pytest.fixture
def world(committed_db):
    with db.connect(role=db.OWNER) as conn:
        load_world(conn)
        generations.publish(conn)
    return committed_db


def _import(tmp_path, description):
    path = tmp_path / "patrol.csv"
    path.write_text(HEADER + f"AUD-1,2025-03-03 09:00:00,噪声扰民,{description},120.405,36.065\n", encoding="utf-8")
    result = gridgov("incidents", "import", path, "--channel", "patrol")
    assert result.exit_code == 0, result.output


def test_a_command_line_action_records_the_operator_beside_the_person(world, tmp_path):
    """``cases act --by C1`` typed by the OS user: the event names C1 and the operator who typed it."""
    _import(tmp_path, "夜间施工")
    case = stored(world, "SELECT id FROM incident WHERE source_ref = 'AUD-1'")[0][0]
    assert gridgov("cases", "act", case, "accept", "--by", "C1", "--now", T0.isoformat()).exit_code == 0
    assert stored(world, "SELECT p.code, e.operator FROM case_event e JOIN person p ON p.id = e.by_person_id "
                         "WHERE e.incident_id = %s", (case,)) == [("C1", OPERATOR)]
    assert stored(world, "SELECT operator FROM incident_import") == [(OPERATOR,)]


def test_a_re_import_that_rewrites_a_case_in_progress_leaves_a_history_event(world, tmp_path):
    """The description of an accepted case changed by a re-import: the case's version moves on and its
    history says which fields changed, when, and who imported."""
    _import(tmp_path, "夜间施工")
    case = stored(world, "SELECT id FROM incident WHERE source_ref = 'AUD-1'")[0][0]
    with db.connect() as conn:
        loop.act(conn, case, "accept", now=T0)
    _import(tmp_path, "夜间施工，已持续三天")
    events = stored(world, "SELECT action, from_state, to_state, version, details -> 'fields', operator "
                           "FROM case_event WHERE incident_id = %s ORDER BY version", (case,))
    assert events[-1] == ("facts_changed", "accepted", "accepted", 2, ["description"], OPERATOR)
    assert stored(world, "SELECT case_version, status FROM incident WHERE id = %s", (case,)) == [(2, "accepted")]


def test_publishing_and_placing_by_hand_record_their_operator(world, tmp_path):
    with db.connect(role=db.OWNER) as conn:
        generations.open_draft(conn, "re-survey")
    assert gridgov("generations", "publish").exit_code == 0
    assert stored(world, "SELECT published_by FROM generation ORDER BY id DESC LIMIT 1") == [(OPERATOR,)]
    _import(tmp_path, "无坐标")
    case = stored(world, "SELECT id FROM incident WHERE source_ref = 'AUD-1'")[0][0]
    assert gridgov("incidents", "place", case, "370212001001002").exit_code == 0
    assert stored(world, "SELECT placed_by, grid_code FROM incident WHERE id = %s", (case,)) == [
        (OPERATOR, "370212001001002")]
