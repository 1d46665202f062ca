"""The stages of a petition matter, the steps that move them, their deadlines, and the input checks.

Concept: a matter (信访事项) moves only by the steps of :data:`STEPS`:

    registered --accept--> accepted --handle--> handled --request_review--> reviewing --review--> reviewed
        \\--not_accept--> not_accepted          (extend: accepted, once)       reviewed --request_rereview-->
                                                                   rereviewing --rereview--> rereviewed

:func:`step` locks nothing by itself: the caller passes the row of :func:`locked` (``FOR UPDATE``); it
writes the changed columns one version up and appends the event to ``petition_event`` (append-only) with
who (``by_person_id``; the operator is ``gridgov_operator()``), when (the case clock), the day the step
counts on, the deadline it was measured against and whether it was late. Details never carry a phone or an
ID number. Every public writer checks its whole input first and runs in a savepoint (:func:`atomic`);
nothing commits — the caller does.

Deadlines (信访工作条例 2022, arts. 32, 35, 36, 37) are **calendar days**, the day of the event not counted
(民法典 art. 201): due = the day + N; a step on the due day is on time, the day after is late. See
``docs/petitions.md``.
"""
import datetime as dt
import json
from dataclasses import dataclass

from psycopg2 import sql

from gis.sqlfiles import load
from grids import clock, limits, steps
from grids.errors import IllegalPetitionStep, PetitionError

ACCEPT_DAYS = 15          # decide acceptance within 15 days of registration (art. 32)
HANDLE_DAYS = 60          # handle within 60 days of acceptance (art. 35)
EXTENSION_MAX_DAYS = 30   # one extension of at most 30 days (art. 35)
REVIEW_REQUEST_DAYS = 30  # request a review within 30 days of the answer (art. 36)
REVIEW_DAYS = 30          # the review decided within 30 days of the request (art. 36)
REREVIEW_REQUEST_DAYS = 30
REREVIEW_DAYS = 30        # art. 37

STAGES = ("registered", "accepted", "not_accepted", "handled", "reviewing", "reviewed", "rereviewing", "rereviewed")
OPEN = ("registered", "accepted", "reviewing", "rereviewing")
STAGE_LABELS = {"registered": "已登记", "accepted": "已受理", "not_accepted": "不予受理", "handled": "已办结",
                "reviewing": "复查中", "reviewed": "已复查", "rereviewing": "复核中", "rereviewed": "已复核"}
FORMS = {"letter": "来信", "visit": "来访", "online": "网上", "phone": "电话", "leader_mailbox": "领导信箱"}
SATISFACTION = {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}
SAME = "(unchanged)"


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple
    target: str


STEPS = {s.name: s for s in (
    Step("register", "登记", (), "registered"),
    Step("accept", "受理", ("registered",), "accepted"),
    Step("not_accept", "不予受理", ("registered",), "not_accepted"),
    Step("extend", "延期", ("accepted",), SAME),
    Step("handle", "办结", ("accepted",), "handled"),
    Step("request_review", "申请复查", ("handled",), "reviewing"),
    Step("review", "复查意见", ("reviewing",), "reviewed"),
    Step("request_rereview", "申请复核", ("reviewed",), "rereviewing"),
    Step("rereview", "复核意见", ("rereviewing",), "rereviewed"),
    Step("repeat", "重复信访关联", STAGES, SAME),
)}
COLUMNS = ("stage", "accepted_on", "not_accepted_reason", "handle_due", "extended_days", "extension_reason",
           "handled_on", "handling_opinion", "satisfaction", "review_requested_on", "review_due", "reviewed_on",
           "review_opinion", "rereview_requested_on", "rereview_due", "rereviewed_on", "rereview_opinion")


def allowed_steps(stage):
    return [name for name, s in STEPS.items() if stage in s.sources and name != "repeat"]


def due(day, days):
    """The last day of a period of ``days`` calendar days after ``day`` (that day not counted)."""
    return day + dt.timedelta(days=days)


def atomic(conn):
    """A savepoint around a step (:func:`grids.steps.savepoint`)."""
    return steps.savepoint(conn, "petition_step")


def actor(conn, by, *, required=True, field="by"):
    """The person ``by`` (a code or id) as a dict; None for the system when not required."""
    return steps.person_acting(conn, by, PetitionError, required=required, field=field)


when = steps.step_time


def locked(conn, matter_id):
    """The matter of case ``matter_id`` with its case's placement, locked; :class:`PetitionError` if none."""
    if isinstance(matter_id, bool) or not isinstance(matter_id, int) or limits.id_problem(matter_id):
        raise PetitionError(f"{matter_id!r} is no matter id (the case's id)", field="matter")
    with conn.cursor() as cur:
        cur.execute(load("grids.petitions", "matter_lock"), {"id": matter_id})
        row = cur.fetchone()
        if row is None:
            raise PetitionError(f"case {matter_id} has no petition matter", field="matter", matter=matter_id)
        return dict(zip([d[0] for d in cur.description], row))


def check_stage(matter, name):
    rule = STEPS[name]
    if matter["stage"] not in rule.sources:
        raise IllegalPetitionStep(
            f"matter {matter['incident_id']} is {matter['stage']} ({STAGE_LABELS[matter['stage']]}): cannot {name} "
            f"({rule.label}); allowed: {', '.join(allowed_steps(matter['stage'])) or 'nothing'}",
            matter=matter["incident_id"], stage=matter["stage"], step=name)


def step(conn, matter, name, by, now, *, changes=None, on_date=None, due_date=None, note=None, details=None):
    """Write step ``name`` on the locked ``matter``: its column ``changes`` one version up and its event
    (late when ``on_date`` is after ``due_date``). Returns the event's ``late``."""
    changes = dict(changes or {})
    target = STEPS[name].target
    if "stage" not in changes and target != SAME:
        changes["stage"] = target
    unknown = set(changes) - set(COLUMNS)
    if unknown:
        raise ValueError(f"not petition_matter columns: {sorted(unknown)}")
    assignments = [sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder(c)) for c in changes]
    query = sql.SQL("UPDATE petition_matter SET {} WHERE incident_id = %(id)s AND version = %(version)s "
                    "RETURNING version").format(sql.SQL(", ").join(
                        [*assignments, sql.SQL("version = version + 1"), sql.SQL("changed_at = %(at)s")]))
    with conn.cursor() as cur:
        cur.execute(query, {**changes, "id": matter["incident_id"], "version": matter["version"], "at": now})
        version = cur.fetchone()[0]
    late = on_date > due_date if on_date is not None and due_date is not None else None
    event(conn, matter["incident_id"], version, name, matter["stage"], changes.get("stage", matter["stage"]), by,
          now, on_date=on_date, due_date=due_date, late=late, note=note, details=details)
    matter.update(changes, version=version, changed_at=now)
    return late


def event(conn, matter_id, version, name, from_stage, to_stage, by, now, *, on_date=None, due_date=None,
          late=None, note=None, details=None):
    with conn.cursor() as cur:
        cur.execute(load("grids.petitions", "petition_event_insert"), {
            "incident_id": matter_id, "version": version, "action": name, "from_stage": from_stage,
            "to_stage": to_stage, "by_person_id": by["id"] if by else None, "at": now, "on_date": on_date,
            "due": due_date, "late": late, "note": note,
            "details": json.dumps(details or {}, ensure_ascii=False, default=str)})


# ---- input checks ---------------------------------------------------------------------------------


def text(field, value, maximum, *, required=False):
    if value is not None and not isinstance(value, str):
        raise PetitionError(f"`{field}` must be text", field=field)
    value = (value or "").strip() or None
    if value is None and required:
        raise PetitionError(f"`{field}` is required", field=field)
    if value is not None and limits.text_problem(value, maximum):
        raise PetitionError(f"`{field}` {limits.text_problem(value, maximum)}", field=field)
    return value


def day(field, value, now, *, not_before=None, not_before_label=None):
    """A date (``date`` or ISO text; default: the day of ``now``), not after the day of ``now`` nor before
    ``not_before``; refused naming ``field``."""
    today = clock.today(now)
    if value is None or value == "":
        value = today
    elif isinstance(value, dt.datetime):
        value = clock.today(value)
    elif not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise PetitionError(f"`{field}` is a date (YYYY-MM-DD), not {value!r}", field=field) from None
    if value > today:
        raise PetitionError(f"`{field}` {value} is after today ({today})", field=field)
    if not_before is not None and value < not_before:
        raise PetitionError(f"`{field}` {value} is before {not_before_label} ({not_before})", field=field)
    return value


def choice(field, value, options, *, required=True):
    """``value`` as a key of ``options`` (or its Chinese label), refused naming ``field``."""
    if value is None or value == "":
        if required:
            raise PetitionError(f"`{field}` is required: one of {', '.join(options)}", field=field)
        return None
    by_label = {label: code for code, label in options.items()}
    value = by_label.get(str(value).strip(), value) if isinstance(value, str) else value
    if not isinstance(value, str) or value not in options:
        raise PetitionError(f"`{field}` is one of {', '.join(f'{c} ({l})' for c, l in options.items())}, "
                            f"not {value!r}", field=field)
    return value


def whole_number(field, value, minimum, maximum):
    if isinstance(value, bool):
        raise PetitionError(f"`{field}` is a whole number", field=field)
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise PetitionError(f"`{field}` is a whole number, not {value!r}", field=field) from None
    if not minimum <= number <= maximum:
        raise PetitionError(f"`{field}` is a whole number from {minimum} to {maximum}, not {value!r}", field=field)
    return number
