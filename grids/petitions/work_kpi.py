"""The indicators of the petition office's work, over a period of days and an area.

Concept: each rate is counted from the records of :mod:`grids.petitions.backlog`, :mod:`~.proxies` and
:mod:`~.suggestions` over the days [``since``, ``until``) (Asia/Shanghai) and the cases under cell
``within``; a rate with nothing to divide by is None. The formulas (docs/kpis.md):

- 积案化解率 (backlog cleared) = entries closed off in the period / entries of the period (registered
  before its end and not closed off before its start);
- 代理率 (proxy rate) = petition matters (incident.channel 'petition') reported in the period that a
  proxy agent took on / petition matters reported in the period;
- proxy satisfaction = those rated satisfied or basically satisfied / those rated;
- call–response on-time rate = calls made in the period answered by their due time / calls answered or
  overdue (unanswered calls not yet due are left out);
- suggestion adoption rate (采纳率) = suggestions received in the period adopted / received.
"""
import datetime as dt

from gis.settings import SHANGHAI
from grids import limits
from grids.petitions import suggestions
from grids.petitions import work_checks as check
from grids.petitions.work_checks import PetitionWorkError


def work_kpis(conn, *, since, until, within=None, now=None):
    """Every indicator of the period: ``{"backlog": …, "proxy": …, "calls": …, "suggestions": …}``."""
    return {"backlog": backlog_clearance(conn, since=since, until=until, within=within),
            "proxy": proxy_rate(conn, since=since, until=until, within=within),
            "calls": call_response(conn, since=since, until=until, within=within, now=now),
            "suggestions": suggestion_adoption(conn, since=since, until=until, within=within)}


def monthly(conn, *, year, within=None, now=None):
    """:func:`work_kpis` of each month of ``year``: ``[{"month": "YYYY-MM", …}]`` (year on year: call it
    for two years)."""
    year = int(check.number("year", year, minimum=2000, maximum=2100, exclusive_minimum=False))
    firsts = [dt.date(year, m, 1) for m in range(1, 13)] + [dt.date(year + 1, 1, 1)]
    return [{"month": f"{since:%Y-%m}", **work_kpis(conn, since=since, until=until, within=within, now=now)}
            for since, until in zip(firsts, firsts[1:])]


def backlog_clearance(conn, *, since, until, within=None):
    """积案化解率: ``{"matters", "closed_off", "clearance_rate"}``."""
    row = check.rows_of(conn, "backlog_kpi", _period(since, until, within))[0]
    return {**row, "clearance_rate": check.rate(row["closed_off"], row["matters"])}


def proxy_rate(conn, *, since, until, within=None):
    """代理率 and satisfaction: ``{"petition_matters", "with_proxy", "proxy_rate", "rated", "satisfied",
    "satisfaction_rate"}``."""
    row = check.rows_of(conn, "proxy_kpi", _period(since, until, within))[0]
    return {**row, "proxy_rate": check.rate(row["with_proxy"], row["petition_matters"]),
            "satisfaction_rate": check.rate(row["satisfied"], row["rated"])}


def call_response(conn, *, since, until, within=None, now=None):
    """Call–response: ``{"calls", "on_time", "late", "overdue", "waiting", "on_time_rate"}`` at ``now``."""
    row = check.rows_of(conn, "proxy_call_kpi", {**_period(since, until, within), "now": check.moment("now", now)})[0]
    return {**row, "on_time_rate": check.rate(row["on_time"], row["on_time"] + row["late"] + row["overdue"])}


def suggestion_adoption(conn, *, since, until, within=None):
    """采纳率 of the period: ``{"received", "adopted", "adoption_rate", "campaigns": [...]}``."""
    period = _period(since, until, within)
    rates = suggestions.adoption_rates(conn, since=_midnight(period["since"]), until=_midnight(period["until"]),
                                       within=period["within"])
    overall = rates["overall"]
    return {"received": overall["received"], "adopted": overall["adopted"],
            "adoption_rate": float(overall["adoption_rate"]) if overall["adoption_rate"] is not None else None,
            "campaigns": rates["campaigns"]}


def _period(since, until, within):
    since, until = check.day("since", since), check.day("until", until)
    if until <= since:
        raise PetitionWorkError(f"the period ends ({until}) before or when it starts ({since})", field="until")
    return {"since": since, "until": until, "within": check.text("within", within, limits.CATEGORY)}


def _midnight(day):
    return dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)
