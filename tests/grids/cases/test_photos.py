"""Photos of cases: the type comes from the bytes, the size is limited, what goes in comes out."""
import hashlib
import io

import psycopg2
import pytest
from PIL import Image

from grids.cases import photos
from grids.cases.photos import MAX_BYTES, PhotoRefused
from tests.cases import T0, add_incident, load_world
from tests.images import ARTIST, ORIENTATION, image_file

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


def test_a_photo_is_stored_as_cleaned_and_read_back_byte_for_byte(conn):
    ids = load_world(conn)
    case_id = add_incident(conn, "photo")
    kind, cleaned = photos.prepare_photo(image_file("WEBP"), "a.webp")
    stored = photos.add_photo(conn, case_id, (kind, cleaned), by=ids["M1"], at=T0)
    assert (stored["content_type"], stored["size_bytes"]) == ("image/webp", len(cleaned))
    back = photos.get_photo(conn, stored["id"])
    assert bytes(back["data"]) == cleaned and back["sha256"] == hashlib.sha256(cleaned).hexdigest()
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


@pytest.mark.parametrize("fmt, kind", [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")])
def test_a_photo_loses_its_metadata_and_stands_upright(fmt, kind):
    sent = image_file(fmt, size=(64, 48), orientation=6, artist="Zhang San P40")   # taken turned: EXIF says 90°
    assert Image.open(io.BytesIO(sent)).getexif()[ARTIST] == "Zhang San P40"
    found, cleaned = photos.prepare_photo(sent, "现场")
    image = Image.open(io.BytesIO(cleaned))
    assert found == kind and image.format == fmt
    assert image.size == (48, 64)                                    # turned as the orientation said
    assert ARTIST not in image.getexif() and ORIENTATION not in image.getexif()
    assert b"Zhang San" not in cleaned


def test_a_large_photo_is_scaled_to_the_longest_side_allowed():
    found, cleaned = photos.prepare_photo(image_file("JPEG", size=(4000, 3000)))
    assert Image.open(io.BytesIO(cleaned)).size == (photos.MAX_SIDE, photos.MAX_SIDE * 3 // 4)


def test_a_file_that_only_starts_like_an_image_or_would_decode_too_large_is_refused():
    with pytest.raises(PhotoRefused) as refused:
        photos.prepare_photo(JPEG, "坏.jpg")
    assert refused.value.code == "photo_unreadable" and refused.value.http_status == 415
    assert "坏.jpg" in refused.value.message
    bomb = io.BytesIO()
    Image.new("1", (8000, 8000)).save(bomb, "PNG")                  # 64 MP of nothing: a few KB on disk
    with pytest.raises(PhotoRefused) as refused:
        photos.prepare_photo(bomb.getvalue(), "bomb.png")
    assert refused.value.code == "photo_too_large" and "8000 × 8000" in refused.value.message
    beyond = io.BytesIO()
    Image.new("1", (14000, 14000)).save(beyond, "PNG")              # so many that Pillow itself refuses to open it
    with pytest.raises(PhotoRefused) as refused:
        photos.prepare_photo(beyond.getvalue(), "bomb2.png")
    assert refused.value.code == "photo_too_large" and "more pixels than" in refused.value.message
