"""Early warnings (预警) as staff work them: list, one with its tickets, confirm, dismiss (a reason
required), and the rule's precision — confirmed / decided.

Concept: the detector (:mod:`grids.foresight.bursts`) raises warnings; a person decides each one once:
**confirmed** (确认: a real 群体性事件苗头, handled from here) or **dismissed** (排除: not one, with the
reason). Both are recorded on the warning (``decided_by``, ``decided_at``, ``reason``) and in its
append-only history with the operator, so the rule's precision is measured on what people decided, not
on what the rule believes. A decided warning is not decided again (a 409). Lists carry no personal data:
a linked ticket shows its id, channel, time, category, grid and its title with phone and ID numbers
masked (:func:`grids.privacy.mask_phones_in`, as the desk does).
"""
import json

from gis.errors import GridgovError
from gis.sqlfiles import load
from grids import clock
from grids.foresight.bursts import SEVERITY_LABELS
from grids.privacy import mask_phones_in

STATUSES = ("open", "confirmed", "dismissed")
STATUS_LABELS = {"open": "待研判", "confirmed": "已确认", "dismissed": "已排除"}
REASON_MAX = 500
LISTED = 500


class WarningError(GridgovError):
    """A warning that does not exist or cannot be decided as asked (``field``, ``warning`` say which);
    nothing was written."""

    code = "warning"


class NoSuchWarning(WarningError):
    code = "not_found"
    http_status = 404


class WarningDecided(WarningError):
    """A warning already confirmed or dismissed."""

    code = "warning_decided"
    http_status = 409


def list_warnings(conn, statuses=None, within=None, limit=LISTED):
    """Warnings of ``statuses`` (a list; None: all) under the cell ``within`` (a code; None: anywhere),
    newest first: dicts with the linked ``ticket_ids`` and no personal data."""
    if statuses is not None and any(s not in STATUSES for s in statuses):
        raise WarningError(f"status must be one of {', '.join(STATUSES)}", field="status")
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "warning_list"),
                    {"statuses": list(statuses) if statuses else None, "within": within, "id": None,
                     "limit": limit})
        return [_row(cur, r) for r in cur.fetchall()]


def get_warning(conn, warning_id):
    """One warning with its ``linked`` tickets (titles masked) and its ``history``; NoSuchWarning."""
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "warning_list"),
                    {"statuses": None, "within": None, "id": warning_id, "limit": 1})
        row = cur.fetchone()
        if row is None:
            raise NoSuchWarning(f"no warning {warning_id}", warning=warning_id)
        found = _row(cur, row)
        cur.execute(load("grids.foresight", "warning_ticket_list"), {"id": warning_id})
        columns = [d[0] for d in cur.description]
        found["linked"] = [{**dict(zip(columns, r)), "title": mask_phones_in(r[columns.index("title")])}
                           for r in cur.fetchall()]
        cur.execute(load("grids.foresight", "warning_history"), {"id": warning_id})
        columns = [d[0] for d in cur.description]
        found["history"] = [dict(zip(columns, r)) for r in cur.fetchall()]
    return found


def confirm(conn, warning_id, by, now=None, reason=None):
    """Confirm an open warning (a real 苗头) as person ``by``; the warning after."""
    return _decide(conn, warning_id, "confirmed", by, now, _reason(reason, required=False))


def dismiss(conn, warning_id, by, reason, now=None):
    """Dismiss an open warning as person ``by``; ``reason`` is required (why it is no 苗头)."""
    return _decide(conn, warning_id, "dismissed", by, now, _reason(reason, required=True))


def precision(conn, since=None, until=None):
    """``{open, confirmed, dismissed, decided, precision}`` of the warnings raised in [since, until):
    precision = confirmed / decided (None before any decision)."""
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "warning_precision"), {"since": since, "until": until})
        counts = dict(cur.fetchall())
    out = {s: int(counts.get(s, 0)) for s in STATUSES}
    out["decided"] = out["confirmed"] + out["dismissed"]
    out["precision"] = round(out["confirmed"] / out["decided"], 3) if out["decided"] else None
    return out


def _decide(conn, warning_id, status, by, now, reason):
    now = clock.resolve(now)
    current = get_warning(conn, warning_id)
    if current["status"] != "open":
        raise WarningDecided(f"warning {warning_id} is already {current['status']} "
                             f"({STATUS_LABELS[current['status']]})", warning=warning_id, status=current["status"])
    with conn.cursor() as cur:
        cur.execute(load("grids.foresight", "warning_decide"),
                    {"id": warning_id, "status": status, "by": by, "at": now, "reason": reason})
        if cur.fetchone() is None:                   # decided meanwhile by another desk
            raise WarningDecided(f"warning {warning_id} was decided meanwhile", warning=warning_id)
        cur.execute(load("grids.foresight", "warning_event_insert"), {
            "id": warning_id, "action": status, "from_status": "open", "to_status": status, "by": by, "at": now,
            "reason": reason, "details": json.dumps({"tickets": current["tickets"], "reporters": current["reporters"],
                                                     "severity": current["severity"]})})
    return get_warning(conn, warning_id)


def _reason(reason, required):
    text = (reason or "").strip() if isinstance(reason, str) or reason is None else None
    if text is None:
        raise WarningError("reason: a text", field="reason")
    if required and not text:
        raise WarningError("a dismissal needs its reason (why this is no 群体性事件苗头)", field="reason")
    if len(text) > REASON_MAX:
        raise WarningError(f"reason: at most {REASON_MAX} characters", field="reason")
    return text or None


def _row(cur, values):
    row = dict(zip([d[0] for d in cur.description], values))
    row["severity_label"] = SEVERITY_LABELS[row["severity"]]
    row["status_label"] = STATUS_LABELS[row["status"]]
    row["ticket_ids"] = list(row["ticket_ids"] or [])
    return row
