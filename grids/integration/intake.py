"""A batch of tickets from a calling system, through the one intake, within its key's channels and cells.

Concept: a ticket that arrives over the API is the same thing as a row of a 12345 export: a JSON object
whose keys are the standard field names (``source_ref``, ``reported_at``, ``category_text``, ``title``,
``description``, ``address``, ``x``, ``y``, ``crs``, ``reporter_name``, ``reporter_phone``,
``time_limit``; the file import's Chinese headers are recognised too) and whose other keys are kept as
attributes. :func:`submit_tickets` runs a batch through the same normaliser, placing and store as the
file import (:mod:`grids.incidents.intake`), so a ticket is its channel plus its ``source_ref``:
submitted twice it is one ticket; changed, it is updated.

A batch is **all or nothing**: any item that the file import would drop (no ticket number, a number twice
in the batch, no readable time, a text beyond its bound), that is placed in a cell outside the key's
cells, or that another key submitted, refuses the whole batch (:class:`BatchRefused`, each problem
with the item's index and field) and nothing is written. Warnings (coordinates cleared, a limit not
read) do not refuse it; they come back in the report. A ticket that cannot be placed is accepted (it
waits in the review queue), since its place is unknown, not outside the scope.

The content hash of a ticket covers the fields it gives (a field that is null or empty counts as not
given), so the same ticket hashes alike in whatever batch it comes.

:class:`IntakeCache` keeps one :class:`~grids.incidents.intake.placing.Intake` per process for a minute
(and until the current generation changes): loading the cells and addresses takes longer than placing
a batch.
"""
import threading
import time
from collections import Counter

import numpy as np
import pandas as pd

from gis.errors import GridgovError, InputFileError
from gis.sqlfiles import load
from grids import limits
from grids.cells import generations
from grids.incidents.intake import placing
from grids.incidents.intake.fields import DEFAULT_TIMEZONE, Mapping, resolve_layout
from grids.incidents.intake.normalise import Normaliser, Settings
from grids.incidents.intake.objects import table_source
from grids.incidents.store import check_texts, upsert_incidents

MAX_TICKETS = 10_000          # per batch; a body is held to the web app's bound too
REPORTED_WARNINGS = 200
CODE_COLUMNS = ("microgrid_code", "grid_code", "community_code", "street_code", "district_code")


class BatchRefused(GridgovError):
    """A batch refused as a whole, nothing written; ``problems``: ``{index, field, reason, source_ref}``."""

    code = "batch_refused"
    http_status = 422

    def __init__(self, message, problems, **context):
        super().__init__(message, **context)
        self.problems = problems

    def as_dict(self):
        return {**super().as_dict(), "problems": self.problems}


def submit_tickets(conn, key, channel, items, intake, via="batch"):
    """Write ``items`` (a list of dicts) as tickets of ``channel`` for ``key`` (see the module comment).

    Returns the report: ``tickets``, ``added``, ``updated``, ``unchanged``, ``updated_refs``,
    ``placed_by`` (method → count), ``unplaced``, ``warnings`` and ``results`` (``[index, source_ref, id,
    cell]`` per ticket, in the batch's order; ``cell`` the finest code placed, None when unplaced).
    """
    started = time.perf_counter()
    records, warnings = _records(items, channel)
    frame = intake.incident_frame(records)
    indexes = records["row"].to_numpy()
    _refuse(_scope_problems(key, frame, indexes) + _text_problems(frame, indexes), channel)
    placing.take_intake_lock(conn)
    _refuse(_owner_problems(conn, key, channel, frame, indexes), channel)
    written = upsert_incidents(conn, frame)
    ids = _claim(conn, key, channel, frame["source_ref"].tolist(), via)
    cells = _finest_codes(frame)
    methods = Counter(frame["placement_method"].fillna("unplaced"))
    return {"channel": channel, "tickets": len(frame), **{k: written[k] for k in ("added", "updated", "unchanged")},
            "updated_refs": written["updated_refs"], "placed_by": {k: v for k, v in methods.items() if k != "unplaced"},
            "unplaced": methods.get("unplaced", 0), "warnings": warnings[:REPORTED_WARNINGS],
            "results": [[int(i), ref, ids[ref], cell] for i, ref, cell in zip(indexes, frame["source_ref"], cells)],
            "seconds": round(time.perf_counter() - started, 3)}


def held_ticket(conn, channel, source_ref):
    """``(incident id, id of the key that submitted it or None)`` of a stored ticket, or None."""
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "ticket_holder"), {"channel": channel, "source_ref": source_ref})
        return cur.fetchone()


def _records(items, channel):
    """Standard records of ``items`` and the warnings; :class:`BatchRefused` on any error."""
    if not isinstance(items, list) or not items:
        raise BatchRefused("a batch is a non-empty JSON array of tickets", [])
    if len(items) > MAX_TICKETS:
        raise BatchRefused(f"a batch holds at most {MAX_TICKETS:,} tickets, not {len(items):,}; split it", [])
    problems = [_problem(i, None, "a ticket is a JSON object") for i, item in enumerate(items)
                if not isinstance(item, dict)]
    _refuse(problems, channel)
    settings = Settings(channel, "option", None, "channel default (GCJ-02 for app, WGS 84 for the others)",
                        DEFAULT_TIMEZONE, None)
    seen, parts, found = {}, [], []
    for fields, indexes in _groups(items).items():
        chunk, chunk_problems = _normalised(fields, [items[i] for i in indexes], indexes, settings, seen)
        parts.append(chunk)
        found += chunk_problems
    errors = [p for p in found if p["severity"] == "error"]
    _refuse(errors, channel)
    records = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return records.sort_values("row", kind="stable").reset_index(drop=True), found


def _groups(items):
    """Item indexes by the set of fields they give (null or empty ones left out): the hash of a ticket
    depends on its own fields only, so each set is normalised as a table of its own (most batches: one)."""
    groups = {}
    for index, item in enumerate(items):
        fields = tuple(sorted(k for k, v in item.items() if v is not None and v != ""))
        groups.setdefault(fields, []).append(index)
    return groups


def _normalised(fields, objects, indexes, settings, seen):
    """``(records, problems)`` of one group of items; ``seen`` carries ticket numbers across groups."""
    given = [{k: o[k] for k in fields} for o in objects]
    source = table_source(given, (), len(given), {}, None, [], {}, rows=indexes)
    try:
        layout = resolve_layout(source.headers, Mapping(), "batch")
    except InputFileError as error:            # no ticket number or report time among the fields
        return pd.DataFrame(), [_problem(i, _missing_field(fields), error.message) for i in indexes]
    normalise = Normaliser(layout, settings)
    normalise.seen = seen
    records, problems = normalise(next(source.chunks()))
    return records, [_problem(p.row, p.field, p.reason, p.severity, p.source_ref) for p in problems]


def _missing_field(fields):
    return "reported_at" if any(f in fields for f in ("source_ref", "工单编号", "id")) else "source_ref"


def _scope_problems(key, frame, indexes):
    """Tickets placed in a cell disjoint from every cell of the key's scope (an unplaced one is not)."""
    prefixes = key["cell_prefixes"]
    if not prefixes:
        return []
    problems = []
    for index, ref, code in zip(indexes, frame["source_ref"], _finest_codes(frame)):
        if code is not None and not any(code.startswith(p) or p.startswith(code) for p in prefixes):
            problems.append(_problem(index, "placement", f"placed in {code}, outside the key's cells "
                                     f"({', '.join(prefixes)})", source_ref=ref))
    return problems


def _text_problems(frame, indexes):
    """The first text beyond its bound (the store's own check, here before anything is written)."""
    try:
        check_texts(frame)
    except limits.OutOfBounds as error:
        refs = frame["source_ref"].tolist()
        ref = error.context.get("source_ref")
        at = refs.index(ref) if ref in refs else 0
        return [_problem(indexes[at], error.context.get("parameter"), error.message, source_ref=refs[at])]
    return []


def _owner_problems(conn, key, channel, frame, indexes):
    refs = frame["source_ref"].tolist()
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "tickets_owners"), {"channel": channel, "refs": refs})
        others = {ref for ref, _, owner in cur.fetchall() if owner is not None and owner != key["id"]}
    return [_problem(i, "source_ref", f"ticket {ref} of {channel} was submitted by another key", source_ref=ref)
            for i, ref in zip(indexes, refs) if ref in others]


def _claim(conn, key, channel, refs, via):
    with conn.cursor() as cur:
        cur.execute(load("grids.integration", "tickets_claim"),
                    {"channel": channel, "refs": refs, "key_id": key["id"], "via": via})
        return dict(cur.fetchall())


def _finest_codes(frame):
    """Each ticket's finest placed cell code (None when unplaced)."""
    codes = np.full(len(frame), None, dtype=object)
    for column in reversed(CODE_COLUMNS):          # coarse to fine: a finer code overwrites
        values = frame[column].to_numpy(dtype=object)
        given = pd.notna(values)
        codes[given] = values[given]
    return codes.tolist()


def _problem(index, field, reason, severity="error", source_ref=None):
    return {"index": int(index), "field": field, "reason": reason, "severity": severity,
            "source_ref": source_ref}


def _refuse(problems, channel):
    if problems:
        raise BatchRefused(f"{len(problems)} problem(s) in the batch; nothing was written", problems,
                           channel=channel)


class IntakeCache:
    """One :class:`~grids.incidents.intake.placing.Intake` for a process, reloaded after ``seconds`` or
    when the current generation changes (an address register or category change reaches the API within
    ``seconds``)."""

    def __init__(self, seconds=60):
        self.seconds = seconds
        self._lock = threading.Lock()
        self._intake, self._loaded_at, self._generation = None, 0.0, None

    def get(self, conn):
        current = generations.current_generation(conn)
        with self._lock:
            fresh = time.monotonic() - self._loaded_at < self.seconds
            if self._intake is None or not fresh or current != self._generation:
                self._intake = placing.Intake(conn)
                self._loaded_at, self._generation = time.monotonic(), current
            return self._intake
