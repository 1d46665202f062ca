"""``gridgov incidents replace``: place incidents again after the boundaries changed; say what moved.

A past incident keeps the grid it belonged to when it happened, so by default only incidents reported
since the current generation took effect are placed again (and every unplaced one, which a new
boundary may now hold); ``since`` chooses another date, ``None`` means all. Incidents placed by hand
are never moved.
"""
import datetime as dt

from etl.incidents.importing import Intake
from grids import clock
from grids.cells import generations
from grids.incidents.locate import locate
from grids.incidents.store import apply_moves, incidents_for_replacing


def replace_incidents(conn, since="effective", intake=None):
    """Re-locate incidents in the current generation; return ``{generation, since, examined, moved,
    moves}``. ``since``: a date (its start in Asia/Shanghai), a datetime, ``"effective"`` (the current
    generation's effective date) or None (every incident)."""
    intake = intake or Intake(conn)
    if since == "effective":
        since = generations.effective_date(conn, intake.index.generation)
    if isinstance(since, dt.date) and not isinstance(since, dt.datetime):
        since = dt.datetime.combine(since, dt.time(), tzinfo=clock.SHANGHAI)
    old = incidents_for_replacing(conn, since)
    if old.empty:
        return {"generation": intake.index.generation, "since": since, "examined": 0, "moved": 0, "moves": []}
    new = locate(intake.index, intake.register, old, intake.max_distance_m)
    moves = apply_moves(conn, old, new)
    return {"generation": intake.index.generation, "since": since, "examined": len(old), "moved": len(moves),
            "moves": moves}
