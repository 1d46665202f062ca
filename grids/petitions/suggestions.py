"""Citizens' suggestions (人民建议征集): topic campaigns, suggestions, review, adoption and adoption rates.

Concept: a suggestion is not a complaint and not a case: it has its own record (``suggestion``), maybe
within a topic campaign (专题征集: a title, a period, departments; a campaign's suggestion is received
within its period). It moves ``received`` → (:func:`review`, result ``refer``: worth studying, sent to a
department) ``reviewed`` → (:func:`adopt`: the department and what it did) ``adopted``; a review with
result ``decline`` (of a received or reviewed one) makes it ``not_adopted``. The submitter's name and
phone are personal data: lists show them masked. The adoption rate (采纳率) is adopted / received, per
campaign and overall (:func:`adoption_rates`).
"""
from grids import clock, limits
from grids.petitions import work_checks as check
from grids.petitions.work_checks import PetitionWorkError
from grids.privacy import mask_name, mask_phone

RESULTS = ("refer", "decline")
STATUSES = ("received", "reviewed", "adopted", "not_adopted")
EVENTS = "suggestion_event_insert"


def add_campaign(conn, *, title, starts_on, ends_on, departments=None, description=None, by, now=None):
    """A topic campaign (专题征集); returns its id. Refused naming the field: no title, ends before it starts."""
    now = check.when(now)
    campaign = {"title": check.text("title", title, limits.TITLE, required=True),
                "starts_on": check.day("starts_on", starts_on), "ends_on": check.day("ends_on", ends_on),
                "departments": check.texts("departments", departments),
                "description": check.text("description", description)}
    if campaign["ends_on"] < campaign["starts_on"]:
        raise PetitionWorkError(f"the campaign ends ({campaign['ends_on']}) before it starts "
                                f"({campaign['starts_on']})", field="ends_on")
    person = check.actor(conn, by)
    with check.atomic(conn):
        campaign_id = check.rows_of(conn, "suggestion_campaign_insert", campaign)[0]["id"]
        check.event(conn, EVENTS, "campaign", campaign_id, "campaign", person, now,
                    details={"title": campaign["title"]})
    return campaign_id


def add_suggestion(conn, *, body, campaign=None, submitter_name=None, submitter_phone=None, received_at=None,
                   cell=None, by, now=None):
    """A citizen's suggestion (received at ``received_at``, default ``now``); returns its id."""
    now = check.when(now)
    received_at = check.moment("received_at", received_at) if received_at else now
    if received_at > now:
        raise PetitionWorkError("a suggestion is recorded once received: received_at is after now", field="received_at")
    campaign_id = _campaign(conn, campaign, received_at)
    cell = check.text("cell", cell, limits.CATEGORY)
    if cell and not check.rows_of(conn, "suggestion_cell_exists", {"code": cell})[0]["found"]:
        raise PetitionWorkError(f"no cell {cell}", field="cell")
    row = {"campaign_id": campaign_id, "body": check.text("body", body, limits.DESCRIPTION, required=True),
           "submitter_name": check.text("submitter_name", submitter_name, limits.NAME),
           "submitter_phone": check.text("submitter_phone", submitter_phone, limits.PHONE),
           "received_at": received_at, "cell_code": cell}
    person = check.actor(conn, by)
    with check.atomic(conn):
        suggestion_id = check.rows_of(conn, "suggestion_insert", row)[0]["id"]
        check.event(conn, EVENTS, "suggestion", suggestion_id, "suggest", person, now,
                    details={"campaign": campaign_id})
    return suggestion_id


def review(conn, suggestion_id, *, result, department=None, note=None, by, now=None):
    """Review a suggestion: ``refer`` (worth studying; ``department`` required) a received one, or
    ``decline`` a received or reviewed one (then not adopted). Returns it (masked)."""
    now = check.when(now)
    result = check.choice("result", result, RESULTS)
    department = check.text("department", department, limits.NAME, required=(result == "refer"))
    note = check.text("note", note)
    person = check.actor(conn, by)
    with check.atomic(conn):
        row = _locked(conn, suggestion_id)
        allowed = ("received",) if result == "refer" else ("received", "reviewed")
        if row["status"] not in allowed:
            raise PetitionWorkError(f"suggestion {row['id']} is {row['status']}: cannot {result} it", field="result")
        status = "reviewed" if result == "refer" else "not_adopted"
        check.rows_of(conn, "suggestion_review", {"id": row["id"], "status": status, "reviewed_at": now,
                                                  "note": note, "department": department})
        check.event(conn, EVENTS, "suggestion", row["id"], "review" if result == "refer" else "decline", person, now,
                    note=note, details={"department": department})
    return get_suggestion(conn, row["id"])


def adopt(conn, suggestion_id, *, action_taken, department=None, by, now=None):
    """采纳: a reviewed suggestion adopted by ``department`` (default the one it was sent to), with what
    was done. Returns it (masked)."""
    now = check.when(now)
    action_taken = check.text("action_taken", action_taken, required=True)
    department = check.text("department", department, limits.NAME)
    person = check.actor(conn, by)
    with check.atomic(conn):
        row = _locked(conn, suggestion_id)
        if row["status"] != "reviewed":
            raise PetitionWorkError(f"suggestion {row['id']} is {row['status']}: only a reviewed one is adopted",
                                    field="suggestion")
        department = department or row["department"]
        check.rows_of(conn, "suggestion_adopt", {"id": row["id"], "adopted_at": now, "department": department,
                                                 "action_taken": action_taken})
        check.event(conn, EVENTS, "suggestion", row["id"], "adopt", person, now, note=action_taken,
                    details={"department": department})
    return get_suggestion(conn, row["id"])


def get_suggestion(conn, suggestion_id, *, with_personal_data=False):
    """One suggestion (submitter masked unless ``with_personal_data``) with its history."""
    suggestion_id = check.identifier("suggestion", suggestion_id)
    rows = list_suggestions(conn, suggestion_id=suggestion_id, with_personal_data=with_personal_data)
    if not rows:
        raise PetitionWorkError(f"no suggestion {suggestion_id}", field="suggestion")
    return {**rows[0], "history": check.history(conn, "suggestion_history", "suggestion", suggestion_id)}


def list_suggestions(conn, *, campaign=None, status=None, suggestion_id=None, with_personal_data=False, limit=500):
    """Suggestions, newest first, the submitter masked unless ``with_personal_data``."""
    if status is not None:
        check.choice("status", status, STATUSES)
    campaign_id = check.identifier("campaign", campaign) if campaign is not None else None
    rows = check.rows_of(conn, "suggestion_list", {"campaign_id": campaign_id, "status": status,
                                                   "id": suggestion_id, "limit": limit})
    if not with_personal_data:
        for row in rows:
            row["submitter_name"] = mask_name(row["submitter_name"])
            row["submitter_phone"] = mask_phone(row["submitter_phone"])
    return rows


def adoption_rates(conn, *, since=None, until=None, within=None):
    """采纳率 of the suggestions received in [``since``, ``until``): ``{"campaigns": [{campaign_id, title,
    received, adopted, adoption_rate}], "overall": {...}}`` (campaign_id None: outside any campaign)."""
    rows = check.rows_of(conn, "suggestion_rates", {
        "since": check.moment("since", since) if since else None,
        "until": check.moment("until", until) if until else None,
        "within": check.text("within", within, limits.CATEGORY)})
    overall = next(r for r in rows if r["is_total"])
    return {"campaigns": [r for r in rows if not r["is_total"]], "overall": overall}


def _campaign(conn, campaign, received_at):
    if campaign is None or campaign == "":
        return None
    campaign_id = check.identifier("campaign", campaign)
    rows = check.rows_of(conn, "suggestion_campaign_get", {"id": campaign_id})
    if not rows:
        raise PetitionWorkError(f"no campaign {campaign_id}", field="campaign")
    day = clock.today(received_at)
    if not rows[0]["starts_on"] <= day <= rows[0]["ends_on"]:
        raise PetitionWorkError(f"campaign {campaign_id} runs {rows[0]['starts_on']} to {rows[0]['ends_on']}: a "
                                f"suggestion received {day} is not of it", field="campaign")
    return campaign_id


def _locked(conn, suggestion_id):
    suggestion_id = check.identifier("suggestion", suggestion_id)
    rows = check.rows_of(conn, "suggestion_lock", {"id": suggestion_id})
    if not rows:
        raise PetitionWorkError(f"no suggestion {suggestion_id}", field="suggestion")
    return rows[0]
