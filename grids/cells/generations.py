"""Boundary generations (MapIt style).

A generation is a numbered version of all boundaries. Published generations are immutable; the newest
published one is *current*, and the command centre, the placement of incidents and the KPIs use it. At
most one *draft* generation exists at a time: imports and planners write to it, and publishing it (with
an effective date) makes it current. A row valid in the current generation has an open
``generation_high``, so it is valid in the draft too: opening a draft touches no row. A cell that
changes in the draft gets a row of its own and the published row's range is closed at the current
generation.

In a city store the districts share the draft but are published on their own: publishing one district
(``district=``) makes the draft current with that district's changes alone and leaves the rest in a new
draft, numbered next (:func:`publish`); discarding one district's part leaves the rest
(:func:`discard_draft`). A cell belongs to the district its code starts with.
"""
from gis.sqlfiles import load
from grids import clock
from grids.errors import GenerationError


def current_generation(conn):
    """Id of the newest published generation, or None before the first publication."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "generation_current"))
        return cur.fetchone()[0]


def draft_generation(conn):
    """Id of the draft generation, or None."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "generation_draft"))
        row = cur.fetchone()
        return row[0] if row else None


def working_generation(conn):
    """The generation being worked on: the draft if there is one, else the current one."""
    return draft_generation(conn) or current_generation(conn)


def open_draft(conn, description=""):
    """Return the draft generation's id, creating it if needed."""
    draft = draft_generation(conn)
    if draft:
        return draft
    with conn.cursor() as cur:
        cur.execute("LOCK TABLE generation IN EXCLUSIVE MODE")
        cur.execute(load("grids.cells", "generation_open_draft"), {"description": description})
        return cur.fetchone()[0]


def publish(conn, effective=None, district=None):
    """Publish the draft: it becomes the current generation from ``effective`` (default
    :func:`grids.clock.today`), which may not be before the current generation's: generations take
    effect in the order they are published, so "which boundaries held on day D" has one answer.

    With ``district``, only that district's changes are published; what the draft holds elsewhere moves to
    a new draft. Returns the published generation's id."""
    draft = draft_generation(conn)
    if draft is None:
        raise GenerationError("there is no draft generation to publish")
    effective = effective or clock.today()
    current = current_generation(conn)
    current_since = effective_date(conn, current) if current else None
    if current_since and effective < current_since:
        raise GenerationError(f"the effective date {effective} is before {current_since}, when the current "
                              f"generation {current} took effect: effective dates only move forward",
                              effective_date=str(effective), current=current)
    with conn.cursor() as cur:
        cur.execute("LOCK TABLE generation IN EXCLUSIVE MODE")
        cur.execute(load("grids.cells", "generation_publish"),
                    {"effective_date": effective, "generation": draft})
        if district and _holds_other_work(conn, draft, district):
            cur.execute(load("grids.cells", "generation_open_draft"), {"description": _description(conn, draft)})
            cur.execute(load("grids.cells", "generation_split_district"),
                        {"draft": draft, "next": cur.fetchone()[0], "district": district})
    return draft


def discard_draft(conn, district=None):
    """Throw the draft away, or only ``district``'s part of it when it holds other districts' work; the
    published generations are untouched. Returns the draft's id."""
    draft = draft_generation(conn)
    if draft is None:
        raise GenerationError("there is no draft generation to discard")
    with conn.cursor() as cur:
        if district and _holds_other_work(conn, draft, district):
            cur.execute(load("grids.cells", "generation_discard_district"), {"draft": draft, "district": district})
        else:
            cur.execute(load("grids.cells", "generation_discard"), {"draft": draft})
    return draft


def _holds_other_work(conn, draft, district):
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "generation_other_districts_work"), {"draft": draft, "district": district})
        return cur.fetchone()[0]


def _description(conn, generation):
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "generation_description"), {"generation": generation})
        return cur.fetchone()[0]


def identity(conn, generation):
    """``(id, published_at or created_at)`` of ``generation``, or None: together they tell it apart from
    a generation of the same number in a store rebuilt since (for caches kept per generation)."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "generation_identity"), {"generation": generation})
        return cur.fetchone()


def resolve(conn, which=None):
    """Turn ``'current'``, ``'draft'``, ``None`` (the working one) or a number into a generation id."""
    if which in (None, "working"):
        found = working_generation(conn)
    elif which == "current":
        found = current_generation(conn)
    elif which == "draft":
        found = draft_generation(conn)
    else:
        found = _existing(conn, int(which))
    if found is None:
        raise GenerationError(_missing(conn, which), generation=which)
    return found


def _missing(conn, which):
    """Why ``which`` has no generation, and what to do: publish the draft when only a draft exists."""
    if which == "current" and draft_generation(conn) is not None:
        return ("no current generation: the boundaries are in the draft; publish it first "
                "(gridgov generations publish, or --publish on the import)")
    return f"no {which or 'working'} generation; import boundaries first"


def _existing(conn, number):
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "generation_ids_existing"), {"ids": [number]})
        row = cur.fetchone()
    return row[0] if row else None


def effective_date(conn, generation):
    """The day ``generation`` took effect (None for a draft)."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "generation_effective_date"), {"generation": generation})
        row = cur.fetchone()
    return row[0] if row else None


def list_generations(conn):
    """All generations with their row counts, newest first."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", "generation_list"))
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
