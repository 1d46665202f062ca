"""Reading boundary files into features in storage coordinates (EPSG:4490), saying how each choice was made.

Concept: a boundary file arrives from a planner or a map app with three things that are easy to get
silently wrong — its layer, its coordinate system and its text encoding. The reader decides each one by
a fixed rule, records which rule decided (``crs_source``, ``encoding_source``) and refuses rather than
guesses when no rule applies. It does not validate or repair geometries: it hands them on intact
(missing, empty and invalid ones included), flattened to 2D, with their 0-based ``feature_index``, for the
importer to check with :mod:`gis.validate`.

Formats, by extension: ``.geojson``/``.json`` (GeoJSON), ``.shp`` (Shapefile), ``.zip`` (a zipped
Shapefile; ``layer`` picks one when it holds several), ``.gpkg`` (GeoPackage; ``layer`` required when it
has several spatial layers) and ``.kml`` (read by GDAL's LIBKML driver).

CRS rules, in order:

1. ``crs`` (the ``--crs`` option: any EPSG code, ``gcj02`` or ``bd09``) wins. Chinese data is often GCJ-02
   saved as "WGS 84", so the option overrides the file; a warning records it when the file explicitly
   declared a different system (not for a GeoJSON without a ``crs`` member, the usual Amap export).
2. The file's own declaration: a Shapefile's ``.prj``, a GeoPackage layer's SRS, a GeoJSON ``crs``
   member (``crs_source='file'``).
3. A GeoJSON without a ``crs`` member is WGS 84 by RFC 7946 (``crs_source='rfc7946'``); a KML is WGS 84
   by the KML standard (``crs_source='format'``).
4. Otherwise (e.g. a Shapefile without ``.prj``) the file is refused with a ``CrsError`` asking for
   ``--crs``.

After conversion every coordinate must be a finite longitude/latitude; if not, the declared CRS cannot be
the right one and the file is refused naming the first such feature.

Encoding rules (Shapefile attribute tables; GDAL's ISO-8859-1 default is never relied on): ``encoding``
(the option) wins; else a ``.cpg`` file is honoured; else the raw DBF bytes are tested: UTF-8 when every
field name and value decodes strictly as UTF-8, else GBK when all decode as GB 18030 (GBK's superset),
else the file is refused naming the field. GeoJSON, GeoPackage and KML are UTF-8 by format.
"""
import codecs
import json
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyogrio.errors
import shapely

from etl.file_types import checked_suffix
from gis.crs import STORAGE_SRID, WGS84_EPSG, crs_from_pyproj, epsg_spec, geometries_to_storage, parse_crs
from gis.errors import CrsError, InputFileError

FORMATS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".shp": "Shapefile", ".zip": "zipped Shapefile",
           ".gpkg": "GeoPackage", ".kml": "KML"}
RESERVED_COLUMNS = ("feature_index", "feature_id")
# LIBKML adds how Google Earth draws a placemark as columns; they say nothing about an area, so they are
# dropped (and its standard description/time columns too, when no placemark uses them).
KML_DISPLAY_FIELDS = ("altitudeMode", "tessellate", "extrude", "visibility", "drawOrder", "icon")
KML_OPTIONAL_FIELDS = ("description", "timestamp", "begin", "end")
# Read DBF text as Latin-1: every byte is one character and back, so the raw bytes survive GDAL.
_RAW = "latin1"
_CODE_PAGES = {"65001": "UTF-8", "936": "GBK", "950": "Big5", "1252": "cp1252", "88591": "ISO-8859-1"}
_GDAL_ERRORS = (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
                pyogrio.errors.GeometryError, pyogrio.errors.FeatureError, pyogrio.errors.CRSError)
_DECIDED_BY = {"option": "as --encoding says", "cpg": "as its .cpg file says", "detected": "as detected"}


@dataclass
class BoundaryFile:
    """A boundary file's features in storage coordinates, and how the reader decided what it did.

    ``frame``: ``feature_index`` (0-based, file order), ``feature_id`` (when the format has real ids:
    GeoPackage FIDs, GeoJSON and KML ids), the attribute columns (text and numbers; dates as ISO text)
    and the geometry in EPSG:4490. ``crs_source`` is ``'option'``, ``'file'``, ``'rfc7946'`` or
    ``'format'`` (KML); ``encoding_source`` is ``'option'``, ``'cpg'``, ``'detected'`` or ``'format'``.
    """

    frame: gpd.GeoDataFrame
    source_crs: str
    crs_source: str
    encoding: str
    encoding_source: str
    layer: str
    warnings: list = field(default_factory=list)


@dataclass
class _Source:
    """The chosen layer of a file and what GDAL needs to read it."""

    path: Path
    format: str
    gdal_path: str
    layer: str
    gdal_layer: str | None
    cpg: str | None = None  # a Shapefile's .cpg text
    declares_crs: bool = True  # False: a GeoJSON without a ``crs`` member
    feature_ids: list | None = None  # a GeoJSON's feature ``id`` members


def read_boundary_file(path, *, layer=None, encoding=None, crs=None):
    """Read the features of a boundary file into EPSG:4490 (see the module docstring for the rules).

    Examples
    --------
    >>> source = read_boundary_file("tests/data/qingdao_zhuji_districts_gcj02.geojson", crs="gcj02")
    >>> source.crs_source, source.encoding, len(source.frame)
    ('option', 'UTF-8', 11)
    """
    source = _open_source(Path(path), layer)
    with _gdal_errors(source):
        raw = pyogrio.read_dataframe(source.gdal_path, layer=source.gdal_layer, use_arrow=False,
                                     fid_as_index=True, **_read_options(source))
    warnings = []
    attributes, used, how = _decode_attributes(source, raw.drop(columns=raw.geometry.name), encoding, warnings)
    spec, crs_source = _decide_crs(source, raw.crs, crs, warnings)
    geometry = geometries_to_storage(shapely.force_2d(np.asarray(raw.geometry.values, dtype=object)), spec)
    _check_lonlat(source, geometry, spec)
    frame = _assemble(source, raw, attributes, geometry, warnings)
    return BoundaryFile(frame, spec.label, crs_source, used, how, source.layer, warnings)


def _read_options(source):
    if source.format in ("Shapefile", "zipped Shapefile"):
        return {"encoding": _RAW}
    if source.format == "GeoJSON":
        return {"DATE_AS_STRING": "YES"}  # keep "2024-01-31" as the text it is
    return {}


@contextmanager
def _gdal_errors(source):
    try:
        yield
    except _GDAL_ERRORS as error:
        raise InputFileError(f"cannot read the {source.format}: {error}", file=str(source.path),
                             layer=source.layer) from None


# --- the file and its layer ---------------------------------------------------------------------------

def _open_source(path, layer):
    suffix = checked_suffix(path, FORMATS)
    if suffix == ".zip":
        return _zipped_shapefile(path, layer)
    source = _Source(path, FORMATS[suffix], str(path), layer, None)
    with _gdal_errors(source):
        names = [name for name, kind in pyogrio.list_layers(path) if kind is not None]
    source.layer = source.gdal_layer = _choose_layer(path, names, layer)
    if suffix == ".shp":
        source.cpg = _sidecar_cpg(path)
    if source.format == "GeoJSON":
        source.declares_crs, source.feature_ids = _geojson_members(path)
    return source


def _choose_layer(path, names, wanted):
    """The layer to read: ``wanted`` (which must exist), else the only one."""
    listed = ", ".join(names) or "none"
    if wanted is not None and wanted not in names:
        raise InputFileError(f"no layer {wanted!r}; layers with geometries: {listed}", file=str(path),
                             layer=wanted)
    if wanted is None and len(names) != 1:
        reason = f"{len(names)} layers with geometries; choose one with --layer: {listed}" if names \
            else "no layer with geometries"
        raise InputFileError(reason, file=str(path))
    return wanted or names[0]


def _zipped_shapefile(path, layer):
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if not m.startswith("__MACOSX/")]
            shapefiles = {m[:-4]: m for m in members if m.lower().endswith(".shp")}
            chosen = _choose_layer(path, sorted(shapefiles), layer)
            cpg = next((m for m in members if m.lower() == f"{chosen}.cpg".lower()), None)
            cpg_text = archive.read(cpg).decode(_RAW) if cpg else None
    except zipfile.BadZipFile as error:
        raise InputFileError(f"not a readable zip file: {error}", file=str(path)) from None
    return _Source(path, "zipped Shapefile", f"/vsizip/{path.resolve()}/{shapefiles[chosen]}", chosen, None,
                   cpg=cpg_text)


def _sidecar_cpg(shp):
    found = [p for p in shp.parent.iterdir() if p.stem == shp.stem and p.suffix.lower() == ".cpg"]
    return found[0].read_bytes().decode(_RAW) if found else None


def _geojson_members(path):
    """``(has a crs member, feature ids or None)`` of a GeoJSON file."""
    try:
        document = json.loads(path.read_bytes())
    except ValueError as error:
        raise InputFileError(f"not valid JSON: {error}", file=str(path)) from None
    features = document.get("features", [document]) if isinstance(document, dict) else []
    ids = [f.get("id") if isinstance(f, dict) else None for f in features]
    return isinstance(document, dict) and "crs" in document, ids if any(i is not None for i in ids) else None


# --- attribute encoding -------------------------------------------------------------------------------

def _decode_attributes(source, frame, option, warnings):
    """``(frame with decoded text, encoding, how it was decided)``."""
    if source.format not in ("Shapefile", "zipped Shapefile"):
        if option:
            warnings.append(f"--encoding {option} ignored: {source.format} text is UTF-8 by format")
        return frame, "UTF-8", "format"
    if option:
        name, how = option, "option"
    elif source.cpg is not None:
        name, how = _cpg_encoding(source), "cpg"
    else:
        name, how = _detect_encoding(source, frame), "detected"
    return _decode_frame(source, frame, name, how, warnings), name, how


def _cpg_encoding(source):
    """The encoding a .cpg names: a name (``UTF-8``, ``GBK``) or a Windows code page (``936``)."""
    text = source.cpg.strip()
    return _CODE_PAGES.get(re.sub(r"^(ansi|cp)[\s_]*", "", text.lower()), text)


def _python_codec(source, name, how):
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise InputFileError(f"unknown encoding {name!r} ({_DECIDED_BY[how]}); pass --encoding, e.g. "
                             "--encoding GBK", file=str(source.path), reason=f"encoding {name}") from None
    return "gb18030" if codec in ("gbk", "gb2312") else codec  # GB 18030 decodes every GBK byte the same


def _detect_encoding(source, frame):
    """``'UTF-8'`` when every text decodes strictly as UTF-8, else ``'GBK'``; else refuse."""
    for name, codec in (("UTF-8", "utf-8"), ("GBK", "gb18030")):
        if _first_undecodable(frame, codec) is None:
            return name
    column, index, error = _first_undecodable(frame, "gb18030")
    raise InputFileError("attribute text is neither UTF-8 nor GBK; pass --encoding (e.g. --encoding BIG5)",
                         file=str(source.path), feature=index, field=_readable(column), reason=str(error))


def _decode_frame(source, frame, name, how, warnings):
    codec = _python_codec(source, name, how)
    failure = _first_undecodable(frame, codec)
    if failure is not None:
        column, index, error = failure
        raise InputFileError(f"attribute text is not {name} ({_DECIDED_BY[how]}); pass the right --encoding",
                             file=str(source.path), feature=index, field=_readable(column), reason=str(error))
    decoded = frame.copy()
    for column in frame.columns:
        decoded[column] = [v.encode(_RAW).decode(codec) if isinstance(v, str) else v for v in frame[column]]
    names = {c: _decode_text(c.encode(_RAW), codec, is_name=True) for c in frame.columns}
    cut = [new for old, new in names.items() if new.encode(codec) != old.encode(_RAW)]
    if cut:
        warnings.append(f"field name(s) {', '.join(cut)}: a last character cut in two by the DBF's 10-byte "
                        "limit on names was dropped")
    return decoded.rename(columns=names)


def _first_undecodable(frame, codec):
    """``(field, feature index or None, error)`` of the first name or text ``codec`` fails on, or None."""
    for column in frame.columns:
        texts = [(None, column)] + [(i, v) for i, v in enumerate(frame[column]) if isinstance(v, str)]
        for index, text in texts:
            try:
                _decode_text(text.encode(_RAW), codec, is_name=index is None)
            except UnicodeDecodeError as error:
                return column, index, error
    return None


def _decode_text(raw, codec, is_name=False):
    """Strict decoding, except that a field name may end in half a character (a DBF keeps 10 bytes of
    a name, and writers cut there), which is dropped."""
    if is_name:
        return codecs.getincrementaldecoder(codec)().decode(raw, final=False)
    return raw.decode(codec)


def _readable(column):
    return column.encode(_RAW).decode("utf-8", errors="replace")


# --- coordinate system --------------------------------------------------------------------------------

def _decide_crs(source, declared, option, warnings):
    """``(CrsSpec, crs_source)`` by the rules of the module docstring."""
    implied, implied_source = _implied_crs(source, declared)
    if option is not None:
        spec = parse_crs(option)
        if implied_source == "file" and implied != spec:
            warnings.append(f"--crs {spec.label} overrides the {implied.label} the file declares")
        return spec, "option"
    if implied is None:
        raise CrsError(f"the {source.format} declares no coordinate system (no .prj?); pass --crs, "
                       "e.g. --crs EPSG:4549 or --crs gcj02", file=str(source.path), layer=source.layer)
    return implied, implied_source


def _implied_crs(source, declared):
    if source.format == "KML":
        return epsg_spec(WGS84_EPSG), "format"
    if not source.declares_crs:
        return epsg_spec(WGS84_EPSG), "rfc7946"
    if declared is None:
        return None, None
    return crs_from_pyproj(declared), "file"


def _check_lonlat(source, geoms, spec):
    """Refuse coordinates that are no longitude/latitude after conversion: the CRS cannot be right."""
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    west, south, east, north = shapely.bounds(geoms).T
    finite = np.isfinite(west) & np.isfinite(south) & np.isfinite(east) & np.isfinite(north)
    bad = present & (~finite | (west < -180) | (east > 180) | (south < -90) | (north > 90))
    if bad.any():
        index = int(np.flatnonzero(bad)[0])
        raise CrsError(f"{int(bad.sum())} feature(s) are no longitude/latitude when read as {spec.label} "
                       f"(first: feature {index}); the file is in another coordinate system: pass --crs",
                       file=str(source.path), feature=index, crs=spec.label)


# --- the frame ----------------------------------------------------------------------------------------

def _assemble(source, raw, attributes, geometry, warnings):
    attributes = _datetimes_as_text(_without_kml_display(source, attributes))
    clashes = [c for c in RESERVED_COLUMNS if c in attributes.columns]
    if clashes:
        warnings.append(f"the file's own field(s) {', '.join(clashes)} replaced by the reader's")
    columns = {"feature_index": np.arange(len(raw))}
    ids = _feature_ids(source, raw)
    if ids is not None:
        columns["feature_id"] = ids
    frame = pd.concat([pd.DataFrame(columns), attributes.drop(columns=clashes).reset_index(drop=True)], axis=1)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=f"EPSG:{STORAGE_SRID}")


def _feature_ids(source, raw):
    """GeoPackage FIDs, GeoJSON ``id`` members or KML placemark ids; None where a format has none."""
    if source.format == "GeoPackage":
        return list(raw.index)
    if source.format == "GeoJSON" and source.feature_ids and len(source.feature_ids) == len(raw):
        return source.feature_ids
    if source.format == "KML" and "id" in raw.columns and raw["id"].notna().any():
        return list(raw["id"])
    return None


def _without_kml_display(source, frame):
    if source.format != "KML":
        return frame
    unused = [c for c in KML_OPTIONAL_FIELDS if c in frame.columns and frame[c].isna().all()]
    return frame.drop(columns=[c for c in KML_DISPLAY_FIELDS if c in frame.columns] + unused)


def _datetimes_as_text(frame):
    """Date and time columns as ISO 8601 text (a date alone when there is no time of day)."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = [None if pd.isna(v) else _iso(v) for v in frame[column]]
    return frame


def _iso(moment):
    return moment.date().isoformat() if moment == moment.normalize() else moment.isoformat()
