"""The demo year through the case loop: a believable history for every demo incident, made in bulk.

Concept: taking ~300,000 transitions one :func:`grids.cases.loop.act` call at a time would take minutes,
so the demo *walks* each case through the loop in memory instead, with the loop's own rules, through its
public functions: the state an action leads to (:func:`grids.cases.loop.planned_transition`), the columns
it sets (:func:`grids.cases.loop.planned_changes`, :mod:`grids.cases.time_limits`) and the ladder
(:mod:`grids.cases.escalation`). Only the handler lookup differs: who is responsible for each cell is read
once (``Staff``) instead of per dispatch. The cron tick is walked too, every ``TICK`` (15 min): it links
repeats, urges (催办) a running case past its deadline once per deadline and escalates one that has used
twice its limit — so the stored state is one a real ``gridgov cases tick`` would leave.

A case's path, decided by a seeded numpy Generator (each case reads its own row of pre-drawn numbers):
accepted (or rejected: more often when the intake could not place it), dispatched to the grid member of
its grid (to a department for some categories; an unplaced case to the command centre), taken in hand
and reported back after a lognormal share of its limit — longer in busy grids and for slow members, so
hotspots run late more often — then verified and closed, or sent back for rework; followed up days
later, mostly satisfied, sometimes dissatisfied and reopened. On the way some are escalated by decision
(grid → community → street → district), suspended (挂账) for days, extended (延期), supervised (督办)
after an urge, or voided — a repeat of a case still open is often voided as its duplicate. Everything
after ``now`` (the end of the demo year) is cut off, so the latest weeks stay open, some overdue.
"""
import datetime as dt
import json
import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from pyproj import Geod

from grids.cases import escalation, loop, time_limits
from grids.clock import SHANGHAI
from grids.incidents import repeats

TICK = dt.timedelta(minutes=15)
ESCALATE_AFTER = escalation.DEFAULT_ESCALATE_AFTER
DRAWS = 64                      # pre-drawn uniforms (and normals) per case; a long path reuses them in turn
HOUR = dt.timedelta(hours=1)
EVENT_COLUMNS = ("incident_id", "version", "action", "from_state", "to_state", "by_person_id", "at", "note", "details")
DETAILS = json.JSONEncoder(ensure_ascii=False, default=str)   # as act() writes them, made once
DEPARTMENT_SHARE = {"0201": 0.5, "0209": 0.6, "0210": 0.7, "0303": 0.4, "0105": 0.5, "0104": 0.3, "0106": 0.3,
                    "0401": 0.4, "0402": 0.4, "0204": 0.3}   # of each category's cases sent to its department
ESCALATE_SHARE = {"grid": 0.035, "community": 0.22, "street": 0.2, "department": 0.03}   # by decision
VOID_SHARE, SUSPEND_SHARE, EXTEND_SHARE = 0.01, 0.015, 0.025
REJECT_SHARE = {"placed": 0.025, "patrol": 0.004, "unplaced": 0.35, "unknown": 0.7}
RATINGS_FIRST = (0.80, 0.14, 0.06)      # satisfied, basically satisfied, dissatisfied
RATINGS_AFTER_REOPEN = (0.6, 0.3, 0.1)
WORK_MEDIAN = {"grid": 0.32, "community": 0.45, "street": 0.5, "district": 0.5, "department": 0.45}  # of the limit
WORK_SIGMA, MEMBER_SIGMA, LOAD_POWER = 0.55, 0.3, 0.45


@dataclass
class Staff:
    """Who handles what: person ids by grid, community and street code; the command person; departments."""

    grid: dict
    community: dict
    street: dict
    command: int
    department: dict            # category code (a leaf, or its parent) -> person id
    pace: dict = field(default_factory=dict)   # person id -> how slow they are (1 = typical)


@dataclass
class Histories:
    """The walked cases: ``events`` (case_event columns) and ``cases`` (the incident's final columns)."""

    events: dict
    cases: dict


class _End(Exception):
    """The walk ends: the case is final, or its next event would be after ``now`` (it stays as it is)."""


class _Escalated(Exception):
    """The case moved up a level: work starts again there."""


class _Draws:
    """One case's row of pre-drawn uniforms and normals, read in turn."""

    def __init__(self, uniforms, normals):
        self.u, self.z, self.i, self.j = uniforms, normals, 0, 0

    def uniform(self, low=0.0, high=1.0):
        self.i += 1
        return low + (high - low) * self.u[self.i % DRAWS]

    def lognormal(self, median, sigma):
        self.j += 1
        return median * math.exp(sigma * self.z[self.j % DRAWS])

    def pick(self, shares):
        u, total = self.uniform(), 0.0
        for index, share in enumerate(shares):
            total += share
            if u < total:
                return index
        return len(shares) - 1


def walk_cases(incidents, staff, candidates, seed, now):
    """Walk every incident through the loop up to ``now``; return :class:`Histories`.

    ``incidents``: dicts with ``id``, ``channel``, ``reported_at``, ``category_code``,
    ``category_limit_hours``, ``district_code`` … ``grid_code``, in report order; ``candidates``: as
    :func:`repeat_candidates` answers. ``seed`` makes it deterministic; nothing is read from the database.
    """
    rng = np.random.default_rng([seed, 4])
    uniforms, normals = rng.random((len(incidents), DRAWS)), rng.standard_normal((len(incidents), DRAWS))
    load = _grid_load(incidents)
    members = sorted(set(staff.grid.values()))
    staff = replace(staff, pace=dict(zip(members, rng.lognormal(0.0, MEMBER_SIGMA, len(members)).tolist())))
    events = []
    cases, seen = [], {}
    for k, incident in enumerate(incidents):
        walk = _Walk(incident, _Draws(uniforms[k], normals[k]), staff, load, now, events)
        walk.run(_repeat_of(incident, candidates, seen))
        seen[incident["id"]] = walk.summary()
        cases.append(walk.case)
    return Histories(dict(zip(EVENT_COLUMNS, map(list, zip(*events)))), _columns(cases))


def repeat_candidates(incidents, distance_m=repeats.DEFAULT_DISTANCE_M, days=repeats.DEFAULT_DAYS):
    """Incident id → ids of the earlier incidents of its category within ``distance_m`` (geodesic, on the
    CGCS2000 ellipsoid) reported within ``days`` before it, oldest first — those ``repeats_link.sql``
    looks at (the walk knows which were rejected or void by then). ``incidents`` are in report order.

    Pairs are found by a hash join on the category and a lattice of cells at least ``distance_m`` wide
    (a point's neighbours lie in its own or the 8 cells around it): 4.6 s in SQL (a GiST probe per
    incident) became 0.6 s here.
    """
    frame = pd.DataFrame([(i["id"], i["category_code"], i["reported_at"], i["lon"], i["lat"]) for i in incidents],
                         columns=["id", "category", "at", "lon", "lat"])
    frame["order"] = np.arange(len(frame))
    frame = frame.dropna(subset=["category", "lon"])
    cell = 1.01 * distance_m / (111_320 * math.cos(math.radians(frame["lat"].abs().max() if len(frame) else 0)))
    frame["gx"], frame["gy"] = np.floor(frame["lon"] / cell).astype(int), np.floor(frame["lat"] / cell).astype(int)
    pairs = pd.concat([frame.assign(gx=frame["gx"] + dx, gy=frame["gy"] + dy).merge(
        frame, on=["category", "gx", "gy"], suffixes=("", "_earlier")) for dx in (-1, 0, 1) for dy in (-1, 0, 1)])
    pairs = pairs[(pairs["order_earlier"] < pairs["order"])
                  & (pairs["at"] - pairs["at_earlier"] <= pd.Timedelta(days=days))]
    _, _, metres = Geod(ellps="GRS80").inv(pairs["lon"].to_numpy(), pairs["lat"].to_numpy(),
                                            pairs["lon_earlier"].to_numpy(), pairs["lat_earlier"].to_numpy())
    pairs = pairs[metres <= distance_m].sort_values(["order", "order_earlier"])
    return pairs.groupby("id", sort=False)["id_earlier"].agg(list).to_dict()


def _grid_load(incidents):
    """Each grid's incidents relative to the median grid's: busy grids work slower."""
    counts = {}
    for incident in incidents:
        counts[incident["grid_code"]] = counts.get(incident["grid_code"], 0) + 1
    median = float(np.median([n for code, n in counts.items() if code])) if len(counts) > 1 else 1.0
    return {code: (n / median) ** LOAD_POWER for code, n in counts.items()}


def _repeat_of(incident, candidates, seen):
    """The earliest candidate that was no rejected or void report when this one came in, as the tick
    links it: ``(id, open then?)``, or None."""
    at = _next_tick(incident["reported_at"])
    for earlier in candidates.get(incident["id"], ()):
        dropped_at, resolved_at = seen[earlier]
        if dropped_at is None or dropped_at > at:
            return earlier, resolved_at is None or resolved_at > at
    return None


def _next_tick(t, strictly=False):
    """The first tick at (or, ``strictly``, after) ``t``: ticks run every ``TICK`` on the clock."""
    seconds, step = t.timestamp(), TICK.total_seconds()
    ticks = math.floor(seconds / step) + 1 if strictly or seconds % step else seconds / step
    return dt.datetime.fromtimestamp(ticks * step, SHANGHAI)


class _Walk:
    """One case walked through the loop; every move goes through :meth:`act`."""

    def __init__(self, incident, draws, staff, load, now, events):
        self.case = {**incident, "status": "reported", "case_version": 0, "case_changed_at": None,
                     **dict.fromkeys(loop.CASE_COLUMNS), "urge_count": 0, "escalation_count": 0,
                     "repeat_of": None}
        self.draws, self.staff, self.load, self.now, self.events = draws, staff, load, now, events
        self.t = incident["reported_at"]
        self.limit = float(incident["category_limit_hours"] or time_limits.DEFAULT_LIMIT_HOURS)
        self.dropped_at = self.resolved_at = None

    def summary(self):
        """``(rejected or voided at, first closed at)`` for later repeats."""
        return self.dropped_at, self.resolved_at

    def run(self, repeat):
        try:
            self._intake(repeat)
        except _End:
            pass

    def act(self, action, at, by=None, note=None, **request):
        """Apply ``action`` at ``at`` as ``act`` would (refusing what it refuses); _End past ``now``."""
        if at > self.now:
            raise _End
        if at < self.t:
            raise ValueError(f"demo case {self.case['id']}: the case clock cannot go back")
        case = self.case
        target = loop.planned_transition(case, action)
        changes = self._changes(action, at, by, request)
        self._record(action, target, at, by, note, changes)
        case.update(changes, status=target, case_version=case["case_version"] + 1, case_changed_at=at)
        self.t = at
        if target in ("rejected", "void"):
            self.dropped_at = at
        if target == "closed" and self.resolved_at is None:
            self.resolved_at = at

    def _changes(self, action, at, by, request):
        if action in ("dispatch", "escalate"):
            level = request["level"]
            changes = {**self._handler(level), **time_limits.start_clock(self.limit, at)}
            if action == "escalate":
                changes["escalation_count"] = self.case["escalation_count"] + 1
            return changes
        actor = {"id": by, "role": "command_staff"} if action == "supervise" else None
        return loop.planned_changes(self.case, action, at, actor, **request)

    def _handler(self, level):
        codes = self.case
        person = {"grid": self.staff.grid.get(codes["grid_code"]),
                  "community": self.staff.community.get(codes["community_code"]),
                  "street": self.staff.street.get(codes["street_code"]), "district": self.staff.command,
                  "department": self._department()}[level]
        cell = None if level == "department" else codes[f"{level}_code"]
        return {"handler_level": level, "handler_cell_code": cell, "handler_person_id": person}

    def _department(self):
        """As ``department_for``: the category's department, else its parent's (its first two digits)."""
        category = self.case["category_code"] or ""
        return self.staff.department.get(category) or self.staff.department.get(category[:2])

    def _record(self, action, target, at, by, note, changes):
        self.events.append((self.case["id"], self.case["case_version"] + 1, action, self.case["status"], target, by,
                            at, note, DETAILS.encode(changes) if changes else "{}"))

    # --- the path ---------------------------------------------------------------------------------

    def _intake(self, repeat):
        d, command = self.draws, self.staff.command
        if repeat:
            self._link(repeat[0])
        accept_at = max(self.t, self.case["reported_at"] + d.lognormal(1.2, 0.9) * HOUR)
        if d.uniform() < self._reject_share():
            return self.act("reject", accept_at, command, note="不予立案：诉求不属受理范围或信息不全")
        if repeat and repeat[1] and d.uniform() < 0.5:
            return self.act("void", accept_at, command, note=f"重复件：repeat of case {repeat[0]}")
        self.act("accept", accept_at, command)
        self.act("dispatch", self.t + d.uniform(0.05, 0.6) * HOUR, command, level=self._first_level())
        self._handle()

    def _link(self, original):
        """The tick's repeat link: no state change, one version up (as ``repeats_link.sql`` writes it)."""
        at, case = _next_tick(self.t), self.case
        if at > self.now:
            raise _End
        self.events.append((case["id"], case["case_version"] + 1, "link_repeat", case["status"], case["status"], None,
                            at, None, DETAILS.encode({"repeat_of": original})))
        case.update(case_version=case["case_version"] + 1, repeat_of=original)
        self.t = at

    def _reject_share(self):
        if self.case["category_code"] is None and self.case["community_code"] is None:
            return REJECT_SHARE["unknown"]
        if self.case["community_code"] is None:
            return REJECT_SHARE["unplaced"]
        return REJECT_SHARE["patrol" if self.case["channel"] == "patrol" else "placed"]

    def _first_level(self):
        share = DEPARTMENT_SHARE.get(self.case["category_code"], 0.0)
        if self._department() and self.draws.uniform() < share:
            return "department"
        if self.case["grid_code"] in self.staff.grid:
            return "grid"
        return "community" if self.case["community_code"] else "district"

    def _handle(self):
        """From dispatch to closing: work at a level (again after an escalation or rework), verify, rate."""
        reworking, reopened = False, False
        while True:
            try:
                self._work(reworking)
            except _Escalated:
                reworking = False
                continue
            if self._verify():
                if not self._follow_up(reopened):
                    return
                reopened = True
            reworking = True

    def _work(self, reworking):
        """Work at the current level until reported back; :class:`_Escalated` when it moves up."""
        d, span, level = self.draws, self._span(), self.case["handler_level"]
        handler, started = self.case["handler_person_id"], self.t
        if not reworking and d.uniform() < VOID_SHARE:
            self._step("void", started + d.uniform(0.1, 0.5) * span, self.staff.command,
                       note="诉求人撤回，作废")
            raise _End
        above = escalation.next_level(level)
        escalating = not reworking and above and d.uniform() < ESCALATE_SHARE.get(level, 0.0)
        work = d.lognormal(WORK_MEDIAN[level] * self._pace() * (0.5 if reworking else 1.0), WORK_SIGMA) * span
        if d.uniform() < 0.9:
            self._step("start", started + min(0.1 * span, work / 3), handler)
        if escalating:
            self._step("escalate", started + d.uniform(0.2, 0.8) * span, handler, level=above,
                       note="本级无法化解，上报")
            raise _Escalated
        self._step("report", self._finish(started, span, work, handler), handler)

    def _finish(self, started, span, work, handler):
        """When the work is done: later for a suspended (挂账) case, after the limit for an extended one."""
        d = self.draws
        if d.uniform() < SUSPEND_SHARE:
            self._step("suspend", started + 0.3 * work, handler, note="挂账：等待相关方处理")
            self.act("resume", self.t + d.lognormal(6.0, 0.7) * 24 * HOUR, handler)
            return self.t + 0.7 * work
        if d.uniform() < EXTEND_SHARE:
            self._step("extend", started + 0.6 * span, handler, hours=2.0 * float(self.case["time_limit_hours"]),
                       note="情况复杂，申请延期")
            return started + d.uniform(1.05, 1.8) * span
        return started + work

    def _span(self):
        return self.case["time_limit_hours"] * HOUR

    def _pace(self):
        if self.case["handler_level"] != "grid":
            return 1.0
        return self.load.get(self.case["grid_code"], 1.0) * self.staff.pace.get(self.case["handler_person_id"], 1.0)

    def _step(self, action, at, by, note=None, **request):
        """An actor's step at ``at``, after the ticks due before it (which may escalate the case)."""
        self._ticks_until(at)
        self.act(action, max(at, self.t), by, note, **request)

    def _ticks_until(self, at):
        """The cron ticks up to ``at``: urge a running case, or escalate it (:class:`_Escalated`)."""
        while self.case["status"] in loop.RUNNING:
            escalate_at, urge_at = self._tick_times()
            if escalate_at is not None and escalate_at <= at and (urge_at is None or escalate_at <= urge_at):
                self.act("escalate", escalate_at, None, level=escalation.next_level(self.case["handler_level"]),
                         note=f"used {ESCALATE_AFTER:g} times its time limit: escalated automatically")
                raise _Escalated
            if urge_at is None or urge_at > at:
                return
            self.act("urge", urge_at, None, note="past its deadline: urged automatically")
            self._maybe_supervise()

    def _tick_times(self):
        case = self.case
        after_change = _next_tick(case["case_changed_at"])
        escalate_at = None
        if case["handler_level"] != "district":
            due = case["deadline"] + (ESCALATE_AFTER - 1) * case["time_limit_hours"] * HOUR
            escalate_at = max(_next_tick(due), after_change)
        urge_at = None
        if case["urged_at"] is None or case["urged_at"] < case["deadline"]:
            urge_at = max(_next_tick(case["deadline"], strictly=True), after_change)
        return escalate_at, urge_at

    def _maybe_supervise(self):
        if self.case["supervised_at"] is None and self.draws.uniform() < 0.2:
            # within the tick: the centre acts on the urge list before the next tick
            self.act("supervise", self.t + self.draws.uniform(0.1, 0.9) * TICK, self.staff.command,
                     note="超期未办结，列入督办")

    def _verify(self):
        """Verified and closed (True) or sent back for rework (False)."""
        d, command = self.draws, self.staff.command
        at = self.t + d.lognormal(5.0, 0.8) * HOUR
        if d.uniform() < 0.05:
            self.act("rework", at, command, note="核查未通过，返工")
            return False
        self.act("verify", at, command)
        return True

    def _follow_up(self, reopened):
        """Followed up and rated; True when a dissatisfied rating reopens the case."""
        d, command = self.draws, self.staff.command
        if d.uniform() >= 0.9:
            return False
        rating = loop.RATINGS[d.pick(RATINGS_AFTER_REOPEN if reopened else RATINGS_FIRST)]
        self.act("rate", self.t + d.uniform(1, 5) * 24 * HOUR, command, rating=rating)
        if rating != "dissatisfied" or reopened or d.uniform() >= 0.6:
            return False
        self.act("reopen", self.t + d.uniform(2, 24) * HOUR, command, note="回访不满意，重新办理")
        return True


def _columns(cases):
    """The final incident columns of every case, column by column."""
    names = ("id", "status", "case_version", "case_changed_at", *loop.CASE_COLUMNS, "repeat_of")
    return {name: [case[name] for case in cases] for name in names}


def outcome_mix(histories, now):
    """Counts that describe the walked year: states, levels closed at, on time, escalated, ratings …"""
    cases = histories.cases
    rows = list(zip(cases["status"], cases["handler_level"], cases["handled_at"], cases["deadline"]))
    resolved = [(level, handled <= deadline) for status, level, handled, deadline in rows
                if status in loop.RESOLVED]
    running_late = [1 for status, _, _, deadline in rows if status in loop.RUNNING and deadline < now]
    return {
        "cases": len(rows), "events": len(histories.events["action"]),
        "status": _count(cases["status"]),
        "resolved_at_level": _count(level for level, _ in resolved),
        "resolved_on_time": sum(on_time for _, on_time in resolved),
        "escalated": sum(count > 0 for count in cases["escalation_count"]),
        "urged": sum(count > 0 for count in cases["urge_count"]),
        "supervised": sum(at is not None for at in cases["supervised_at"]),
        "rating": _count(r for r in cases["rating"] if r),
        "reopened": histories.events["action"].count("reopen"),
        "repeats": sum(r is not None for r in cases["repeat_of"]),
        "open": sum(status in loop.OPEN for status in cases["status"]),
        "open_overdue": len(running_late),
    }


def _count(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))
