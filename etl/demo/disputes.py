"""The demo's year of disputes (矛盾纠纷多元化解): organisations, mediators and the chain, through the domain.

Concept: after the case walk, the demo district gets its mediation organisations — a 人民调解委员会 per
community and per street, two trade committees (物业, 劳动), two 个人调解工作室 — each a point in its cell,
with synthetic mediators (a community committee's first mediator is its community's staff member, so
that account sees its disputes), and every street's centre its posts (the default list). Then a share of
the year's disputes — category 01 (矛盾纠纷) and some neighbours' noise and parking quarrels — is taken in
as disputes with synthetic parties (names, phones, ID numbers with their GB 11643 check character) and
walked through the chain with :mod:`grids.disputes` itself: triage, sessions, 调解成功 with an agreement
or 调解不成 with a hand-over, follow-up at the deadline (a broken agreement reopens the dispute, which is
mediated again or sent to the court for enforcement). Patrol reports are 排查 by their grid member, and
one street runs a screening campaign before the Spring Festival. Last, the three-calls rule runs monthly
over the year's own 110 calls (the demo's police110 incidents already repeat at some buildings) and the
joint cases it opens are mediated too. Everything is drawn from the seed; nothing is written later than
the demo's "now" (the end of the year), so the last weeks' disputes are still being mediated.
"""
import datetime as dt

import numpy as np

from etl.demo.people import GIVEN, SURNAMES
from gis.sqlfiles import load
from grids.clock import SHANGHAI
from grids.disputes import mediation, organisations, records, screening, three_calls, triage
from grids.disputes.parties import id_check_character
from grids.people import roster

SHARE = 0.025                 # of the candidate incidents taken in as disputes (each costs ~12 ms)
NOISE_SHARE = 0.01            # of the noise (0202) and parking (0208) quarrels
CAMPAIGN_SHARE = 1.0          # of the patrol reports of the campaign's street and weeks (集中排查 finds more)
FAILURE = 0.07                # mediation fails (调解不成) and the dispute is handed over (a quota, see _Quota)
NOT_PERFORMED, PARTLY = 0.04, 0.03
JOINT_TYPES = ("land", "labour")
POST_BY_TYPE = {"family": "心理疏导", "neighbour": "调解和事", "property": "行业专责", "labour": "行业专责",
                "consumer": "法律诊断", "land": "访谈接待", "medical": "行业专责", "traffic": "行业专责",
                "contract": "法律诊断", "education": "访谈接待", "other": "志愿帮谈"}
TRADES = (("property", "崂山区物业纠纷人民调解委员会", ("property",)),
          ("labour", "崂山区劳动争议人民调解委员会", ("labour", "contract")))
STUDIOS = (("family", "neighbour"), ("neighbour", "property"))      # the two studios' specialties
AMOUNTS = {"labour": (3_000, 60_000), "contract": (5_000, 300_000), "consumer": (200, 20_000),
           "traffic": (2_000, 80_000), "medical": (5_000, 200_000), "land": (20_000, 800_000),
           "property": (500, 15_000)}
HANDOVER = (("court", "崂山区人民法院", "（2025）鲁0212民初{n}号"),
            ("labour_arbitration", "崂山区劳动人事争议仲裁委员会", "崂劳人仲案字〔2025〕第{n}号"),
            ("administrative", "崂山区市场监督管理局", None), ("petition_office", "崂山区信访局", None))
CAMPAIGN = ("春节前矛盾纠纷集中排查（示例）", dt.date(2025, 1, 6), dt.date(2025, 1, 26), 0.9)


def load_demo_disputes(conn, district, seed, now):
    """Organisations, the year's disputes through the chain, a campaign and the three-calls cases; counts."""
    # a generator per part, so that a change to one (another organisation) leaves the others' draws alone
    places, sample, rng = (np.random.default_rng([seed, 16, part]) for part in range(3))
    orgs = add_organisations(conn, district.cells, places)
    campaign = add_campaign(conn, district.cells, places)
    counts = {"organisations": orgs["count"], "mediators": orgs["mediators"]}
    people = _People(rng)
    walked = 0
    for incident in _candidates(conn, sample, campaign):
        walked += walk_dispute(conn, incident, orgs, people, rng, now, campaign)
    counts["disputes"] = walked
    counts["three_calls"] = run_three_calls(conn, orgs, people, rng, now)
    return counts


def add_organisations(conn, cells, rng):
    """The committees, trade committees and studios with their mediators: ``{"community": {code: (org id,
    [mediator ids])}, "street": {…}, "trade": {trade: …}, "studio": [(org id, [ids], street code)]}`` with
    the counts (``count``, ``mediators``)."""
    current = cells[cells["level"].isin(["street", "community", "grid"])].sort_values("code")
    names = _NameDrawer(rng)
    orgs = {"community": {}, "street": {}, "trade": {}, "studio": [], "count": 0, "mediators": 0}

    def add(name, kind, area, point, mediators, level=None, trade=None, first=None):
        """The organisation and its mediators (one per tuple of specialties); ``first``: who the first
        mediator is — ``{"name", "person"}`` — instead of a drawn name."""
        org = organisations.add_org(conn, name=name, kind=kind, area_code=area, level=level, trade=trade,
                                    lon=point.x, lat=point.y, phone=f"0532-8899{orgs['count']:04d}")
        ids = []
        for n, specialties in enumerate(mediators):
            who = first if n == 0 and first else {"name": names.draw(), "person": None}
            ids.append(organisations.add_mediator(conn, name=who["name"], org=org["id"], specialties=specialties,
                                                  phone=f"1370003{orgs['mediators'] + n:04d}", person=who["person"]))
        orgs["count"] += 1
        orgs["mediators"] += len(ids)
        return org["id"], ids

    def point_of(code):
        return current[current["code"] == code].geometry.iloc[0].representative_point()

    for row in current[current["level"] == "street"].itertuples():
        orgs["street"][row.code] = add(f"{row.name}人民调解委员会", "committee", row.code,
                                       row.geometry.representative_point(),
                                       (("land", "labour"), ("contract", "consumer"), ("family", "neighbour")))
        triage.set_posts(conn, row.code, triage.DEFAULT_POSTS)
    for row in current[current["level"] == "community"].itertuples():
        staff = roster.responsible_person(conn, "community", row.code)
        orgs["community"][row.code] = add(f"{row.name}人民调解委员会", "committee", row.code,
                                          row.geometry.representative_point(),
                                          (("neighbour", "family"), ("property", "other")),
                                          first={"name": staff["name"], "person": staff["id"]})
    streets = sorted(orgs["street"])
    for (trade, name, specialties), street in zip(TRADES, streets):     # district-wide, sitting in a street
        orgs["trade"][trade] = add(name, "trade", streets[0][:6], point_of(street), [specialties] * 3,
                                   trade=trade)
    communities = sorted(orgs["community"])
    for specialties, community in zip(STUDIOS, (communities[3], communities[-4])):
        mediator = {"name": names.draw(), "person": None}          # the studio bears its mediator's name
        org_id, ids = add(f"{mediator['name']}调解工作室", "studio", community[:9], point_of(community),
                          [specialties], first=mediator)
        orgs["studio"].append((org_id, ids, community[:9]))
    return orgs


def add_campaign(conn, cells, rng):
    """One street's screening campaign before the Spring Festival, most of its grids visited by their member;
    its id."""
    name, starts, ends, share = CAMPAIGN
    street = sorted(cells.loc[cells["level"] == "street", "code"])[0]
    campaign = screening.create_campaign(conn, name=name, starts_on=starts, ends_on=ends, area_codes=[street],
                                         topics=("neighbour", "labour", "property", "family"))
    grids = sorted(cells.loc[(cells["level"] == "grid") & cells["code"].str.startswith(street), "code"])
    days = (ends - starts).days
    for grid in grids:
        if rng.random() < share:
            screening.record_visit(conn, grid_code=grid, by=_member(conn, grid, {}), campaign=campaign,
                                   on=starts + dt.timedelta(days=int(rng.integers(days + 1))), note="入户走访排查")
    return {"id": campaign, "street": street, "starts": starts, "ends": ends}


def walk_dispute(conn, incident, orgs, people, rng, now, campaign):
    """Record one incident as a dispute and take it along the chain as far as ``now``; whether it was
    recorded (one reported in the year's last hours is not yet)."""
    case, kind, at = incident["id"], incident["type"], incident["reported_at"]
    staff = f"DEMO-COMMUNITY-{incident['community_code']}"
    screened = incident["channel"] == "patrol"
    in_campaign = _in_campaign(incident, campaign)
    low, high = AMOUNTS.get(kind, (0, 0))
    amount = round(float(rng.uniform(low, high)), -2) if high and rng.random() < 0.8 else None
    crowd = int(rng.integers(3, 36)) if kind in ("labour", "land") and rng.random() < 0.4 else None
    at = at + dt.timedelta(hours=float(rng.uniform(0.5, 6)))
    if at >= now:
        return False
    records.record_dispute(conn, case, type=kind, parties=people.parties(kind, incident["address"]),
                           people_involved=crowd, amount=amount, source="screening" if screened else "channel",
                           screened_by=_member(conn, incident["grid_code"], people.members) if screened else None,
                           campaign=campaign["id"] if in_campaign else None, by=staff, now=at)
    org, mediators = _route(incident, kind, orgs, rng)
    at += dt.timedelta(hours=float(rng.uniform(1, 24)))
    if at >= now:
        return True
    triage.triage(conn, case, post=POST_BY_TYPE[kind], org=org, mediators=mediators, by=staff, now=at)
    if kind in JOINT_TYPES and (crowd or (amount or 0) >= 100_000):
        at += dt.timedelta(hours=float(rng.uniform(4, 48)))
        if at >= now:
            return True
        triage.joint(conn, case, posts_joined=[POST_BY_TYPE[kind], "法律诊断", "调解和事"], meeting_at=at,
                     attendees=["街道政法委员", "司法所所长", "派出所民警"], decision="联合调处，先行调解", by=staff, now=at)
    _mediate(conn, case, kind, staff, at, now, rng, people, amount)
    return True


def _mediate(conn, case, kind, staff, at, now, rng, people, amount, reopened=False):
    for held in range(1 + int(rng.random() < 0.3)):
        at += dt.timedelta(days=float(rng.uniform(1, 6)))
        if at >= now:
            return
        mediation.record_session(conn, case, held_at=at, place="调解室", attendees=["申请人", "被申请人", "调解员"],
                                 notes="第{}次调解".format(held + 1), by=staff, now=at)
    if (rng.random() < 0.3) if reopened else people.failures.take():
        target, body, reference = HANDOVER[_handover_target(kind, rng, reopened)]
        mediation.hand_over(conn, case, target=target, body=body, by=staff, now=at,
                            reference=reference.format(n=case % 9000 + 1000) if reference else None,
                            reason="申请强制执行" if reopened else "双方分歧较大，调解不成")
        return
    deadline = (at.astimezone(SHANGHAI) + dt.timedelta(days=int(rng.integers(7, 46)))).date()
    mediation.settle(conn, case, terms="双方自愿达成协议，按期履行", deadline=deadline, by=staff, now=at,
                     amount=round(amount * float(rng.uniform(0.5, 1.0)), -2) if amount else None,
                     judicial_confirmation=bool(amount and amount >= 50_000 and rng.random() < 0.5))
    due = dt.datetime.combine(deadline, dt.time(10), SHANGHAI) + dt.timedelta(days=int(rng.integers(0, 4)))
    if due >= now:
        return
    performance = "not" if not reopened and people.broken.take() else "partly" if rng.random() < PARTLY \
        else "performed"
    mediation.follow_up(conn, case, performance=performance, by=staff, now=due, note="电话回访")
    if performance == "not":
        _mediate(conn, case, kind, staff, due, now, rng, people, amount, reopened=True)


def _handover_target(kind, rng, reopened):
    if reopened:
        return 0
    if kind == "labour":
        return 1
    return 0 if rng.random() < 0.7 else 2 + int(rng.random() < 0.4)


def _route(incident, kind, orgs, rng):
    """The organisation and mediators a dispute is sent to: mostly its community's committee; labour and
    land disputes the street's, property and labour ones sometimes the trade committee, family and
    neighbours' quarrels of a studio's street sometimes the studio."""
    draw = rng.random()
    if kind in orgs["trade"] and draw < 0.35:
        org, ids = orgs["trade"][kind]
    elif kind in ("land", "labour", "contract") and draw < 0.7:
        org, ids = orgs["street"][incident["street_code"]]
    else:
        studio = next((s for s in orgs["studio"] if s[2] == incident["street_code"]), None)
        if studio and kind in ("family", "neighbour") and draw < 0.25:
            org, ids = studio[0], studio[1]
        else:
            org, ids = orgs["community"][incident["community_code"]]
    return org, [ids[int(rng.integers(len(ids)))]]


def _candidates(conn, rng, campaign):
    """The incidents taken in, with their dispute type: a draw per candidate, in report order."""
    by_category = {t["category_code"]: t["code"] for t in records.types(conn, active_only=True) if t["category_code"]}
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", "demo_dispute_candidates"))
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, row)) for row in cur.fetchall()]
    draws = rng.random(len(rows))
    for row, draw in zip(rows, draws):
        quarrel = row["category_code"] in ("0202", "0208")
        share = NOISE_SHARE if quarrel else CAMPAIGN_SHARE if _in_campaign(row, campaign) else SHARE
        if draw < share:
            yield {**row, "type": "neighbour" if quarrel else by_category.get(row["category_code"], "other")}


def run_three_calls(conn, orgs, people, rng, now):
    """The three-calls rule run on the first of each month, 1 February to 1 December (as ``gridgov cases tick``
    would, less often: weekly runs opened 43 cases instead of 42, in 12 s instead of 3 s before the rule
    read its open cases once a run); the joint cases it opens are then mediated. Their number."""
    opened = []
    for month in range(2, 14):
        day = dt.datetime(now.year - 1 + month // 13, (month - 1) % 12 + 1, 1, 9, tzinfo=SHANGHAI)
        if day < now:
            opened += three_calls.run(conn, now=day)["opened"]
    for case in opened:
        dispute = records.get_dispute(conn, case)
        staff = f"DEMO-COMMUNITY-{dispute['community_code']}"
        at = dispute["received_at"]
        three_calls.set_team(conn, case, {"police": {"name": f"{people.name()}（民警）"}}, by=staff, now=at)
        _mediate(conn, case, dispute["type_code"], staff, at, now, rng, people, None)
    return len(opened)


def _in_campaign(incident, campaign):
    if incident["channel"] != "patrol":
        return False
    day = incident["reported_at"].astimezone(SHANGHAI).date()
    return incident["street_code"] == campaign["street"] and campaign["starts"] <= day <= campaign["ends"]


def _member(conn, grid, members):
    """The id of ``grid``'s member (``members`` keeps those already asked)."""
    if grid not in members:
        members[grid] = roster.responsible_person(conn, "grid", grid)["id"]
    return members[grid]


class _Quota:
    """Yes ``share`` of the times asked, spread evenly (from a random start): with ~750 disputes an
    independent draw per dispute moved the 化解率 by ±2 points from seed to seed, out of the range the
    seeds publish; the quota keeps the rates where they are meant to be, the draws still choosing which."""

    def __init__(self, share, rng):
        self.share, self.level = share, float(rng.random())

    def take(self):
        self.level += self.share
        if self.level >= 1:
            self.level -= 1
            return True
        return False


class _NameDrawer:
    def __init__(self, rng):
        self.rng = rng

    def draw(self):
        given = "".join(self.rng.choice(GIVEN, size=int(self.rng.integers(1, 3))))
        return str(self.rng.choice(SURNAMES)) + given


class _People:
    """Synthetic parties: names, phones in a fake range (1390055xxxx), ID numbers of 崂山区 (370212) with
    their check character; a property or labour dispute's respondent is a company."""

    def __init__(self, rng):
        self.rng, self.names, self.count = rng, _NameDrawer(rng), 0
        self.members = {}           # grid code -> its member's id, as asked (screened disputes)
        self.failures, self.broken = _Quota(FAILURE, rng), _Quota(NOT_PERFORMED, rng)

    def name(self):
        return self.names.draw()

    def person(self, side, address):
        self.count += 1
        born = dt.date(1950, 1, 1) + dt.timedelta(days=int(self.rng.integers(0, 18_000)))
        first17 = f"370212{born:%Y%m%d}{int(self.rng.integers(0, 1000)):03d}"
        return {"side": side, "kind": "person", "name": self.names.draw(), "phone": f"1390055{self.count % 10_000:04d}",
                "id_number": first17 + id_check_character(first17), "address": address}

    def parties(self, kind, address):
        applicant = self.person("applicant", address)
        if kind in ("property", "labour") and self.rng.random() < 0.6:
            company = "青岛{}{}".format(self.rng.choice(["海悦", "金岭", "崂山", "翠湖", "银座"]),
                                      "物业服务有限公司" if kind == "property" else "建筑工程有限公司")
            code = "91370212" + "".join(self.rng.choice(list("0123456789ABCDEFGHJKLMNPQRTUWXY"), size=10))
            return [applicant, {"side": "respondent", "kind": "organisation", "name": company, "id_number": code,
                                "phone": f"0532-8{int(self.rng.integers(0, 10_000_000)):07d}"}]
        return [applicant, self.person("respondent", None)]
