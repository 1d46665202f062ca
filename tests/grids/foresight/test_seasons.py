"""Seasonal issues: the chi-square test against a steady daily rate finds the seasons the demo's generator
planted — heating in November–February in every street, school places in May–June, unpaid wages in
December — in the cells where it planted them, and calls no category it planted flat seasonal, at any
level; hand-made series show the rule's edges (a steady series, too few incidents, a partial year)."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from etl.demo.district import build_demo_district
from etl.demo.incidents import build_demo_incidents
from etl.demo.profiles import CATEGORY_PROFILES, MONTHS
from grids.foresight.seasons import month_days, seasonal_profiles
from tests.cases import add_incident, load_world

YEAR = month_days(dt.date(2025, 1, 1), dt.date(2026, 1, 1))
CODE_LENGTH = {"street": 9, "community": 12, "grid": 15}


def _series(cell, category, monthly):
    return pd.DataFrame({"cell_code": cell, "category_code": category, "month": range(1, 13), "incidents": monthly})


def test_a_steady_series_is_not_seasonal_and_a_heating_one_is_with_its_peaks():
    rng = np.random.default_rng(3)
    steady = rng.poisson(40 * YEAR / 30.4)
    heating = rng.poisson(40 * np.array(MONTHS["heating"]))
    profiles = seasonal_profiles(pd.concat([_series("A", "0101", steady), _series("A", "0201", heating)]), YEAR)
    found = profiles.set_index("category_code")
    assert not found.loc["0101", "seasonal"] and found.loc["0101", "peak_months"] == []
    assert found.loc["0201", "seasonal"] and found.loc["0201", "peak_months"] == [1, 2, 11, 12]
    assert found.loc["0201", "index"][6] == 0.0 and found.loc["0201", "p"] < 1e-20


def test_too_few_incidents_are_not_tested_and_a_partial_year_weighs_its_months():
    few = seasonal_profiles(_series("A", "0201", [5, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]), YEAR).iloc[0]
    assert np.isnan(few["p"]) and not few["seasonal"]
    spring = month_days(dt.date(2025, 3, 1), dt.date(2025, 5, 1))             # March and April only
    steady = _series("A", "0101", [0, 0, 310, 300, 0, 0, 0, 0, 0, 0, 0, 0])
    assert not seasonal_profiles(steady, spring).iloc[0]["seasonal"]


@pytest.fixture(scope="module")
def demo_counts():
    records = build_demo_incidents(build_demo_district(seed=42), seed=42).records
    placed = records[records["true_grid_code"].notna()]
    return placed["true_grid_code"], placed["true_category_code"], pd.to_datetime(placed["true_reported_at"]).dt.month


@pytest.mark.parametrize("level", ["street", "community", "grid"])
def test_the_demos_planted_seasons_are_found_and_no_flat_category_is_called_seasonal(demo_counts, level):
    grids, categories, months = demo_counts
    counts = pd.DataFrame({"cell_code": grids.str[:CODE_LENGTH[level]], "category_code": categories,
                           "month": months, "incidents": 1})
    counts = counts.groupby(["cell_code", "category_code", "month"], as_index=False)["incidents"].sum()
    found = seasonal_profiles(counts, YEAR)
    seasonal = found[found["seasonal"]]
    flat = set(CATEGORY_PROFILES.loc[CATEGORY_PROFILES["season"] == "flat", "code"])
    assert not seasonal["category_code"].isin(flat).any()
    heating = seasonal[seasonal["category_code"] == "0201"]
    assert len(heating) >= {"street": 4, "community": 15, "grid": 20}[level]
    assert all(set(p) <= {11, 12, 1, 2, 3} and set(p) & {12, 1} for p in heating["peak_months"])
    school = seasonal[seasonal["category_code"] == "0110"]
    assert len(school) >= 1 and all({5, 6} <= set(p) <= {5, 6, 7, 8} for p in school["peak_months"])
    if level == "street":
        wages = seasonal[seasonal["category_code"] == "0104"]
        assert len(wages) >= 1 and all(12 in p and set(p) <= {11, 12, 1, 2} for p in wages["peak_months"])


def test_counts_come_from_the_store_by_level(conn):
    from grids.foresight.seasons import month_counts

    load_world(conn)
    for ref in ("a", "b", "c"):
        add_incident(conn, ref, grid=1)
    add_incident(conn, "d", grid=2)
    since, until = dt.date(2020, 1, 1), dt.date(2030, 1, 1)
    by_grid = month_counts(conn, "grid", since, until)
    by_community = month_counts(conn, "community", since, until)
    assert sorted(by_grid["incidents"]) == [1, 3] and by_community["incidents"].tolist() == [4]


def test_the_command_lists_the_seasonal_pairs(committed_db):
    import json

    import psycopg2

    from tests.cases import T0
    from tests.command_line import gridgov

    conn = psycopg2.connect(committed_db)
    with conn:
        load_world(conn)
        for month, count in ((1, 30), (2, 20), (12, 30), (6, 0)):
            for n in range(count):
                add_incident(conn, f"h{month}-{n}", category="T101", at=T0.replace(month=month, day=1 + n % 27))
    conn.close()
    result = gridgov("foresight", "seasons", "--level", "grid", "--since", f"{T0.year}-01-01",
                     "--until", f"{T0.year + 1}-01-01", "--json")
    assert result.exit_code == 0, result.output
    [pair] = json.loads(result.stdout)
    assert (pair["category_code"], pair["peak_months"]) == ("T101", [1, 2, 12])
    refused = gridgov("foresight", "seasons", "--since", "2025-02-01", "--until", "2025-01-01")
    assert refused.exit_code == 2 and "--until" in refused.output
