"""Skip-level visits (越级访: to the city, the province, Beijing) reported back by other offices.

Concept: an office above (the city's or province's 信访局, the national one for 进京) sends back the list of
visits made by petitioners of our area. Each visit is stored with its day, its level, the petitioner as
keyed hashes only (:mod:`grids.petitions.petitioners`; the name is kept, the numbers never), the matter
it is about when found, and the **cell of origin** (属地) with its ancestors, so visits count per grid,
community, street and district (:mod:`grids.petitions.kpi`).

The matter: the one the report names by its ticket (信访编号) when given; else the most recent matter
registered on or before the visit with a petitioner of the same ID hash, else of the same phone hash.
The cell of origin: the report's cell code when given, else the matched matter's finest cell; a visit
with neither is refused. :func:`store_visits` is all or nothing: every problem is ``row N: field:
reason`` and then nothing is written. A visit already stored (same day, level, petitioner hashes and
origin) is counted as unchanged, so a report imported twice counts once. The file itself is read by
``etl/petition_visits_file.py``.
"""
import datetime as dt
import hashlib

from gis.sqlfiles import load
from grids import limits
from grids.errors import ImportRefused
from grids.petitions import petitioners as people

LEVELS = {"city": ("city", "市", "到市", "赴市", "市级"), "province": ("province", "省", "赴省", "省级"),
          "beijing": ("beijing", "京", "进京", "赴京", "北京", "国家", "国家信访局")}
FIELDS = ("visited_on", "level", "name", "id_number", "phone", "origin", "matter_ref", "reported_by", "reference")


def level_of(text):
    """``'进京'`` → ``'beijing'``; None when not a level."""
    text = (text or "").strip().lower()
    return next((level for level, names in LEVELS.items() if text in names), None)


def store_visits(conn, rows, *, source=None):
    """Store the visits ``rows`` (dicts of :data:`FIELDS` as text, with ``row``, their line in the file);
    ``{visits, new, unchanged, matched}``, or :class:`ImportRefused` listing every problem."""
    key = people.hash_key(conn)
    problems, checked = [], []
    for row in rows:
        visit, row_problems = _check(conn, key, row)
        problems += [f"row {row.get('row', '?')}: {p}" for p in row_problems]
        if not row_problems:
            checked.append(visit)
    if problems:
        raise ImportRefused(f"{len(problems)} problem(s) in the skip-level visits; nothing was imported", problems)
    new = 0
    with conn.cursor() as cur:
        for visit in checked:
            cur.execute(load("grids.petitions", "visit_insert"), {**visit, "source": source})
            new += cur.rowcount
    return {"visits": len(checked), "new": new, "unchanged": len(checked) - new,
            "matched": sum(v["incident_id"] is not None for v in checked)}


def _check(conn, key, row):
    problems = []
    visited_on = _date(row.get("visited_on"), problems)
    level = level_of(row.get("level"))
    if level is None:
        problems.append(f"level: {row.get('level')!r} is none of 到市 (city), 赴省 (province), 进京 (beijing)")
    id_number, phone = (row.get("id_number") or "").strip(), (row.get("phone") or "").strip()
    id_hash = people.keyed_hash(key, "id", people.normalised_id_number(id_number)) if id_number else None
    phone_hash = people.keyed_hash(key, "phone", people.normalised_phone(phone)) if phone else None
    if id_number and id_hash is None:
        problems.append("id_number: not a resident ID number (18 characters, check character verified)")
    if phone and phone_hash is None:
        problems.append("phone: not a phone number")
    if not id_number and not phone:
        problems.append("id_number, phone: a visit names its petitioner by ID number or phone (or both)")
    texts = {f: _text(row.get(f), f, problems) for f in ("name", "reported_by", "reference", "matter_ref")}
    if problems:
        return None, problems
    matter = _matter(conn, texts["matter_ref"], id_hash, phone_hash, visited_on, problems)
    origin = _origin(conn, (row.get("origin") or "").strip(), matter, problems)
    if problems:
        return None, problems
    content = "|".join([visited_on.isoformat(), level, id_hash or "", phone_hash or "", origin["code"]])
    return {"visited_on": visited_on, "level": level, "petitioner_name": texts["name"], "id_hash": id_hash,
            "phone_hash": phone_hash, "incident_id": matter, "origin_cell_code": origin["code"],
            **{f"origin_{lvl}_code": origin.get(lvl) for lvl in ("district", "street", "community", "grid")},
            "reported_by": texts["reported_by"], "reference": texts["reference"],
            "content_key": hashlib.sha256(content.encode()).hexdigest()}, []


def _date(value, problems):
    value = (value or "").strip()
    try:
        return dt.date.fromisoformat(value.replace("/", "-")[:10])
    except ValueError:
        problems.append(f"visited_on: {value!r} is not a date (YYYY-MM-DD)")
        return None


def _text(value, field, problems):
    value = (value or "").strip() or None
    if value is not None and limits.text_problem(value, limits.NAME):
        problems.append(f"{field}: {limits.text_problem(value, limits.NAME)}")
    return value


def _matter(conn, ref, id_hash, phone_hash, visited_on, problems):
    with conn.cursor() as cur:
        if ref:
            cur.execute(load("grids.petitions", "matter_by_ref"), {"ref": ref})
            row = cur.fetchone()
            if row is None:
                problems.append(f"matter_ref: no petition matter {ref!r}")
            return row[0] if row else None
        cur.execute(load("grids.petitions", "visit_matter"), {"id_hash": id_hash, "phone_hash": phone_hash,
                                                              "visited_on": visited_on})
        row = cur.fetchone()
        return row[0] if row else None


def _origin(conn, code, matter, problems):
    with conn.cursor() as cur:
        if not code and matter is not None:
            cur.execute(load("grids.petitions", "matter_cell"), {"id": matter})
            code = cur.fetchone()[0] or ""
        if not code:
            problems.append("origin: no cell of origin (属地编码), and no matter of ours to take it from")
            return None
        cur.execute(load("grids.petitions", "cell_chain"), {"code": code})
        chain = {level: c for c, level, _ in cur.fetchall()}
    if not chain:
        problems.append(f"origin: no cell {code!r}")
        return None
    return {"code": code, **chain}
