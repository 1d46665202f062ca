"""The Chinese font the reports are set in: a TrueType (glyf) CJK font, found at run time.

reportlab embeds only TrueType outlines (not the CFF outlines of Noto CJK's .otf/.ttc), so the font is
WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``, which ``scripts/install.sh`` installs on every
server) or another TrueType CJK font: first the Debian paths of :data:`CANDIDATES`, then what
``fc-list :lang=zh`` knows. None found: :class:`FontMissing` naming the package to install.
"""
import functools
import shutil
import subprocess
from pathlib import Path

from gis.errors import GridgovError

PACKAGE = "fonts-wqy-microhei"
CANDIDATES = (  # (path, face index in a collection)
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
)


class FontMissing(GridgovError):
    """No Chinese TrueType font on this machine: a report would print boxes (tofu) instead of characters."""

    code = "font_missing"
    http_status = 500


@functools.cache
def cjk_font():
    """``(path, face index)`` of a TrueType font with Chinese characters; :class:`FontMissing` otherwise."""
    for path, face in (*CANDIDATES, *_fontconfig()):
        if Path(path).is_file() and _is_truetype(path):
            return str(path), face
    raise FontMissing(f"no Chinese TrueType font found for the report: install the Debian package {PACKAGE} "
                      f"(apt-get install {PACKAGE}; scripts/install.sh does)", package=PACKAGE)


def _fontconfig():
    if not shutil.which("fc-list"):
        return []
    done = subprocess.run(["fc-list", ":lang=zh", "file", "index"], capture_output=True, text=True, timeout=20)
    found = []
    for line in done.stdout.splitlines():
        path, _, rest = line.partition(":")
        if path.lower().endswith((".ttf", ".ttc")):
            index = rest.split("=")[-1].strip() if "index=" in rest else "0"
            found.append((path.strip(), int(index) if index.isdigit() else 0))
    return sorted(found)


def _is_truetype(path):
    """True when the file holds TrueType outlines (a ``glyf`` table), which reportlab can embed."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    return b"glyf" in head
