"""Leaders' reception days (领导接访下访日): the calendar, its themes, the matters brought and their
outcome, and "the next reception day and its topic" for the command page.

Concept: the calendar holds dates, not rules. A day is added on its own (:func:`add_day`) or a recurring
fixed day — the 15th of each month — is generated into one row per month (:func:`add_monthly`; a day
past a short month's end falls on its last day; a day the leader already has is skipped), so each day
can carry its own theme and the matters brought attach to a real date. A day's topic and lead
departments are its own, else its month's theme (``reception_theme``: May housing with 住建局 and
人社局, June school places with 教体局, October heating with 住建局; :func:`set_theme` edits them).
Petition matters are brought to a day (:func:`bring`) and get one outcome (:func:`record_outcome`).
"""
import calendar
import datetime as dt

from grids import clock, limits
from grids.petitions import work_checks as check
from grids.petitions.work_checks import PetitionWorkError

KINDS = ("reception", "visit")            # 接访 (the leader receives), 下访 (the leader goes out)
OUTCOMES = ("resolved_on_the_spot", "assigned", "explained", "referred")   # 当场解决, 交办, 解释说明, 转办
EVENTS = "reception_event_insert"
MAX_MONTHS = 36


def add_day(conn, *, held_on, leader_name, place, leader_post=None, theme=None, departments=None, kind="reception",
            by, now=None):
    """Add one reception day; returns its id. Refused (field ``held_on``) when the leader has one that day."""
    now = check.when(now)
    day = _day_fields(held_on=check.day("held_on", held_on), leader_name=leader_name, leader_post=leader_post,
                      place=place, theme=theme, departments=departments, kind=kind, recurrence=None)
    person = check.actor(conn, by)
    with check.atomic(conn):
        ids = _insert(conn, [day], person, now)
        if not ids:
            raise PetitionWorkError(f"{day['leader_name']} has a reception day on {day['held_on']} already",
                                    field="held_on")
    return ids[0]


def add_monthly(conn, *, day_of_month=15, first_month, months=12, leader_name, place, leader_post=None,
                theme=None, departments=None, kind="reception", by, now=None):
    """Generate the fixed day ``day_of_month`` of ``months`` months from ``first_month`` (a date or
    ``YYYY-MM``); returns the ids of the days added (days the leader has already are skipped)."""
    now = check.when(now)
    fixed = int(check.number("day_of_month", day_of_month, minimum=1, maximum=31, exclusive_minimum=False))
    if fixed != check.number("day_of_month", day_of_month, minimum=1, maximum=31, exclusive_minimum=False):
        raise PetitionWorkError("`day_of_month` is a whole day, 1 to 31", field="day_of_month")
    count = int(check.number("months", months, minimum=1, maximum=MAX_MONTHS, exclusive_minimum=False))
    start = check.day("first_month", f"{first_month}-01" if isinstance(first_month, str) and len(first_month) == 7
                      else first_month)
    days = [_day_fields(held_on=on, leader_name=leader_name, leader_post=leader_post, place=place, theme=theme,
                        departments=departments, kind=kind, recurrence=f"monthly:{fixed}")
            for on in monthly_dates(start, fixed, count)]
    person = check.actor(conn, by)
    with check.atomic(conn):
        return _insert(conn, days, person, now)


def monthly_dates(start, day_of_month, months):
    """The ``day_of_month`` of ``months`` months from ``start``'s month (a short month: its last day)."""
    dates = []
    year, month = start.year, start.month
    for _ in range(months):
        last = calendar.monthrange(year, month)[1]
        dates.append(dt.date(year, month, min(day_of_month, last)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def next_day(conn, *, today=None):
    """The next reception day from ``today`` (default the case clock's today; today's own counts) with its
    topic and lead departments and ``days_until``, or None: what the command page shows."""
    today = check.day("today", today, required=False) or clock.today()
    rows = check.rows_of(conn, "reception_days_list", {"since": today, "until": None, "id": None, "limit": 1})
    if not rows:
        return None
    return {**rows[0], "days_until": (rows[0]["held_on"] - today).days}


def list_days(conn, *, since=None, until=None, limit=500):
    """The calendar between ``since`` and ``until`` (inclusive dates), with topics and matter counts."""
    return check.rows_of(conn, "reception_days_list", {"since": check.day("since", since, required=False),
                                                       "until": check.day("until", until, required=False),
                                                       "id": None, "limit": limit})


def get_day(conn, day_id):
    """One reception day with its topic and the matters brought (their status and outcome)."""
    day_id = check.identifier("day", day_id)
    rows = check.rows_of(conn, "reception_days_list", {"since": None, "until": None, "id": day_id, "limit": 1})
    if not rows:
        raise PetitionWorkError(f"no reception day {day_id}", field="day")
    return {**rows[0], "brought": check.rows_of(conn, "reception_matters_of", {"reception_day_id": day_id})}


def bring(conn, day_id, case_id, *, by, now=None):
    """A petition matter brought to a reception day; refused if it was already, or is no petition matter."""
    now = check.when(now)
    day = get_day(conn, day_id)
    case = check.incident(conn, case_id)
    if case["channel"] != "petition":
        raise PetitionWorkError(f"case {case['id']} is no petition matter (channel {case['channel']})", field="case")
    person = check.actor(conn, by)
    with check.atomic(conn):
        brought = {"reception_day_id": day["id"], "incident_id": case["id"]}
        if not check.rows_of(conn, "reception_matter_insert", brought):
            raise PetitionWorkError(f"case {case['id']} was brought to reception day {day['id']} already", field="case")
        check.event(conn, EVENTS, "reception_day", day["id"], "bring", person, now, incident_id=case["id"])
    return get_day(conn, day["id"])


def record_outcome(conn, day_id, case_id, *, outcome, note=None, by, now=None):
    """The outcome of a matter brought to a day (当场解决, 交办, 解释说明, 转办), written once."""
    now = check.when(now)
    day_id = check.identifier("day", day_id)
    case_id = check.identifier("case", case_id)
    outcome = check.choice("outcome", outcome, OUTCOMES)
    note = check.text("note", note)
    person = check.actor(conn, by)
    with check.atomic(conn):
        rows = check.rows_of(conn, "reception_matter_lock", {"reception_day_id": day_id, "incident_id": case_id})
        if not rows:
            raise PetitionWorkError(f"case {case_id} was not brought to reception day {day_id}", field="case")
        if rows[0]["outcome"]:
            raise PetitionWorkError(f"case {case_id} has its outcome already ({rows[0]['outcome']})", field="outcome")
        check.rows_of(conn, "reception_matter_outcome", {"reception_day_id": day_id, "incident_id": case_id,
                                                         "outcome": outcome, "note": note})
        check.event(conn, EVENTS, "reception_day", day_id, "outcome", person, now, incident_id=case_id, note=note,
                    details={"outcome": outcome})
    return get_day(conn, day_id)


def themes(conn):
    """The months' themes: ``[{"month", "theme", "departments"}]``."""
    return check.rows_of(conn, "reception_themes", {})


def set_theme(conn, month, *, theme, departments=None):
    """Set the theme of ``month`` (1–12) and its lead departments."""
    month = int(check.number("month", month, minimum=1, maximum=12, exclusive_minimum=False))
    check.rows_of(conn, "reception_theme_upsert", {"month": month, "theme": check.text("theme", theme, limits.TITLE,
                                                                                      required=True),
                                                   "departments": check.texts("departments", departments)})


def _day_fields(*, held_on, leader_name, leader_post, place, theme, departments, kind, recurrence):
    return {"held_on": held_on, "kind": check.choice("kind", kind, KINDS),
            "leader_name": check.text("leader_name", leader_name, limits.NAME, required=True),
            "leader_post": check.text("leader_post", leader_post, limits.NAME),
            "place": check.text("place", place, limits.ADDRESS, required=True),
            "theme": check.text("theme", theme, limits.TITLE),
            "departments": check.texts("departments", departments), "recurrence": recurrence}


def _insert(conn, days, person, now):
    ids = []
    for day in days:
        rows = check.rows_of(conn, "reception_day_insert", day)
        if rows:
            ids.append(rows[0]["id"])
            check.event(conn, EVENTS, "reception_day", rows[0]["id"], "add_day", person, now,
                        details={"held_on": day["held_on"], "leader": day["leader_name"]})
    return ids
