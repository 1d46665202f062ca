"""``gridgov generations list | publish | discard``: an import opens a draft, publishing makes it current
from its effective date, a draft can be thrown away, and a draft planners edited is refused here;
``gridgov boundaries check`` lists what it finds and exits with 1 on an error."""
import json

import geopandas as gpd
import shapely

from tests.command_line import gridgov, import_json
from tests.conftest import DATA
from tests.gridgov_cli.cli import cut, ok
from tests.planning import COMMUNITY, GRID
from tests.shapes import square

DISTRICTS = DATA / "qingdao_zhuji_districts_gcj02.geojson"   # 11 districts with their national codes
DISTRICT_IMPORT = (DISTRICTS, "--level", "district", "--crs", "gcj02")


def _rows(listing):
    """``{id: (state, cells)}`` from ``gridgov generations list``."""
    rows = {}
    for line in listing.splitlines():
        number, state, cells = line.split()[:3]
        rows[int(number)] = (state, int(cells))
    return rows


def test_an_import_is_a_draft_until_published_and_a_draft_can_be_discarded(committed_db):
    import_json(*DISTRICT_IMPORT)
    assert _rows(ok("generations", "list")) == {1: ("draft", 11)}
    assert ok("generations", "publish", "--effective", "2025-06-01") == "generation 1 published and current\n"
    listing = ok("generations", "list")
    assert _rows(listing) == {1: ("current", 11)} and "effective 2025-06-01" in listing

    again = import_json(*DISTRICT_IMPORT, "--dry-run")
    assert again["unchanged"] == 11
    gridgov("boundaries", "import", *DISTRICT_IMPORT, "--json")
    assert _rows(ok("generations", "list")) == {2: ("draft", 11), 1: ("current", 11)}
    assert ok("generations", "discard") == "draft generation 2 discarded\n"
    assert _rows(ok("generations", "list")) == {1: ("current", 11)}
    assert gridgov("generations", "discard").exit_code == 2          # nothing left to discard


def test_a_draft_planners_edited_is_refused_here(planning_store):
    ok("plan", "split", GRID[1], "--line", cut(), "--as", "p1", "--revision", "0")
    refused = gridgov("generations", "publish")
    assert refused.exit_code == 2 and "gridgov plan publish" in refused.output
    status = json.loads(ok("plan", "status", "--json"))
    assert status["revision"] == 1                                    # the draft is still there


def test_boundaries_check_lists_its_findings_and_fails_on_an_error(planning_store, tmp_path):
    clean = gridgov("boundaries", "check", "--level", "grid")
    assert clean.exit_code == 0 and clean.output.startswith("generation 1: 0 error(s)")

    overlapping = gpd.GeoDataFrame({"code": [f"{COMMUNITY}009"], "name": ["重叠网格"], "parent_code": [COMMUNITY]},
                                   geometry=[square(0.5, 0.5)], crs="EPSG:4490")
    overlapping.to_file(tmp_path / "overlap.geojson")
    ok("boundaries", "import", tmp_path / "overlap.geojson", "--level", "grid", "--kind", "basic")
    checked = gridgov("boundaries", "check", "--level", "grid")
    assert checked.exit_code == 1
    head, *lines = checked.output.splitlines()
    assert head.startswith("generation 2: ") and not head.startswith("generation 2: 0 error(s)")
    overlaps = [line for line in lines if "basic_overlaps" in line]
    assert overlaps and all(line.split()[0] == "error" for line in overlaps)
    assert any(f"{COMMUNITY}009" in line for line in overlaps)


def test_a_city_and_its_districts_are_published_district_by_district(committed_db, tmp_path):
    """青岛市 (its outline the union of its ten districts in the real file) above the file's districts; 崂山区
    is published on its own first, the rest later from the draft it left."""
    districts = gpd.read_file(DISTRICTS)
    qingdao = districts[districts["adcode"].astype(str).str.startswith("3702")]
    city = gpd.GeoDataFrame({"adcode": ["370200"], "district": ["青岛市"]},
                            geometry=[shapely.buffer(shapely.union_all(qingdao.geometry.values), 0.0001)],
                            crs=districts.crs)
    city.to_file(tmp_path / "qingdao.geojson")
    import_json(tmp_path / "qingdao.geojson", "--level", "city", "--crs", "gcj02")
    imported = import_json(*DISTRICT_IMPORT)
    assert imported["parents_by_overlap"] == 10          # 诸暨市 (330681) lies in no city of the store

    said = ok("generations", "publish", "--district", "370212", "--effective", "2025-06-01")
    assert said == ("generation 1 published and current with district 370212's changes; "
                    "the others' stay in draft generation 2\n")
    assert _rows(ok("generations", "list")) == {2: ("draft", 12), 1: ("current", 1)}
    assert ok("generations", "publish", "--effective", "2025-06-02") == "generation 2 published and current\n"
    assert _rows(ok("generations", "list")) == {2: ("current", 12), 1: ("published", 1)}
