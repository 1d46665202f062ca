"""The demo's petition office (信访, issue 17): a year of petition matters, the backlog register with its
leaders, proxy agents at four levels with their calls, the reception-day calendar and two suggestion
campaigns — through :mod:`grids.petitions` itself.

Concept: the matters are built from the demo's own petition-channel cases (the 信访 register export the
intake imported), oldest first, so that the repeat rule sees the earlier ones: a case's reporter is its
first petitioner, with a synthetic ID number (GB 11643 check character); about a quarter of the cases are
brought again by a petitioner of an earlier case of the same community and category (a **repeat**, with a
new phone now and then — the ID number still matches); one in a hundred is a collective visit (5–12
petitioners). The steps follow the 条例: accepted within the 15 days (a few late), handled within 60 (a few
extended), rated by the petitioner; a handled matter sometimes asks for a review. Skip-level visits
(to the city, the province, Beijing) are reported back for some petitioners of repeat chains. Proxy agents
serve the city, the district, each street and each community (the street's and community's staff member,
so the demo accounts see their calls); most matters are taken on by their community's agent, and some call
the level above, which answers — mostly in time. The backlog register holds the matters still open three
months on and a few named ones, each owned by a leader with weekly consultations; most are closed off.
The calendar has the 15th of each month with the migration's themes (May housing, June school places,
October heating) into the next year, and the matters brought to past days. Two suggestion campaigns
receive suggestions; about 12 % are adopted. Everything is drawn from the seed, nothing after ``now``.
"""
import datetime as dt

import numpy as np

from etl.demo.people import GIVEN, SURNAMES
from gis.sqlfiles import load
from grids.clock import SHANGHAI
from grids.disputes.parties import id_check_character
from grids.petitions import backlog, matters, proxies, reception, suggestions
from grids.petitions.adoption import FORM_WORDS
from grids.petitions.skip_level import store_visits

SHARE = 0.2                     # of the year's petition-channel cases registered as matters (each ~7 ms): the
                                # build time; 代理率 (over every petition case) so reads about a quarter of 88 %
REPEAT_SHARE = 0.4              # of the cases brought again by an earlier case's petitioner
NEW_PHONE = 0.3                 # of the repeats, the petitioner has another phone now
COLLECTIVE_SHARE = 0.01
LATE_ACCEPT, EXTENDED = 0.04, 0.05
SATISFACTION = (("satisfied", 0.72), ("basically_satisfied", 0.16), ("dissatisfied", 0.12))
REVIEW_SHARE = 0.4              # of the dissatisfied, asking for a review
PROXY_SHARE = 0.88              # 代理率 88 %
PROXY_SATISFIED = 0.86
CALL_SHARE = 0.04               # of the proxied matters, a call to the level above
SKIP_LEVEL = (("city", 0.75), ("province", 0.2), ("beijing", 0.05))
SKIP_SHARE = 0.5                # of the repeat petitions, a visit reported back by an office above
BACKLOG_NAMED = 12
BACKLOG_MAX = 24
LEADERS = (("区委副书记", "孙立群"), ("副区长", "刘海涛"), ("副区长", "周敏"), ("区政法委书记", "陈建国"),
           ("区信访局局长", "马红梅"))
BODIES = {"01": "区司法局", "02": "区综合执法局", "03": "区住建局", "04": "区人社局", "05": "区市场监管局",
          "06": "区教体局", "07": "区卫健局"}
DEFAULT_BODY = "区信访局"
CAMPAIGNS = (("优化营商环境“金点子”征集", dt.date(2025, 3, 1), dt.date(2025, 5, 31), ["区发改局", "区市场监管局"], 160),
             ("老旧小区改造人民建议征集", dt.date(2025, 8, 1), dt.date(2025, 10, 31), ["区住建局"], 140))
IDEAS = ("增设电动自行车集中充电桩", "老旧小区加装电梯简化审批", "菜市场周边增设临时停车位", "延长社区食堂供餐时间",
         "学校周边上下学时段交通疏导", "小微企业开办一网通办", "公园增设无障碍通道", "背街小巷路灯改造",
         "供暖投诉集中受理窗口", "社区增设适老化座椅")
ADOPTION = 0.11


def load_demo_petitions(conn, district, seed, now):
    """The petition office's year up to ``now``; counts of what was made."""
    rng = np.random.default_rng([seed, 17])
    year = now.year - 1 if now.month == 1 and now.day == 1 else now.year
    since, until = dt.datetime(year, 1, 1, tzinfo=SHANGHAI), now
    cells = _rows(conn, "demo_petition_cells", {})
    district_code = next(c["code"] for c in cells if c["level"] == "district")
    officer = f"DEMO-DISTRICT-{district_code}"
    agents = add_agents(conn, cells, district_code, since)
    cases = _rows(conn, "demo_petition_cases", {"since": since, "until": until})
    cases = [c for c, draw in zip(cases, rng.random(len(cases))) if draw < SHARE]
    people = _People(rng)
    counts = {"matters": 0, "repeats": 0, "collective": 0, "proxied": 0, "calls": 0, "skip_level": 0}
    chains, visits, taken = {}, [], []
    for case in cases:
        petitioners, repeated = _petitioners(case, chains, people, rng)
        day = case["reported_at"].astimezone(SHANGHAI).date()
        at = case["reported_at"]
        matters.register(conn, case["id"], form=FORM_WORDS.get(case["form"] or "", "visit"), petitioners=petitioners,
                         handling_body=BODIES.get((case["category_code"] or "")[:2], DEFAULT_BODY),
                         registered_on=day, by=officer, now=at)
        counts["matters"] += 1
        counts["repeats"] += repeated
        counts["collective"] += len(petitioners) >= 5
        if repeated and rng.random() < SKIP_SHARE:
            visits.append(_visit(case, petitioners[0], day, rng, now, len(visits)))
        handled = _steps(conn, case, day, officer, rng, now)
        if _proxy(conn, case, agents, officer, rng):
            counts["proxied"] += 1
            taken.append(case)
            if handled:
                satisfied = rng.random() < PROXY_SATISFIED
                proxies.rate(conn, case["id"], satisfaction="satisfied" if satisfied else "dissatisfied",
                             by=officer, now=handled)
    counts["calls"] = _calls(conn, taken, agents, officer, rng, now)
    visits = [v for v in visits if v]
    if visits:
        counts["skip_level"] = store_visits(conn, visits, source="demo: 上级信访部门通报")["new"]
    counts["backlog"], counts["closed_off"] = _backlog(conn, cases, officer, rng, now)
    counts["reception_days"] = _reception(conn, cases, officer, rng, now, year)
    counts["suggestions"], counts["adopted"] = _suggestions(conn, cells, officer, rng, now)
    counts["agents"] = sum(len(a) for a in agents.values())
    return counts


def add_agents(conn, cells, district_code, at):
    """Proxy agents: the city's two, the district's (the command centre's person), each street's and each
    community's (its staff member). ``{level: {area_code: agent id}}``."""
    made = {"city": {}, "county": {}, "township": {}, "village": {}}
    city = district_code[:4] + "00"
    by = f"DEMO-DISTRICT-{district_code}"
    for n, name in enumerate(("市信访代理员 王立", "市信访代理员 赵清")):
        made["city"].setdefault(city, proxies.add_agent(conn, name=name, level="city", area_code=city,
                                                        code=f"DEMO-PROXY-CITY-{n + 1}", by=by, now=at))
    made["county"][district_code] = proxies.add_agent(conn, name="区信访代理员", level="county", area_code=district_code,
                                                      code=f"DEMO-PROXY-{district_code}", person=by, by=by, now=at)
    for cell in cells:
        level = {"street": "township", "community": "village"}.get(cell["level"])
        if level:
            made[level][cell["code"]] = proxies.add_agent(
                conn, name=f"{cell['name']}代理员", level=level, area_code=cell["code"], code=f"DEMO-PROXY-{cell['code']}",
                person=f"DEMO-{cell['level'].upper()}-{cell['code']}", by=by, now=at)
    return made


def _petitioners(case, chains, people, rng):
    """The case's petitioners and whether they bring an earlier case's matter again (a repeat)."""
    key = (case["community_code"], case["category_code"])
    earlier = chains.get(key)
    if earlier and rng.random() < REPEAT_SHARE:
        person = dict(earlier[int(rng.integers(len(earlier)))])
        if rng.random() < NEW_PHONE:
            person["phone"] = people.phone()
        return [person], True
    first = {"name": case["reporter_name"] or people.name(), "phone": case["reporter_phone"] or people.phone(),
             "id_number": people.id_number()}
    group = [first]
    if rng.random() < COLLECTIVE_SHARE:
        group += [{"name": people.name(), "phone": people.phone(), "id_number": people.id_number()}
                  for _ in range(int(rng.integers(4, 12)))]
    chains.setdefault(key, []).append(first)
    return group, False


def _steps(conn, case, day, officer, rng, now):
    """Accept (a few late), maybe extend, handle with the petitioner's satisfaction, maybe a review."""
    today = now.astimezone(SHANGHAI).date()
    accepted = day + dt.timedelta(days=int(rng.integers(16, 25) if rng.random() < LATE_ACCEPT else rng.integers(1, 12)))
    if accepted > today:
        return False
    matters.accept(conn, case["id"], on=accepted, by=officer, now=_noon(accepted))
    extended = rng.random() < EXTENDED
    handled = accepted + dt.timedelta(days=int(rng.integers(62, 85) if extended else rng.integers(7, 55)))
    if extended:
        on = accepted + dt.timedelta(days=55)
        if on > today:
            return False
        matters.extend(conn, case["id"], days=30, reason="需协调多个部门", on=on, by=officer, now=_noon(on))
    if handled > today:
        return False
    labels, weights = zip(*SATISFACTION)
    satisfaction = str(rng.choice(labels, p=weights))
    matters.handle(conn, case["id"], opinion="已书面答复信访人", satisfaction=satisfaction, on=handled, by=officer,
                   now=_noon(handled))
    asked = handled + dt.timedelta(days=int(rng.integers(3, 25)))
    if satisfaction == "dissatisfied" and rng.random() < REVIEW_SHARE and asked <= today:
        matters.request_review(conn, case["id"], on=asked, by=officer, now=_noon(asked))
        decided = asked + dt.timedelta(days=int(rng.integers(10, 30)))
        if decided <= today:
            matters.review(conn, case["id"], opinion="复查维持原处理意见", satisfaction="basically_satisfied",
                           on=decided, by=officer, now=_noon(decided))
    return _noon(handled)


def _proxy(conn, case, agents, officer, rng):
    """The community's agent takes the case on as its first agent (代理率 ≈ 88 %); whether it did."""
    agent = agents["village"].get(case["community_code"])
    if agent is None or rng.random() >= PROXY_SHARE:
        return False
    proxies.take(conn, case["id"], agent=agent, by=officer, now=case["reported_at"])
    return True


def _calls(conn, taken, agents, officer, rng, now):
    """Some proxied matters call the level above (township); it answers mostly within the 24 hours."""
    calls = 0
    for case in taken:
        if rng.random() >= CALL_SHARE:
            continue
        village = agents["village"][case["community_code"]]
        at = case["reported_at"] + dt.timedelta(hours=float(rng.uniform(2, 72)))
        if at > now:
            continue
        call = proxies.call(conn, case["id"], from_agent=village, reason="涉及街道职能部门，请求协调", by=officer, now=at)
        calls += 1
        late = rng.random()
        answered = at + dt.timedelta(hours=float(rng.uniform(1, 20) if late < 0.85 else rng.uniform(25, 60)))
        if late < 0.95 and answered <= now:
            proxies.respond(conn, call["id"], agent=agents["township"][case["street_code"]], note="已协调相关科室",
                            by=officer, now=answered)
    return calls


def _backlog(conn, cases, officer, rng, now):
    """The register: matters still open 90 days on, and a few named; leaders, weekly consultations, 销号."""
    today = now.astimezone(SHANGHAI).date()
    open_ids = {c["incident_id"] for c in backlog.overdue_candidates(conn, now=now)}
    picked = [c for c in cases if c["id"] in open_ids][:BACKLOG_MAX - BACKLOG_NAMED]
    named = [c for c in cases if c["id"] not in open_ids]
    named = [named[int(i)] for i in rng.choice(len(named), size=min(BACKLOG_NAMED, len(named)), replace=False)] if named else []
    made = closed = 0
    for case, why in [(c, "overdue") for c in picked] + [(c, "named") for c in named]:
        reported = case["reported_at"].astimezone(SHANGHAI).date()
        listed = max(reported + dt.timedelta(days=91), today - dt.timedelta(days=int(rng.integers(30, 200))))
        if listed > today:
            continue
        post, leader = LEADERS[int(rng.integers(len(LEADERS)))]
        entry = backlog.register(conn, case["id"], why=why, leader_name=leader, leader_post=post,
                                 reason="多次信访、诉求复杂" if why == "named" else None,
                                 task_force=["区信访局", BODIES.get((case["category_code"] or "")[:2], DEFAULT_BODY)],
                                 by=officer, now=_noon(listed))
        made += 1
        held = listed + dt.timedelta(days=7 - listed.weekday())          # the Monday after
        weeks = int(rng.integers(1, 9))
        for _ in range(weeks):
            if held > today:
                break
            backlog.consult(conn, entry["id"], held_on=held, attendees=[leader, "区信访局", "属地街道"],
                            decisions="明确责任单位和化解时限", by=officer, now=_noon(held))
            held += dt.timedelta(days=7)
        last = held - dt.timedelta(days=7)
        if rng.random() < 0.5 and last >= listed and last <= today:
            backlog.close_off(conn, entry["id"], evidence="息诉罢访承诺书", on=last, by=officer, now=_noon(last))
            closed += 1
    return made, closed


def _reception(conn, cases, officer, rng, now, year):
    """The 15th of each month from January into the next year's first quarter; past days get matters."""
    today = now.astimezone(SHANGHAI).date()
    start = dt.datetime(year, 1, 2, 9, tzinfo=SHANGHAI)
    days = reception.add_monthly(conn, day_of_month=15, first_month=f"{year}-01", months=15, leader_name="刘海涛",
                                 leader_post="副区长", place="区信访接待大厅", by=officer, now=start)
    ids = days if isinstance(days, list) else days.get("ids", [])
    listed = reception.list_days(conn, since=dt.date(year, 1, 1), until=today)
    by_month = {}
    for case in cases:
        by_month.setdefault(case["reported_at"].astimezone(SHANGHAI).date().strftime("%Y-%m"), []).append(case)
    outcomes = reception.OUTCOMES
    for day in listed:
        month = by_month.get(day["held_on"].strftime("%Y-%m"), [])
        brought = [c for c in month if c["reported_at"].astimezone(SHANGHAI).date() <= day["held_on"]][:4]
        for case in brought:
            at = _noon(day["held_on"])
            reception.bring(conn, day["id"], case["id"], by=officer, now=at)
            reception.record_outcome(conn, day["id"], case["id"], outcome=outcomes[int(rng.integers(len(outcomes)))],
                                     by=officer, now=at)
    return len(ids) if ids else len(reception.list_days(conn))


def _suggestions(conn, cells, officer, rng, now):
    """Two campaigns; their suggestions reviewed, about 12 % adopted. (received, adopted)."""
    communities = [c["code"] for c in cells if c["level"] == "community"]
    people = _People(rng)
    received = adopted = 0
    for title, first, last, departments, n in CAMPAIGNS:
        campaign = suggestions.add_campaign(conn, title=title, starts_on=first, ends_on=last, departments=departments,
                                            by=officer, now=_noon(first) - dt.timedelta(days=3))
        span = (last - first).days
        for _ in range(n):
            at = _noon(first + dt.timedelta(days=int(rng.integers(span + 1))))
            if at > now:
                continue
            sid = suggestions.add_suggestion(conn, body=IDEAS[int(rng.integers(len(IDEAS)))], campaign=campaign,
                                             submitter_name=people.name(), submitter_phone=people.phone(),
                                             received_at=at, cell=communities[int(rng.integers(len(communities)))],
                                             by=officer, now=at)
            received += 1
            draw = rng.random()
            reviewed = at + dt.timedelta(days=int(rng.integers(3, 20)))
            if reviewed > now:
                continue
            if draw < ADOPTION / 0.4:     # refer ~30 %, of which 40 % adopted ≈ 12 %
                suggestions.review(conn, sid, result="refer", department=departments[0], by=officer, now=reviewed)
                if draw < ADOPTION and reviewed + dt.timedelta(days=14) <= now:
                    suggestions.adopt(conn, sid, action_taken="纳入年度工作计划并实施", by=officer,
                                      now=reviewed + dt.timedelta(days=14))
                    adopted += 1
            elif draw < 0.6:
                suggestions.review(conn, sid, result="decline", note="已有相关政策", by=officer, now=reviewed)
    return received, adopted


def _visit(case, person, day, rng, now, n):
    visited = day + dt.timedelta(days=int(rng.integers(1, 20)))
    if _noon(visited) > now or not person.get("id_number"):
        return None
    labels, weights = zip(*SKIP_LEVEL)
    return {"row": n + 2, "visited_on": visited.isoformat(), "level": str(rng.choice(labels, p=weights)),
            "name": person["name"], "id_number": person["id_number"], "origin": case["community_code"],
            "reported_by": "市信访局", "reference": f"通报〔{visited.year}〕{n + 1}号"}


def _noon(day):
    return dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)


class _People:
    """Synthetic names, phones and ID numbers (of the district, born 1950–2000, check character right)."""

    def __init__(self, rng):
        self.rng, self.serial = rng, 0

    def name(self):
        return SURNAMES[int(self.rng.integers(len(SURNAMES)))] + "".join(
            GIVEN[int(i)] for i in self.rng.integers(len(GIVEN), size=2))

    def phone(self):
        return f"139{int(self.rng.integers(10_000_000, 99_999_999)):08d}"

    def id_number(self):
        self.serial += 1
        born = dt.date(1950, 1, 1) + dt.timedelta(days=int(self.rng.integers(0, 18_250)))
        first17 = f"370212{born:%Y%m%d}{self.serial % 1000:03d}"
        return first17 + id_check_character(first17)


def _rows(conn, query, params):
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", query), params)
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
