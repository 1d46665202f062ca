"""``gridgov boundaries export``: the cells of one level to GeoJSON, GeoPackage or Shapefile (plain, or
zipped — ``.zip`` or ``.shp.zip`` — the way a Shapefile travels as one download).

Columns: ``code``, ``name``, ``level``, ``kind``, ``parent_code``, ``households``, ``population``,
``area_m2``, ``generation`` and the cell's own attributes; geometry in EPSG:4490 unless ``crs`` asks for
another (any EPSG code, or ``gcj02`` / ``bd09`` — those files declare no CRS, as Chinese map apps'
files do, so re-import them with ``--crs``). An export re-imports to the same cells: the importer
recognises these column names and leaves the derived ones (level, area, generation) out of attributes.
"""
import os
import tempfile
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from gis.crs import STORAGE_SRID, geometries_from_storage, parse_crs
from gis.errors import InputFileError
from grids import generations
from grids.cells import cells_as_of

DRIVERS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".shp": "ESRI Shapefile",
           ".zip": "ESRI Shapefile"}
COLUMNS = ["code", "name", "level", "kind", "parent_code", "households", "population", "area_m2"]


def export_cells(conn, level, path, *, crs=None, generation=None, kind=None):
    """Write the cells of ``level`` valid in ``generation`` (default: working) to ``path``."""
    path = Path(path)
    driver = DRIVERS.get(path.suffix.lower())
    if driver is None:
        raise InputFileError(f"cannot export to {path.suffix or 'a file without extension'}; "
                             f"use one of {', '.join(DRIVERS)}", file=str(path))
    generation = generations.resolve(conn, generation)
    cells = cells_as_of(conn, generation, level=level, kind=kind)
    frame = export_frame(cells, generation)
    target = parse_crs(crs) if crs else None
    if target is not None:
        frame = _reproject(frame, target)
    if driver == "ESRI Shapefile":
        frame = frame.rename(columns={"parent_code": "parent_cod"})  # DBF field names hold 10 bytes
    if path.exists() and driver != "GPKG":
        os.remove(path)
    if path.suffix.lower() == ".zip":
        _write_zipped_shapefile(frame, path)
    else:
        _write(frame, path, driver, level)
    return {"file": str(path), "level": level, "generation": generation, "cells": len(frame),
            "crs": target.label if target else f"EPSG:{STORAGE_SRID}"}


def _write(frame, path, driver, level):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="'crs' was not provided")  # GCJ-02/BD-09 have no EPSG code
        pyogrio.write_dataframe(frame, path, driver=driver, layer=level if driver == "GPKG" else None,
                                encoding="UTF-8" if driver == "ESRI Shapefile" else None)


def _write_zipped_shapefile(frame, path):
    """The Shapefile's parts (.shp, .shx, .dbf, .prj, .cpg) in one zip, named after ``path``."""
    stem = path.name[:-len(".zip")].removesuffix(".shp") or "cells"
    with tempfile.TemporaryDirectory(prefix="gridgov-shp-") as folder:
        _write(frame, Path(folder) / f"{stem}.shp", "ESRI Shapefile", None)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for part in sorted(Path(folder).iterdir()):
                archive.write(part, part.name)


def export_frame(cells, generation):
    """Cells as flat columns: the fixed ones, then each attribute as a column of its own."""
    attributes = pd.DataFrame(list(cells["attributes"]), index=cells.index) if len(cells) else pd.DataFrame()
    attributes = attributes.drop(columns=[c for c in attributes.columns if c in COLUMNS], errors="ignore")
    frame = pd.concat([cells[COLUMNS], attributes], axis=1)
    frame["generation"] = generation
    frame["households"] = frame["households"].astype("Int64")
    frame["population"] = frame["population"].astype("Int64")
    return gpd.GeoDataFrame(frame, geometry=cells.geometry.values, crs=f"EPSG:{STORAGE_SRID}")


def _reproject(frame, target):
    geometry = geometries_from_storage(frame.geometry.values, target)
    crs = f"EPSG:{target.epsg}" if target.epsg else None
    return gpd.GeoDataFrame(frame.drop(columns=frame.geometry.name), geometry=geometry, crs=crs)
