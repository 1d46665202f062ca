"""Coordinate reference systems: everything gridgov knows about them, in one place.

Concept: gridgov stores every coordinate as longitude/latitude in CGCS2000 (``STORAGE_SRID``, EPSG:4490),
China's legal geodetic system, and converts only at the edges: on the way in (files, API input) and on the
way out (exports, GeoJSON for the map). Three families of input exist:

- **EPSG systems** (CGCS2000 Gauss-Krüger zones such as EPSG:4549, UTM, WGS 84 …) go through PROJ
  (``pyproj``), vectorized over coordinate arrays. WGS 84 (EPSG:4326) and CGCS2000 are realisations of
  the same ITRF-aligned frame and differ by a few centimetres, far below the accuracy of any boundary or
  phone fix we handle, so 4326 ⇄ 4490 is an identity (PROJ itself only offers a "ballpark" no-op there).
- **GCJ-02**, the deliberately offset system of Amap/Gaode, Tencent and WeChat (hundreds of metres), and
- **BD-09**, Baidu's further offset of GCJ-02. Neither has an EPSG code. Forward (WGS 84 → GCJ-02 →
  BD-09) are the published closed formulas; the way in needs their *inverse*, which has no closed form:
  we solve it exactly by fixed-point iteration (Caijun 2014, as ``prcoords.*_bored``) to < 1e-9°
  (0.1 mm), not with the one-step approximation (``x - (f(x) - x)``), which is 1–2 m off. The formulas
  are vectorized with numpy here (millions of incident points) and tested point by point against
  ``prcoords`` 1.0.2.

Outside China nothing is shifted. Like prcoords, coordTransform and eviltransform we call "China" the
lon/lat box 72.004–137.8347 E, 0.8293–55.8271 N, so our coordinates agree with theirs everywhere; the box is
coarse (Seoul, Taipei and Hong Kong fall inside it and are shifted) but every city gridgov serves is well
inside. Outside the box GCJ-02 and BD-09 coordinates are taken to be WGS 84 (both directions), which is
what Amap and Baidu serve abroad. The inverse decides by the box around its *input* (GCJ-02/BD-09) point.
"""
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyproj
import shapely

from gis.errors import CrsError

STORAGE_SRID = 4490
WGS84_EPSG = 4326
_SAME_AS_STORAGE = {STORAGE_SRID, WGS84_EPSG}  # centimetre-level identity, see the module comment

# The published GCJ-02 constants: the Krasovsky 1940 ellipsoid and Baidu's fixed extra offset.
_KRASOVSKY_A = 6378245.0
_KRASOVSKY_EE = 0.00669342162296594323
_BD_DLON, _BD_DLAT = 0.0065, 0.0060
_CHINA_BOX = (72.004, 0.8293, 137.8347, 55.8271)  # lon min, lat min, lon max, lat max
_INVERSE_TOLERANCE_DEG = 1e-9
_INVERSE_MAX_ITERATIONS = 20  # converges in 3-5; the cap only ends NaN or absurd inputs

ACCEPTED = "EPSG:<code> (e.g. EPSG:4549), a bare EPSG code (4549), gcj02, bd09, wgs84, cgcs2000"


@dataclass(frozen=True)
class CrsSpec:
    """A coordinate system gridgov can convert from and to.

    ``kind`` is ``'epsg'`` (``epsg`` set), ``'gcj02'``, ``'bd09'`` or ``'wkt'`` (a file's CRS without
    an EPSG code, kept as ``wkt`` so PROJ can still transform it). ``label`` is for people.
    """

    kind: str
    epsg: int | None = None
    label: str = ""
    wkt: str | None = None


GCJ02 = CrsSpec("gcj02", label="GCJ-02")
BD09 = CrsSpec("bd09", label="BD-09")
_NAMED = {"gcj02": GCJ02, "bd09": BD09, "wgs84": WGS84_EPSG, "cgcs2000": STORAGE_SRID}


# The three systems a Chinese file's longitude/latitude are in, by name, with the label parse_crs reads.
CHINA_SYSTEMS = {"WGS 84": "EPSG:4326", "GCJ-02": "gcj02", "BD-09": "bd09"}


def china_system(label):
    """Which of :data:`CHINA_SYSTEMS` a CRS label is (CGCS2000 counts as WGS 84), or None.

    >>> china_system("EPSG:4490"), china_system("gcj02"), china_system("EPSG:4549")
    ('WGS 84', 'GCJ-02', None)
    """
    spec = parse_crs(label)
    if spec.kind in ("gcj02", "bd09"):
        return {"gcj02": "GCJ-02", "bd09": "BD-09"}[spec.kind]
    return "WGS 84" if spec.epsg in _SAME_AS_STORAGE else None


def epsg_spec(code):
    """The :class:`CrsSpec` of an EPSG code PROJ knows; ``CrsError`` otherwise."""
    try:
        pyproj.CRS.from_epsg(code)
    except pyproj.exceptions.CRSError as error:
        raise CrsError(f"unknown EPSG code {code}", crs=f"EPSG:{code}", reason=str(error)) from None
    return CrsSpec("epsg", epsg=int(code), label=f"EPSG:{code}")


def parse_crs(text):
    """Parse a ``--crs`` value.

    Examples
    --------
    >>> parse_crs("epsg:4549")
    CrsSpec(kind='epsg', epsg=4549, label='EPSG:4549', wkt=None)
    >>> parse_crs("GCJ-02").kind
    'gcj02'
    """
    key = re.sub(r"[\s_-]", "", str(text)).lower()
    named = _NAMED.get(key)
    if isinstance(named, CrsSpec):
        return named
    if named is not None:
        return epsg_spec(named)
    match = re.fullmatch(r"(?:epsg:)?(\d+)", key)
    if match is None:
        raise CrsError(f"unknown coordinate system {text!r}; accepted: {ACCEPTED}", crs=str(text))
    return epsg_spec(int(match.group(1)))


def crs_from_pyproj(crs, min_confidence=70):
    """The :class:`CrsSpec` of a CRS a file declares (``pyproj.CRS`` or anything it accepts).

    An EPSG code is used when PROJ identifies one with at least ``min_confidence`` (pyproj's own
    default: lower values start to match custom definitions to the wrong code); OGC:CRS84 (GeoJSON's
    lon/lat WGS 84) is EPSG:4326; anything else is kept as WKT.
    """
    crs = pyproj.CRS.from_user_input(crs)
    code = crs.to_epsg(min_confidence=min_confidence)
    if code is None and crs.to_authority(min_confidence=min_confidence) == ("OGC", "CRS84"):
        code = WGS84_EPSG
    if code is not None:
        return epsg_spec(code)
    return CrsSpec("wkt", label=crs.name, wkt=crs.to_wkt())


def geometries_to_storage(geoms, spec):
    """Shapely geometries (array-like) in ``spec`` → the same geometries in EPSG:4490.

    Missing geometries stay missing; nothing is validated or repaired.

    Examples
    --------
    >>> import shapely
    >>> point = geometries_to_storage([shapely.Point(500000, 4000000)], parse_crs("EPSG:4549"))[0]
    >>> round(point.x, 9), round(point.y, 6)
    (120.0, 36.130293)
    """
    return _transform_geometries(geoms, lambda x, y: points_to_storage(x, y, spec))


def geometries_from_storage(geoms, spec):
    """Shapely geometries in EPSG:4490 → the same geometries in ``spec`` (for exports)."""
    return _transform_geometries(geoms, lambda lon, lat: points_from_storage(lon, lat, spec))


def points_to_storage(x, y, spec):
    """Coordinate arrays in ``spec`` → ``(lon, lat)`` float arrays in EPSG:4490."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if spec.kind == "gcj02":
        return gcj02_to_wgs84(x, y)
    if spec.kind == "bd09":
        return bd09_to_wgs84(x, y)
    if spec.epsg in _SAME_AS_STORAGE:
        return x.copy(), y.copy()
    return _transformer(_proj_text(spec), f"EPSG:{STORAGE_SRID}").transform(x, y)


def points_from_storage(lon, lat, spec):
    """``(lon, lat)`` arrays in EPSG:4490 → ``(x, y)`` float arrays in ``spec``."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if spec.kind == "gcj02":
        return wgs84_to_gcj02(lon, lat)
    if spec.kind == "bd09":
        return wgs84_to_bd09(lon, lat)
    if spec.epsg in _SAME_AS_STORAGE:
        return lon.copy(), lat.copy()
    return _transformer(f"EPSG:{STORAGE_SRID}", _proj_text(spec)).transform(lon, lat)


def _transform_geometries(geoms, convert):
    geoms = np.asarray(geoms, dtype=object)

    def on_coordinates(xy):
        return np.column_stack(convert(xy[:, 0], xy[:, 1]))

    return shapely.transform(geoms, on_coordinates)


def _proj_text(spec):
    return spec.wkt if spec.kind == "wkt" else f"EPSG:{spec.epsg}"


@lru_cache(maxsize=32)
def _transformer(source, target):
    return pyproj.Transformer.from_crs(source, target, always_xy=True)


# --- GCJ-02 and BD-09: the published formulas, vectorized -------------------------------------------

def in_china(lon, lat):
    """Boolean array: inside the lon/lat box the offset formulas apply to (see the module comment)."""
    lon_min, lat_min, lon_max, lat_max = _CHINA_BOX
    return (lon >= lon_min) & (lon <= lon_max) & (lat >= lat_min) & (lat <= lat_max)


def wgs84_to_gcj02(lon, lat):
    """WGS 84 → GCJ-02 (the published forward formula); points outside China unchanged."""
    return _inside_china_only(_wgs_to_gcj, lon, lat)


def gcj02_to_wgs84(lon, lat):
    """GCJ-02 → WGS 84, the exact inverse of :func:`wgs84_to_gcj02` (to 1e-9°)."""
    return _inside_china_only(lambda x, y: _inverse(_wgs_to_gcj, x, y), lon, lat)


def wgs84_to_bd09(lon, lat):
    """WGS 84 → BD-09 (GCJ-02, then Baidu's offset); points outside China unchanged."""
    return _inside_china_only(lambda x, y: _gcj_to_bd(*_wgs_to_gcj(x, y)), lon, lat)


def bd09_to_wgs84(lon, lat):
    """BD-09 → WGS 84, the exact inverse of :func:`wgs84_to_bd09` (to 1e-9°)."""
    return _inside_china_only(lambda x, y: _inverse(lambda a, b: _gcj_to_bd(*_wgs_to_gcj(a, b)), x, y),
                              lon, lat)


def _inside_china_only(convert, lon, lat):
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    out_lon, out_lat = lon.copy(), lat.copy()
    inside = in_china(lon, lat)
    if inside.any():
        out_lon[inside], out_lat[inside] = convert(lon[inside], lat[inside])
    return out_lon, out_lat


def _gcj_offset_m(x, y):
    """The GCJ-02 offset in metres (east, north) at ``x = lon - 105``, ``y = lat - 35``."""
    pi = np.pi
    common = 2 * np.sin(6 * pi * x) + 2 * np.sin(2 * pi * x)
    east = (300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
            + (common + 2 * np.sin(pi * x) + 4 * np.sin(pi * x / 3)
               + 15 * np.sin(pi * x / 12) + 30 * np.sin(pi * x / 30)) * 20 / 3)
    north = (-100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
             + (common + 2 * np.sin(pi * y) + 4 * np.sin(pi * y / 3)
                + 16 * np.sin(pi * y / 12) + 32 * np.sin(pi * y / 30)) * 20 / 3)
    return east, north


def _wgs_to_gcj(lon, lat):
    """The offset in metres turned into degrees on the Krasovsky ellipsoid, as published."""
    east, north = _gcj_offset_m(lon - 105.0, lat - 35.0)
    sin_lat = np.sin(np.radians(lat))
    magic = 1 - _KRASOVSKY_EE * sin_lat * sin_lat
    metres_per_deg_lat = np.radians(_KRASOVSKY_A * (1 - _KRASOVSKY_EE) / magic ** 1.5)
    metres_per_deg_lon = np.radians(_KRASOVSKY_A * np.cos(np.radians(lat)) / np.sqrt(magic))
    return lon + east / metres_per_deg_lon, lat + north / metres_per_deg_lat


def _gcj_to_bd(lon, lat):
    r = np.hypot(lon, lat) + 0.00002 * np.sin(np.radians(lat) * 3000)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(np.radians(lon) * 3000)
    return r * np.cos(theta) + _BD_DLON, r * np.sin(theta) + _BD_DLAT


def _inverse(forward, lon, lat):
    """Solve ``forward(x, y) == (lon, lat)`` by fixed-point iteration from the one-step guess."""
    fx, fy = forward(lon, lat)
    x, y = 2 * lon - fx, 2 * lat - fy
    for _ in range(_INVERSE_MAX_ITERATIONS):
        fx, fy = forward(x, y)
        dx, dy = fx - lon, fy - lat
        x, y = x - dx, y - dy
        # NaN compares False, so a NaN coordinate counts as settled and stays NaN.
        if not (np.any(np.abs(dx) >= _INVERSE_TOLERANCE_DEG) or np.any(np.abs(dy) >= _INVERSE_TOLERANCE_DEG)):
            break
    return x, y
