"""An honest backtest of the outlook: train on all but the last ``TEST_MONTHS`` months, predict those month by
month, and compare with two baselines — so the outlook is shown only where it beats both.

Concept: a rolling origin. For each of the last ``TEST_MONTHS`` months t, :func:`grids.foresight.outlook.
forecast_pairs` sees only the months before t and predicts t (one month ahead); so do the baselines:
**last year** (the count of the same month a year before) and **recent** (the mean of the three months
before t). Every cell × category pair of the level that appears anywhere in the counts is scored in every
test month (zeros included). The scores: mean absolute error of the model's point (its predictive
median, which minimises absolute error; the mean's MAE is reported too) and of each baseline, and the
share of months whose count fell inside the model's interval (its coverage, against the nominal).

**Verified** means: at this level the model's MAE is below both baselines', and for a category at that
level, its own MAE over that category's cells × test months is below both baselines' too (a tie — a
category nobody reports, where everything predicts 0 — is not a win). With fewer than
``MIN_HISTORY`` months of history (twelve to learn a season from, twelve to test on) nothing is verified
and the report says so.
"""
import numpy as np
import pandas as pd

from grids.foresight.outlook import COVERAGE, Counts, forecast_pairs, month_number, month_start

TEST_MONTHS = 12
MIN_HISTORY = 24
RECENT_MONTHS = 3
METHODS = ("model", "last_year", "recent")


def backtest(counts, until, test_months=TEST_MONTHS, coverage=COVERAGE):
    """Backtest the outlook on ``counts`` (monthly counts, :func:`grids.foresight.outlook.monthly_counts`)
    for the ``test_months`` months before ``until`` (the first of a month). Returns a dict:
    ``history_months`` (months from the first with an incident to ``until``), ``enough`` (bool),
    ``message``, ``summary`` (MAE of the model's median and mean, of each baseline, the model's coverage,
    nominal coverage, pairs and points scored, ``verified``), ``categories`` (a frame: the same per
    category, with ``verified``), ``test_from`` and ``test_until`` (dates)."""
    data = Counts.of(counts, until)
    origin = month_number(until)
    result = {"history_months": data.months, "test_from": month_start(origin - test_months), "test_until": until,
              "coverage_nominal": coverage}
    if data.months < MIN_HISTORY:
        result.update(enough=False, summary=None, categories=None, message=(
            f"needs {MIN_HISTORY} months of history, the store has {data.months}: "
            "the outlook is unverified"))
        return result
    actual, model, mean, last_year, recent, inside = [], [], [], [], [], []
    for target in range(origin - test_months, origin):
        column = target - data.first
        forecast = forecast_pairs(data, target, horizon=1, coverage=coverage)
        truth = data.matrix[:, column]
        actual.append(truth)
        model.append(forecast.median[:, 0])
        mean.append(forecast.mean[:, 0])
        last_year.append(data.matrix[:, column - 12])
        recent.append(data.matrix[:, column - RECENT_MONTHS:column].mean(axis=1))
        inside.append((truth >= forecast.low[:, 0]) & (truth <= forecast.high[:, 0]))
    scored = pd.DataFrame({
        "category_code": np.tile(data.pairs["category_code"].to_numpy(), test_months),
        "model": np.abs(np.concatenate(model) - np.concatenate(actual)),
        "model_mean": np.abs(np.concatenate(mean) - np.concatenate(actual)),
        "last_year": np.abs(np.concatenate(last_year) - np.concatenate(actual)),
        "recent": np.abs(np.concatenate(recent) - np.concatenate(actual)),
        "covered": np.concatenate(inside), "incidents": np.concatenate(actual)})
    scores = ["model", "model_mean", "last_year", "recent", "covered"]
    summary = {key: round(float(scored[key].mean()), 4) for key in scores}
    summary.update(pairs=len(data.pairs), points=len(scored), incidents=int(scored["incidents"].sum()))
    summary["verified"] = bool(summary["model"] < min(summary["last_year"], summary["recent"]))
    categories = scored.groupby("category_code").agg(
        **{key: (key, "mean") for key in scores}, incidents=("incidents", "sum"),
        cells=("incidents", "size")).reset_index()
    categories["cells"] //= test_months
    categories["verified"] = summary["verified"] & (
        categories["model"] < categories[["last_year", "recent"]].min(axis=1))
    categories[scores] = categories[scores].round(4)
    result.update(enough=True, summary=summary, categories=categories, message=(
        f"model MAE {summary['model']:.3f} against last year {summary['last_year']:.3f} and the recent "
        f"{RECENT_MONTHS} months {summary['recent']:.3f}; coverage {summary['covered']:.0%} "
        f"(nominal {coverage:.0%}): " + ("verified" if summary["verified"] else "does not beat both, unverified")))
    return result


def verified_categories(result):
    """The categories whose outlook the backtest ``result`` verified (an empty set when it could not)."""
    if not result["enough"]:
        return set()
    found = result["categories"]
    return set(found.loc[found["verified"], "category_code"])


def checked_outlook(counts, until, horizon=3, coverage=COVERAGE):
    """The outlook from ``until`` with each row's verdict: ``(frame, result)`` — the frame of
    :func:`grids.foresight.outlook.outlook` with ``verified`` (its category verified by the backtest
    ``result`` over the twelve months before ``until``; all False when the history is too short)."""
    from grids.foresight.outlook import outlook

    result = backtest(counts, until, coverage=coverage)
    frame = outlook(counts, until, horizon, coverage)
    frame["verified"] = frame["category_code"].isin(verified_categories(result))
    return frame, result


def store_outlook(conn, level, until, horizon=3, coverage=COVERAGE):
    """:func:`checked_outlook` of the store's incidents per ``level`` cell, reading the months the backtest
    and the outlook can use (``HISTORY_MONTHS`` + ``TEST_MONTHS`` before ``until``)."""
    from grids.foresight.outlook import HISTORY_MONTHS, monthly_counts

    since = month_start(month_number(until) - HISTORY_MONTHS - TEST_MONTHS)
    return checked_outlook(monthly_counts(conn, level, since, until), until, horizon, coverage)
