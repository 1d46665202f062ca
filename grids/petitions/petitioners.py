"""Petitioners (信访人): checked, normalised, hashed, stored and shown masked.

Concept: a petitioner has a name, maybe a phone and maybe a resident ID number (GB 11643, its check
character verified). Both numbers are stored for the office's own work, and beside them a **keyed hash**
of each, normalised first, so that the repeat rule and the skip-level import match a person without ever
reading or exporting the number:

- ID number: full-width digits to ASCII, spaces and hyphens dropped, ``x`` → ``X``; 18 characters.
- phone: digits only, the country code (``+86``, ``0086``) dropped; a mobile is its 11 digits, a landline
  keeps its leading 0 and area code (``0532-8888 6666`` → ``053288886666``).
- hash: ``HMAC-SHA256(key, "id:" + number)`` / ``("phone:" + number)``, hex; the key is 32 random bytes
  (``secrets.token_bytes(32)``) in the one-row table ``petition_hash_key``, written on first use and
  never changed. Without the key, a hash cannot be found from a number (a guessing attack needs the key),
  and it differs from an unkeyed ``sha256`` of the number.

Shown: :func:`masked` (name 张**, phone 139****5678, ID first 6 + last 4, via :mod:`grids.privacy`) for
every list, event and export; :func:`plain` only where the caller asked for personal data.
"""
import hashlib
import hmac
import re
import secrets

from gis.sqlfiles import load
from grids import limits
from grids.disputes.parties import id_check_character
from grids.errors import PetitionError
from grids.privacy import mask_id_number, mask_name, mask_phone

MAX_PETITIONERS = 1_000
_FULL_WIDTH = str.maketrans({0xFF10 + d: str(d) for d in range(10)} | {ord("ｘ"): "X", ord("Ｘ"): "X"})
_ID = re.compile(r"^\d{17}[\dX]$")
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9][0-9 ()\-]{5,30}[0-9]$")


def normalised_id_number(value):
    """``value`` as 18 upper-case characters, or None when it is not a valid resident ID number."""
    number = re.sub(r"[\s\-]", "", str(value).translate(_FULL_WIDTH)).upper()
    if not _ID.match(number) or id_check_character(number[:17]) != number[17]:
        return None
    return number


def normalised_phone(value):
    """``value``'s digits without the country code (``+86 139-1234-5678`` → ``13912345678``), or None when
    it is not a phone number (a mobile of 11 digits 1[3-9]…, a landline 0 + 9 to 11 digits)."""
    text = str(value).translate(_FULL_WIDTH).strip()
    if not _PHONE_CHARACTERS.match(text):
        return None
    digits = re.sub(r"\D", "", text)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 10:
            digits = digits[len(prefix):]
            if not digits.startswith("1") and not digits.startswith("0"):
                digits = "0" + digits
            break
    if re.fullmatch(r"1[3-9]\d{9}", digits) or re.fullmatch(r"0[1-9]\d{8,10}", digits):
        return digits
    return None


def hash_key(conn):
    """The key of the hashes (32 bytes), written on first use."""
    with conn.cursor() as cur:
        cur.execute(load("grids.petitions", "hash_key_insert"), {"key": secrets.token_bytes(32)})
        cur.execute(load("grids.petitions", "hash_key_get"))
        return bytes(cur.fetchone()[0])


def keyed_hash(key, kind, normalised):
    """HMAC-SHA256 of ``kind:normalised`` under ``key``, hex; None for None."""
    if normalised is None:
        return None
    return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


def id_hash(conn, number):
    """The keyed hash of ID number ``number`` (normalised), or None when it is not one."""
    return keyed_hash(hash_key(conn), "id", normalised_id_number(number)) if number else None


def phone_hash(conn, phone):
    """The keyed hash of ``phone`` (normalised), or None when it is not a phone number."""
    return keyed_hash(hash_key(conn), "phone", normalised_phone(phone)) if phone else None


def check_petitioners(petitioners):
    """The petitioners normalised (``name``, ``phone``, ``id_number``), or :class:`PetitionError` naming the
    field (``petitioners[1].id_number``). At least one."""
    if isinstance(petitioners, dict):
        petitioners = [petitioners]
    if petitioners is None or isinstance(petitioners, (str, bytes)):
        petitioners = []
    try:
        petitioners = list(petitioners)
    except TypeError:
        raise PetitionError("`petitioners` is a list of petitioners (name, phone, id_number)",
                            field="petitioners") from None
    if not petitioners:
        raise PetitionError("a petition matter has petitioners (信访人): at least one with a name",
                            field="petitioners")
    if len(petitioners) > MAX_PETITIONERS:
        raise PetitionError(f"at most {MAX_PETITIONERS} petitioners", field="petitioners")
    return [check_petitioner(p, f"petitioners[{n}]") for n, p in enumerate(petitioners)]


def check_petitioner(petitioner, where):
    if not isinstance(petitioner, dict):
        raise PetitionError(f"`{where}` is a petitioner: name, phone, id_number", field=where)
    name = _text(f"{where}.name", petitioner.get("name"), limits.NAME)
    if name is None:
        raise PetitionError(f"`{where}.name` is required", field=f"{where}.name")
    phone = _text(f"{where}.phone", petitioner.get("phone"), limits.PHONE)
    if phone is not None and normalised_phone(phone) is None:
        raise PetitionError(f"`{where}.phone` is not a phone number (a mobile of 11 digits or a landline with "
                            "its area code)", field=f"{where}.phone")
    number = _text(f"{where}.id_number", petitioner.get("id_number"), 32)
    if number is not None and normalised_id_number(number) is None:
        raise PetitionError(f"`{where}.id_number` is not a resident ID number (18 characters, GB 11643, check "
                            "character verified)", field=f"{where}.id_number")
    return {"name": name, "phone": normalised_phone(phone) if phone else None,
            "id_number": normalised_id_number(number) if number else None}


def insert_petitioners(conn, matter_id, petitioners, first_position=1):
    """Write checked ``petitioners`` to matter ``matter_id`` with their hashes; their ids."""
    key = hash_key(conn)
    ids = []
    with conn.cursor() as cur:
        for position, petitioner in enumerate(petitioners, start=first_position):
            cur.execute(load("grids.petitions", "petitioner_insert"), {
                "incident_id": matter_id, "position": position, **petitioner,
                "id_hash": keyed_hash(key, "id", petitioner["id_number"]),
                "phone_hash": keyed_hash(key, "phone", petitioner["phone"])})
            ids.append(cur.fetchone()[0])
    return ids


def petitioners_of(conn, matter_id):
    """The stored petitioners of a matter, in order, with their hashes (unmasked: for this package only)."""
    with conn.cursor() as cur:
        cur.execute(load("grids.petitions", "petitioners_of"), {"id": matter_id})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]


def masked(row):
    """A petitioner as every list, export and event may show it: masked name, phone and ID, no hash."""
    return {"position": row["position"], "name": mask_name(row["name"]),
            "phone": mask_phone(row["phone"]) if row["phone"] else None,
            "id_number": mask_id_number(row["id_number"]) if row["id_number"] else None}


def plain(row):
    """A petitioner whole (name, phone, ID number): only for a caller who asked for personal data."""
    return {"position": row["position"], "name": row["name"], "phone": row["phone"], "id_number": row["id_number"]}


def _text(field, value, maximum):
    if value is not None and not isinstance(value, str):
        value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(value, str):
            raise PetitionError(f"`{field}` must be text", field=field)
    value = (value or "").strip() or None
    if value is not None and limits.text_problem(value, maximum):
        raise PetitionError(f"`{field}` {limits.text_problem(value, maximum)}", field=field)
    return value
