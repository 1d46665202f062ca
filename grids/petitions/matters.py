"""The petition matter (信访事项): registered beside a case, then accepted or not, handled (with the
petitioner's satisfaction), extended once, reviewed (复查) and re-reviewed (复核), each step measured
against its deadline of the 2022 信访工作条例.

Concept: :func:`register` puts a matter beside an existing case (any channel, usually ``petition``) or a
new case of channel ``petition`` it opens (placed by hand in a cell of the current generation, or
unplaced): form (来信, 来访, 网上, 电话, 领导信箱), petitioners (one or many; 5 or more make it a collective
visit, 集体访), the body that must handle it (有权处理机关: its name, maybe its cell and a department of the
roster), the day it was registered (登记, default today) and so its acceptance deadline. The repeat rule
(:mod:`grids.petitions.repeats`) runs at once. Each later step (:func:`accept`, :func:`not_accept`,
:func:`extend`, :func:`handle`, :func:`request_review`, :func:`review`, :func:`request_rereview`,
:func:`rereview`) takes the day it happened (default today), checks it against its deadline and records
the event with ``late``; a late decision is recorded (the office must still decide), while what the
条例 forbids — a second extension, one longer than 30 days or after the deadline, a review asked for more
than 30 days after the answer — is refused naming the field, nothing written.
"""
from gis.sqlfiles import load
from grids import clock, limits
from grids.errors import PetitionError
from grids.petitions import petitioners as people
from grids.petitions import repeats, steps
from grids.petitions.steps import FORMS, SATISFACTION


def register(conn, case_id=None, *, form, petitioners, handling_body, handling_cell=None, handling_person=None,
             registered_on=None, summary=None, new_case=None, declared_repeat=None, declared_skip_level=None,
             by=None, now=None, window_days=repeats.WINDOW_DAYS):
    """Register a matter on case ``case_id`` — or, with ``new_case`` (``source_ref``, ``category``, ``cell``,
    ``title``, ``description``, ``address``), on a new petition case. Returns :func:`get_matter` (masked).
    ``by`` is required unless the system adopts an import (``by=None`` with ``system=True`` in
    :mod:`grids.petitions.adoption`)."""
    now = steps.when(now)
    checked = prepare(conn, case_id, form=form, petitioners=petitioners, handling_body=handling_body,
                      handling_cell=handling_cell, handling_person=handling_person, registered_on=registered_on,
                      summary=summary, new_case=new_case, declared_repeat=declared_repeat,
                      declared_skip_level=declared_skip_level, now=now)
    person = steps.actor(conn, by)
    with steps.atomic(conn):
        matter_id = create(conn, checked, person, now, window_days=window_days)
    return get_matter(conn, matter_id, now=now)


def prepare(conn, case_id, *, form, petitioners, handling_body, handling_cell, handling_person, registered_on,
            summary, new_case, declared_repeat, declared_skip_level, now):
    """The checked fields of a new matter, or :class:`PetitionError` naming the field."""
    if (case_id is None) == (new_case is None):
        raise PetitionError("register a matter on an existing case (its id) or on a new case (`new_case`), "
                            "one of the two", field="case")
    case = _case(conn, case_id) if case_id is not None else None
    checked_new = _new_case(conn, new_case) if new_case is not None else None
    day = steps.day("registered_on", registered_on, now)
    checked = people.check_petitioners(petitioners)
    return {"case": case, "new_case": checked_new, "form": steps.choice("form", form, FORMS),
            "petitioners": checked, "registered_on": day, "accept_due": steps.due(day, steps.ACCEPT_DAYS),
            "summary": steps.text("summary", summary, limits.NOTE),
            "handling_body": steps.text("handling_body", handling_body, limits.NAME, required=True),
            "handling_cell_code": _cell("handling_cell", handling_cell, conn) if handling_cell else None,
            "handling_person_id": steps.actor(conn, handling_person, required=False,
                                              field="handling_person")["id"] if handling_person else None,
            "declared_repeat": _flag("declared_repeat", declared_repeat),
            "declared_skip_level": _flag("declared_skip_level", declared_skip_level)}


def create(conn, checked, person, now, *, window_days=repeats.WINDOW_DAYS, note=None, details=None):
    """Write a prepared matter (:func:`prepare`): the new case if asked, the record, its petitioners, its
    first event; then the repeat rule. Returns the matter's id."""
    matter_id = checked["case"]["id"] if checked["case"] else _insert_case(conn, checked["new_case"], now)
    record = {k: checked[k] for k in ("form", "registered_on", "accept_due", "summary", "handling_body",
                                      "handling_cell_code", "handling_person_id", "declared_repeat",
                                      "declared_skip_level")}
    with conn.cursor() as cur:
        cur.execute(load("grids.petitions", "matter_insert"), {
            **record, "incident_id": matter_id, "petitioner_count": len(checked["petitioners"]), "at": now})
    people.insert_petitioners(conn, matter_id, checked["petitioners"])
    steps.event(conn, matter_id, 1, "register", None, "registered", person, now, on_date=checked["registered_on"],
                due_date=checked["accept_due"], note=note,
                details={"form": record["form"], "petitioners": len(checked["petitioners"]),
                         "collective": len(checked["petitioners"]) >= 5, "handling_body": record["handling_body"],
                         "new_case": checked["case"] is None, **(details or {})})
    repeats.detect(conn, matter_id, now, window_days=window_days)
    return matter_id


def accept(conn, matter_id, *, on=None, by, note=None, now=None):
    """受理: the matter accepted on ``on`` (default today); late after 15 days from registration. Starts
    the 60 days of handling. Returns whether it was late."""
    return _decide(conn, matter_id, "accept", on, by, note, now)


def not_accept(conn, matter_id, *, reason, on=None, by, now=None):
    """不予受理 with the reason (told to the petitioner in writing); late after 15 days from registration."""
    return _decide(conn, matter_id, "not_accept", on, by, None, now, reason=reason)


def _decide(conn, matter_id, name, on, by, note, now, reason=None):
    now = steps.when(now)
    person = steps.actor(conn, by)
    note = steps.text("note", note, limits.NOTE)
    if name == "not_accept":
        reason = steps.text("reason", reason, limits.NOTE, required=True)
    with steps.atomic(conn):
        matter = steps.locked(conn, matter_id)
        steps.check_stage(matter, name)
        day = steps.day("on", on, now, not_before=matter["registered_on"], not_before_label="the registration")
        changes = ({"accepted_on": day, "handle_due": steps.due(day, steps.HANDLE_DAYS)} if name == "accept"
                   else {"not_accepted_reason": reason})
        return steps.step(conn, matter, name, person, now, changes=changes, on_date=day,
                          due_date=matter["accept_due"], note=note or reason)


def extend(conn, matter_id, *, days, reason, on=None, by, now=None):
    """延期: the handling period extended once by ``days`` (1–30), decided on or before its deadline, with the
    reason told to the petitioner. A second extension is refused."""
    now = steps.when(now)
    person = steps.actor(conn, by)
    days = steps.whole_number("days", days, 1, steps.EXTENSION_MAX_DAYS)
    reason = steps.text("reason", reason, limits.NOTE, required=True)
    with steps.atomic(conn):
        matter = steps.locked(conn, matter_id)
        steps.check_stage(matter, "extend")
        if matter["extended_days"] is not None:
            raise PetitionError(f"matter {matter_id} was extended once already (by {matter['extended_days']} days): "
                                "the 条例 allows one extension", field="days", matter=matter_id)
        day = steps.day("on", on, now, not_before=matter["accepted_on"], not_before_label="the acceptance")
        if day > matter["handle_due"]:
            raise PetitionError(f"an extension is decided before the handling deadline ({matter['handle_due']}) "
                                f"runs out, not on {day}", field="on", matter=matter_id)
        new_due = steps.due(matter["handle_due"], days)
        steps.step(conn, matter, "extend", person, now, on_date=day, due_date=matter["handle_due"], note=reason,
                   changes={"extended_days": days, "extension_reason": reason, "handle_due": new_due},
                   details={"days": days, "handle_due": new_due})
    return new_due


def handle(conn, matter_id, *, opinion, satisfaction=None, on=None, by, now=None):
    """办结: the handling opinion (处理意见) given on ``on``, with the petitioner's satisfaction (满意, 基本满意,
    不满意; may be given later by :func:`rate`); late after the handling deadline (60 days, or extended)."""
    now = steps.when(now)
    person = steps.actor(conn, by)
    opinion = steps.text("opinion", opinion, limits.NOTE, required=True)
    satisfaction = steps.choice("satisfaction", satisfaction, SATISFACTION, required=False)
    with steps.atomic(conn):
        matter = steps.locked(conn, matter_id)
        steps.check_stage(matter, "handle")
        day = steps.day("on", on, now, not_before=matter["accepted_on"], not_before_label="the acceptance")
        return steps.step(conn, matter, "handle", person, now, on_date=day, due_date=matter["handle_due"],
                          changes={"handled_on": day, "handling_opinion": opinion, "satisfaction": satisfaction},
                          details={"satisfaction": satisfaction})


def request_review(conn, matter_id, *, on=None, by, note=None, now=None, rereview=False):
    """申请复查 (or, ``rereview``, 申请复核): asked on ``on``, at most 30 days after the answer (办结, or the
    review's opinion); later is refused. The decision is due 30 days after the request."""
    name = "request_rereview" if rereview else "request_review"
    after, label = ("reviewed_on", "the review's opinion") if rereview else ("handled_on", "the handling opinion")
    now = steps.when(now)
    person = steps.actor(conn, by)
    note = steps.text("note", note, limits.NOTE)
    with steps.atomic(conn):
        matter = steps.locked(conn, matter_id)
        steps.check_stage(matter, name)
        day = steps.day("on", on, now, not_before=matter[after], not_before_label=label)
        last = steps.due(matter[after], steps.REVIEW_REQUEST_DAYS)
        if day > last:
            raise PetitionError(f"a {'re-review (复核)' if rereview else 'review (复查)'} is asked for within 30 days of "
                                f"{label} ({matter[after]}): the last day was {last}, not {day}", field="on",
                                matter=matter_id)
        decision_due = steps.due(day, steps.REREVIEW_DAYS if rereview else steps.REVIEW_DAYS)
        prefix = "rereview" if rereview else "review"
        steps.step(conn, matter, name, person, now, on_date=day, due_date=last, note=note,
                   changes={f"{prefix}_requested_on": day, f"{prefix}_due": decision_due})
    return decision_due


def review(conn, matter_id, *, opinion, satisfaction=None, on=None, by, now=None, rereview=False):
    """复查意见 (or, ``rereview``, 复核意见) given on ``on``; late after 30 days from the request. A new
    satisfaction replaces the old one when given."""
    name, prefix = ("rereview", "rereview") if rereview else ("review", "review")
    now = steps.when(now)
    person = steps.actor(conn, by)
    opinion = steps.text("opinion", opinion, limits.NOTE, required=True)
    satisfaction = steps.choice("satisfaction", satisfaction, SATISFACTION, required=False)
    with steps.atomic(conn):
        matter = steps.locked(conn, matter_id)
        steps.check_stage(matter, name)
        day = steps.day("on", on, now, not_before=matter[f"{prefix}_requested_on"], not_before_label="the request")
        changes = {f"{prefix}ed_on": day, f"{prefix}_opinion": opinion}
        if satisfaction:
            changes["satisfaction"] = satisfaction
        return steps.step(conn, matter, name, person, now, on_date=day, due_date=matter[f"{prefix}_due"],
                          changes=changes, details={"satisfaction": satisfaction})


def request_rereview(conn, matter_id, **kwargs):
    return request_review(conn, matter_id, rereview=True, **kwargs)


def rereview(conn, matter_id, **kwargs):
    return review(conn, matter_id, rereview=True, **kwargs)


def get_matter(conn, matter_id, *, with_personal_data=False, now=None):
    """The matter whole: record, case, petitioners (masked unless ``with_personal_data``; never a hash),
    repeat link, history, the steps its stage allows and ``overdue`` (the deadline passed, today)."""
    rows = _rows(conn, "matter_get", {"id": matter_id})
    if not rows:
        raise PetitionError(f"case {matter_id} has no petition matter", field="matter", matter=matter_id)
    matter = rows[0]
    show = people.plain if with_personal_data else people.masked
    matter["petitioners"] = [show(p) for p in people.petitioners_of(conn, matter_id)]
    matter["history"] = _rows(conn, "matter_history", {"id": matter_id})
    matter["allowed_steps"] = steps.allowed_steps(matter["stage"])
    matter["current_due"], matter["overdue"] = current_deadline(matter, clock.today(now))
    return matter


def current_deadline(matter, today):
    """The deadline the matter's stage runs against and whether ``today`` is past it."""
    due = {"registered": matter["accept_due"], "accepted": matter["handle_due"], "reviewing": matter["review_due"],
           "rereviewing": matter["rereview_due"]}.get(matter["stage"])
    return due, bool(due and today > due)


def list_matters(conn, *, within=None, stages=None, overdue_on=None, limit=500):
    """Matters of cases placed under ``within`` (a cell code), of ``stages``, overdue on ``overdue_on``
    (a date) when given, newest first; no personal data (petitioner counts only)."""
    return _rows(conn, "matter_list", {"within": within, "stages": list(stages) if stages else None,
                                       "overdue_on": overdue_on, "limit": limit})


def _case(conn, case_id):
    if isinstance(case_id, bool) or not isinstance(case_id, int) or limits.id_problem(case_id):
        raise PetitionError(f"a matter is registered on a case: {case_id!r} is no case id", field="case")
    rows = _rows(conn, "incident_for_matter", {"id": case_id})
    if not rows:
        raise PetitionError(f"no case {case_id}", field="case", case=case_id)
    if rows[0]["has_matter"]:
        raise PetitionError(f"case {case_id} has a petition matter already", field="case", case=case_id)
    return rows[0]


def _new_case(conn, new_case):
    if not isinstance(new_case, dict):
        raise PetitionError("`new_case` has source_ref, category, cell, title, description, address",
                            field="new_case")
    ref = steps.text("new_case.source_ref", new_case.get("source_ref"), limits.TICKET, required=True)
    if _rows(conn, "incident_by_ref", {"ref": ref}):
        raise PetitionError(f"a petition case {ref!r} exists already", field="new_case.source_ref")
    category = steps.text("new_case.category", new_case.get("category"), limits.CATEGORY)
    if category and not _rows(conn, "category_exists", {"code": category}):
        raise PetitionError(f"no category {category!r}", field="new_case.category")
    cell = new_case.get("cell")
    return {"ref": ref, "category": category, "cell": _cell("new_case.cell", cell, conn) if cell else None,
            "title": steps.text("new_case.title", new_case.get("title"), limits.TITLE),
            "description": steps.text("new_case.description", new_case.get("description"), limits.DESCRIPTION),
            "address": steps.text("new_case.address", new_case.get("address"), limits.ADDRESS)}


def _insert_case(conn, new_case, now):
    with conn.cursor() as cur:
        cur.execute(load("grids.petitions", "case_insert"), {**new_case, "at": now})
        return cur.fetchone()[0]


def _cell(field, code, conn):
    code = steps.text(field, code, limits.CATEGORY, required=True)
    if not _rows(conn, "cell_chain", {"code": code}):
        raise PetitionError(f"no cell {code!r} in the current generation", field=field)
    return code


def _flag(field, value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("是", "yes", "y", "true", "1", "重复", "越级"):
        return True
    if text in ("否", "no", "n", "false", "0", "初次", "首次"):
        return False
    raise PetitionError(f"`{field}` is 是 or 否, not {value!r}", field=field)


def _rows(conn, query, params):
    with conn.cursor() as cur:
        cur.execute(load("grids.petitions", query), params)
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
