"""Vector files out: a GeoDataFrame written as GeoJSON, GeoPackage or Shapefile (plain, or zipped —
``.zip`` or ``.shp.zip`` — the way a Shapefile travels as one download), through pyogrio (GDAL).

Concept: the format follows the file name's suffix, as in GIS desktop tools. Shapefiles are written in
UTF-8 with a ``.cpg`` saying so (Chinese names survive ArcGIS and QGIS); a frame without a CRS (GCJ-02
and BD-09 have no EPSG code) is written without one, as Chinese map apps' files are.
"""
import os
import tempfile
import warnings
import zipfile
from pathlib import Path

import pyogrio

from gis.errors import InputFileError

DRIVERS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".shp": "ESRI Shapefile",
           ".zip": "ESRI Shapefile"}
MEDIA_TYPES = {".geojson": "application/geo+json", ".json": "application/geo+json",
               ".gpkg": "application/geopackage+sqlite3", ".shp": "application/octet-stream",
               ".zip": "application/zip"}


def driver_for(path):
    """The GDAL driver a file name asks for; :class:`InputFileError` naming the file if none."""
    path = Path(path)
    driver = DRIVERS.get(path.suffix.lower())
    if driver is None:
        raise InputFileError(f"cannot export to {path.suffix or 'a file without extension'}; "
                             f"use one of {', '.join(DRIVERS)}", file=str(path))
    return driver


def media_type_for(path):
    """The media type of a vector file to download."""
    return MEDIA_TYPES[Path(path).suffix.lower()]


def write_vector_file(frame, path, layer):
    """Write ``frame`` to ``path`` (replacing it), ``layer`` naming the GeoPackage layer."""
    path = Path(path)
    driver = driver_for(path)
    if path.exists() and driver != "GPKG":
        os.remove(path)
    if path.suffix.lower() == ".zip":
        _write_zipped_shapefile(frame, path)
    else:
        _write(frame, path, driver, layer)


def vector_file_bytes(frame, name, layer):
    """The bytes of the file :func:`write_vector_file` would write as ``name`` (for a download)."""
    with tempfile.TemporaryDirectory(prefix="gridgov-export-") as folder:
        path = Path(folder) / Path(name).name
        write_vector_file(frame, path, layer)
        return path.read_bytes()


def _write(frame, path, driver, layer):
    if driver == "ESRI Shapefile":
        frame = frame.rename(columns=_dbf_names(frame.columns))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="'crs' was not provided")  # GCJ-02/BD-09 have no EPSG code
        pyogrio.write_dataframe(frame, path, driver=driver, layer=layer if driver == "GPKG" else None,
                                encoding="UTF-8" if driver == "ESRI Shapefile" else None)


def _dbf_names(columns):
    """DBF field names hold 10 bytes: a longer name is cut (``parent_code`` → ``parent_cod``, the name
    the importer reads back) unless the cut name is taken; GDAL then makes such names unique itself."""
    taken = set(columns)
    renames = {}
    for column in columns:
        cut = column.encode("utf-8")[:10].decode("utf-8", "ignore")
        if cut != column and cut not in taken:
            renames[column] = cut
            taken.add(cut)
    return renames


def _write_zipped_shapefile(frame, path):
    """The Shapefile's parts (.shp, .shx, .dbf, .prj, .cpg) in one zip, named after ``path``."""
    stem = path.name[:-len(".zip")].removesuffix(".shp") or "cells"
    with tempfile.TemporaryDirectory(prefix="gridgov-shp-") as folder:
        _write(frame, Path(folder) / f"{stem}.shp", "ESRI Shapefile", None)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(folder).iterdir()):
                archive.write(part, part.name)
