"""Parties of a dispute (当事人) and who may see their personal data.

Concept: a party is an applicant (申请人) or a respondent (被申请人), a person or an organisation, with a
name, a phone, an ID number (居民身份证, GB 11643, its check character verified; an organisation's 统一
社会信用代码, GB 32100) and an address, all stored. Who sees them is one rule, :func:`access`, called by
:func:`visible` (and so by every caller: the dispute page, the member's phone, exports):

================================================ ====== ====== ===========================
viewer                                            name   phone  ID number
================================================ ====== ====== ===========================
command, street, community staff, administrator   full   full   masked (first 6 + last 4)
  — disputes placed in their area
grid member — disputes placed in their own grids  full   full   masked
mediator — disputes sent to them or on their team full   full   masked
department — cases it handles or co-handles       masked masked masked
planner, anyone else, anything outside the above  no parties at all
================================================ ====== ====== ===========================

An ID number is **never** returned whole, to anyone (:data:`ACCESS` has no full ID). A masked name keeps
its first character (张**), a masked phone its first three and last four digits; an organisation's name
is not personal data and is never masked; a party's address goes with the phone (full or not at all).
The masking itself is :mod:`grids.privacy`'s.
"""
import re
from dataclasses import dataclass

from gis.sqlfiles import load
from grids import limits
from grids.disputes import chain
from grids.errors import DisputeError
from grids.people.accounts import in_scope, scope_codes
from grids.privacy import mask_id_number, mask_name, mask_phone

SIDES = {"applicant": "申请人", "respondent": "被申请人"}
KINDS = {"person": "自然人", "organisation": "单位"}
FULL, MASKED = "full", "masked"
AREA_ROLES = ("command_staff", "street_staff", "community_staff", "admin", "grid_member")
WHOLE_DISTRICT = ("command_staff", "admin")          # see unplaced disputes too
# role: (name, phone, ID number) — never FULL for the ID number
ACCESS = {
    "command_staff": (FULL, FULL, MASKED), "street_staff": (FULL, FULL, MASKED),
    "community_staff": (FULL, FULL, MASKED), "admin": (FULL, FULL, MASKED), "grid_member": (FULL, FULL, MASKED),
    "mediator": (FULL, FULL, MASKED), "department": (MASKED, MASKED, MASKED),
}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_PERSON_ID = re.compile(r"^\d{17}[\dX]$")
_ORG_ID = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,30}[0-9]$")


@dataclass(frozen=True)
class Viewer:
    """Who looks: an account's ``role`` and ``scope`` (cell codes, :func:`grids.people.accounts.scope_codes`),
    its person, and the mediator record of that person if there is one."""

    role: str
    scope: tuple = ()
    person_id: int | None = None
    mediator_id: int | None = None


def viewer_for_account(conn, account):
    """The :class:`Viewer` of a signed-in ``account`` (a dict of :func:`grids.people.accounts.get_account`)."""
    mediator_id = None
    if account.get("person_id"):
        with conn.cursor() as cur:
            cur.execute("SELECT id FROM mediator WHERE person_id = %s AND active ORDER BY id LIMIT 1",
                        (account["person_id"],))
            row = cur.fetchone()
            mediator_id = row[0] if row else None
    return Viewer(account["role"], tuple(scope_codes(conn, account)), account.get("person_id"), mediator_id)


def access(case, viewer):
    """``(name, phone, id_number)`` access (:data:`FULL`, :data:`MASKED`) of ``viewer`` to the parties of
    ``case`` (its ``cell_code``, ``handler_person_id``, ``co_handler_ids``, ``mediator_ids``), or None."""
    if viewer is None:
        return None
    if viewer.role in AREA_ROLES:
        cell = case["cell_code"]
        if (viewer.role in WHOLE_DISTRICT and (cell is None or in_scope(cell, viewer.scope))) \
                or (cell is not None and in_scope(cell, viewer.scope)):
            return ACCESS[viewer.role]
    if viewer.mediator_id is not None and viewer.mediator_id in (case["mediator_ids"] or []):
        return ACCESS["mediator"]
    if viewer.role == "department" and viewer.person_id is not None and (
            viewer.person_id == case["handler_person_id"] or viewer.person_id in (case["co_handler_ids"] or [])):
        return ACCESS["department"]
    return None


def visible(rows, viewer):
    """The parties ``rows`` (of ``parties_of.sql``) as ``viewer`` may see them: masked, or none at all."""
    shown = []
    for row in rows:
        rule = access(row, viewer)
        if rule is None:
            continue
        name, phone, _ = rule
        organisation = row["kind"] == "organisation"
        shown.append({
            "id": row["id"], "side": row["side"], "kind": row["kind"],
            "name": row["name"] if name == FULL or organisation else mask_name(row["name"]),
            "phone": row["phone"] if phone == FULL else mask_phone(row["phone"]),
            "id_number": mask_id_number(row["id_number"]) if row["id_number"] else None,   # never whole
            "address": row["address"] if phone == FULL else None})
    return shown


def parties_for(conn, dispute_id, viewer):
    """The parties of the dispute as ``viewer`` (a :class:`Viewer`) may see them; ``[]`` when they may not."""
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "parties_of"), {"id": dispute_id})
        columns = [d[0] for d in cur.description]
        rows = [dict(zip(columns, row)) for row in cur.fetchall()]
    return visible(rows, viewer)


def check_parties(parties, *, required=True):
    """The parties normalised (``side``, ``kind``, ``name``, ``phone``, ``id_number``, ``address``), or
    :class:`DisputeError` naming the field (``parties[1].id_number``)."""
    if isinstance(parties, (str, bytes, dict)) or parties is None:
        parties = [parties] if isinstance(parties, dict) else []
    try:
        parties = list(parties)
    except TypeError:                  # a number from JSON
        raise DisputeError("`parties` is a list of parties", field="parties") from None
    if required and not parties:
        raise DisputeError("a dispute has parties (当事人): at least one applicant or respondent with a name",
                           field="parties")
    if len(parties) > limits.ATTENDEES:
        raise DisputeError(f"at most {limits.ATTENDEES} parties", field="parties")
    return [check_party(p, f"parties[{n}]") for n, p in enumerate(parties)]


def check_party(party, where):
    if not isinstance(party, dict):
        raise DisputeError(f"`{where}` is a party: side, kind, name, phone, id_number", field=where)
    kind = chain.choice(f"{where}.kind", party.get("kind") or "person", tuple(KINDS), labels=KINDS)
    number = chain.text(f"{where}.id_number", party.get("id_number"), 32)
    return {"side": chain.choice(f"{where}.side", party.get("side"), tuple(SIDES), labels=SIDES), "kind": kind,
            "name": chain.text(f"{where}.name", party.get("name"), limits.NAME, required=True),
            "phone": _phone(f"{where}.phone", party.get("phone")),
            "id_number": _id_number(f"{where}.id_number", number, kind) if number else None,
            "address": chain.text(f"{where}.address", party.get("address"), limits.ADDRESS)}


def _phone(field, value):
    value = chain.text(field, value, limits.PHONE)
    if value is not None and not _PHONE.match(value):
        raise DisputeError(f"`{field}` is a phone number (digits, spaces, hyphens, +86), not {value!r}", field=field)
    return value


def _id_number(field, value, kind):
    value = value.replace(" ", "").upper()
    if kind == "organisation":
        if not _ORG_ID.match(value):
            raise DisputeError(f"`{field}` of an organisation is its 18-character 统一社会信用代码", field=field)
        return value
    if not _PERSON_ID.match(value) or id_check_character(value[:17]) != value[17]:
        raise DisputeError(f"`{field}` is not a resident ID number (18 characters, GB 11643, check character "
                           "verified)", field=field)
    return value


def id_check_character(first17):
    """The check character of an ID number's first 17 digits (GB 11643).

    >>> id_check_character("11010519491231002")
    'X'
    """
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def insert_parties(conn, dispute_id, parties):
    """Write checked ``parties`` to dispute ``dispute_id``; their ids."""
    ids = []
    with conn.cursor() as cur:
        for party in parties:
            cur.execute(load("grids.disputes", "party_insert"), {"incident_id": dispute_id, **party})
            ids.append(cur.fetchone()[0])
    return ids


def add_parties(conn, dispute_id, parties, by, now=None):
    """Add ``parties`` to an open dispute, recorded with who added them (the event keeps sides and kinds,
    no personal data). Returns their ids."""
    now = chain.when(now)
    checked = check_parties(parties)
    person = chain.actor(conn, by)
    with chain.atomic(conn):
        dispute = chain.locked(conn, dispute_id)
        chain.check_stage(dispute, "parties")
        ids = insert_parties(conn, dispute_id, checked)
        chain.step(conn, dispute, "parties", person, now,
                   details={"added": [{"id": i, "side": p["side"], "kind": p["kind"]} for i, p in zip(ids, checked)]})
    return ids
