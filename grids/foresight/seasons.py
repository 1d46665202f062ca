"""Seasonal issues (问题时间轴清单): which categories peak in which months, cell by cell — and never a flat
category called seasonal.

Concept: a category is seasonal in a cell when its monthly counts differ from a steady rate by more than
chance allows. The test is Pearson's chi-square of the twelve monthly counts against the counts a steady
daily rate would give (each month weighted by its days in the period), eleven degrees of freedom
(``scipy.stats.chi2``). Many cells × categories are tested at once, so a pair is called seasonal only
when its p-value stays under ``ALPHA`` after Bonferroni's correction for the number of pairs tested: the
chance that *any* steady category is called seasonal is then at most ``ALPHA`` — weak seasons in small
cells are missed rather than invented. Pairs with fewer than ``MIN_TOTAL`` incidents are not tested.
A seasonal pair's **peak months** are those at least ``PEAK_RATIO`` times the steady rate; its **index**
is the twelve ratios observed / steady (1 = as usual).
"""
import calendar
import datetime as dt

import numpy as np
import pandas as pd
from scipy import stats

from gis.sqlfiles import load

ALPHA = 0.01
MIN_TOTAL = 24
PEAK_RATIO = 1.5
LEVEL_COLUMNS = {"street": "street_code", "community": "community_code", "grid": "grid_code"}
COLUMNS = ("cell_code", "category_code", "total", "chi2", "p", "seasonal", "peak_months", "index")


def month_counts(conn, level, since, until):
    """Incidents per ``level`` cell, category and month (1-12) reported in ``[since, until)`` (dates):
    a frame of ``cell_code``, ``category_code``, ``month``, ``incidents``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "incident_month_counts"), {"since": since, "until": until})
        frame = pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])
    frame = frame.rename(columns={LEVEL_COLUMNS[level]: "cell_code"}).dropna(subset=["cell_code"])
    return frame.groupby(["cell_code", "category_code", "month"], as_index=False)["incidents"].sum()


def month_days(since, until):
    """Days of each calendar month (January first) in ``[since, until)``: the steady rate's weights."""
    days = np.zeros(12)
    day = since
    while day < until:
        last = dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1]) + dt.timedelta(days=1)
        end = min(last, until)
        days[day.month - 1] += (end - day).days
        day = end
    return days


def seasonal_profiles(counts, days, alpha=ALPHA, min_total=MIN_TOTAL):
    """The profile of each cell × category of ``counts`` (``cell_code``, ``category_code``, ``month``,
    ``incidents``) tested against the steady rate ``days`` (twelve weights): a frame of :data:`COLUMNS`,
    the most seasonal first. ``p`` is Bonferroni-corrected over the pairs tested."""
    table = counts.pivot_table(index=["cell_code", "category_code"], columns="month", values="incidents",
                               aggfunc="sum", fill_value=0).reindex(columns=range(1, 13), fill_value=0)
    observed = table.to_numpy(dtype=float)
    total = observed.sum(axis=1)
    tested = total >= min_total
    weights = np.asarray(days, dtype=float) / np.sum(days)
    expected = np.outer(total, weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = np.where(weights > 0, (observed - expected) ** 2 / expected, 0).sum(axis=1)
        index = np.where(expected > 0, observed / expected, np.nan)
    freedom = int((weights > 0).sum()) - 1
    p = np.minimum(stats.chi2.sf(chi2, freedom) * max(int(tested.sum()), 1), 1.0)
    seasonal = tested & (p < alpha)
    frame = pd.DataFrame({
        "cell_code": table.index.get_level_values(0), "category_code": table.index.get_level_values(1),
        "total": total.astype(int), "chi2": chi2.round(1), "p": np.where(tested, p, np.nan), "seasonal": seasonal,
        "peak_months": [[int(m) + 1 for m in np.flatnonzero(row >= PEAK_RATIO)] if is_seasonal else []
                        for row, is_seasonal in zip(np.nan_to_num(index), seasonal)],
        "index": [np.round(row, 2).tolist() for row in index]})
    return frame.sort_values(["seasonal", "chi2"], ascending=False).reset_index(drop=True)


def seasons(conn, level, since, until, alpha=ALPHA):
    """:func:`seasonal_profiles` of the incidents reported in ``[since, until)``, per ``level`` cell."""
    return seasonal_profiles(month_counts(conn, level, since, until), month_days(since, until), alpha)
