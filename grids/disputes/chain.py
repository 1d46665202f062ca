"""The chain of a dispute (矛盾纠纷): its stages, the steps that move them, and the checks of their input.

Concept: a dispute is a **case** of the case loop (an incident row, from any channel) with a record beside
it (:mod:`grids.disputes.records`) and a **stage** of its own, moved
along the chain 接访 → 分流 → 调解 → 协议 / 移交 → 回访 only by the steps of :data:`STEPS`:

    received --triage--> triaged --session--> mediating --success--> agreed --follow_up--> resolved
                      \\--failure (调解不成, hand-over)--> handed_over <--failure-- mediating
    agreed --follow_up 'not' (not performed)--> mediating (reopened)

:func:`step` is the only way a dispute changes: it locks the record, checks the step against the stage
(:class:`~grids.errors.IllegalDisputeStep` names the stage and the steps allowed), writes the columns one
version up and appends the event — who (``by_person_id``, and the session's operator,
``gridgov_operator()``), when (the case clock), from → to, the note and details — to ``dispute_event``,
which refuses any UPDATE or DELETE. Every public writer validates its whole input first and runs in a
savepoint (:func:`atomic`), so a refused input writes nothing. Nothing commits: the caller does.
"""
import decimal
import json
from dataclasses import dataclass

from psycopg2 import sql

from gis.sqlfiles import load
from grids import clock, limits, steps
from grids.errors import DisputeError, IllegalDisputeStep

STAGES = ("received", "triaged", "mediating", "agreed", "resolved", "handed_over")
ACTIVE = ("received", "triaged", "mediating")      # being mediated: a mediator's load
OPEN = (*ACTIVE, "agreed")                          # not finished: agreed waits for its follow-up
FINISHED = ("resolved", "handed_over")
SAME = "(unchanged)"
STAGE_LABELS = {"received": "已受理", "triaged": "已分流", "mediating": "调解中", "agreed": "调解成功待履行",
                "resolved": "已化解", "handed_over": "调解不成已移交"}
SOURCES = ("channel", "screening", "three_calls")
MAX_PEOPLE = 1_000_000
MAX_AMOUNT = decimal.Decimal("999999999999.99")     # numeric(14, 2)


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple      # the stages it is allowed in
    target: str         # the stage it leads to (SAME: none; the step may decide otherwise)


STEPS = {s.name: s for s in (
    Step("record", "登记受理", (), "received"),
    Step("triage", "分流", ACTIVE, "triaged"),
    Step("joint", "会商研判", ACTIVE, SAME),
    Step("session", "调解", ("triaged", "mediating"), "mediating"),
    Step("success", "调解成功", ("mediating",), "agreed"),
    Step("failure", "调解不成", ("triaged", "mediating"), "handed_over"),
    Step("follow_up", "履行回访", ("agreed",), "resolved"),
    Step("risk", "风险等级", STAGES, SAME),
    Step("parties", "当事人", OPEN, SAME),
    Step("team", "五员包案", STAGES, SAME),
    Step("calls", "关联警情", OPEN, SAME),
)}
# the columns a step may set on the dispute row
COLUMNS = ("stage", "centre_code", "post", "org_id", "joint", "joint_posts", "outcome", "outcome_at", "resolved_at",
           "reopen_count", "risk_computed", "risk_factors", "risk_override", "risk_override_reason",
           "people_involved", "amount_involved", "violence", "summary")


def allowed_steps(stage):
    """The steps a dispute at ``stage`` may take."""
    return [name for name, s in STEPS.items() if stage in s.sources]


def atomic(conn):
    """A savepoint around a step (:func:`grids.steps.savepoint`)."""
    return steps.savepoint(conn, "dispute_step")


def actor(conn, by, *, required=False, field="by"):
    """The person ``by`` (a code or id) as a dict, None for the system; refused naming ``field``."""
    return steps.person_acting(conn, by, DisputeError, required=required, field=field)


when = steps.step_time


def locked(conn, dispute_id):
    """The dispute of case ``dispute_id`` with its case's placement, locked; :class:`DisputeError` if none."""
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "dispute_lock"), {"id": dispute_id})
        row = cur.fetchone()
        if row is None:
            raise DisputeError(f"case {dispute_id} has no dispute record", dispute=dispute_id, field="dispute")
        return dict(zip([d[0] for d in cur.description], row))


def check_stage(dispute, name):
    """:class:`IllegalDisputeStep` unless ``dispute``'s stage allows step ``name``."""
    rule = STEPS[name]
    if dispute["stage"] not in rule.sources:
        allowed = allowed_steps(dispute["stage"])
        raise IllegalDisputeStep(f"dispute {dispute['incident_id']} is {dispute['stage']} "
                                 f"({STAGE_LABELS[dispute['stage']]}): cannot {name} ({rule.label}); allowed: "
                                 f"{', '.join(allowed) or 'nothing'}", dispute=dispute["incident_id"],
                                 stage=dispute["stage"], step=name)


def step(conn, dispute, name, by, now, *, changes=None, details=None, note=None):
    """Write step ``name`` on the locked ``dispute``: its column ``changes`` one version up and its event.
    Returns the new version. The stage is the step's target unless ``changes`` sets it."""
    changes = dict(changes or {})
    target = STEPS[name].target
    if "stage" not in changes and target != SAME:
        changes["stage"] = target
    unknown = set(changes) - set(COLUMNS)
    if unknown:
        raise ValueError(f"not dispute columns: {sorted(unknown)}")
    assignments = [sql.SQL("{} = {}").format(sql.Identifier(c), sql.Placeholder(c)) for c in changes]
    query = sql.SQL("UPDATE dispute SET {} WHERE incident_id = %(id)s AND version = %(version)s "
                    "RETURNING version").format(sql.SQL(", ").join(
                        [*assignments, sql.SQL("version = version + 1"), sql.SQL("changed_at = %(at)s")]))
    params = {**{c: _db_value(v) for c, v in changes.items()}, "id": dispute["incident_id"],
              "version": dispute["version"], "at": now}
    with conn.cursor() as cur:
        cur.execute(query, params)
        version = cur.fetchone()[0]
    event(conn, dispute["incident_id"], version, name, dispute["stage"], changes.get("stage", dispute["stage"]),
          by, now, note, details)
    dispute.update(changes, version=version, changed_at=now)
    return version


def event(conn, dispute_id, version, name, from_stage, to_stage, by, now, note=None, details=None):
    """Append one event to ``dispute_event``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "dispute_event_insert"), {
            "incident_id": dispute_id, "version": version, "action": name, "from_stage": from_stage,
            "to_stage": to_stage, "by_person_id": by["id"] if by else None, "at": now, "note": note,
            "details": as_json(details or {})})


def as_json(value):
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _json_default(value):
    if isinstance(value, decimal.Decimal):
        return float(value)
    return str(value)


def _db_value(value):
    return as_json(value) if isinstance(value, dict) else value


# ---- input checks shared by the steps -------------------------------------------------------------


def text(field, value, maximum, *, required=False):
    """``value`` stripped (None when empty), refused naming ``field`` when required and missing or too long."""
    if value is not None and not isinstance(value, str):
        raise DisputeError(f"`{field}` must be text", field=field)
    value = (value or "").strip() or None
    if value is None and required:
        raise DisputeError(f"`{field}` is required", field=field)
    if value is not None and limits.text_problem(value, maximum):
        raise DisputeError(f"`{field}` {limits.text_problem(value, maximum)}", field=field)
    return value


def amount(field, value):
    """An amount in yuan (≥ 0, two decimals) or None, refused naming ``field``."""
    if value is None or value == "":
        return None
    try:
        number = decimal.Decimal(str(value).replace(",", "").strip())
    except decimal.InvalidOperation:
        raise DisputeError(f"`{field}` is an amount in yuan, not {value!r}", field=field) from None
    if not number.is_finite() or number < 0 or number > MAX_AMOUNT:
        raise DisputeError(f"`{field}` is an amount from 0 to {MAX_AMOUNT} yuan, not {value!r}", field=field)
    return number.quantize(decimal.Decimal("0.01"))


def count(field, value, *, minimum=1, maximum=MAX_PEOPLE):
    """A whole number from ``minimum`` to ``maximum``, refused naming ``field``."""
    if isinstance(value, bool):
        raise DisputeError(f"`{field}` is a whole number", field=field)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DisputeError(f"`{field}` is a whole number, not {value!r}", field=field) from None
    if number != value and str(number) != str(value).strip() or not minimum <= number <= maximum:
        raise DisputeError(f"`{field}` is a whole number from {minimum} to {maximum:,}, not {value!r}", field=field)
    return number


def date(field, value, *, required=False):
    """A date (a ``date``, or ISO text), refused naming ``field``."""
    return steps.step_date(field, value, DisputeError, required=required)


def moment(field, value, *, required=True):
    """A time (a datetime or ISO text; no offset: Asia/Shanghai), refused naming ``field``."""
    if value is None or value == "":
        if required:
            raise DisputeError(f"`{field}` is required (a date and time)", field=field)
        return None
    try:
        return clock.resolve(value)
    except (TypeError, ValueError, AttributeError):     # a number or a list from JSON: no tzinfo
        raise DisputeError(f"`{field}` is a date and time (YYYY-MM-DD HH:MM), not {value!r}", field=field) from None


def choice(field, value, options, *, labels=None):
    """``value`` as one of ``options`` (or its Chinese label in ``labels``), refused naming ``field``."""
    by_label = {label: code for code, label in (labels or {}).items()}
    value = by_label.get(str(value).strip(), value) if value is not None else None
    if value not in options:
        raise DisputeError(f"`{field}` is one of {', '.join(options)}, not {value!r}", field=field)
    return value
