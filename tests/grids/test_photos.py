"""Photos of cases: the type comes from the bytes, the size is limited, what goes in comes out."""
import hashlib

import psycopg2
import pytest

from grids import photos
from grids.photos import MAX_BYTES, PhotoRefused
from tests.cases import T0, add_incident, load_world

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)
WEBP = b"RIFF\x64\x00\x00\x00WEBPVP8 " + bytes(100)


@pytest.mark.parametrize("data, expected", [
    (JPEG, "image/jpeg"), (PNG, "image/png"), (WEBP, "image/webp"),
    (b"GIF89a" + bytes(10), None),                          # a GIF is no accepted type
    (b"RIFF\x64\x00\x00\x00WAVEfmt ", None),                 # RIFF, but a sound
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),   # an SVG named .jpg is still an SVG
    (b"\x89PNG", None),                                     # a cut-off signature
])
def test_the_type_is_what_the_first_bytes_say(data, expected):
    assert photos.content_type(data) == expected


@pytest.mark.parametrize("data, code", [
    (b"", "photo_empty"), (b"%PDF-1.7" + bytes(100), "photo_type"),
    (JPEG[:3] + bytes(MAX_BYTES), "photo_too_large"),
])
def test_refusals_name_the_file_and_the_reason(data, code):
    with pytest.raises(PhotoRefused) as refused:
        photos.check_photo(data, "现场.jpg")
    assert refused.value.code == code
    assert refused.value.context["file"] == "现场.jpg" and "现场.jpg" in refused.value.message


def test_exactly_the_limit_is_taken():
    assert photos.check_photo(JPEG[:3] + bytes(MAX_BYTES - 3)) == "image/jpeg"


def test_a_photo_is_stored_and_read_back_byte_for_byte(conn):
    ids = load_world(conn)
    case_id = add_incident(conn, "photo")
    stored = photos.add_photo(conn, case_id, WEBP, by=ids["M1"], at=T0, name="a.webp")
    assert (stored["content_type"], stored["size_bytes"]) == ("image/webp", len(WEBP))
    back = photos.get_photo(conn, stored["id"])
    assert bytes(back["data"]) == WEBP and back["sha256"] == hashlib.sha256(WEBP).hexdigest()
    assert back["grid_code"] == "370212001001001"
    listed = photos.photos_of(conn, case_id)
    assert [(p["id"], p["uploaded_by_name"]) for p in listed] == [(stored["id"], "网格员甲")]
    assert "data" not in listed[0]
    assert photos.get_photo(conn, stored["id"] + 1000) is None


def test_the_table_refuses_a_type_or_size_the_module_would_not_write(conn):
    ids = load_world(conn)
    case_id = add_incident(conn, "raw")
    with conn.cursor() as cur:
        cur.execute("SAVEPOINT raw")
        with pytest.raises(psycopg2.errors.CheckViolation):
            cur.execute("INSERT INTO case_photo (incident_id, content_type, size_bytes, sha256, data, uploaded_by, "
                        "uploaded_at) VALUES (%s, 'image/gif', 3, repeat('0', 64), 'abc', %s, now())",
                        (case_id, ids["M1"]))
        cur.execute("ROLLBACK TO SAVEPOINT raw")
