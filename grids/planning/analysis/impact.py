"""Load impact of a draft: the last 12 months of incidents replayed against the draft's grids.

Concept: before publishing, a planner wants to know what the new boundaries do to each grid member's
load. The **replay** takes the incidents ``grids.cases.workload`` counts — the intake of the 12 calendar months
ending with the month of ``now`` (rejected and void left out) and the open cases held by grid members —
and asks which grid each would belong to under the draft:

- an incident whose grid is the same in both generations (same cell row) and whose point lies in no
  changed grid of the draft stays where it is stored: counted per grid in SQL, never fetched one by one;
- every other incident (stored in a changed grid, or with its point in a changed grid of the draft) is
  **placed again** in the draft's grids by its stored point, as the intake placed it
  (:mod:`grids.incidents.replay`): by coordinates, or — placed by address — following its building.

"Before" is the load as stored (what ``gridgov load`` shows); "after" is the replay. Per grid the
three parts of the load index are summed: households (the grid's figure, else its buildings'), intake
per month (incidents / months) and open work (severity × lateness at ``now``, as in ``grids.cases.workload``; an
open case moving to another grid is counted for the new one, as publishing re-dispatches it). A grid's
**load index** is ``grids.cases.workload``'s formula with the means of the *base* generation's grids, before and
after alike, so a grid untouched by the draft keeps its index and 1.0 stays "the average grid of the
current generation". The **planning load** is the index's lasting part alone — households and intake,
their weights 0.2 and 0.3 rescaled to 0.4 and 0.6 — because open work is what a member holds this week
(a grid with three open cases today and one with none differ by more than a year of intake), and what a
boundary decides is where households and incidents fall; ``grids.planning.analysis.proposal`` balances it. A member's
parts are the sums over the grids they hold (by code) in each generation, indexed with the base's means
over members.

Evenness is measured for both, over **basic grids** (one grid, one member, and a new grid has no member
yet; basic grids are what a redraw shares the community's households and incidents among — a dedicated
grid's market or campus is shown per grid but kept out of the spread): max/mean and the coefficient of
variation (population standard deviation / mean), per affected community and for the district.
"""
import datetime as dt

import numpy as np

from gis.sqlfiles import load
from grids import clock
from grids.cases.workload import INDEX_WEIGHTS, MONTHS, month_starts, weight_params, weighted_query
from grids.incidents.replay import grid_index, place_again

PARTS = ("households", "incidents", "open_weighted")
_LASTING = {part: weight for part, weight in INDEX_WEIGHTS.items() if part != "open_weighted"}
PLANNING_WEIGHTS = {part: weight / sum(_LASTING.values()) for part, weight in _LASTING.items()}


def load_impact(conn, draft, base, now=None, months=MONTHS):
    """What ``draft`` does to the load of grids and grid members, against ``base`` (the current one).

    Returns a JSON-friendly dict:

    - ``draft``, ``base``, ``now`` (ISO), ``window`` ``{"from", "to"}`` (ISO), ``months``;
    - ``replayed``: incidents placed again; ``unplaced``: of those, how many the draft holds nowhere;
    - ``changed_grids``: codes whose row differs between the two generations;
    - ``grids``: the affected grids (changed, or whose counts change), by code: ``{code, name, kind,
      community_code, status ('changed', 'added', 'removed' or 'same'), member_before, member_after,
      before, after}``; ``before``/``after`` are ``{households, incidents, open_weighted, load_index,
      planning_load}`` or None where the grid does not exist;
    - ``members``: the grid members holding an affected grid: ``{id, code, grids_before, grids_after,
      before, after}`` (parts, ``load_index`` and ``planning_load`` as for grids);
    - ``spread``: ``{"district": S, "communities": {code: S}}`` with S = ``{"load_index": {"before",
      "after"}, "planning_load": {"before", "after"}}``, each ``{grids, mean, max, max_mean, cv}`` over
      the basic grids (None without grids).
    """
    now = clock.resolve(now)
    months_from = window_start(now, months)
    before_grids, after_grids = _grids(conn, base, draft), _grids(conn, draft, base)
    changed = sorted({code for grids in (before_grids, after_grids) for code, g in grids.items() if g["changed"]})
    stored = _stored_counts(conn, now, months_from)
    moving = _moving(conn, draft, changed, now, months_from)
    placed = _replay(conn, draft, moving, before_grids)
    before = _tally(before_grids, stored, months)
    after = _tally(after_grids, stored, months, moving, placed)
    grid_means = part_means(before.values())
    affected = _affected(changed, before, after)
    members = _members(conn, before, after, affected)
    return {
        "draft": draft, "base": base, "now": now.isoformat(), "months": months,
        "window": {"from": months_from.isoformat(), "to": now.isoformat()},
        "replayed": len(placed), "unplaced": sum(code is None for code in placed), "changed_grids": changed,
        "grids": [_grid_row(code, before_grids, after_grids, before, after, grid_means) for code in affected],
        "members": members,
        "spread": _spreads(before_grids, after_grids, before, after, grid_means, affected),
    }


def _grids(conn, generation, other):
    with conn.cursor() as cur:
        cur.execute(load("grids.planning.analysis", "impact_grids"), {"generation": generation, "other": other})
        columns = [d[0] for d in cur.description]
        return {row[0]: dict(zip(columns, row)) for row in cur.fetchall()}


def _query(conn, name, params):
    """Run ``name`` with the open-work weight (:func:`grids.cases.workload.weighted_query`) put in its place."""
    with conn.cursor() as cur:
        cur.execute(weighted_query(load("grids.planning.analysis", name)), {**params, **weight_params(params["now"])})
        return cur.fetchall()


def _stored_counts(conn, now, months_from):
    """``{grid_code: (incidents, open_weighted)}`` as stored: what ``grids.cases.workload`` counts per grid."""
    rows = _query(conn, "impact_grid_counts", {"now": now, "months_from": months_from})
    return {code: (int(n), float(w)) for code, n, w in rows}


def _moving(conn, draft, changed, now, months_from):
    """The incidents to place again, as lists ``grid_code`` (stored), ``incidents`` (1 when in the
    intake window), ``open_weighted``, ``lon``, ``lat``."""
    params = {"draft": draft, "changed": changed, "now": now, "months_from": months_from}
    rows = _query(conn, "impact_moving", params)
    columns = ("grid_code", "incidents", "open_weighted", "lon", "lat", "by_point")
    return {name: [row[i] for row in rows] for i, name in enumerate(columns)}


def _replay(conn, generation, moving, stored_grids):
    """The grid of ``generation`` each moving incident is placed in again (None: in none)."""
    by_address = [not by_point and stored_grids.get(code, {}).get("kind") == "basic"
                  for code, by_point in zip(moving["grid_code"], moving["by_point"])]
    return place_again(grid_index(conn, generation), moving["lon"], moving["lat"], by_address).tolist()


def _tally(grids, stored, months, moving=None, placed=()):
    """Per grid of ``grids``: households, incidents, open_weighted and intake per month, as stored, or
    with the ``moving`` incidents taken from their stored grid and given to the grid ``placed``."""
    parts = {}
    for code, grid in grids.items():
        incidents, weight = stored.get(code, (0, 0.0))
        parts[code] = {"households": int(grid["households"]), "incidents": incidents, "open_weighted": weight}
    if moving:
        moves = zip(moving["grid_code"], placed, moving["incidents"], moving["open_weighted"])
        for old, new, incidents, weight in moves:
            for code, sign in ((old, -1), (new, 1)):
                if code in parts:
                    parts[code]["incidents"] += sign * incidents
                    parts[code]["open_weighted"] += sign * float(weight)
    for part in parts.values():
        part["avg_cases_per_month"] = part["incidents"] / months
    return parts


def grid_loads(conn, generation, now=None, months=MONTHS):
    """The parts of the load of every grid of ``generation`` as stored: ``{code: {households, incidents,
    open_weighted, avg_cases_per_month}}`` (the "before" of :func:`load_impact`)."""
    now = clock.resolve(now)
    stored = _stored_counts(conn, now, window_start(now, months))
    return _tally(_grids(conn, generation, generation), stored, months)


def window_start(now, months=MONTHS):
    """The start of the intake window: midnight (Asia/Shanghai) of the first of ``months`` calendar
    months ending with the month of ``now``."""
    return dt.datetime.combine(month_starts(now, months)[0], dt.time(), clock.SHANGHAI)


def part_means(parts):
    """Mean of each part of the load index over ``parts`` (dicts of :func:`grid_loads`)."""
    parts = list(parts)
    return {name: sum(p[name] for p in parts) / len(parts) if parts else 0.0 for name in INDEX_WEIGHTS}


def load_index(part, means):
    """``grids.cases.workload``'s index of one grid or member with fixed ``means``: Σ weight × part / mean."""
    return _weighted(part, means, INDEX_WEIGHTS)


def planning_load(part, means):
    """The lasting part of the load index (households and intake; see :data:`PLANNING_WEIGHTS`)."""
    return _weighted(part, means, PLANNING_WEIGHTS)


def _weighted(part, means, weights):
    """Σ weight × part / its mean (a part whose mean is 0 counts 1, as in ``grids.cases.workload``), 4 decimals."""
    return round(sum(w * (part[name] / means[name] if means[name] else 1.0) for name, w in weights.items()), 4)


MEASURES = {"load_index": load_index, "planning_load": planning_load}


def _figures(part, means):
    if part is None:
        return None
    return {"households": part["households"], "incidents": part["incidents"],
            "open_weighted": round(part["open_weighted"], 4),
            **{name: measure(part, means) for name, measure in MEASURES.items()}}


def _affected(changed, before, after):
    """Changed grids and grids whose figures the replay changes, by code."""
    moved = {code for code in before.keys() & after.keys() if before[code] != after[code]}
    return sorted(set(changed) | moved)


def _grid_row(code, before_grids, after_grids, before, after, means):
    old, new = before_grids.get(code), after_grids.get(code)
    status = "added" if old is None else "removed" if new is None else "changed" if new["changed"] else "same"
    either = new or old
    return {"code": code, "name": either["name"], "kind": either["kind"], "community_code": either["community_code"],
            "status": status, "member_before": old and old["member"], "member_after": new and new["member"],
            "before": _figures(before.get(code), means), "after": _figures(after.get(code), means)}


def _members(conn, before, after, affected):
    """The members holding an affected grid, with their summed parts before and after."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning.analysis", "impact_members"))
        holdings = cur.fetchall()
    summed = {pid: (code, [c for c in cells if c in before], [c for c in cells if c in after])
              for pid, code, cells in holdings}
    parts = {pid: (_sum(before, old), _sum(after, new)) for pid, (_, old, new) in summed.items()}
    means = part_means(p[0] for p in parts.values())
    touched = set(affected)
    return [{"id": pid, "code": code, "grids_before": old, "grids_after": new,
             "before": _figures(parts[pid][0], means), "after": _figures(parts[pid][1], means)}
            for pid, (code, old, new) in summed.items() if touched & (set(old) | set(new))]


def _sum(parts, codes):
    total = {name: 0 for name in (*PARTS, "avg_cases_per_month")}
    for code in codes:
        for name in total:
            total[name] += parts[code][name]
    return total


def _spreads(before_grids, after_grids, before, after, means, affected):
    communities = sorted({g["community_code"] for grids in (before_grids, after_grids)
                          for code, g in grids.items() if code in affected})

    def measured(grids, parts, measure, community=None):
        return spread([measure(parts[c], means) for c, g in grids.items()
                       if g["kind"] == "basic" and community in (None, g["community_code"])])

    def both(community=None):
        return {name: {"before": measured(before_grids, before, measure, community),
                       "after": measured(after_grids, after, measure, community)}
                for name, measure in MEASURES.items()}

    return {"district": both(), "communities": {c: both(c) for c in communities}}


def spread(values):
    """How evenly ``values`` are spread: ``{grids, mean, max, max_mean, cv}`` (cv: population standard
    deviation / mean); None for no values.

    >>> spread([1.0, 1.0, 2.0])["max_mean"]
    1.5
    """
    values = np.asarray(values, dtype=float)
    if not len(values):
        return None
    mean, top = float(values.mean()), float(values.max())
    return {"grids": len(values), "mean": round(mean, 4), "max": round(top, 4),
            "max_mean": round(top / mean, 4) if mean else None,
            "cv": round(float(values.std()) / mean, 4) if mean else None}
