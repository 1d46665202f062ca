"""Status going back to the calling systems: the key's tickets changed since a time, and Open311's view.

Concept: a calling system asks what became of the tickets *it* submitted (``api_ticket`` records which
key submitted which) — their state in the case loop, the level or department handling them, the deadline
and the result text of a report back or a closing — and never sees a reporter's data or another key's
tickets. :func:`tickets_changed` pages through them by the time of their latest change (arrival,
resubmission or case change) and id, so a client keeps the last pair it saw and asks again.

Open311 (GeoReport v2) knows two states: ``open`` and ``closed`` (:data:`OPEN311_STATUS`); its public
request list shows only requests submitted through Open311, without personal data
(``open311_requests.sql`` says what is left out).
"""
import datetime as dt

from gis.sqlfiles import load
from grids.cases.loop import OPEN, RESOLVED, STATES
from grids.privacy import mask_phones_in

PAGE = 1000
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
CLOSED_STATES = (*RESOLVED, "rejected", "void")
OPEN311_STATUS = {**{s: "open" for s in OPEN}, **{s: "closed" for s in CLOSED_STATES}}
STATUS_NOTES = {
    "reported": "已受理，待立案 (reported)", "accepted": "已立案 (accepted)", "dispatched": "已派遣 (dispatched)",
    "in_progress": "处理中 (in progress)", "handled": "已处理，待核查 (handled, awaiting verification)",
    "rework": "返工 (sent back for rework)", "suspended": "挂账 (suspended)", "extended": "已延期 (extended)",
    "closed": "已结案 (closed)", "followed_up": "已回访 (closed and followed up)",
    "rejected": "不予立案 (rejected)", "void": "已作废 (void)",
}
assert set(OPEN311_STATUS) == set(STATES) == set(STATUS_NOTES)


def tickets_changed(conn, key, channel, updated_after=None, after_id=0, limit=PAGE):
    """The key's tickets of ``channel`` changed after ``(updated_after, after_id)``, at most ``limit``,
    oldest change first; and the ``(updated_after, after_id)`` to ask for the next page (None when this
    page was the last)."""
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "tickets_changed"),
                    {"key_id": key["id"], "channel": channel, "after": updated_after or EPOCH,
                     "after_id": after_id or 0, "limit": limit})
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, row)) for row in cur.fetchall()]
    for row in rows:
        row["result"] = mask_phones_in(row["result"]) if row["result"] else None
        row["open311_status"] = OPEN311_STATUS[row["status"]]
    following = (rows[-1]["updated"], rows[-1]["id"]) if len(rows) == limit else None
    return rows, following


def services(conn):
    """The Open311 service list: every category (``service_code`` is its code)."""
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "open311_services"))
        return [{"service_code": code, "service_name": name, "description": name_en or name, "metadata": False,
                 "type": "realtime", "keywords": "", "group": group}
                for code, name, name_en, group, _ in cur.fetchall()]


def open311_requests(conn, ids=None, service_code=None, start=None, end=None, statuses=None, limit=PAGE):
    """Open311 requests (GeoReport v2 fields) matching the filters; ``statuses``: ``open``/``closed``."""
    states = None
    if statuses:
        states = [s for s, o in OPEN311_STATUS.items() if o in statuses]
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "open311_requests"),
                    {"ids": ids, "service_code": service_code, "start": start, "end": end, "states": states,
                     "limit": limit})
        columns = [d[0] for d in cur.description]
        return [_request(dict(zip(columns, row))) for row in cur.fetchall()]


def _request(row):
    return {
        "service_request_id": str(row["id"]), "status": OPEN311_STATUS[row["status"]],
        "status_notes": STATUS_NOTES[row["status"]], "service_name": row["category_name"],
        "service_code": row["category_code"], "description": None,
        "agency_responsible": row["department"] or _level_name(row["handler_level"]), "service_notice": None,
        "requested_datetime": _iso(row["reported_at"]), "updated_datetime": _iso(row["updated"]),
        "expected_datetime": _iso(row["deadline"]), "address": None, "address_id": None, "zipcode": None,
        "lat": float(row["lat"]) if row["lat"] is not None else None,
        "long": float(row["lon"]) if row["lon"] is not None else None, "media_url": None,
    }


def _level_name(level):
    return {"grid": "网格 (grid)", "community": "社区 (community)", "street": "街道 (street)",
            "district": "区 (district)"}.get(level)


def _iso(value):
    return value.isoformat() if value is not None else None
