"""The outlook and its backtest on three years of the demo's generator (2023–2025, one city — the same
busy places, ``sites_seed`` — and a fresh draw each year; the generator plants the same seasons every
year): trained on 2023–2024 and predicting 2025 month by month, the model beats both baselines on MAE at
street, community and grid level with its 80 % interval covering about what it says; a flat category gets
a flat forecast; heating's next January stands above its summer; a short history is never verified."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from etl.demo.district import build_demo_district
from etl.demo.incidents import build_demo_incidents
from etl.demo.profiles import CATEGORY_PROFILES
from grids.foresight.backtest import backtest, checked_outlook, verified_categories
from grids.foresight.outlook import Counts, forecast_pairs, month_days, month_number, outlook

CODE_LENGTH = {"street": 9, "community": 12, "grid": 15}
SEEDS = {2023: 2023, 2024: 2024, 2025: 42}          # 2025 is the demo store's own draw
UNTIL = dt.date(2026, 1, 1)
FLAT = set(CATEGORY_PROFILES.loc[CATEGORY_PROFILES["season"] == "flat", "code"])


def _incidents(district, year):
    records = build_demo_incidents(district, seed=SEEDS[year], year=year, sites_seed=42).records
    placed = records[records["true_grid_code"].notna()]
    return pd.DataFrame({"grid_code": placed["true_grid_code"], "category_code": placed["true_category_code"],
                         "reported_at": pd.to_datetime(placed["true_reported_at"])})


def monthly(incidents, level):
    """The generator's incidents as monthly counts per ``level`` cell and category."""
    counts = pd.DataFrame({
        "cell_code": incidents["grid_code"].str[:CODE_LENGTH[level]], "category_code": incidents["category_code"],
        "month": incidents["reported_at"].dt.tz_localize(None).dt.to_period("M").dt.to_timestamp(), "incidents": 1})
    return counts.groupby(["cell_code", "category_code", "month"], as_index=False)["incidents"].sum()


@pytest.fixture(scope="module")
def history():
    district = build_demo_district(seed=42)
    return pd.concat([_incidents(district, year) for year in SEEDS], ignore_index=True)


@pytest.mark.parametrize("level", ["street", "community", "grid"])
def test_the_backtest_beats_both_baselines_with_its_interval_covering_what_it_says(history, level):
    result = backtest(monthly(history, level), UNTIL)
    summary = result["summary"]
    assert result["enough"] and result["test_from"] == dt.date(2025, 1, 1)
    assert summary["model"] < summary["last_year"] and summary["model"] < summary["recent"]
    assert summary["verified"] and "verified" in result["message"]
    # counts are whole, so an 80 % interval covers at least ~80 %, more where counts are small
    assert 0.75 <= summary["covered"] <= {"street": 0.9, "community": 0.95, "grid": 0.97}[level]
    verified = verified_categories(result)
    assert len(verified) >= {"street": 15, "community": 25, "grid": 25}[level]


def test_the_forecast_for_a_month_uses_only_the_months_before_it(history):
    data = Counts.of(monthly(history, "community"), UNTIL)
    origin = month_number(dt.date(2025, 6, 1))
    before = forecast_pairs(data, origin, horizon=1)
    data.matrix[:, origin - data.first:] *= 5                          # the future changes …
    after = forecast_pairs(data, origin, horizon=1)
    assert np.array_equal(before.mean, after.mean) and np.array_equal(before.high, after.high)   # … not the forecast


def test_a_flat_category_gets_a_flat_forecast_and_heating_peaks_in_january(history):
    found = outlook(monthly(history, "community"), UNTIL, horizon=12)
    flat = found[found["category_code"].isin(FLAT)]
    assert len(flat) and (flat["season"] == "flat").all()
    per_day = flat.assign(rate=flat["expected"] / month_days([month_number(m) for m in flat["month"]]))
    spread = per_day.groupby(["cell_code", "category_code"])["rate"].agg(lambda r: r.max() - r.min())
    assert (spread <= 0.01).all()                                       # the same rate every month (rounding)
    heating = found[found["category_code"] == "0201"].assign(month=lambda f: pd.to_datetime(f["month"]).dt.month)
    assert (heating["season"] != "flat").all()
    by_month = heating.groupby("month")["expected"].sum()
    assert by_month[1] > 10 * by_month[[6, 7, 8]].max() and by_month[1] > 500
    january = heating[heating["month"] == 1].set_index("cell_code")
    summer = heating[heating["month"].isin([6, 7, 8])].groupby("cell_code")["expected"].max()
    busy = january.index[january["expected"] >= 5]
    assert len(busy) >= 10 and (january.loc[busy, "expected"] > summer.loc[busy]).all()
    assert january["last_year"].sum() == pytest.approx(
        len(history[(history["category_code"] == "0201") & (history["reported_at"].dt.year == 2025)
                    & (history["reported_at"].dt.month == 1)]))


def test_the_outlook_interval_holds_the_expected_count_and_last_year_is_the_same_month(history):
    found = outlook(monthly(history, "street"), UNTIL, horizon=3)
    assert list(found["ahead"].unique()) == [1, 2, 3]
    assert ((found["low"] <= found["expected"]) & (found["expected"] <= found["high"] + 1)).all()
    counts = monthly(history, "street")
    row = found[(found["ahead"] == 2)].iloc[0]
    same = counts[(counts["cell_code"] == row["cell_code"]) & (counts["category_code"] == row["category_code"])
                  & (counts["month"] == pd.Timestamp(2025, 2, 1))]["incidents"].sum()
    assert row["month"] == dt.date(2026, 2, 1) and row["last_year"] == same


def test_with_less_than_24_months_the_outlook_is_unverified(history):
    one_year = monthly(history[history["reported_at"].dt.year == 2025], "community")
    result = backtest(one_year, UNTIL)
    assert not result["enough"] and result["summary"] is None
    assert result["message"].startswith("needs 24 months of history, the store has 12")
    found, _ = checked_outlook(one_year, UNTIL)
    assert len(found) > 0 and not found["verified"].any()
    full, _ = checked_outlook(monthly(history, "community"), UNTIL)
    assert full["verified"].mean() > 0.5


def test_monthly_counts_come_from_the_store_by_level(conn):
    from grids.foresight.outlook import monthly_counts
    from tests.cases import T0, add_incident, load_world

    load_world(conn)
    for ref in ("a", "b", "c"):
        add_incident(conn, ref, grid=1)
    add_incident(conn, "d", grid=2)
    add_incident(conn, "e", grid=2, at=T0.replace(month=4))
    by_grid = monthly_counts(conn, "grid", dt.date(2020, 1, 1), dt.date(2030, 1, 1))
    by_community = monthly_counts(conn, "community", dt.date(2020, 1, 1), dt.date(2030, 1, 1))
    assert sorted(by_grid["incidents"]) == [1, 1, 3]
    assert by_community.sort_values("month")["incidents"].tolist() == [4, 1]
    assert set(by_community["month"]) == {dt.date(2025, 3, 1), dt.date(2025, 4, 1)}


def test_the_commands_say_the_outlook_is_unverified_on_a_short_history(committed_db):
    import json

    import psycopg2

    from tests.cases import T0, add_incident, load_world
    from tests.command_line import gridgov

    conn = psycopg2.connect(committed_db)
    with conn:
        load_world(conn)
        for month in range(1, 7):
            for n in range(10):
                add_incident(conn, f"m{month}-{n}", at=T0.replace(month=month, day=1 + n))
    conn.close()
    shown = gridgov("foresight", "outlook", "--level", "grid", "--until", "2025-07-01")
    assert shown.exit_code == 0, shown.output
    assert "needs 24 months of history, the store has 6" in shown.output and "no verified rows" in shown.output
    listed = gridgov("foresight", "outlook", "--level", "grid", "--until", "2025-07-01", "--all", "--json")
    assert listed.exit_code == 0, listed.output
    answer = json.loads(listed.stdout)
    assert answer["history_months"] == 6 and answer["verified_rows"] == 0
    [july] = [r for r in answer["rows"] if r["month"] == "2025-07-01"]
    assert (july["category_code"], july["verified"]) == ("T101", False) and 8 <= july["expected"] <= 12
    tested = gridgov("foresight", "backtest", "--level", "grid", "--until", "2025-07-01", "--json")
    assert tested.exit_code == 0 and json.loads(tested.stdout)["enough"] is False
    refused = gridgov("foresight", "outlook", "--until", "2025-07-15")
    assert refused.exit_code == 2 and "--until" in refused.output


def test_the_three_years_are_one_city_busy_in_the_same_places(history):
    totals = history.assign(year=history["reported_at"].dt.year).pivot_table(
        index="grid_code", columns="year", values="category_code", aggfunc="size", fill_value=0)
    assert totals[2023].corr(totals[2024]) > 0.9 and totals[2024].corr(totals[2025]) > 0.9
    assert not totals[2023].equals(totals[2024])                        # … each year drawn afresh
