"""Field reports (巡查上报): a grid member reports what they found on patrol, from the phone.

Concept: a field report is an incident of the ``patrol`` channel like any other, so it takes the same
way in as every channel: its point (the phone's WGS 84 fix) is converted and placed by
:func:`grids.incidents.locate.locate` — the very function the file intake uses, with its edge rule, dedicated-grid
precedence, micro-grid lookup and 50 m nearest rule — in the current generation's cells, and written by
:func:`grids.incidents.store.upsert_incidents` under a ticket number of its own (``XC<time>-<random>``: unique,
and never one of an imported patrol file's ``XC<date><serial>``). A point outside every cell is refused
(:class:`FieldReportRefused`, ``outside_all_cells``): a patrol report without a cell could go nowhere.

The case is then opened as the case loop opens every case: accepted (立案) — the member found it on the
spot — and dispatched (派遣) to whoever the loop routes the incident's grid to, so it shows up on the
command map and in the responsible member's list at once. If nobody is responsible for that grid the
case stays accepted for the command centre to dispatch, and the answer says why.

Placing needs the generation's cells and address register in memory (~2 s to load for the demo's
17k cells): they are kept per process and generation (its id and publication time, as
:mod:`grids.mapview.cell_layers` keeps its levels), so later reports are placed in about a millisecond.
"""
import hashlib
import json
import math
import secrets
import threading

import pandas as pd

from gis.errors import GridgovError
from gis.sqlfiles import load
from grids import clock, limits
from grids.cases import loop, photos
from grids.cells import generations
from grids.errors import PersonError
from grids.incidents.locate import PLACEMENT_COLUMNS, load_register, locate
from grids.incidents.placement import CellIndex
from grids.incidents.store import STAGE_COLUMNS, upsert_incidents
from grids.people import roster

CHANNEL = "patrol"
CRS = "wgs84"                 # browsers' geolocation (W3C): WGS 84
DESCRIPTION_MAX = 2000        # a report typed on a phone: shorter than an imported ticket's limits.DESCRIPTION
TITLE_LENGTH = 40
ACCEPT_NOTE = "巡查上报：网格员现场发现，立案"
DISPATCH_NOTE = "巡查上报：按所在网格派遣"
_PLACERS = {}                 # (generation, published_at) -> (CellIndex, AddressRegister)
_PLACERS_LOCK = threading.Lock()


class FieldReportRefused(GridgovError):
    """A field report that cannot be taken as it is (``code``, ``field`` and the message say why);
    nothing was written."""

    code = "field_report_refused"

    def __init__(self, message, code, **context):
        super().__init__(message, **context)
        self.code = code


def file_report(conn, *, person_id, lon, lat, category, description, now=None, accuracy_m=None,
                photo=None, photo_name="photo"):
    """File a field report by person ``person_id`` at ``(lon, lat)`` (WGS 84); open and dispatch its case.

    Everything is checked before anything is written. Returns ``{id, source_ref, status, version,
    grid_code, microgrid_code, community_code, placement_method, placement_distance_m, handler_level,
    handler_person_id, dispatch_refused, photo}``.
    """
    now = clock.resolve(now)
    lon, lat = _location(lon, lat)
    category_row = _category(conn, category)
    text = _description(description)
    prepared = photos.prepare_photo(photo, photo_name) if photo is not None else None
    placed = _place(conn, lon, lat)
    reporter = roster.find_person(conn, person_id)
    ref = _ticket_number(now)
    upsert_incidents(conn, _frame(placed, ref, now, category_row, text, reporter, accuracy_m, lon, lat))
    incident_id = _incident_id(conn, ref)
    case, refused = _open_case(conn, incident_id, person_id, now)
    attached = photos.add_photo(conn, incident_id, prepared, by=person_id, at=now) if prepared else None
    return {"id": incident_id, "source_ref": ref, "status": case["status"], "version": case["case_version"],
            **{k: placed[k] for k in ("grid_code", "microgrid_code", "community_code", "placement_method")},
            "placement_distance_m": _number(placed["placement_distance_m"]),
            "handler_level": case["handler_level"], "handler_person_id": case["handler_person_id"],
            "dispatch_refused": refused, "photo": attached}


def placer(conn, generation):
    """The cells and address register of ``generation``, loaded once per process and generation."""
    key = generations.identity(conn, generation)
    with _PLACERS_LOCK:
        if key not in _PLACERS:
            index = CellIndex.load(conn, generation)
            _PLACERS[key] = (index, load_register(conn, index))
        return _PLACERS[key]


def _place(conn, lon, lat):
    """The placement columns of the point, or :class:`FieldReportRefused` when it is in no cell."""
    generation = generations.resolve(conn, "current")
    index, register = placer(conn, generation)
    records = pd.DataFrame({"x": [lon], "y": [lat], "crs": [CRS], "address": [None]})
    placed = locate(index, register, records).iloc[0].to_dict()
    if placed["placement_method"] is None:
        raise FieldReportRefused(f"the location {lon:.6f}, {lat:.6f} (WGS 84) lies outside every cell of "
                                 f"generation {generation} ({placed['unplaced_reason']}); a field report is "
                                 "filed where it is seen, inside the district", "outside_all_cells",
                                 field="location", lon=lon, lat=lat)
    return placed


def _location(lon, lat):
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError):
        raise FieldReportRefused("a field report needs the phone's location: lon and lat in degrees (WGS 84)",
                                 "bad_location", field="location") from None
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise FieldReportRefused(f"lon {lon}, lat {lat} is no position on Earth (WGS 84 degrees)", "bad_location",
                                 field="location")
    return lon, lat


def _category(conn, code):
    if code is not None and limits.text_problem(str(code), limits.CATEGORY):
        raise FieldReportRefused(f"`category` {limits.text_problem(str(code), limits.CATEGORY)}", "unknown_category",
                                 field="category")
    with conn.cursor() as cur:
        cur.execute(load("grids.member", "fieldreport_category"), {"code": code or ""})
        row = cur.fetchone()
    if row is None:
        raise FieldReportRefused(f"no category {code!r}; choose one of the category tree", "unknown_category",
                                 field="category", category=code)
    return {"code": row[0], "name": row[1]}


def _description(text):
    text = (text or "").strip()
    if not text:
        raise FieldReportRefused("a field report needs a description of what was found", "description_required",
                                 field="description")
    problem = limits.text_problem(text, DESCRIPTION_MAX)
    if problem:
        raise FieldReportRefused(f"the description {problem}", "description_too_long" if "\x00" not in text
                                 else "description_nul", field="description")
    return text


def _ticket_number(now):
    return f"XC{now.astimezone(clock.SHANGHAI):%Y%m%d%H%M%S}-{secrets.token_hex(4)}"


def _frame(placed, ref, now, category, text, reporter, accuracy_m, lon, lat):
    """The one-row frame :func:`upsert_incidents` takes, as the file intake builds it."""
    row = {"channel": CHANNEL, "source_ref": ref, "category_code": category["code"],
           "category_text": category["name"], "title": text.splitlines()[0][:TITLE_LENGTH], "description": text,
           "reporter_name": reporter["name"], "reporter_phone": None, "address": None, "source_x": lon,
           "source_y": lat, "source_crs": CRS,
           "attributes": {"reported_by": reporter["id"], "via": "member_app",
                          **({"accuracy_m": round(float(accuracy_m), 1)} if _number(accuracy_m) is not None else {})},
           "content_hash": _content_hash(ref, now, category["code"], text, lon, lat),
           **{column: placed[column] for column in (*PLACEMENT_COLUMNS, "geom", "generation_id")}}
    frame = pd.DataFrame({column: pd.Series([row.get(column)], dtype=object) for column in STAGE_COLUMNS})
    frame["reported_at"] = pd.Series([pd.Timestamp(now)])
    return frame


def _content_hash(*values):
    return hashlib.sha256(json.dumps(values, default=str, ensure_ascii=False).encode()).hexdigest()


def _incident_id(conn, ref):
    with conn.cursor() as cur:
        cur.execute(load("grids.member", "fieldreport_incident"), {"channel": CHANNEL, "ref": ref})
        return cur.fetchone()[0]


def _open_case(conn, incident_id, person_id, now):
    """Accept and dispatch the new case; ``(case, None)``, or ``(accepted case, reason)`` when nobody is
    responsible for its grid (the dispatch writes nothing before it finds the handler)."""
    case = loop.act(conn, incident_id, "accept", person_id, now=now, note=ACCEPT_NOTE)
    try:
        return loop.act(conn, incident_id, "dispatch", person_id, now=now, note=DISPATCH_NOTE), None
    except PersonError as error:
        return case, error.message


def _number(value):
    """A finite float, or None (for None, NaN and what is no number)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None
