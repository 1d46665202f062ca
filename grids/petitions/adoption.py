"""Imported petitions become matters: ``gridgov petitions adopt`` over petition-channel cases without one.

Concept: a petition office's register export imports as incidents of channel ``petition``
(``gridgov incidents import --channel petition``; docs/incidents.md); the columns with no incident field
of their own land in ``incident.attributes``. :func:`adopt` gives each such case without a matter its
matter, oldest first (so the repeat rule sees the earlier ones first):

- form: 信访形式 (来信, 来访, 网上, 电话, 领导信箱; also 书信 → letter, 走访 → visit, 网信/网上信访 → online,
  来电 → phone), else ``default_form``;
- petitioner: the case's reporter (信访人, 联系电话) — a register export carries no ID number, so such a
  matter is matched by phone only;
- the handling body: 责任单位, else ``default_body``;
- registered on the day the case was reported (信访日期); its deadlines run from that day;
- 是否重复 and 是否越级 kept as ``declared_repeat`` / ``declared_skip_level``; the repeat rule runs all
  the same, and the result lists where the export's 是否重复 and the rule disagree.

All or nothing: a case that cannot be adopted (no form, no body, no reporter, a bad 是/否) is a problem
``case N (ticket): field: reason`` and then nothing is written. The system adopts (no ``by``); the
operator is recorded.
"""
from gis.sqlfiles import load
from grids.errors import ImportRefused, PetitionError
from grids.petitions import matters, repeats, steps

FORM_WORDS = {"来信": "letter", "书信": "letter", "信件": "letter", "来访": "visit", "走访": "visit",
              "网上": "online", "网信": "online", "网上信访": "online", "网上投诉": "online", "电话": "phone",
              "来电": "phone", "领导信箱": "leader_mailbox", "书记信箱": "leader_mailbox", "市长信箱": "leader_mailbox"}


def adopt(conn, *, case_ids=None, default_form=None, default_body=None, now=None,
          window_days=repeats.WINDOW_DAYS):
    """Give a matter to every petition case without one (or to ``case_ids``). Returns ``{adopted, repeats,
    disagreements}`` (disagreements: ``{case, source_ref, declared_repeat, detected_repeat}``)."""
    now = steps.when(now)
    if default_form is not None:
        default_form = steps.choice("default_form", default_form, steps.FORMS)
    with conn.cursor() as cur:
        cur.execute(load("grids.petitions", "cases_to_adopt"), {"ids": list(case_ids) if case_ids else None})
        columns = [d[0] for d in cur.description]
        cases = [dict(zip(columns, row)) for row in cur.fetchall()]
    problems, prepared = [], []
    for case in cases:
        try:
            prepared.append(_prepare(conn, case, default_form, default_body, now))
        except PetitionError as error:
            problems.append(f"case {case['id']} ({case['source_ref']}): {error.context.get('field')}: {error.message}")
    if problems:
        raise ImportRefused(f"{len(problems)} petition case(s) cannot become matters; nothing was adopted", problems)
    adopted, disagreements = [], []
    with steps.atomic(conn):
        for case, checked in prepared:
            matter_id = matters.create(conn, checked, None, now, window_days=window_days, note="adopted from import")
            detected = repeats.is_repeat(conn, matter_id)
            adopted.append(matter_id)
            if checked["declared_repeat"] is not None and checked["declared_repeat"] != detected:
                disagreements.append({"case": matter_id, "source_ref": case["source_ref"],
                                      "declared_repeat": checked["declared_repeat"], "detected_repeat": detected})
    return {"adopted": adopted, "repeats": sum(repeats.is_repeat(conn, i) for i in adopted),
            "disagreements": disagreements}


def _prepare(conn, case, default_form, default_body, now):
    attributes = case["attributes"] or {}
    form_text = str(attributes.get("信访形式") or "").strip()
    form = FORM_WORDS.get(form_text, form_text) if form_text else default_form
    if not case["reporter_name"]:
        raise PetitionError("the case has no reporter (信访人) to be the petitioner", field="信访人")
    petitioner = {"name": case["reporter_name"], "phone": case["reporter_phone"]}
    checked = matters.prepare(
        conn, case["id"], form=form, petitioners=[petitioner],
        handling_body=str(attributes.get("责任单位") or "").strip() or default_body, handling_cell=None,
        handling_person=None, registered_on=case["reported_on"], summary=None, new_case=None,
        declared_repeat=attributes.get("是否重复"), declared_skip_level=attributes.get("是否越级"), now=now)
    return case, checked
