"""The cells of one level of a generation as the flat table an export file holds.

Columns: ``code``, ``name``, ``level``, ``kind``, ``parent_code``, ``households``, ``population``,
``area_m2``, ``generation`` and the cell's own attributes, each a column of its own; geometry in
EPSG:4490 unless another CRS is asked for (any EPSG code, or GCJ-02 / BD-09, which have none). An
export re-imports to the same cells: the importer recognises these column names and leaves the
derived ones (level, area, generation) out of attributes.
"""
import geopandas as gpd
import pandas as pd

from gis.crs import STORAGE_SRID, geometries_from_storage
from grids.cells.store import cells_as_of

COLUMNS = ["code", "name", "level", "kind", "parent_code", "households", "population", "area_m2"]


def cell_export_frame(conn, generation, level, *, kind=None, crs=None, with_attributes=True):
    """The cells of ``level`` (of ``kind``, if given) valid in ``generation``, in ``crs`` (a
    :class:`gis.crs.CrsSpec`; default the stored CGCS2000). Without attributes: the fixed columns only
    (what the web app hands out; an office's attributes may hold anything, names and phones too)."""
    frame = _flat(cells_as_of(conn, generation, level=level, kind=kind), generation, with_attributes)
    return _reprojected(frame, crs) if crs is not None else frame


def _flat(cells, generation, with_attributes):
    attributes = (pd.DataFrame(list(cells["attributes"]), index=cells.index)
                  if len(cells) and with_attributes else pd.DataFrame(index=cells.index))
    attributes = attributes.drop(columns=[c for c in attributes.columns if c in COLUMNS], errors="ignore")
    frame = pd.concat([cells[COLUMNS], attributes], axis=1)
    frame["generation"] = generation
    frame["households"] = frame["households"].astype("Int64")
    frame["population"] = frame["population"].astype("Int64")
    return gpd.GeoDataFrame(frame, geometry=cells.geometry.values, crs=f"EPSG:{STORAGE_SRID}")


def _reprojected(frame, target):
    geometry = geometries_from_storage(frame.geometry.values, target)
    crs = f"EPSG:{target.epsg}" if target.epsg else None
    return gpd.GeoDataFrame(frame.drop(columns=frame.geometry.name), geometry=geometry, crs=crs)
