"""The petition office's web world: the workbench's world and accounts (``tests.desk_world``: command D1,
street S1, community C1, k1, member, planner), proxy agents — S1 the township agent of the street (TA),
D1 the county agent of the district (CA), a village agent of the community (VA) — an earlier matter of
Zhang San (ID_A) on grid 1 registered a month before ``now``, and the app over it with its clock at ``now``."""
import contextlib
import datetime as dt

import psycopg2

from grids.clock import SHANGHAI
from grids.petitions import matters, proxies
from tests.cases import COMMUNITY, DISTRICT, STREET, add_incident
from tests.conftest import TABLES, wipe
from tests.desk_world import create_accounts, load_desk_world, web_app
from tests.grids.petitions.world import LI, ZHANG

PETITION_TABLES = (f"{TABLES}, category, account, proxy_agent, reception_day, suggestion, suggestion_campaign, "
                   "major_issue, skip_level_visit, petition_work_event, petition_event, petition_matter")


def noon(day):
    return dt.datetime.combine(day, dt.time(12), tzinfo=SHANGHAI)


def earlier_matter(conn, now, *, ref="XF-earlier", petitioners=(ZHANG,), category="T101", days_before=30):
    """A matter of ``petitioners`` on grid 1 registered ``days_before`` days before ``now``; its id."""
    on = now.date() - dt.timedelta(days=days_before)
    case_id = add_incident(conn, ref, grid=1, category=category, at=noon(on), channel="petition")
    matters.register(conn, case_id, form="visit", petitioners=list(petitioners), handling_body="区住建局",
                     registered_on=on, by="C1", now=noon(on))
    return case_id


@contextlib.contextmanager
def petition_site(database_url, now, prepare=None):
    """``{"app", "conn", "people", "earlier", "agents", **prepare(conn, people)}``, committed; emptied after."""
    wipe(database_url, PETITION_TABLES)
    conn = psycopg2.connect(database_url)
    with conn:
        people = load_desk_world(conn)
        create_accounts(conn, people)
        before = now - dt.timedelta(days=40)
        agents = {"CA": proxies.add_agent(conn, name="区代理员", level="county", area_code=DISTRICT, code="CA",
                                          person="D1", by="D1", now=before),
                  "TA": proxies.add_agent(conn, name="街道代理员", level="township", area_code=STREET, code="TA",
                                          person="S1", by="D1", now=before),
                  "VA": proxies.add_agent(conn, name="社区代理员", level="village", area_code=COMMUNITY, code="VA",
                                          by="D1", now=before)}
        earlier = earlier_matter(conn, now)
        made = prepare(conn, people) if prepare else {}
    try:
        yield {"app": web_app(now), "conn": conn, "people": people, "earlier": earlier, "agents": agents, **made}
    finally:
        conn.close()
        wipe(database_url, PETITION_TABLES)


__all__ = ["LI", "ZHANG", "petition_site", "earlier_matter", "noon"]
