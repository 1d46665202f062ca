"""The risk level of a dispute (风险等级: 红 red, 橙 orange, 黄 yellow, 蓝 blue), computed by a rule and
changeable by staff with a reason.

The rule (:func:`assess`) grades five factors, each to a level, and the dispute takes the highest; two
or more factors at orange or above make it red (矛盾叠加). Thresholds, inclusive:

============== =================================== ========= ========= =========
factor          what is counted                     yellow    orange    red
============== =================================== ========= ========= =========
people          people involved (涉及人数)          ≥ 5       ≥ 10      ≥ 30
amount          amount involved (涉及金额), yuan     ≥ 10,000  ≥ 100,000 ≥ 1,000,000
repeats         other reports of the same dispute   ≥ 1       ≥ 3       ≥ 5
escalation      escalated, petition, threats to go  —         yes       —
                higher (上访, 越级, 媒体 …)
violence        flagged by 110 or by staff;          —         yes       extreme
                extreme words in any text
============== =================================== ========= ========= =========

- **repeats**: incidents of any channel linked to the case as repeats (``repeat_of``, either way), the
  110 calls a three-calls case links, and the times a broken agreement reopened it. A three-calls case
  (three calls) is orange by this factor alone.
- **escalation**: the case was escalated up the cell hierarchy or put under supervision (督办), came as a
  petition (信访), or one of its texts has a word of :data:`ESCALATION_WORDS`.
- **violence flagged by 110**: a 110 report among the case and its linked calls whose category, title or
  description has a word of :data:`VIOLENCE_WORDS` (打架, 动手, 威胁 …), or staff set ``violence`` on the
  record. **Extreme** (red at once): a word of :data:`EXTREME_WORDS` (持刀, 自杀, 纵火 …) in any text of the
  case, its linked calls or the dispute's summary.

Blue is the rest. Staff override the level with a reason (:func:`override`); the rule's level is kept
beside it (``risk_computed``) and recomputed whenever the facts change (:func:`refresh`), the override
holding until it is cleared.
"""
from dataclasses import dataclass

from gis.sqlfiles import load
from grids import limits
from grids.disputes import chain

LEVELS = ("blue", "yellow", "orange", "red")            # ascending
LABELS = {"red": "红", "orange": "橙", "yellow": "黄", "blue": "蓝"}
PEOPLE = ((30, "red"), (10, "orange"), (5, "yellow"))
AMOUNT = ((1_000_000, "red"), (100_000, "orange"), (10_000, "yellow"))
REPEATS = ((5, "red"), (3, "orange"), (1, "yellow"))
ESCALATION_WORDS = ("上访", "信访", "越级", "进京", "赴省", "到市", "集访", "媒体", "曝光", "网上发帖", "拉横幅", "堵路")
VIOLENCE_WORDS = ("打架", "斗殴", "殴打", "打人", "动手", "推搡", "伤人", "受伤", "威胁", "恐吓", "家暴", "砸", "持械",
                  "寻衅")
EXTREME_WORDS = ("持刀", "动刀", "砍人", "自杀", "轻生", "跳楼", "自残", "纵火", "放火", "汽油", "煤气罐",
                 "同归于尽", "报复社会", "命案", "爆炸")


@dataclass(frozen=True)
class Facts:
    """What the rule reads."""

    people: int = 1
    amount: float | None = None
    repeats: int = 0
    escalated: bool = False
    violence: bool = False
    extreme: bool = False


def assess(facts):
    """``(level, factors)``: the rule's level of ``facts`` and the level of each factor above blue.

    >>> assess(Facts(people=12))
    ('orange', {'people': 'orange'})
    >>> assess(Facts(people=12, amount=150_000))
    ('red', {'people': 'orange', 'amount': 'orange', 'combined': 'red'})
    >>> assess(Facts(people=2, amount=5_000))
    ('blue', {})
    """
    factors = {
        "people": _graded(facts.people, PEOPLE),
        "amount": _graded(facts.amount or 0, AMOUNT),
        "repeats": _graded(facts.repeats, REPEATS),
        "escalation": "orange" if facts.escalated else "blue",
        "violence": "red" if facts.extreme else "orange" if facts.violence else "blue",
    }
    factors = {name: level for name, level in factors.items() if level != "blue"}
    level = max(factors.values(), key=LEVELS.index, default="blue")
    if sum(LEVELS.index(v) >= LEVELS.index("orange") for v in factors.values()) >= 2:
        factors["combined"] = level = "red"
    return level, factors


def _graded(value, thresholds):
    return next((level for minimum, level in thresholds if value >= minimum), "blue")


def has_word(texts, words):
    """Whether one of ``texts`` (None skipped) holds one of ``words``."""
    return any(word in t for t in texts if t for word in words)


def facts_of(conn, case_id, *, people, amount, violence, summary, reopen_count=0):
    """The :class:`Facts` of case ``case_id`` with the record's own ``people``, ``amount``, staff's
    ``violence`` flag and ``summary``, and ``reopen_count`` (broken agreements)."""
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "risk_facts"), {"id": case_id})
        row = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    texts = [row["own_text"], summary, *row["call_texts"]]
    return Facts(people=people, amount=float(amount) if amount is not None else None,
                 repeats=row["repeat_links"] + row["calls"] + reopen_count,
                 escalated=(row["escalation_count"] > 0 or row["supervised"] or row["channel"] == "petition"
                            or has_word(texts, ESCALATION_WORDS)),
                 violence=violence or has_word(row["police_texts"], VIOLENCE_WORDS),
                 extreme=has_word([*texts, *row["police_texts"]], EXTREME_WORDS))


def evaluate(conn, dispute):
    """``(level, factors)`` of a stored ``dispute`` (a row of ``dispute``) as its facts stand now."""
    return assess(facts_of(conn, dispute["incident_id"], people=dispute["people_involved"],
                           amount=dispute["amount_involved"], violence=dispute["violence"],
                           summary=dispute["summary"], reopen_count=dispute["reopen_count"]))


def refresh(conn, dispute_id, now=None, by=None, *, dispute=None):
    """Recompute the rule's level of the dispute; a change is recorded as a ``risk`` step. Returns the
    level that holds (the override's, when staff set one)."""
    now = chain.when(now)
    with chain.atomic(conn):
        dispute = dispute or chain.locked(conn, dispute_id)
        level, factors = evaluate(conn, dispute)
        if level != dispute["risk_computed"] or factors != dispute["risk_factors"]:
            chain.step(conn, dispute, "risk", chain.actor(conn, by), now,
                       changes={"risk_computed": level, "risk_factors": factors},
                       details={"computed": {"from": dispute["risk_computed"], "to": level}, "factors": factors})
    return dispute["risk_override"] or dispute["risk_computed"]


def override(conn, dispute_id, level, reason, by, now=None):
    """Staff set the dispute's level to ``level`` (or back to the rule's with None), giving ``reason``;
    recorded with who and why. Returns the level that holds."""
    now = chain.when(now)
    if level is not None:
        level = chain.choice("level", level, LEVELS, labels=LABELS)
    reason = chain.text("reason", reason, limits.NOTE, required=True)
    person = chain.actor(conn, by, required=True)
    with chain.atomic(conn):
        dispute = chain.locked(conn, dispute_id)
        chain.check_stage(dispute, "risk")
        before = dispute["risk_override"] or dispute["risk_computed"]
        chain.step(conn, dispute, "risk", person, now, note=reason,
                   changes={"risk_override": level, "risk_override_reason": reason if level else None},
                   details={"override": {"from": dispute["risk_override"], "to": level}, "level_before": before,
                            "computed": dispute["risk_computed"]})
    return level or dispute["risk_computed"]
