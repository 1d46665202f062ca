"""Screening: a dispute from the member's phone (report and record, or neither) and a campaign's coverage."""
import pytest

from grids.disputes import records, screening
from grids.errors import DisputeError
from tests.cases import COMMUNITY, GRID, T0
from tests.dispute_world import PARTIES, load_dispute_world
from tests.shapes import ORIGIN, UNIT

IN_GRID_1 = (ORIGIN[0] + 0.25 * UNIT, ORIGIN[1] + 1.3 * UNIT)


@pytest.fixture
def world(conn):
    return load_dispute_world(conn)


def _incidents(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM incident")
        return cur.fetchone()[0]


def test_a_screened_dispute_and_the_campaigns_coverage(conn, world):
    campaign = screening.create_campaign(conn, name="春节前集中排查", starts_on="2025-03-01", ends_on="2025-03-31",
                                         area_codes=[COMMUNITY], topics=["labour"])
    dispute = screening.record_screened(conn, person_id=world["M1"], lon=IN_GRID_1[0], lat=IN_GRID_1[1],
                                        type="labour", parties=PARTIES, description="工地拖欠农民工工资",
                                        amount=80_000, people_involved=12, campaign=campaign, category="T101", now=T0)
    assert (dispute["source"], dispute["screened_by"], dispute["grid_code"]) == ("screening", world["M1"], GRID[1])
    assert dispute["channel"] == "patrol" and dispute["risk_computed"] == "orange"
    screening.record_visit(conn, grid_code=GRID[2], by="M2", on="2025-03-05")
    screening.record_visit(conn, grid_code=GRID[3], by="M3", on="2025-04-05", campaign=campaign)   # too late
    assert screening.coverage(conn, campaign) == {"grids": 4, "screened": 2, "coverage": 0.5, "disputes_found": 1}


def test_a_screened_dispute_without_parties_files_no_report(conn, world):
    before = _incidents(conn)
    with pytest.raises(DisputeError) as refused:
        screening.record_screened(conn, person_id=world["M1"], lon=IN_GRID_1[0], lat=IN_GRID_1[1], type="labour",
                                  parties=[], description="欠薪", category="T101", now=T0)
    assert refused.value.context["field"] == "parties" and _incidents(conn) == before
    with pytest.raises(DisputeError) as refused:
        screening.record_screened(conn, person_id=world["M1"], lon=IN_GRID_1[0], lat=IN_GRID_1[1], type="nope",
                                  parties=PARTIES, description="欠薪", category="T101", now=T0)
    assert refused.value.context["field"] == "type" and _incidents(conn) == before
    assert records.list_disputes(conn, within=COMMUNITY) == []
