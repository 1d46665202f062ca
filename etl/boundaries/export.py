"""``gridgov boundaries export``: the cells of one level to GeoJSON, GeoPackage or Shapefile (plain, or
zipped — ``.zip`` or ``.shp.zip``). The table is :mod:`grids.cells.export`'s, the file
:mod:`gis.vectorfiles`'s.
"""
from gis.crs import STORAGE_SRID, parse_crs
from gis.vectorfiles import driver_for, write_vector_file
from grids.cells import generations
from grids.cells.export import cell_export_frame


def export_cells(conn, level, path, *, crs=None, generation=None, kind=None):
    """Write the cells of ``level`` valid in ``generation`` (default: working) to ``path``."""
    driver_for(path)   # refuse an unknown format before reading anything
    generation = generations.resolve(conn, generation)
    target = parse_crs(crs) if crs else None
    frame = cell_export_frame(conn, generation, level, kind=kind, crs=target)
    write_vector_file(frame, path, layer=level)
    return {"file": str(path), "level": level, "generation": generation, "cells": len(frame),
            "crs": target.label if target else f"EPSG:{STORAGE_SRID}"}
