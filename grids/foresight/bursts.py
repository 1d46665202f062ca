"""Bursts → early warnings (预警): many distinct reporters, one topic, one place, a few days — a possible
collective incident (群体性事件苗头): unpaid wages at one construction site, a property dispute in one
compound.

Concept (the rule, ``RULE_VERSION``; docs/foresight.md "Bursts and early warnings"):

- **topic**: the ticket's category (小类, e.g. 0104 劳资纠纷), among ``categories`` (codes or their groups'
  prefixes: ``01`` is every 矛盾纠纷; default :data:`CATEGORIES`); tickets without a point are not read;
- **place and time**: for every window of ``window_days`` days, the tickets of a category are clustered
  with PostGIS's DBSCAN (``ST_ClusterDBSCAN``, eps ``distance_m`` metres, a core needs ``min_reporters``
  tickets within it); a cluster is then cut to the tickets within ``distance_m`` of its centre (the
  median point), so a chain of clusters cannot stretch across a street;
- **many reporters**: the cut cluster holds ``min_reporters`` or more *distinct* reporters — by the phone's
  digits (hashed, the last 11: +86 dropped), else the name, else the ticket (an anonymous ticket is a
  reporter of its own; five anonymous calls count five). One person calling five times is one reporter;
- **unusual for the place** (:func:`unusual`): more tickets than the place's own last ``baseline_days``
  of the category make likely (Poisson tail under ``alpha``) — a market reported for vendors every day
  is a hotspot, not a burst;
- **severity** (:func:`severity`): 黄 (yellow) from ``min_reporters`` distinct reporters, 橙 (orange) from
  2 ×, 红 (red) from 3 ×; one level up when a ticket holds an escalation word (:data:`ESCALATION_WORDS`:
  上访, 堵路, 拉横幅, 集体, 跳楼 …), one more when a ticket is a dispute of red or orange risk; red at most.

:func:`detect` finds the bursts of a run (pure reading); :func:`store` writes them as warnings
idempotently: a burst sharing a ticket with an open or confirmed warning — or of its category, its centre
within ``distance_m`` of the warning's and its tickets within ``window_days`` of the warning's — extends
that warning (new tickets linked, counts and severity from all of them); tickets of a dismissed warning
are left out before the rule is applied again, so a dismissed warning is never raised again for the same
tickets. :func:`scan` runs the rule window after window over a history (the demo's year) in one query.
"""
import datetime as dt
import json
import math

import numpy as np
import pandas as pd
from scipy import stats

from gis.sqlfiles import load
from grids import clock

RULE_VERSION = "bursts-1"
WINDOW_DAYS, DISTANCE_M, MIN_REPORTERS = 5, 300, 5
BASELINE_DAYS, ALPHA, EXPECTED_FLOOR = 90, 0.001, 0.5
CATEGORIES = ("01", "04")        # 矛盾纠纷 and 民生服务: the topics that turn collective (wages, property, land …)
SEVERITIES = ("yellow", "orange", "red")
SEVERITY_LABELS = {"yellow": "黄", "orange": "橙", "red": "红"}
ESCALATION_WORDS = ("上访", "进京", "赴省", "堵路", "堵门", "围堵", "拉横幅", "打横幅", "挂横幅", "集体", "聚集",
                    "静坐", "跳楼", "跳河", "自杀", "自焚", "轻生", "媒体", "曝光", "闹事")
RISKY_DISPUTES = ("red", "orange")
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON = 111_320.0


def parameters(window_days=WINDOW_DAYS, distance_m=DISTANCE_M, min_reporters=MIN_REPORTERS, categories=CATEGORIES,
               baseline_days=BASELINE_DAYS, alpha=ALPHA):
    """The rule's parameters, checked (ValueError naming the bad one): what a warning keeps in ``rule``."""
    if not (isinstance(window_days, int) and 1 <= window_days <= 60):
        raise ValueError("window_days: a whole number of days from 1 to 60")
    if not (isinstance(distance_m, (int, float)) and 10 <= distance_m <= 5_000):
        raise ValueError("distance_m: metres from 10 to 5,000")
    if not (isinstance(min_reporters, int) and 2 <= min_reporters <= 1_000):
        raise ValueError("min_reporters: a whole number from 2 to 1,000")
    if not (isinstance(baseline_days, int) and 0 <= baseline_days <= 730):
        raise ValueError("baseline_days: a whole number of days from 0 (no baseline test) to 730")
    if not (isinstance(alpha, float) and 0 < alpha <= 1):
        raise ValueError("alpha: a probability above 0, at most 1")
    return {"version": RULE_VERSION, "window_days": window_days, "distance_m": float(distance_m),
            "min_reporters": min_reporters, "categories": sorted(categories) if categories else None,
            "baseline_days": baseline_days, "alpha": alpha}


def detect(conn, until, **options):
    """The bursts of the ``window_days`` before ``until`` (a date or time; a date is midnight in
    Asia/Shanghai): a list of dicts (:func:`_burst`), most reporters first."""
    return scan(conn, until, until, step_days=1, **options)


def scan(conn, first_end, last_end, step_days=1, **options):
    """The bursts of every window ending at ``first_end``, ``first_end`` + ``step_days`` … ``last_end``:
    clusters of overlapping windows sharing a ticket are one burst (as a re-run extends a warning)."""
    rule = parameters(**options)
    rows = _clusters(conn, _time(first_end), _time(last_end), step_days, rule)
    return unusual(conn, bursts_of(rows, rule), rule)


def unusual(conn, bursts, rule):
    """The ``bursts`` that stand out from their place's own history: the tickets of the category within
    ``distance_m`` of the centre in the ``baseline_days`` before the burst give the rate expected over
    its span (at least ``window_days``; never below :data:`EXPECTED_FLOOR` tickets), and the burst is
    kept when the Poisson tail P(X ≥ tickets) stays under ``alpha`` — a market where vendors are reported
    every day is a hotspot, not a burst. Each kept burst gets ``baseline``, ``expected`` and ``p``."""
    if not bursts or not rule["baseline_days"]:
        return bursts
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "burst_baselines"), {
            "lons": [b["lon"] for b in bursts], "lats": [b["lat"] for b in bursts],
            "categories": [b["category_code"] for b in bursts], "firsts": [b["first_reported_at"] for b in bursts],
            "baseline_days": rule["baseline_days"], "distance_m": rule["distance_m"],
            "degrees": rule["distance_m"] / 50_000})          # a box enclosing the circle up to 60° N
        baselines = [row[1] for row in cur.fetchall()]
    kept = []
    for burst, baseline in zip(bursts, baselines):
        span = max(rule["window_days"], (burst["last_reported_at"] - burst["first_reported_at"]).total_seconds() / 86_400)
        expected = max(baseline * span / rule["baseline_days"], EXPECTED_FLOOR)
        p = float(stats.poisson.sf(burst["tickets"] - 1, expected))
        if p < rule["alpha"]:
            kept.append({**burst, "baseline": int(baseline), "expected": round(expected, 2), "p": p})
    return kept


def bursts_of(rows, rule):
    """The bursts of clustered ticket rows (``window_end``, ``cluster``, ``id``, ``category_code``,
    ``reported_at``, ``lon``, ``lat``, ``reporter``): clusters merged when they share a ticket, cut to
    ``distance_m`` around their centre, kept with ``min_reporters`` distinct reporters or more."""
    if rows.empty:
        return []
    groups = _merged_groups(rows)
    tickets = rows.drop_duplicates("id").set_index("id")
    found = []
    for ids in groups:
        burst = qualify(tickets.loc[sorted(ids)].reset_index(), rule)
        if burst:
            found.append(burst)
    return sorted(found, key=lambda b: (-b["reporters"], b["first_reported_at"], b["ids"][0]))


def qualify(tickets, rule):
    """``tickets`` (a frame of ``id``, ``category_code``, ``reported_at``, ``lon``, ``lat``, ``reporter``)
    as a burst if, cut to ``distance_m`` around their median point, they hold ``min_reporters`` distinct
    reporters; else None."""
    if tickets.empty:
        return None
    lon, lat = float(tickets["lon"].median()), float(tickets["lat"].median())
    near = tickets[distance_m(tickets["lon"], tickets["lat"], lon, lat) <= rule["distance_m"]]
    reporters = near["reporter"].nunique()
    if reporters < rule["min_reporters"]:
        return None
    near = near.sort_values(["reported_at", "id"])
    return {"category_code": near["category_code"].iloc[0], "ids": [int(i) for i in near["id"]],
            "lon": float(near["lon"].median()), "lat": float(near["lat"].median()),
            "first_reported_at": near["reported_at"].iloc[0].to_pydatetime(),
            "last_reported_at": near["reported_at"].iloc[-1].to_pydatetime(),
            "reporters": int(reporters), "tickets": len(near)}


def distance_m(lon, lat, lon0, lat0):
    """Metres between points and (lon0, lat0) on the local plane (exact to a few metres within a city)."""
    dx = (np.asarray(lon, dtype=float) - lon0) * METRES_PER_DEGREE_LON * math.cos(math.radians(lat0))
    dy = (np.asarray(lat, dtype=float) - lat0) * METRES_PER_DEGREE_LAT
    return np.hypot(dx, dy)


def severity(reporters, min_reporters=MIN_REPORTERS, escalation=False, risky_dispute=False):
    """红/橙/黄 as ``red``/``orange``/``yellow``: by distinct reporters (yellow from ``min_reporters``,
    orange from twice, red from three times), one level up for an escalation word, one for a dispute of
    red or orange risk among the tickets; red at most."""
    level = 2 if reporters >= 3 * min_reporters else 1 if reporters >= 2 * min_reporters else 0
    level += bool(escalation) + bool(risky_dispute)
    return SEVERITIES[min(level, len(SEVERITIES) - 1)]


def escalation_words(*texts):
    """The escalation words found in ``texts`` (in :data:`ESCALATION_WORDS` order)."""
    joined = " ".join(t for t in texts if t)
    return [w for w in ESCALATION_WORDS if w in joined]


def store(conn, bursts, rule, now):
    """Write ``bursts`` (of :func:`detect`) as warnings: raise new ones, extend the open or confirmed ones
    they continue, never raise again on a dismissed one's tickets. Returns ``{"raised": [ids],
    "extended": [ids], "unchanged": [ids], "skipped": n}`` (skipped: not a burst once a dismissed warning's
    tickets are left out)."""
    result = {"raised": [], "extended": [], "unchanged": [], "skipped": 0}
    for burst in bursts:
        links = _links(conn, burst["ids"])
        free = [i for i in burst["ids"] if links.get(i, (None, None))[1] != "dismissed"]
        if len(free) < len(burst["ids"]):
            burst = _requalify(conn, free, rule)
            if burst is None:
                result["skipped"] += 1
                continue
        holder = next((links[i][0] for i in burst["ids"] if i in links and links[i][1] != "dismissed"), None)
        if holder is None:
            holder = _nearby(conn, burst, rule)
        if holder is None:
            result["raised"].append(_raise(conn, burst, rule, now))
        elif _extend(conn, holder, burst, rule, now):
            result["extended"].append(holder)
        else:
            result["unchanged"].append(holder)
    return result


def run(conn, until, now=None, **options):
    """Detect the bursts of the window before ``until`` and :func:`store` them; the counts, with the rule."""
    rule = parameters(**options)
    bursts = detect(conn, until, **options)
    written = store(conn, bursts, rule, now or clock.now())
    return {**written, "bursts": len(bursts), "rule": rule}


# ---- storing -------------------------------------------------------------------------------------


def _links(conn, ids):
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "warning_links"), {"ids": list(ids)})
        return {incident: (warning, status) for incident, warning, status in cur.fetchall()}


def _requalify(conn, ids, rule):
    if not ids:
        return None
    return qualify(_ticket_frame(conn, "burst_ticket_rows", {"ids": list(ids)}), rule)


def _nearby(conn, burst, rule):
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "warning_nearby"), {
            "category": burst["category_code"], "lon": burst["lon"], "lat": burst["lat"],
            "distance_m": rule["distance_m"], "window_days": rule["window_days"],
            "first": burst["first_reported_at"], "last": burst["last_reported_at"]})
        row = cur.fetchone()
        return row[0] if row else None


def _raise(conn, burst, rule, now):
    facts = _facts(conn, burst, rule)
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "warning_insert"), {
            **facts, "rule": json.dumps(rule), "first_incident_id": burst["ids"][0], "now": now})
        warning = cur.fetchone()[0]
        cur.execute(load("grids.foresight", "warning_link"), {"id": warning, "ids": burst["ids"], "now": now})
    _event(conn, warning, "raised", None, "open", None, now, details={
        "tickets": burst["ids"], "reporters": facts["reporters"], "severity": facts["severity"], "rule": rule})
    return warning


def _extend(conn, warning, burst, rule, now):
    """Link the burst's new tickets to ``warning`` and recount it; False when there was nothing new."""
    before = set(_ticket_frame(conn, "warning_tickets_of", {"id": warning})["id"])
    new = [i for i in burst["ids"] if i not in before]
    if not new:
        return False
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "warning_link"), {"id": warning, "ids": new, "now": now})
    tickets = _ticket_frame(conn, "warning_tickets_of", {"id": warning}).sort_values(["reported_at", "id"])
    added = sorted(set(tickets["id"]) - before)
    if not added:                                    # every new ticket was already another warning's
        return False
    whole = {"category_code": burst["category_code"], "ids": [int(i) for i in tickets["id"]],
             "lon": float(tickets["lon"].median()), "lat": float(tickets["lat"].median()),
             "first_reported_at": tickets["reported_at"].iloc[0].to_pydatetime(),
             "last_reported_at": tickets["reported_at"].iloc[-1].to_pydatetime(),
             "reporters": int(tickets["reporter"].nunique()), "tickets": len(tickets)}
    facts = _facts(conn, whole, rule)
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "warning_update"), {**facts, "id": warning, "now": now})
        cur.execute("SELECT status FROM early_warning WHERE id = %s", (warning,))
        status = cur.fetchone()[0]
    _event(conn, warning, "extended", status, status, None, now, details={
        "added": [int(i) for i in added], "reporters": facts["reporters"], "severity": facts["severity"]})
    return True


def _facts(conn, burst, rule):
    """The columns of a warning from its burst: centre, cells of the ticket nearest it, span, counts,
    escalation words and severity."""
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "burst_ticket_texts"), {"ids": burst["ids"]})
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, r)) for r in cur.fetchall()]
    words = escalation_words(*[t for r in rows for t in (r["title"], r["description"])])
    risky = any(r["risk_level"] in RISKY_DISPUTES for r in rows)
    centre = _nearest(conn, burst)
    cells = next((r for r in rows if r["id"] == centre), rows[0] if rows else {})
    return {"category": burst["category_code"], "lon": burst["lon"], "lat": burst["lat"],
            "cell_code": next((cells.get(k) for k in ("microgrid_code", "grid_code", "community_code",
                                                      "street_code", "district_code") if cells.get(k)), None),
            **{k: cells.get(k) for k in ("district_code", "street_code", "community_code", "grid_code")},
            "first": burst["first_reported_at"], "last": burst["last_reported_at"],
            "reporters": burst["reporters"], "tickets": burst["tickets"], "words": words,
            "severity": severity(burst["reporters"], rule["min_reporters"], bool(words), risky)}


def _nearest(conn, burst):
    """The ticket of ``burst`` nearest its centre (its cells are the warning's)."""
    frame = _ticket_frame(conn, "burst_ticket_rows", {"ids": burst["ids"]})
    if frame.empty:
        return None
    return int(frame.iloc[int(np.argmin(distance_m(frame["lon"], frame["lat"], burst["lon"], burst["lat"])))]["id"])


def _event(conn, warning, action, from_status, to_status, by, at, reason=None, details=None):
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "warning_event_insert"), {
            "id": warning, "action": action, "from_status": from_status, "to_status": to_status, "by": by,
            "at": at, "reason": reason, "details": json.dumps(details or {}, default=str)})


# ---- reading -------------------------------------------------------------------------------------


def _clusters(conn, first_end, last_end, step_days, rule):
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "burst_clusters"), {
            "first_end": first_end, "last_end": last_end, "step_days": step_days,
            "window_days": rule["window_days"], "distance_m": rule["distance_m"],
            "min_points": rule["min_reporters"], "categories": rule["categories"]})
        return pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])


def _ticket_frame(conn, name, params):
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", name), params)
        return pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])


def _merged_groups(rows):
    """The ticket ids of each (window, category, cluster), merged where they share a ticket (union-find)."""
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, group in rows.groupby(["window_end", "category_code", "cluster"], sort=False)["id"]:
        ids = group.to_numpy()
        root = find(int(ids[0]))
        for other in ids[1:]:
            parent[find(int(other))] = root
    groups = {}
    for ticket in rows["id"].unique():
        groups.setdefault(find(int(ticket)), set()).add(int(ticket))
    return list(groups.values())


def _time(value):
    """A date as midnight in Asia/Shanghai; a time as it is."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(), tzinfo=clock.SHANGHAI)
