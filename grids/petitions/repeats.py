"""First or repeat petition (初次信访 / 重复信访), found automatically when a matter is registered.

Concept — the rule: a new matter M is a **repeat** of an earlier matter E when

1. **the same petitioner**: a petitioner of M and one of E have the same keyed ID hash, or the same keyed
   phone hash **unless both have ID numbers and they differ** (one phone shared by two people — a family,
   a proxy, a village cadre who calls for others — does not make them one person; without an ID number
   on either side, the phone is all we have and it counts);
2. **the same matter**: the two cases have the same category (the category code; the channel's category
   text when either has no code), or the same address (the case's address text without spaces), or the
   same building (the micro-grid, a stairwell counting for its building); and
3. **within the window**: E was registered before M (or the same day and earlier in the register) and at
   most :data:`WINDOW_DAYS` (365) calendar days before it.

M is linked to the most recent such E (``petition_repeat.earlier_id``) and to the first petition of that
chain (``first_id``: E's own first, or E itself when E was a first petition). A matter without a link is a
first petition; a first petition with any repeat since ("first → repeat", 初次转重复) is counted by
:mod:`grids.petitions.kpi`. The link is recorded as a step (``repeat``) in the matter's history with what
matched (``id_number``/``phone``) and what made it the same matter — never the numbers.
"""
from gis.sqlfiles import load
from grids.petitions import steps

WINDOW_DAYS = 365


def detect(conn, matter_id, now, *, window_days=WINDOW_DAYS):
    """Link matter ``matter_id`` to the earlier matter it repeats, if any; the link (a dict) or None."""
    with conn.cursor() as cur:
        cur.execute(load("grids.petitions", "repeat_candidates"), {"id": matter_id, "window_days": window_days})
        columns = [d[0] for d in cur.description]
        found = [dict(zip(columns, row)) for row in cur.fetchall()]
    if not found:
        return None
    earlier = found[0]
    link = {"incident_id": matter_id, "earlier_id": earlier["earlier_id"], "first_id": earlier["first_id"],
            "matched_on": earlier["matched_on"], "same_by": earlier["same_by"], "linked_at": now}
    with conn.cursor() as cur:
        cur.execute(load("grids.petitions", "repeat_insert"), link)
    matter = steps.locked(conn, matter_id)
    steps.step(conn, matter, "repeat", None, now, details={
        "earlier": link["earlier_id"], "first": link["first_id"], "matched_on": link["matched_on"],
        "same_by": link["same_by"]})
    return link


def is_repeat(conn, matter_id):
    """Whether matter ``matter_id`` is linked as a repeat."""
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM petition_repeat WHERE incident_id = %s", (matter_id,))
        return cur.fetchone() is not None
