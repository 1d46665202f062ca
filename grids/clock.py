"""The case clock: what "now" is for timers, transitions and ``tick``.

Every function of the case loop takes ``now`` (a tz-aware datetime) and falls back to :func:`now` when
it is None, so tests, replays of a past year and ``gridgov cases tick --now T`` set the time instead of
waiting for it. Times without an offset are local Asia/Shanghai time, as everywhere in gridgov.

``GRIDGOV_NOW`` (an ISO time) freezes "now" for a whole process: the demo, a year that ended
2026-01-01, is served as it stood then, so timers, overdue counts and "the last 7 days" mean what
they would have meant on that day.
"""
import datetime as dt

from gis.settings import SHANGHAI, settings

def now():
    """The current time, tz-aware: ``GRIDGOV_NOW`` when set, else the real time."""
    return settings().now or dt.datetime.now(SHANGHAI)


def today(when=None):
    """The date in Asia/Shanghai of ``when`` (as :func:`resolve` reads it; default :func:`now`), whatever
    the time zone of ``when`` or of the server: 2026-03-01 23:30 UTC is 2026-03-02 in Shanghai."""
    return resolve(when).astimezone(SHANGHAI).date()


def resolve(when=None):
    """``when`` as a tz-aware datetime (an ISO string or a datetime; naive means Asia/Shanghai), or now."""
    if when is None:
        return now()
    if isinstance(when, str):
        when = dt.datetime.fromisoformat(when)
    return when if when.tzinfo else when.replace(tzinfo=SHANGHAI)
