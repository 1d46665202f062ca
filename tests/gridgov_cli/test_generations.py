"""``gridgov generations list | publish | discard``: an import opens a draft, publishing makes it current
from its effective date, a draft can be thrown away, and a draft planners edited is refused here."""
import json

from tests.etl.test_boundary_files import NYC, gridgov, import_json
from tests.gridgov_cli.cli import cut, ok
from tests.planning import GRID


def _rows(listing):
    """``{id: (state, cells)}`` from ``gridgov generations list``."""
    rows = {}
    for line in listing.splitlines():
        number, state, cells = line.split()[:3]
        rows[int(number)] = (state, int(cells))
    return rows


def test_an_import_is_a_draft_until_published_and_a_draft_can_be_discarded(committed_db):
    import_json(NYC, "--level", "community", "--code-field", "boro_cd")
    assert _rows(ok("generations", "list")) == {1: ("draft", 71)}
    assert ok("generations", "publish", "--effective", "2025-06-01") == "generation 1 published and current\n"
    listing = ok("generations", "list")
    assert _rows(listing) == {1: ("current", 71)} and "effective 2025-06-01" in listing

    again = import_json(NYC, "--level", "community", "--code-field", "boro_cd", "--dry-run")
    assert again["unchanged"] == 71
    gridgov("boundaries", "import", NYC, "--level", "community", "--code-field", "boro_cd", "--json")
    assert _rows(ok("generations", "list")) == {2: ("draft", 71), 1: ("current", 71)}
    assert ok("generations", "discard") == "draft generation 2 discarded\n"
    assert _rows(ok("generations", "list")) == {1: ("current", 71)}
    assert gridgov("generations", "discard").exit_code == 2          # nothing left to discard


def test_a_draft_planners_edited_is_refused_here(planning_store):
    ok("plan", "split", GRID[1], "--line", cut(), "--as", "p1", "--revision", "0")
    refused = gridgov("generations", "publish")
    assert refused.exit_code == 2 and "gridgov plan publish" in refused.output
    status = json.loads(ok("plan", "status", "--json"))
    assert status["revision"] == 1                                    # the draft is still there
