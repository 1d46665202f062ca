"""The outlook (问题时间轴清单, looking ahead): for every cell of a level and category, how many incidents the
coming one to three months should bring, with an interval, beside what the same month brought last year.

Concept: expected count = the pair's recent **level** (incidents a day, deseasonalised) × its **seasonal
index** for the month × the month's days.

- **Which pairs get a season at all** is decided by the seasonal test of :mod:`grids.foresight.seasons`
  (chi-square against a steady rate, Bonferroni, ``ALPHA``) on the history before the origin (at most
  ``HISTORY_MONTHS`` months): first per category over the whole district (all cells of the level pooled),
  then per pair. A category the district test does not call seasonal keeps index 1 in every cell — a
  flat category gets a flat forecast. A seasonal category gives every cell its district index (observed /
  steady per calendar month); a pair that is seasonal by its own test gets its own index shrunk toward the
  district's: ``(observed_m + PRIOR × district_m) / (steady_m + PRIOR)`` (``PRIOR`` pseudo-incidents a
  month), so a small cell leans on its district and a large one on itself. Indices are floored at
  ``INDEX_FLOOR`` (a month never seen is not a month that cannot happen).
- **The level** is the pair's last ``LEVEL_MONTHS`` months, each divided by its index × days and weighted
  by recency (half-life ``HALF_LIFE`` months): a ratio estimator, so heating's empty summers weigh nothing.
- **The interval** (``COVERAGE``, central) is negative binomial: variance = μ + (α + v) μ², where α is the
  over-dispersion seen at the level (moment estimate over every pair's fitted months, 0 when the counts
  are Poisson) and v the relative variance of the pair's own level estimate (few incidents, wide
  interval). With α + v ≈ 0 it is Poisson. Counts are whole, so the interval covers at least
  ``COVERAGE`` of the distribution — more for small counts.
- The **point** a forecast is scored on in the backtest (:mod:`grids.foresight.backtest`) is the
  distribution's median, the value that minimises absolute error; ``expected`` is its mean.

The core (:func:`forecast_pairs`, :func:`outlook`) is pure over a table of monthly counts (``cell_code``,
``category_code``, ``month`` (first day), ``incidents``); :func:`monthly_counts` reads it from the store.
"""
import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from gis.sqlfiles import load
from grids.foresight.seasons import LEVEL_COLUMNS, seasonal_profiles

ALPHA = 0.01
HISTORY_MONTHS = 36
LEVEL_MONTHS = 12
HALF_LIFE = 6.0
PRIOR = 10.0
INDEX_FLOOR = 0.02
COVERAGE = 0.8
HORIZON = 3
COLUMNS = ("cell_code", "category_code", "month", "ahead", "expected", "median", "low", "high", "last_year",
           "season")


def month_number(day):
    """Months since year 0 of a date (or Timestamp): January 2025 → 24300."""
    return day.year * 12 + day.month - 1


def month_start(number):
    return dt.date(number // 12, number % 12 + 1, 1)


def month_days(numbers):
    return np.array([calendar.monthrange(n // 12, n % 12 + 1)[1] for n in np.atleast_1d(numbers)], dtype=float)


def monthly_counts(conn, level, since, until):
    """Incidents per ``level`` cell, category and month reported in ``[since, until)`` (dates): a frame of
    ``cell_code``, ``category_code``, ``month`` (its first day), ``incidents``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "outlook_monthly_counts"), {"since": since, "until": until})
        frame = pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])
    frame = frame.rename(columns={LEVEL_COLUMNS[level]: "cell_code"}).dropna(subset=["cell_code"])
    return frame.groupby(["cell_code", "category_code", "month"], as_index=False)["incidents"].sum()


@dataclass
class Counts:
    """Monthly counts as a matrix: ``pairs`` (cell_code, category_code) × months ``first`` … ``first + T - 1``."""

    pairs: pd.DataFrame
    matrix: np.ndarray
    first: int

    @classmethod
    def of(cls, counts, until):
        """The pairs of ``counts`` and their months before ``until`` (a date, the first of a month)."""
        last = month_number(until)
        numbers = np.array([month_number(d) for d in pd.to_datetime(counts["month"])], dtype=int) \
            if len(counts) else np.zeros(0, dtype=int)
        keep = numbers < last
        frame, numbers = counts[keep], numbers[keep]
        first = int(numbers.min()) if len(numbers) else last
        pairs, index = _factorize(frame)
        matrix = np.zeros((len(pairs), last - first))
        np.add.at(matrix, (index, numbers - first), frame["incidents"].to_numpy(dtype=float))
        return cls(pairs, matrix, first)

    @property
    def months(self):
        return self.matrix.shape[1]


def _factorize(frame):
    keys = pd.MultiIndex.from_arrays([frame["cell_code"].astype(str), frame["category_code"].astype(str)])
    codes, uniques = pd.factorize(keys)
    pairs = pd.DataFrame({"cell_code": uniques.get_level_values(0), "category_code": uniques.get_level_values(1)})
    return pairs, codes


@dataclass
class Forecast:
    """Forecasts of every pair for the months ``origin`` … ``origin + horizon - 1`` (month numbers)."""

    mean: np.ndarray      # pairs × horizon
    low: np.ndarray
    high: np.ndarray
    median: np.ndarray
    season: np.ndarray    # per pair: 'pair', 'category' or 'flat'
    dispersion: float


def forecast_pairs(data, origin, horizon=HORIZON, coverage=COVERAGE, alpha=ALPHA):
    """Forecast every pair of ``data`` (:class:`Counts`) for ``horizon`` months from ``origin`` (a month
    number), from its months before ``origin`` only."""
    end = origin - data.first
    start = max(0, end - HISTORY_MONTHS)
    history = data.matrix[:, start:end]
    numbers = np.arange(data.first + start, data.first + end)
    index, season = _seasonal_index(data.pairs, history, numbers, alpha)

    recent = slice(max(0, history.shape[1] - LEVEL_MONTHS), history.shape[1])
    y, nums = history[:, recent], numbers[recent]
    weights = 0.5 ** ((nums[-1] - nums) / HALF_LIFE) if len(nums) else np.zeros(0)
    exposure = index[:, nums % 12] * month_days(nums)                     # pairs × months
    denominator = (weights * exposure).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(denominator > 0, (weights * y).sum(axis=1) / denominator, 0.0)
        relative = np.where((rate > 0) & (denominator > 0),
                            (weights ** 2 * exposure).sum(axis=1) / (rate * denominator ** 2), 0.0)
    fitted = rate[:, None] * exposure
    spread = float(((y - fitted) ** 2 - y).sum() / max((fitted ** 2).sum(), 1e-9))
    dispersion = max(spread, 0.0)

    ahead = np.arange(origin, origin + horizon)
    mean = rate[:, None] * index[:, ahead % 12] * month_days(ahead)
    shape = np.broadcast_to((dispersion + relative)[:, None], mean.shape)
    low, high, median = (_quantile(q, mean, shape) for q in ((1 - coverage) / 2, (1 + coverage) / 2, 0.5))
    return Forecast(mean, low, high, median, season, dispersion)


def _seasonal_index(pairs, history, numbers, alpha):
    """The twelve monthly indices of every pair (pairs × 12) and which kind of season each got."""
    moy = numbers % 12
    days = np.zeros(12)
    np.add.at(days, moy, month_days(numbers))
    observed = np.zeros((len(pairs), 12))
    np.add.at(observed.T, moy, history.T)
    categories, category_of = np.unique(pairs["category_code"].to_numpy(dtype=str), return_inverse=True)
    district = np.zeros((len(categories), 12))
    np.add.at(district, category_of, observed)

    district_seasonal = _tested(pd.Series(categories), pd.Series(["*"] * len(categories)), district, days, alpha)
    weights = days / days.sum() if days.sum() else days
    with np.errstate(divide="ignore", invalid="ignore"):
        steady = district.sum(axis=1, keepdims=True) * weights
        district_index = np.where(steady > 0, district / steady, 1.0)
    district_index = np.where(district_seasonal[:, None] & (weights > 0), np.maximum(district_index, INDEX_FLOOR), 1.0)

    pair_seasonal = _tested(pairs["category_code"], pairs["cell_code"], observed, days, alpha) \
        & district_seasonal[category_of]
    prior = district_index[category_of]
    own_steady = observed.sum(axis=1, keepdims=True) * weights
    with np.errstate(divide="ignore", invalid="ignore"):
        own = (observed + PRIOR * prior) / (own_steady + PRIOR)
    own = np.where(weights > 0, np.maximum(own, INDEX_FLOOR), 1.0)
    values = np.where(pair_seasonal[:, None], own, prior)
    season = np.where(pair_seasonal, "pair", np.where(district_seasonal[category_of], "category", "flat"))
    return values, season


def _tested(categories, cells, observed, days, alpha):
    """Which rows of ``observed`` (rows × 12 calendar months) the seasonal test calls seasonal."""
    if not len(observed) or days.sum() == 0:
        return np.zeros(len(observed), dtype=bool)
    months = np.tile(np.arange(1, 13), len(observed))
    frame = pd.DataFrame({"cell_code": np.repeat(np.asarray(cells, dtype=str), 12),
                          "category_code": np.repeat(np.asarray(categories, dtype=str), 12),
                          "month": months, "incidents": observed.ravel()})
    frame = frame[frame["incidents"] > 0]
    found = seasonal_profiles(frame, days, alpha)
    called = set(zip(found.loc[found["seasonal"], "cell_code"], found.loc[found["seasonal"], "category_code"]))
    return np.array([(c, k) in called for c, k in zip(np.asarray(cells, dtype=str), np.asarray(categories, dtype=str))],
                    dtype=bool)


def _quantile(q, mean, shape):
    """Quantile ``q`` of the negative binomial of ``mean`` and variance mean + shape × mean² (Poisson
    where shape is ~0)."""
    mean = np.asarray(mean, dtype=float)
    out = stats.poisson.ppf(q, np.maximum(mean, 1e-12))
    wide = (shape > 1e-9) & (mean > 0)
    if wide.any():
        n = 1.0 / shape[wide]
        out[wide] = stats.nbinom.ppf(q, n, n / (n + mean[wide]))
    return np.where(mean > 0, out, 0.0)


def outlook(counts, until, horizon=HORIZON, coverage=COVERAGE):
    """The outlook from ``until`` (a date, the first of a month) for every pair of ``counts`` (monthly
    counts before it): one row per pair and coming month (:data:`COLUMNS`) — ``ahead`` 1…horizon,
    ``expected`` (mean), ``median``, ``low``/``high`` (the ``coverage`` interval), ``last_year`` (the same
    month a year before; None where the history does not reach it) and ``season`` ('pair', 'category',
    'flat': whose seasonal index was used). Largest expected first; ``frame.attrs``: ``dispersion``,
    ``history_months``."""
    data = Counts.of(counts, until)
    origin = month_number(until)
    fc = forecast_pairs(data, origin, horizon, coverage)
    rows = []
    for k in range(horizon):
        target = origin + k
        back = target - 12 - data.first
        last_year = data.matrix[:, back] if 0 <= back < data.months else np.full(len(data.pairs), np.nan)
        rows.append(data.pairs.assign(
            month=month_start(target), ahead=k + 1, expected=fc.mean[:, k].round(2), median=fc.median[:, k],
            low=fc.low[:, k], high=fc.high[:, k], last_year=last_year, season=fc.season))
    frame = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=list(COLUMNS))
    frame = frame.sort_values(["ahead", "expected"], ascending=[True, False]).reset_index(drop=True)[list(COLUMNS)]
    frame.attrs.update(dispersion=round(fc.dispersion, 4), history_months=data.months)
    return frame
