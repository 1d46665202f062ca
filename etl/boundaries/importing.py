"""``gridgov boundaries import``: a boundary file into the draft generation.

The file is read by :mod:`etl.boundaries.reader` (format, CRS, encoding); its points and lines are skipped
and counted, and with ``dissolve_by`` the parts sharing a value merged (:mod:`etl.boundaries.parts`); its
fields are mapped to the cell's code, name, parent code, kind, households and population
(:mod:`etl.boundaries.fields`), and :func:`grids.cells.boundaries.import_cells` does the rest. The command
line's ``--kind`` wins over a kind field in the file, with a warning naming both where they disagree.
"""
import json

from etl.boundaries.fields import cell_frame, kind_disagreements, map_fields
from etl.boundaries.parts import PartsReport, dissolve_by as dissolve_parts, skip_points_and_lines
from etl.boundaries.reader import read_boundary_file
from gis.sqlfiles import load
from grids.cells import generations
from grids.cells.boundaries import import_cells
from grids.cells.shape_offsets import shape_offset_warning
from grids.errors import ImportRefused
from grids.planning import drafts


def import_boundary_file(conn, path, level, *, kind=None, crs=None, encoding=None, layer=None,
                         code_field=None, name_field=None, parent_field=None, repair=False, renumber=False,
                         dissolve_by=None, strict=False, progress=None):
    """Read ``path`` and import its features as cells of ``level``; return the report as a dict.

    ``renumber``: cells whose codes break the code rule get new ones under their parent (reported old →
    new) instead of refusing the file. ``dissolve_by``: a field whose shared values merge features into
    one cell. ``strict``: shapes that look like another coordinate system than the one read
    (:mod:`grids.cells.shape_offsets`) refuse the file instead of a warning.
    """
    progress = progress or (lambda message: None)
    progress(f"reading {path}")
    source = read_boundary_file(path, layer=layer, encoding=encoding, crs=crs)
    parts = PartsReport()
    features = skip_points_and_lines(source.frame, path, parts)
    if dissolve_by:
        features = dissolve_parts(features, dissolve_by, path, parts, repair=repair)
    chosen = map_fields(features, path, code=code_field, name=name_field, parent_code=parent_field)
    frame = cell_frame(features, chosen, path, kind=kind)
    offset = shape_offset_warning(conn, frame.geometry.values, level, source.source_crs,
                                  generations.current_generation(conn))
    if offset and strict:
        raise ImportRefused("the shapes look like another coordinate system (--strict); nothing was written",
                            [offset], file=str(path))
    try:
        report = import_cells(conn, frame, level, kind, repair=repair, renumber=renumber, progress=progress)
    except ImportRefused as refused:
        refused.context.setdefault("file", str(path))
        raise
    report.repairs = parts.repairs + report.repairs
    report.warnings = (list(source.warnings) + kind_disagreements(features, chosen["kind"], kind)
                       + parts.warnings() + ([offset] if offset else []) + report.warnings)
    if chosen["name"] is None:
        report.warnings.append("no name field: names are the codes")
    result = {"file": str(path), "crs": source.source_crs, "crs_source": source.crs_source,
              "encoding": source.encoding, "encoding_source": source.encoding_source, "fields": chosen,
              "skipped_points": len(parts.skipped_points), "skipped_lines": len(parts.skipped_lines),
              "dissolved": parts.dissolved, **report.as_dict()}
    _record(conn, report.generation, str(path), level, result)
    result["draft_revision"] = drafts.record_import(conn, report.generation, {"file": str(path), "level": level})
    return result


def _record(conn, generation, source, level, result):
    with conn.cursor() as cur:
        cur.execute(
            load("etl.boundaries", "boundary_import_log"),
            {"generation": generation, "source": source, "level": level,
             "summary": json.dumps(result, ensure_ascii=False, default=str)},
        )
