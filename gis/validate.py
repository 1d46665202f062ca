"""Geometry validation that explains itself, and repair only when asked.

Concept: a cell is an area, so every cell geometry must end up a valid MultiPolygon. Validation never
changes anything: it lists each bad geometry with its index and the reason and place GEOS gives
(``Self-intersection[120.47 36.10]``), or says that the geometry is missing, empty or not polygonal.
Repair is a separate, explicit step (``--repair``) that makes a geometry valid with GEOS's *structure*
method, keeps only the polygonal parts and says in one line what it changed.

Geometries here are in storage coordinates (lon/lat, EPSG:4490); areas in repair descriptions are
square metres on the CGCS2000 (GRS 80) ellipsoid.
"""
import numpy as np
import pyproj
import shapely

from gis.errors import InvalidGeometryError

_POLYGONAL = {"Polygon", "MultiPolygon"}
_POLYGONAL_TYPE_IDS = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)
_VALID = "Valid Geometry"  # what shapely.is_valid_reason says of a valid geometry
_GEOD = pyproj.Geod(ellps="GRS80")


def invalid_reasons(geoms):
    """``[(index, reason), …]`` for every geometry that is not a valid (multi)polygon.

    A GeometryCollection made only of polygons counts as the MultiPolygon of its parts.

    Examples
    --------
    >>> import shapely
    >>> invalid_reasons([shapely.box(0, 0, 1, 1), shapely.from_wkt("POLYGON((0 0,1 1,1 0,0 1,0 0))")])
    [(1, 'Self-intersection[0.5 0.5]')]
    """
    geoms = np.asarray(geoms, dtype=object)
    viewed = geoms.copy()
    for index in np.flatnonzero(shapely.get_type_id(geoms) == shapely.GeometryType.GEOMETRYCOLLECTION):
        viewed[index] = _polygonal_view(geoms[index])
    reasons = shapely.is_valid_reason(viewed)
    polygonal = np.isin(shapely.get_type_id(viewed), _POLYGONAL_TYPE_IDS)
    suspect = (reasons != _VALID) | shapely.is_empty(viewed) | ~polygonal
    return [(int(i), _shape_problem(geoms[i]) or str(reasons[i])) for i in np.flatnonzero(suspect)]


def _polygonal_view(geom):
    """A polygon-only GeometryCollection as a MultiPolygon; any other collection as it is."""
    if _polygon_parts(geom) is not None:
        return as_multipolygon(geom)
    return geom


def _shape_problem(geom):
    """Why ``geom`` cannot be a cell before asking GEOS about validity, or None."""
    if geom is None:
        return "missing geometry"
    if geom.is_empty:
        return f"empty geometry ({geom.geom_type})"
    if geom.geom_type not in _POLYGONAL and _polygon_parts(geom) is None:
        return f"not polygonal: {_type_summary(geom)}"
    return None


def repair(geom):
    """Make ``geom`` a valid MultiPolygon; return it with a one-line description of what changed.

    GEOS's ``make_valid(method="structure")`` is used rather than ``linework``: it reads rings as the
    boundaries of areas (shells unioned, the holes inside them subtracted), so overlapping parts of a
    multipolygon keep their area, where ``linework`` would turn the overlap into a hole. It needs
    GEOS ≥ 3.10, which every shapely ≥ 2.1 wheel bundles. Lines and points left over (collapsed slivers,
    stray lines in a collection) are dropped and reported. Raises ``InvalidGeometryError`` when no area
    remains.

    Examples
    --------
    >>> import shapely
    >>> fixed, what = repair(shapely.from_wkt("POLYGON((0 0,1 1,1 0,0 1,0 0))"))
    >>> fixed.geom_type, len(fixed.geoms)
    ('MultiPolygon', 2)
    """
    problem = _shape_problem(geom)
    if geom is None or geom.is_empty:
        raise InvalidGeometryError(f"cannot repair: {problem}", reason=problem)
    reason = problem or shapely.is_valid_reason(geom)
    made = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    flat = _flat_parts(made)
    polygons = [p for p in flat if p.geom_type == "Polygon" and not p.is_empty]
    if not polygons:
        raise InvalidGeometryError(f"cannot repair: no area remains ({reason})", reason=reason)
    fixed = as_multipolygon(shapely.union_all(polygons))
    return fixed, _describe(reason, geom, fixed, [p for p in flat if p.geom_type != "Polygon"])


def _describe(reason, before, after, dropped):
    text = (f"{reason}; made valid (make_valid, structure): {len(after.geoms)} polygon(s), "
            f"area {_area_m2(before):,.1f} → {_area_m2(after):,.1f} m²")
    if dropped:
        kinds = sorted({g.geom_type for g in dropped})
        text += f"; dropped {len(dropped)} non-polygonal part(s) ({', '.join(kinds)})"
    return text


def _area_m2(geom):
    """Ellipsoidal area of the polygonal parts of ``geom`` (rings as they are, even when invalid)."""
    polygons = [p for p in _flat_parts(geom) if p.geom_type == "Polygon"]
    oriented = shapely.orient_polygons(np.array(polygons, dtype=object)) if polygons else []
    return sum(abs(_GEOD.geometry_area_perimeter(p)[0]) for p in oriented)


def as_multipolygon(geom):
    """``geom`` as a MultiPolygon: a Polygon is wrapped, a polygon-only collection flattened.

    Does not validate. Raises ``InvalidGeometryError`` for a missing, empty or non-polygonal geometry.

    Examples
    --------
    >>> import shapely
    >>> as_multipolygon(shapely.box(0, 0, 1, 1)).geom_type
    'MultiPolygon'
    """
    problem = _shape_problem(geom)
    if problem:
        raise InvalidGeometryError(f"not a (multi)polygon: {problem}", reason=problem)
    if geom.geom_type == "MultiPolygon":
        return geom
    if geom.geom_type == "Polygon":
        return shapely.MultiPolygon([geom])
    return shapely.MultiPolygon(_polygon_parts(geom))


def _flat_parts(geom):
    """The single-part geometries of ``geom``, collections and multi-geometries opened recursively."""
    if geom.geom_type in ("MultiPolygon", "MultiLineString", "MultiPoint", "GeometryCollection"):
        return [p for part in shapely.get_parts(geom) for p in _flat_parts(part)]
    return [geom]


def _polygon_parts(geom):
    """The non-empty polygons of ``geom`` when it holds nothing else (empty parts ignored), or None."""
    parts = [p for p in _flat_parts(geom) if not p.is_empty]
    if parts and all(p.geom_type == "Polygon" for p in parts):
        return parts
    return None


def _type_summary(geom):
    if geom.geom_type != "GeometryCollection":
        return geom.geom_type
    kinds = sorted({p.geom_type for p in _flat_parts(geom) if not p.is_empty})
    return f"GeometryCollection of {', '.join(kinds)}"
