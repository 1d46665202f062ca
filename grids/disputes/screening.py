"""Screening (排查): disputes found before anyone calls, and the centre's screening campaigns.

Concept: a grid member records a dispute found on patrol from the phone (:func:`record_screened`): a
field report of the patrol channel, placed and opened as every field report is
(:func:`grids.member.field_reports.file_report`), with the dispute record beside it (source
``screening``, the member as screener) — one call, one savepoint. A grid visited counts as screened
(:func:`record_visit`). The centre runs **campaigns** (集中排查, :func:`create_campaign`: a period, an area —
cell codes — and topics — dispute types) at sensitive times; a campaign's **coverage** is the grids of
its area screened within its period (a visit of the campaign, or a visit without one on a day of the
period) / all grids of its area in the current generation (:func:`coverage`).
"""
from gis.sqlfiles import load
from grids import clock, limits
from grids.cells import generations
from grids.disputes import chain, records
from grids.errors import DisputeError
from grids.member import field_reports

DISPUTE_CATEGORY = "01"            # 矛盾纠纷 in the category tree (etl/data/categories.csv)


def create_campaign(conn, *, name, starts_on, ends_on, area_codes, topics=()):
    """A screening campaign over ``area_codes`` (cells) from ``starts_on`` to ``ends_on`` on ``topics``
    (dispute type codes); returns its id."""
    name = chain.text("name", name, limits.NAME, required=True)
    starts_on = chain.date("starts_on", starts_on, required=True)
    ends_on = chain.date("ends_on", ends_on, required=True)
    if ends_on < starts_on:
        raise DisputeError("a campaign ends on or after the day it starts", field="ends_on")
    areas = [area_codes] if isinstance(area_codes, str) else list(area_codes or ())
    if not areas:
        raise DisputeError("a campaign covers an area: one or more cell codes", field="area_codes")
    known = {t["code"] for t in records.types(conn)}
    topics = list(topics or ())
    if set(topics) - known:
        raise DisputeError(f"topics are dispute type codes, not {sorted(set(topics) - known)}", field="topics")
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "campaign_insert"), {"name": name, "starts_on": starts_on,
                                                                "ends_on": ends_on, "area_codes": areas,
                                                                "topics": topics})
        return cur.fetchone()[0]


def record_visit(conn, *, grid_code, by, on=None, campaign=None, note=None):
    """Grid ``grid_code`` was screened by ``by`` on ``on`` (default today), within ``campaign``; its id."""
    person = chain.actor(conn, by, required=True)
    campaign_id = _campaign(conn, campaign)
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "visit_insert"), {
            "campaign_id": campaign_id, "grid_code": chain.text("grid_code", grid_code, 64, required=True),
            "screened_on": chain.date("on", on) or clock.today(), "by_person_id": person["id"],
            "note": chain.text("note", note, limits.NOTE)})
        return cur.fetchone()[0]


def coverage(conn, campaign):
    """``{"grids", "screened", "coverage", "disputes_found"}`` of ``campaign``; coverage None without grids."""
    campaign_id = _campaign(conn, campaign)
    generation = generations.current_generation(conn) or generations.working_generation(conn)
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "campaign_coverage"), {"id": campaign_id, "generation": generation})
        grids, screened, found = cur.fetchone()
    return {"grids": grids, "screened": screened, "coverage": screened / grids if grids else None,
            "disputes_found": found}


def record_screened(conn, *, person_id, lon, lat, type, parties, description, people_involved=None, amount=None,
                    campaign=None, category=DISPUTE_CATEGORY, now=None):
    """A dispute a grid member found on patrol, from the phone: the field report (its case opened and
    dispatched) and the dispute record, or nothing when either is refused. Returns the dispute."""
    now = chain.when(now)
    parties_checked = records.parties.check_parties(parties)     # refused before the report is filed
    with chain.atomic(conn):
        report = field_reports.file_report(conn, person_id=person_id, lon=lon, lat=lat, category=category,
                                           description=description, now=now)
        dispute = records.record_dispute(conn, report["id"], type=type, parties=parties_checked,
                                         people_involved=people_involved, amount=amount, summary=description,
                                         source="screening", campaign=campaign, screened_by=person_id,
                                         by=person_id, now=now)
        if campaign is not None:
            record_visit(conn, grid_code=report["grid_code"], by=person_id, on=clock.today(now), campaign=campaign)
    return dispute


def _campaign(conn, campaign):
    if campaign is None:
        return None
    campaign = chain.count("campaign", campaign, maximum=limits.ID_MAX)
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "campaign_get"), {"id": campaign})
        if cur.fetchone() is None:
            raise DisputeError(f"no screening campaign {campaign}", field="campaign")
    return campaign
