"""Emerging issues: a rise planted in one cell is flagged with its evidence; a district-wide season
lifting every cell is not; a category new to a cell is; and on the demo's history, where nothing was
planted, the rule's false alarms are measured and stay rare."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from etl.demo.district import build_demo_district
from etl.demo.incidents import build_demo_incidents
from grids.foresight.emerging import day_counts, emerging_issues, false_alarm_rate
from tests.cases import T0, add_incident, load_world

END = dt.date(2025, 6, 1)


def _steady(cells, category="0101", per_day=0.5, days=120, seed=1):
    """Daily counts of ``category`` in ``cells`` at a steady rate for the ``days`` before END."""
    rng = np.random.default_rng(seed)
    rows = [(cell, category, END - dt.timedelta(days=d), n) for cell in cells for d in range(1, days + 1)
            if (n := rng.poisson(per_day))]
    return pd.DataFrame(rows, columns=["cell_code", "category_code", "day", "incidents"])


def _add(counts, cell, category, day, n):
    return pd.concat([counts, pd.DataFrame([(cell, category, day, n)], columns=counts.columns)], ignore_index=True)


def test_a_rise_in_one_cell_is_flagged_with_its_evidence():
    counts = _add(_steady(["A", "B", "C", "D"]), "B", "0101", END - dt.timedelta(days=3), 15)
    found = emerging_issues(counts, END)
    assert found["cell_code"].tolist() == ["B"] and found.loc[0, "kind"] == "rising"
    row = found.iloc[0]
    assert row["count"] >= 15 and 3 < row["expected"] < 12 and row["ratio"] > 2 and row["p"] < 0.01
    assert found.attrs["tested"] == 4


def test_a_season_lifting_every_cell_is_not_news():
    counts = _steady(["A", "B", "C", "D"])
    for cell in "ABCD":
        counts = _add(counts, cell, "0101", END - dt.timedelta(days=2), 15)
    assert emerging_issues(counts, END).empty


def test_a_category_new_to_a_cell_is_flagged_unless_new_to_the_district():
    known = _steady(["B", "C", "D"], category="0202", per_day=0.3, seed=2)    # the district's usual 0202
    counts = _add(pd.concat([_steady(["A", "B", "C", "D"]), known], ignore_index=True),
                  "A", "0202", END - dt.timedelta(days=2), 4)
    assert emerging_issues(counts, END)[["cell_code", "kind"]].values.tolist() == [["A", "new"]]
    heating = _add(_steady(["A", "B"]), "A", "0201", END - dt.timedelta(days=2), 5)   # none anywhere before
    assert emerging_issues(heating, END).empty


@pytest.fixture(scope="module")
def demo_placed():
    records = build_demo_incidents(build_demo_district(seed=42), seed=42).records
    return records[records["true_grid_code"].notna()]


@pytest.mark.parametrize("level, length", [("street", 9), ("community", 12), ("grid", 15)])
def test_on_the_demos_history_false_alarms_are_rare(demo_placed, level, length):
    placed = demo_placed
    counts = pd.DataFrame({"cell_code": placed["true_grid_code"].str[:length],
                           "category_code": placed["true_category_code"],
                           "day": pd.to_datetime(placed["true_reported_at"]).dt.date, "incidents": 1})
    counts = counts.groupby(["cell_code", "category_code", "day"], as_index=False)["incidents"].sum()
    measured = false_alarm_rate(counts, dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    assert measured["windows"] == 19 and measured["tested"] > 2000
    assert measured["rate"] <= 1e-3                       # rising flags per pair tested, nothing planted
    assert measured["new"] <= 3 * measured["windows"]


def test_day_counts_come_from_the_store(conn):
    load_world(conn)
    add_incident(conn, "a", grid=1)
    add_incident(conn, "b", grid=2)
    counts = day_counts(conn, "community", dt.date(2020, 1, 1), dt.date(2030, 1, 1))
    assert counts["incidents"].tolist() == [2] and counts["day"].tolist() == [T0.date()]
