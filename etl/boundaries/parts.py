"""What a polygon file holds besides one polygon per cell: points and lines, and buildings in parts.

Concept: a cell is an area. A boundary file may also carry points (label points, entrances) and lines
(a road drawn in the same layer); those cannot be cells, so they are skipped and counted, never written
and never silent. A footprint file often draws one building as several parts (a tower and its podium,
each a feature with the same building id); ``--dissolve-by FIELD`` merges the features sharing that
field's value into one cell, the union of their shapes (``shapely.union_all``), and reports each merge.
The merged cell takes, field by field, the first value its parts give in file order.
"""
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl.boundaries.fields import code_text
from gis.errors import InputFileError, InvalidGeometryError
from gis.validate import invalid_reasons, repair as repair_geometry
from grids.errors import ImportRefused

POINT_TYPES = ("Point", "MultiPoint")
LINE_TYPES = ("LineString", "MultiLineString", "LinearRing")


@dataclass
class PartsReport:
    """Features skipped as points or lines, and the merges of ``--dissolve-by``."""

    skipped_points: list = field(default_factory=list)  # feature indexes
    skipped_lines: list = field(default_factory=list)
    dissolved: list = field(default_factory=list)  # one line per merged cell
    repairs: list = field(default_factory=list)  # parts made valid before merging

    def warnings(self):
        """The skipped features as one warning, counted by type, or none."""
        skipped = sorted(self.skipped_points + self.skipped_lines)
        if not skipped:
            return []
        listed = ", ".join(str(i) for i in skipped[:20]) + (" …" if len(skipped) > 20 else "")
        return [f"skipped {len(self.skipped_points)} point and {len(self.skipped_lines)} line feature(s): a "
                f"cell is an area (features {listed})"]


def skip_points_and_lines(frame, path, report):
    """``frame`` without its point and line features (a collection of only those counts as its kind);
    refuses a file with nothing else."""
    kinds = np.array([_dimension_kind(g) for g in frame.geometry.values], dtype=object)
    report.skipped_points += [int(i) for i in frame["feature_index"][kinds == "point"]]
    report.skipped_lines += [int(i) for i in frame["feature_index"][kinds == "line"]]
    kept = frame[(kinds != "point") & (kinds != "line")]
    if kept.empty and len(frame):
        raise InputFileError(f"no polygon features: {len(report.skipped_points)} point and "
                             f"{len(report.skipped_lines)} line feature(s); a cell is an area", file=str(path))
    return kept.reset_index(drop=True)


def _dimension_kind(geom):
    """'point' or 'line' for a geometry with nothing of a higher dimension; None otherwise (areas, and
    missing or empty geometries, which the importer's validation reports)."""
    if geom is None or geom.is_empty:
        return None
    types = {part.geom_type for part in shapely.get_parts(geom)} if geom.geom_type == "GeometryCollection" \
        else {geom.geom_type}
    if types <= set(POINT_TYPES):
        return "point"
    if types <= set(POINT_TYPES + LINE_TYPES):
        return "line"
    return None


def dissolve_by(frame, column, path, report, repair=False):
    """One feature per value of ``column``: the union of the parts that share it, reported in ``report``.

    Features without a value stay as they are. Parts are checked before the union (an invalid part is
    refused naming it, or repaired with ``repair``).
    """
    if column not in frame.columns:
        fields = ", ".join(c for c in frame.columns if c != frame.geometry.name)
        raise InputFileError(f"no field {column!r} to dissolve by; fields are: {fields}", file=str(path),
                             field=column)
    frame = frame.reset_index(drop=True)
    keys = pd.Series([None if _nested(v) else code_text(v) for v in frame[column]])
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    geoms = list(frame.geometry.values)
    dropped = set()
    for key, index in keys.groupby(keys, sort=False).groups.items():
        if len(index) > 1:
            members = list(index)
            geoms[members[0]] = _union_of_parts(frame.loc[members], key, column, path, report, repair)
            records[members[0]] = _first_values([records[i] for i in members])
            dropped.update(members[1:])
    kept = [i for i in range(len(frame)) if i not in dropped]
    return gpd.GeoDataFrame(pd.DataFrame([records[i] for i in kept]),
                            geometry=np.array([geoms[i] for i in kept], dtype=object), crs=frame.crs)


def _first_values(records):
    """Field by field, the first value the parts give (``feature_index``: the first part's)."""
    merged = dict(records[0])
    for name, value in merged.items():
        if name != "feature_index" and _absent(value):
            merged[name] = next((r[name] for r in records if not _absent(r[name])), value)
    return merged


def _absent(value):
    return not _nested(value) and (value is None or (isinstance(value, float) and value != value))


def _nested(value):
    return isinstance(value, (list, dict, np.ndarray))


def _union_of_parts(parts, key, column, path, report, repair):
    geoms = list(parts.geometry.values)
    problems = invalid_reasons(geoms)
    if problems and not repair:
        raise ImportRefused(
            f"{len(problems)} invalid part(s) of features to dissolve by {column}; nothing was written "
            "(use --repair to make them valid)",
            [f"feature {parts['feature_index'].iloc[i]}: geometry: {reason}" for i, reason in problems],
            file=str(path))
    for i, _ in problems:
        try:
            geoms[i], description = repair_geometry(geoms[i])
        except InvalidGeometryError as error:
            raise ImportRefused(f"a part of {column} {key} cannot be repaired; nothing was written",
                                [f"feature {parts['feature_index'].iloc[i]}: geometry: {error.message}"],
                                file=str(path)) from None
        report.repairs.append(f"feature {parts['feature_index'].iloc[i]} (part of {column} {key}): {description}")
    features = ", ".join(str(i) for i in parts["feature_index"])
    union = shapely.union_all(geoms)
    report.dissolved.append(f"{column} {key}: features {features} → one cell of {len(geoms)} parts "
                            f"({len(shapely.get_parts(union))} polygon(s))")
    return union
