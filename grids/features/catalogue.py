"""The collections of gridgov's OGC API - Features, their property filters, and the CRS they answer in.

Axis order (checked with pyproj: ``CRS.from_epsg(4490).axis_info`` is Lat, Lon): OGC API - Features
Part 2 says coordinates are written in the axis order the CRS defines, except for CRS84, which is
lon/lat by definition. So ``crs=…/EPSG/0/4490`` answers ``[lat, lon]`` and ``bbox-crs=…/EPSG/0/4490``
reads ``minlat,minlon,maxlat,maxlon``; the default CRS84 is ``[lon, lat]`` (GeoJSON's order). The store
is CGCS2000 lon/lat (:data:`gis.crs.STORAGE_SRID`), and WGS 84 ⇄ CGCS2000 is the identity at the
precision gridgov keeps (:mod:`gis.crs`), so CRS84 is the stored coordinates as they are and EPSG:4490
the same numbers swapped: no reprojection, only ``ST_FlipCoordinates``.
"""
from grids.cells.hierarchy import KINDS

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CGCS2000 = "http://www.opengis.net/def/crs/EPSG/0/4490"
CRS_LIST = (CRS84, CGCS2000)
LAT_LON = {CGCS2000}                     # the CRS whose axis order is latitude first

CELL_FILTERS = ("code", "parent_code", "kind")
INCIDENT_FILTERS = ("category_code", "channel", "status", "street_code", "community_code", "grid_code")

# collection id → (level or None for incidents, title, description)
COLLECTIONS = {
    "cities": ("city", "市 Cities", "The city above the districts (6-digit code ending in 00), in a city store."),
    "districts": ("district", "区县 Districts", "The districts of the store (6-digit code)."),
    "streets": ("street", "街道/乡镇 Streets", "Streets and towns (9-digit code)."),
    "communities": ("community", "社区/村 Communities", "Communities and villages (12-digit code)."),
    "grids": ("grid", "网格 Grids", "Basic and dedicated grids (15-digit code); `kind` basic or dedicated."),
    "microgrids": ("microgrid", "微网格 Micro-grids", "Buildings and stairwells under the grids; `kind`."),
    "incidents": (None, "事件 Incidents", "Placed incidents without any personal field (no reporter, "
                  "phone or address); where, when and what kind."),
}


def level_of(collection):
    """The cell level of a cell collection, None for ``incidents``; KeyError for an unknown one."""
    return COLLECTIONS[collection][0]


def filters_of(collection):
    """The property filters a collection takes as query parameters."""
    return INCIDENT_FILTERS if level_of(collection) is None else CELL_FILTERS


def kinds(level):
    """The kinds a level's cells may have (empty for levels without kinds)."""
    return tuple(k for k in KINDS[level] if k is not None)


