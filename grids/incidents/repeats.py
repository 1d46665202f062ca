"""Repeats (重复件): the same problem reported again at the same place, from any channel.

Concept: a 12345 call and a patrol report about the same blocked fire lane are one problem. A new
incident of the same category within ``DEFAULT_DISTANCE_M`` metres of an earlier one that is still
open, or was reported within ``DEFAULT_DAYS`` days before it, is linked to it (``repeat_of``: the
earliest such incident) and counts in the repeat rate instead of as a new problem. Rejected and void
reports are not problems, so nothing repeats them. Distances are geodesic (``ST_DWithin`` on
geography); incidents placed by address sit on their building's anchor, so two calls about one
stairwell are at distance 0. Linking changes no state: the centre decides whether a repeat of an open
case is voided as a duplicate or handled on its own (a repeat of a closed case is a problem that came
back). Each incident is examined once (``repeat_checked``), by :func:`grids.cases.tick.tick`.
"""
from gis.sqlfiles import load
from grids import clock

DEFAULT_DISTANCE_M = 50.0
DEFAULT_DAYS = 30


def link_repeats(conn, now=None, distance_m=DEFAULT_DISTANCE_M, days=DEFAULT_DAYS):
    """Examine the incidents reported by ``now`` not examined yet; return ``[(incident_id, repeat_of)]`` linked."""
    params = {"now": clock.resolve(now), "distance_m": float(distance_m), "days": int(days)}
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", "repeats_link"), params)
        return sorted(cur.fetchall())


def repeats_of(conn, incident_id):
    """Ids of the incidents linked as repeats of ``incident_id``, in report order."""
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", "incident_repeats_of"), {"id": incident_id})
        return [row[0] for row in cur.fetchall()]
