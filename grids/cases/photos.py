"""Photos of cases (现场照片): checked by their bytes, stored in PostGIS, served only to who may see the case.

Concept: a photo is evidence attached to a case (an incident) by a person at a time on the case clock.
What it *is* comes from its first bytes (the magic number), never from the file name or the content type
the phone claimed: JPEG (``FF D8 FF``), PNG (``89 50 4E 47 0D 0A 1A 0A``) and WebP (``RIFF····WEBP``)
are taken, anything else is refused with :class:`PhotoRefused` naming the reason, as is an empty file or
one over :data:`MAX_BYTES`. The bytes go into ``case_photo`` (migration 007) with their type, size and
SHA-256. Who may fetch one is the caller's rule (the web app: accounts whose scope holds the case's cell,
:func:`grids.member.worklist.case_code`).

What is stored is the photo as shown, not the file as sent (:func:`clean_photo`): decoded (a file that
only starts like an image is refused), turned upright by its EXIF orientation, at most
:data:`MAX_SIDE` pixels on its longer side, and written again in its own format without metadata — a
phone's EXIF carries the owner's name, the device and where the member stood, which nobody viewing the
case needs. The original bytes are not kept: a case photo shows what was found and done, it is not
forensic evidence.
"""
import hashlib
import io

from PIL import Image, ImageOps, UnidentifiedImageError

from gis.errors import GridgovError
from gis.sqlfiles import load

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 50_000_000      # decoding more would take memory no phone photo needs (a decompression bomb)
MAX_SIDE = 2048              # enough to read a notice on a wall; a 12 MP photo becomes ~0.4 MB
TYPES = ("image/jpeg", "image/png", "image/webp")
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


class PhotoRefused(GridgovError):
    """A photo that is empty (400), too large (413) or not a JPEG, PNG or WebP image (415); nothing was stored."""

    code = "photo_refused"
    STATUS = {"photo_empty": 400, "photo_too_large": 413, "photo_type": 415, "photo_unreadable": 415}

    def __init__(self, message, code, **context):
        super().__init__(message, **context)
        self.code, self.http_status = code, self.STATUS[code]


def content_type(data):
    """The image type the bytes start with (``'image/jpeg'``, ``'image/png'``, ``'image/webp'``), or None.

    >>> content_type(b"\\xff\\xd8\\xff\\xe0" + bytes(16))
    'image/jpeg'
    >>> content_type(b"RIFF\\x10\\x00\\x00\\x00WEBPVP8 "), content_type(b"GIF89a")
    ('image/webp', None)
    """
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_photo(data, name="photo"):
    """The content type of ``data``, or :class:`PhotoRefused` (codes ``photo_empty``, ``photo_too_large``,
    ``photo_type``) naming the file ``name`` and the reason."""
    if not data:
        raise PhotoRefused(f"{name} is empty", "photo_empty", field="photo", file=name)
    if len(data) > MAX_BYTES:
        raise PhotoRefused(f"{name} is {len(data) / 1048576:.1f} MB; a photo may be at most "
                           f"{MAX_BYTES // 1048576} MB", "photo_too_large", field="photo", file=name,
                           size_bytes=len(data), max_bytes=MAX_BYTES)
    found = content_type(data)
    if found is None:
        raise PhotoRefused(f"{name} is not a JPEG, PNG or WebP image (its first bytes say otherwise)",
                           "photo_type", field="photo", file=name, accepted=", ".join(TYPES))
    return found


def clean_photo(data, kind, name="photo"):
    """The photo ``data`` (of type ``kind``) upright, at most :data:`MAX_SIDE` pixels a side, without
    metadata, in its own format; :class:`PhotoRefused` when it cannot be decoded or is too large to."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise PhotoRefused(f"{name} is {image.width} × {image.height} pixels; a photo may have at most "
                               f"{MAX_PIXELS:,} pixels", "photo_too_large", field="photo", file=name)
        image.thumbnail((MAX_SIDE, MAX_SIDE))        # first: a JPEG is then decoded at a reduced scale
        image = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        image.save(out, _FORMATS[kind], **({"quality": 85} if kind != "image/png" else {"optimize": True}))
    except Image.DecompressionBombError:
        raise PhotoRefused(f"{name} has more pixels than a photo may have ({MAX_PIXELS:,})", "photo_too_large",
                           field="photo", file=name) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise PhotoRefused(f"{name} starts like a {kind.split('/')[1].upper()} image but cannot be read "
                           f"({error})", "photo_unreadable", field="photo", file=name) from None
    return out.getvalue()


def prepare_photo(data, name="photo"):
    """``(content type, cleaned bytes)`` of an uploaded photo: checked (:func:`check_photo`) and cleaned
    (:func:`clean_photo`) before anything about it is written."""
    kind = check_photo(data, name)
    return kind, clean_photo(data, kind, name)


def add_photo(conn, incident_id, photo, *, by, at, case_version=None):
    """Store one photo of case ``incident_id`` (as :func:`prepare_photo` returns it), attached by person
    id ``by`` at ``at``.

    Returns ``{id, incident_id, content_type, size_bytes, sha256, uploaded_at}`` (no bytes)."""
    kind, data = photo
    params = {"incident_id": incident_id, "case_version": case_version, "content_type": kind,
              "size_bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "data": data,
              "uploaded_by": by, "uploaded_at": at}
    with conn.cursor() as cur:
        cur.execute(load("grids.cases", "photos_insert"), params)
        photo_id = cur.fetchone()[0]
    return {"id": photo_id, **{k: params[k] for k in ("incident_id", "content_type", "size_bytes", "sha256")},
            "uploaded_at": at}


def get_photo(conn, photo_id):
    """One photo with its bytes (``data``) and the cell codes of its case, or None."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cases", "photos_get"), {"id": photo_id})
        row = cur.fetchone()
        return dict(zip([d[0] for d in cur.description], row)) if row else None


def photos_of(conn, incident_id):
    """The photos of a case, oldest first, without their bytes: id, content_type, size_bytes,
    case_version, uploaded_at, uploaded_by and the uploader's name."""
    with conn.cursor() as cur:
        cur.execute(load("grids.cases", "photos_of_case"), {"incident_id": incident_id})
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]

