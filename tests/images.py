"""Real image files for the photo tests, made with Pillow: what a phone sends, metadata included."""
import io

from PIL import Image

ORIENTATION, ARTIST, GPS = 0x0112, 0x013B, 0x8825


def image_file(fmt="JPEG", size=(64, 48), orientation=None, artist=None):
    """Bytes of a ``size`` image in ``fmt`` whose left half is blue and right half red (so one can tell
    which way is up), with an EXIF orientation and the owner's name when given."""
    image = Image.new("RGB", size, (220, 30, 30))
    image.paste((30, 30, 220), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    if orientation:
        exif[ORIENTATION] = orientation
    if artist:
        exif[ARTIST] = artist
    out = io.BytesIO()
    image.save(out, fmt, **({"exif": exif} if len(exif) else {}))
    return out.getvalue()
