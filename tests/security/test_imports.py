"""Imports do not accept nonsense silently: each doubtful row is refused or warned by row and field,
and ``--strict`` turns every warning into a refusal of the whole file. Samples:
``tests/security/corpus/imports/``."""
import json
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


def _import(name, *options):
    result = gridgov("incidents", "import", CORPUS / name, "--channel", "patrol", "--json", *options)
    return result, (json.loads(result.stdout) if result.exit_code == 0 else None)


def _problems(report):
    return {(p["row"], p["field"], p["severity"]) for p in report["problems"]}


def test_report_times_in_the_future_are_refused_by_row(district):
    """2030 and 9999 are after the import's clock: those rows are errors naming row and field; the
    plausible one goes in."""
    result, report = _import("incident_future_dates.csv")
    assert result.exit_code == 0, result.output
    assert {(2, "reported_at", "error"), (3, "reported_at", "error")} <= _problems(report)
    assert stored(district, "SELECT source_ref FROM incident") == [("F-3",)]


def test_a_first_row_with_extra_fields_is_not_cut_silently(district):
    """Like every longer line, the first data row with more fields than the header is skipped as an
    error naming its row (pandas used to keep it, its extra fields dropped without a word)."""
    result, report = _import("incident_extra_fields.csv")
    assert result.exit_code == 0, result.output
    assert (2, None, "error") in _problems(report)
    assert stored(district, "SELECT source_ref FROM incident") == [("X-2",)]


def test_degrees_under_a_projected_system_are_warned_not_placed_near_zero(district):
    result, report = _import("incident_degrees_under_3857.csv", "--crs", "EPSG:3857")
    assert result.exit_code == 0, result.output
    assert (2, "coordinates", "warning") in _problems(report)
    assert stored(district, "SELECT geom IS NULL FROM incident") == [(True,)]


def test_gbk_text_under_a_declared_utf8_is_warned_and_strict_refuses_it(district):
    result, report = _import("incident_gbk.csv", "--mapping", CORPUS / "declares_utf8.toml")
    assert result.exit_code == 0, result.output
    assert report["problems"], "mojibake went in without a word"
    refused, _ = _import("incident_gbk.csv", "--mapping", CORPUS / "declares_utf8.toml", "--strict")
    assert refused.exit_code != 0 and "Traceback" not in refused.output
    assert stored(district, "SELECT count(*) FROM incident") == [(1,)]      # the first import's row only


def test_strict_makes_every_warning_an_error(district):
    """The degrees-under-3857 file has only a warning: with --strict nothing is written."""
    refused, _ = _import("incident_degrees_under_3857.csv", "--crs", "EPSG:3857", "--strict")
    assert refused.exit_code != 0
    assert "row 2: coordinates" in refused.output and "Traceback" not in refused.output
    assert stored(district, "SELECT count(*) FROM incident") == [(0,)]
