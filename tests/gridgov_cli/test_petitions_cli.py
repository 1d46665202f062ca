"""``gridgov petitions``: a visit by two petitioners registered on a new case, found to repeat last month's
matter, accepted, listed and shown masked (unmasked only with --with-personal-data), and counted."""
import json

import psycopg2
import pytest

from tests.cases import GRID
from tests.command_line import gridgov
from tests.grids.petitions.world import ID_A, PHONE_A, load_petition_world


@pytest.fixture
def world(committed_db):
    conn = psycopg2.connect(committed_db)
    with conn:
        load_petition_world(conn)
    conn.close()
    return committed_db


def _register(ticket, registered_on, *petitioners):
    args = ["petitions", "register", "--ticket", ticket, "--category", "T101", "--cell", GRID[1], "--form", "来访",
            "--body", "区住建局", "--registered-on", registered_on, "--by", "C1", "--now", f"{registered_on}T12:00"]
    for petitioner in petitioners:
        args += ["--petitioner", petitioner]
    result = gridgov(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_visit_by_two_petitioners_is_found_to_repeat_last_month(world):
    first = _register("XF-1", "2025-02-03", f"张三丰,{PHONE_A},{ID_A}")
    again = _register("XF-2", "2025-03-03", f"张三丰,13700009999,{ID_A}", "李四,13800001111")
    assert (again["repeat_of"], again["petitioner_count"]) == (first["id"], 2)
    assert ID_A not in json.dumps(again, ensure_ascii=False) and PHONE_A not in json.dumps(again)
    accepted = gridgov("petitions", "accept", again["id"], "--on", "2025-03-19", "--by", "C1", "--now", "2025-03-19T12:00")
    assert accepted.exit_code == 0 and "(late)" in accepted.output
    shown = gridgov("petitions", "show", again["id"], "--now", "2025-03-20T12:00")
    assert "repeat of" in shown.output and "370212********" in shown.output and ID_A not in shown.output
    unmasked = gridgov("petitions", "show", first["id"], "--with-personal-data", "--json")
    assert ID_A in unmasked.stdout
    listed = gridgov("petitions", "list", "--format", "csv")
    assert "XF-2" in listed.output and ID_A not in listed.output and "13700009999" not in listed.output
    kpi = json.loads(gridgov("petitions", "kpi", "--from", "2025-03", "--to", "2025-03", "--format", "json",
                             "--now", "2025-03-20T12:00").stdout)
    assert [(r["cell"], r["total"], r["repeat"], r["first_share"]) for r in kpi] == [(GRID[1], 1, 1, 0.0)]


def test_a_bad_form_or_step_is_one_line_naming_it(world):
    matter = _register("XF-1", "2025-02-03", f"张三丰,{PHONE_A}")
    result = gridgov("petitions", "extend", matter["id"], "--days", "5", "--reason", "x", "--by", "C1")
    assert result.exit_code == 2 and "illegal_petition_step" in result.output and "allowed: accept" in result.output
    result = gridgov("petitions", "register", "--ticket", "XF-9", "--form", "来访", "--petitioner", "王五,123",
                     "--body", "x", "--by", "C1")
    assert result.exit_code == 2 and "petitioners[0].phone" in result.output
