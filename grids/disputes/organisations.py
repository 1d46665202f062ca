"""Mediation organisations (调解组织) and their mediators (调解员): places on the map with a load.

Concept: mediation is done by people's mediation committees (人民调解委员会) of a community, a street or
the district (``kind='committee'``, ``level``), trade committees (``kind='trade'``: 物业 property, 交通
traffic, 医疗 medical, 劳动 labour) and named mediators' studios (个人调解工作室, ``kind='studio'``). Each
serves an area (``area_code``: its community, street or district; a committee's is at its own level) and
is a point on the map (its room), placed in the current generation's cells like everything else: the grid
the point lies in (the lowest code on a shared edge), else the finest cell that covers it. A mediator
belongs to one organisation, has specialties (dispute type codes) and may be a person of the roster (then
they sign in and see their disputes). **Load** = disputes sent to them still being mediated (received,
triaged, mediating).

Points are CGCS2000 (EPSG:4490) longitude and latitude, numerically WGS 84 within centimetres; convert a
GCJ-02 or BD-09 point with :mod:`gis.crs` first.
"""
from gis.sqlfiles import load
from grids import limits
from grids.cells import generations
from grids.disputes import chain
from grids.errors import DisputeError

KINDS = {"committee": "人民调解委员会", "trade": "行业性专业性调解委员会", "studio": "个人调解工作室"}
COMMITTEE_LEVELS = ("community", "street", "district")
TRADES = {"property": "物业", "traffic": "交通事故", "medical": "医疗", "labour": "劳动"}


def add_org(conn, *, name, kind, area_code, level=None, trade=None, code=None, lon=None, lat=None, address=None,
            phone=None):
    """Add a mediation organisation; returns ``{"id", "cell_code"}``. A committee's ``level`` is its area's
    (a community committee serves a community); a trade committee names its ``trade``."""
    name = chain.text("name", name, limits.NAME, required=True)
    kind = chain.choice("kind", kind, tuple(KINDS), labels=KINDS)
    generation = generations.current_generation(conn) or generations.working_generation(conn)
    area_level = _cell_level(conn, area_code, generation)
    if kind == "committee":
        level = chain.choice("level", level or area_level, COMMITTEE_LEVELS)
        if level != area_level:
            raise DisputeError(f"a {level} committee serves a {level}, and {area_code} is a {area_level}",
                               field="area_code")
    elif level is not None:
        raise DisputeError("only a committee has a level (community, street, district)", field="level")
    if (kind == "trade") != (trade is not None):
        raise DisputeError("a trade committee names its trade (property, traffic, medical, labour); others none",
                           field="trade")
    if trade is not None:
        trade = chain.choice("trade", trade, tuple(TRADES), labels=TRADES)
    lon, lat = _point(lon, lat)
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "org_insert"), {
            "code": chain.text("code", code, limits.PERSON_CODE), "name": name, "kind": kind, "level": level,
            "trade": trade, "area_code": area_code, "address": chain.text("address", address, limits.ADDRESS),
            "phone": chain.text("phone", phone, limits.PHONE), "lon": lon, "lat": lat, "generation": generation})
        org_id, cell_code = cur.fetchone()
    return {"id": org_id, "cell_code": cell_code}


def add_mediator(conn, *, name, org, phone=None, specialties=(), person=None, code=None):
    """Add a mediator of organisation ``org`` (a code or id); ``specialties``: dispute type codes;
    ``person``: the roster person they sign in as. Returns the id."""
    name = chain.text("name", name, limits.NAME, required=True)
    found = find_org(conn, org)
    specialties = list(specialties or ())
    known = {t["code"] for t in _types(conn)}
    unknown = [s for s in specialties if s not in known]
    if unknown:
        raise DisputeError(f"specialties are dispute type codes ({', '.join(sorted(known))}), not "
                           f"{', '.join(map(str, unknown))}", field="specialties")
    person_id = chain.actor(conn, person, field="person")["id"] if person is not None else None
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "mediator_insert"), {
            "code": chain.text("code", code, limits.PERSON_CODE), "name": name,
            "phone": chain.text("phone", phone, limits.PHONE), "org_id": found["id"], "person_id": person_id,
            "specialties": specialties})
        return cur.fetchone()[0]


def find_org(conn, ref, field="org"):
    """The organisation whose code (or id) is ``ref``; :class:`DisputeError` naming ``field`` if none."""
    return _find(conn, "org_find", ref, field, "mediation organisation")


def find_mediator(conn, ref, field="mediators"):
    """The mediator whose code (or id) is ``ref``; :class:`DisputeError` naming ``field`` if none."""
    return _find(conn, "mediator_find", ref, field, "mediator")


def organisations(conn, within=None):
    """Every organisation (under the cell code ``within``) with ``lon``/``lat``, mediators and load
    (``open_disputes``, ``open_red``, ``open_orange``): the map layer of organisations."""
    return _rows(conn, "orgs_list", {"within": within})


def mediators(conn, org=None):
    """Every mediator (of ``org``) with ``open_disputes``, their load."""
    org_id = find_org(conn, org)["id"] if org is not None else None
    return _rows(conn, "mediators_list", {"org": org_id})


def _find(conn, query, ref, field, what):
    text = str(ref).strip() if ref is not None else ""
    with conn.cursor() as cur:
        # an id is ASCII digits within bigint ("²" is a digit to str.isdigit, and int() refuses it)
        number = int(text) if text.isascii() and text.isdigit() and int(text) <= limits.ID_MAX else None
        cur.execute(load("grids.disputes", query), {"ref": text, "id": number})
        row = cur.fetchone()
        if row is None:
            raise DisputeError(f"no {what} with code or id {ref!r}", field=field)
        return dict(zip([d[0] for d in cur.description], row))


def _cell_level(conn, code, generation):
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "cell_level"), {"code": code, "generation": generation})
        row = cur.fetchone()
    if row is None or row[0] not in COMMITTEE_LEVELS:
        raise DisputeError(f"{code!r} is no community, street or district of generation {generation}",
                           field="area_code")
    return row[0]


def _point(lon, lat):
    if lon is None and lat is None:
        return None, None
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError):
        raise DisputeError("a point is lon and lat in degrees (CGCS2000)", field="location") from None
    west, south, east, north = limits.CHINA
    if not (west <= lon <= east and south <= lat <= north):
        raise DisputeError(f"lon {lon}, lat {lat} is not in China (CGCS2000 degrees)", field="location")
    return lon, lat


def _types(conn):
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "dispute_types"))
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def _rows(conn, query, params):
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", query), params)
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
