"""The chain's KPIs on hand-computed cases: per cell, organisation and mediator."""
import pytest

from grids.disputes import kpi, mediation, triage
from tests.cases import COMMUNITY, GRID, T0, hours
from tests.dispute_world import days, load_dispute_world, new_dispute


@pytest.fixture
def world(conn):
    """Six disputes received in March 2025, grids 1 and 2, and one in April (outside the window):

    ==== ===== ================================================ =========== =====================
    case grid  chain                                            org / med.  counts
    ==== ===== ================================================ =========== =====================
    A    1     screened; agreed day 2, followed up performed    ORG_C MD1   resolved 2 d, performed
    B    1     agreed day 4, not performed → reopened           ORG_C MD1   open again
    C    1     handed to the court                              ORG_C MD2   to_court
    D    2     handed to the petition office                    ORG_S MD3   not to court
    E    2     agreed day 6, not yet followed up (red)          ORG_S MD3   resolved 6 d
    F    2     received only                                    —           open
    ==== ===== ================================================ =========== =====================
    """
    ids = load_dispute_world(conn)
    cases = {}
    cases["A"] = new_dispute(conn, "A", grid=1, source="screening", screened_by="M1")
    cases["B"] = new_dispute(conn, "B", grid=1)
    cases["C"] = new_dispute(conn, "C", grid=1)
    cases["D"] = new_dispute(conn, "D", grid=2)
    cases["E"] = new_dispute(conn, "E", grid=2, people_involved=40)
    cases["F"] = new_dispute(conn, "F", grid=2)
    new_dispute(conn, "G", grid=1, at=T0 + days(40))
    for name, org, mediators in (("A", "ORG_C", ["MD1"]), ("B", "ORG_C", ["MD1"]), ("C", "ORG_C", ["MD2"]),
                                 ("D", "ORG_S", ["MD3"]), ("E", "ORG_S", ["MD3"])):
        triage.triage(conn, cases[name], post="调解和事", org=org, mediators=mediators, by="C1", now=T0 + hours(1))
        mediation.record_session(conn, cases[name], held_at=T0 + hours(2), place="调解室", attendees=["甲"], by="C1",
                                 now=T0 + hours(2))
    for name, day in (("A", 2), ("B", 4), ("E", 6)):
        mediation.settle(conn, cases[name], terms="协议", deadline=(T0 + days(10)).date(), by="C1", now=T0 + days(day))
    mediation.follow_up(conn, cases["A"], performance="performed", by="C1", now=T0 + days(10))
    mediation.follow_up(conn, cases["B"], performance="not", by="C1", now=T0 + days(10))
    mediation.hand_over(conn, cases["C"], target="court", body="崂山区人民法院", by="C1", now=T0 + days(3))
    mediation.hand_over(conn, cases["D"], target="petition_office", body="区信访局", by="C1", now=T0 + days(3))
    return ids, cases


WINDOW = {"since": "2025-03-01", "until": "2025-04-01", "now": T0 + days(11)}


def test_the_kpis_of_the_community_are_the_hand_counts(conn, world):
    row, = kpi.by_level(conn, "community", **WINDOW)
    assert row["code"] == COMMUNITY
    assert {k: row[k] for k in ("received", "screened", "mediated", "resolved", "outcomes", "successes", "to_court",
                                "followed_up", "performed", "open")} == {
        "received": 6, "screened": 1, "mediated": 5, "resolved": 2, "outcomes": 4, "successes": 2, "to_court": 1,
        "followed_up": 2, "performed": 1, "open": 2}
    assert row["resolution_rate"] == pytest.approx(2 / 6)       # A and E
    assert row["success_rate"] == pytest.approx(2 / 4)          # A, E of A, C, D, E (B reopened: no outcome)
    assert row["court_share"] == pytest.approx(1 / 6)           # C
    assert row["performance_rate"] == pytest.approx(1 / 2)      # A of A, B
    assert row["median_days_to_resolve"] == pytest.approx(4.0)  # 2 and 6 days
    assert (row["risk_red"], row["risk_blue"]) == (1, 4) and row["risk_yellow"] == 1   # E; B reopened: yellow


def test_the_kpis_per_grid_list_every_grid(conn, world):
    rows = {r["code"]: r for r in kpi.by_level(conn, "grid", **WINDOW)}
    assert set(rows) == set(GRID.values())
    assert (rows[GRID[1]]["received"], rows[GRID[2]]["received"], rows[GRID[3]]["received"]) == (3, 3, 0)
    assert rows[GRID[1]]["resolution_rate"] == pytest.approx(1 / 3)
    assert rows[GRID[3]]["resolution_rate"] is None
    assert rows[GRID[2]]["court_share"] == 0


def test_the_kpis_per_organisation_and_mediator_with_their_load(conn, world):
    orgs = {r["code"]: r for r in kpi.by_org(conn, **WINDOW)}
    assert (orgs["ORG_C"]["received"], orgs["ORG_C"]["resolved"], orgs["ORG_C"]["load"]) == (3, 1, 1)   # B open
    assert (orgs["ORG_S"]["received"], orgs["ORG_S"]["to_court"], orgs["ORG_S"]["load"]) == (2, 0, 0)
    mediators = {r["code"]: r for r in kpi.by_mediator(conn, **WINDOW)}
    assert (mediators["MD1"]["received"], mediators["MD1"]["success_rate"], mediators["MD1"]["load"]) == (2, 1.0, 1)
    assert (mediators["MD2"]["to_court"], mediators["MD2"]["load"]) == (1, 0)
    assert mediators["MD3"]["performance_rate"] is None         # E not followed up yet
