"""Emerging issues: cells × categories whose counts rise above their own baseline, the season allowed
for, with the evidence — and how often the rule cries wolf, measured on the history.

Concept: a cell's category is expected to run at its own rate of the ``BASELINE_DAYS`` before the window,
moved by what the whole district's same category did meanwhile (a district-wide season — heating in
November — lifts every cell alike and is not news; a cell rising *beyond* its district is). The count in
the window is tested against that expectation with the Poisson tail P(X ≥ count) (``scipy.stats``),
Bonferroni-corrected over the pairs tested, and flagged when that stays under ``ALPHA`` with at least
``MIN_COUNT`` incidents. A category new to a cell (nothing in its baseline, ``MIN_COUNT`` or more now) is
flagged as new — unless the district's own rate of it rose more than ``SEASON_RISE`` times meanwhile
(heating coming back in November is the season, not news). :func:`false_alarm_rate` runs the rule window after window over a history in which
nothing was planted (the demo's), so every flag there is a false alarm.
"""
import datetime as dt

import numpy as np
import pandas as pd
from scipy import stats

from gis.sqlfiles import load
from grids.foresight.seasons import LEVEL_COLUMNS

WINDOW_DAYS, BASELINE_DAYS = 14, 90
ALPHA, MIN_COUNT = 0.01, 3
SEASON_RISE = 2.0
COLUMNS = ("cell_code", "category_code", "count", "expected", "ratio", "p", "kind")


def day_counts(conn, level, since, until):
    """Incidents per ``level`` cell, category and day in ``[since, until)``: ``cell_code``,
    ``category_code``, ``day``, ``incidents``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "incident_day_counts"), {"since": since, "until": until})
        frame = pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])
    frame = frame.rename(columns={LEVEL_COLUMNS[level]: "cell_code"}).dropna(subset=["cell_code"])
    return frame.groupby(["cell_code", "category_code", "day"], as_index=False)["incidents"].sum()


def emerging_issues(counts, window_end, window_days=WINDOW_DAYS, baseline_days=BASELINE_DAYS, alpha=ALPHA):
    """The pairs of ``counts`` (:func:`day_counts`) emerging in the ``window_days`` before ``window_end``
    (a date, excluded): a frame of :data:`COLUMNS` (``kind`` 'rising' or 'new'), strongest first, and
    the number of pairs tested (``frame.attrs["tested"]``)."""
    window_start = window_end - dt.timedelta(days=window_days)
    baseline_start = window_start - dt.timedelta(days=baseline_days)
    day = pd.to_datetime(counts["day"]).dt.date
    in_window = (day >= window_start) & (day < window_end)
    in_baseline = (day >= baseline_start) & (day < window_start)
    pairs = pd.DataFrame({
        "window": counts["incidents"].where(in_window, 0), "baseline": counts["incidents"].where(in_baseline, 0),
        "cell_code": counts["cell_code"], "category_code": counts["category_code"],
    }).groupby(["cell_code", "category_code"], as_index=False)[["window", "baseline"]].sum()
    district = pairs.groupby("category_code")[["window", "baseline"]].sum()
    factor = (district["window"] / window_days) / (district["baseline"] / baseline_days).replace(0, np.nan)
    pairs["expected"] = pairs["baseline"] / baseline_days * window_days * pairs["category_code"].map(factor)
    rising = (pairs["baseline"] > 0) & (pairs["window"] >= MIN_COUNT) & pairs["expected"].notna()
    tested = int(((pairs["baseline"] > 0) & pairs["expected"].notna()).sum())
    p = stats.poisson.sf(pairs["window"] - 1, pairs["expected"].fillna(0).clip(lower=1e-9)) * max(tested, 1)
    pairs["p"] = np.minimum(p, 1.0)
    flagged = rising & (pairs["p"] < alpha)
    steady = pairs["category_code"].map(factor) <= SEASON_RISE       # NaN (none before, district-wide) is not
    new = (pairs["baseline"] == 0) & (pairs["window"] >= MIN_COUNT) & steady
    found = pairs[flagged | new].assign(
        kind=np.where(new[flagged | new], "new", "rising"),
        ratio=lambda f: (f["window"] / f["expected"]).where(f["expected"] > 0).round(2)).rename(
            columns={"window": "count"})
    found = found.assign(expected=found["expected"].round(2), p=found["p"].where(found["kind"] == "rising"))
    found = found.sort_values(["kind", "p", "ratio"], ascending=[False, True, False]).reset_index(drop=True)
    found = found[list(COLUMNS)]
    found.attrs["tested"] = tested
    return found


def false_alarm_rate(counts, since, until, step_days=WINDOW_DAYS, **options):
    """Run :func:`emerging_issues` for every window ending between ``since`` + the baseline and ``until``,
    ``step_days`` apart, over a history where nothing emerged: ``{windows, tested, rising, new, rate}``
    (rate: rising flags per pair tested)."""
    window_days = options.get("window_days", WINDOW_DAYS)
    end = since + dt.timedelta(days=options.get("baseline_days", BASELINE_DAYS) + window_days)
    totals = {"windows": 0, "tested": 0, "rising": 0, "new": 0}
    while end <= until:
        found = emerging_issues(counts, end, **options)
        totals["windows"] += 1
        totals["tested"] += found.attrs["tested"]
        totals["rising"] += int((found["kind"] == "rising").sum())
        totals["new"] += int((found["kind"] == "new").sum())
        end += dt.timedelta(days=step_days)
    totals["rate"] = totals["rising"] / totals["tested"] if totals["tested"] else None
    return totals
