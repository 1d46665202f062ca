"""The command line refuses bad files with a message naming the file (and row, field), never a
traceback, and changes nothing. Samples: ``tests/security/corpus/imports/``."""
from pathlib import Path

import pytest

from gis import db
from grids.cells import generations
from tests.command_line import gridgov, stored
from tests.shapes import load_two_by_two

CORPUS = Path(__file__).parent / "corpus" / "imports"


@pytest.fixture
def district(committed_db):
    with db.connect(role=db.OWNER) as conn:
        load_two_by_two(conn)
        generations.publish(conn)
    return committed_db


def test_a_truncated_people_xlsx_is_refused_naming_the_file(district):
    path = CORPUS / "people_truncated.xlsx"
    refused = gridgov("people", "import", path)
    assert refused.exit_code == 2
    assert "people_truncated.xlsx" in refused.output and "cannot read the Excel file" in refused.output
    assert "Traceback" not in refused.output
    assert stored(district, "SELECT count(*) FROM person") == [(0,)]


def test_a_nul_byte_in_a_description_is_refused_naming_the_field(district):
    """PostgreSQL cannot store NUL in text: the import says which field of which ticket, and writes nothing."""
    refused = gridgov("incidents", "import", CORPUS / "incident_nul_description.csv", "--channel", "patrol")
    assert refused.exit_code == 2
    assert "description" in refused.output and "NUL-1" in refused.output
    assert "Traceback" not in refused.output
    assert stored(district, "SELECT count(*) FROM incident") == [(0,)]


def test_a_database_refusal_is_a_message_not_a_traceback(district, monkeypatch):
    """Whatever the database refuses (here: the server cannot be reached) ends in one line, exit 2."""
    monkeypatch.setenv("GRIDGOV_APP_DATABASE_URL", "postgresql://gridgov_app@/nowhere?host=/nonexistent")
    monkeypatch.setattr(db, "_pool", None)
    refused = gridgov("cases", "show", "1")
    monkeypatch.setattr(db, "_pool", None)
    assert refused.exit_code == 2
    assert refused.output.startswith("error [database]") and "Traceback" not in refused.output


def test_two_imports_of_one_file_at_once_add_each_ticket_once(district, tmp_path):
    """Two real processes import the same file at the same time: the second waits for the first and
    adds nothing (it used to die on the ticket key with a traceback)."""
    import os
    import subprocess

    from bench.synthetic_city import write_incident_csv
    from gis.embedded import PROJECT_ROOT

    from etl.incidents.importing import ensure_categories

    with db.connect(role=db.OWNER) as conn:     # a store in use has its categories (their first load
        ensure_categories(conn)                 # would make the second import wait by itself)
    path = write_incident_csv(tmp_path / "patrol.csv", count=20_000)
    command = [str(PROJECT_ROOT / ".venv/bin/gridgov"), "incidents", "import", str(path), "--channel", "patrol"]
    both = [subprocess.Popen(command, env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=300)[0] for process in both]
    assert [process.returncode for process in both] == [0, 0], outputs
    assert not any("Traceback" in output for output in outputs)
    assert stored(district, "SELECT count(*), count(DISTINCT source_ref) FROM incident") == [(20_000, 20_000)]
