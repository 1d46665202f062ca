"""Live checks of a draft, for the planner's map: the rules of ``grids.cells.checks`` with their geometry.

Concept: ``gridgov boundaries check`` reports where a rule is broken with a point; a planner editing
the draft needs to *see* the problem after every edit, so each finding here carries the offending
geometry as GeoJSON in EPSG:4326 (the overlap, the gap, the part outside the community, the building
that is cut, the grid without a member) and the checks run on one community at a time. Severities and
messages are those of :data:`grids.cells.checks.CHECKS`; areas are m² on the ellipsoid and slivers up to
``tolerance_m2`` are ignored, as there.

The five checks (one SQL file each, ``grids/sql/live_*.sql``):

- ``basic_overlaps``: basic grids overlapping each other (error);
- ``coverage_gaps``: parts of a community no basic grid covers (error);
- ``outside_parent``: a grid reaching outside its community (error);
- ``split_microgrids``: a building lying in more than one basic grid (error);
- ``grids_without_member``: a grid nobody is assigned to (warning).

Example::

    live_findings(conn, draft, "370212001001")
    # [{"check": "coverage_gaps", "severity": "error", "code": "370212001001", "level": "community",
    #   "kind": None, "other_code": None, "area_m2": 812.4,
    #   "message": "gap of 812.4 m² not covered by any of its basic grids",
    #   "geometry": {"type": "Polygon", "coordinates": [[[120.41, 36.06], …]]}}, …]
"""
import json

from gis.sqlfiles import load
from grids.cells.checks import CHECKS, DEFAULT_TOLERANCE_M2

LIVE_SQL = {
    "basic_overlaps": "live_basic_overlaps", "coverage_gaps": "live_coverage_gaps",
    "outside_parent": "live_outside_community", "split_microgrids": "live_split_buildings",
    "grids_without_member": "live_grids_without_member",
}
_CHECKS = {check.name: check for check in CHECKS}


def live_findings(conn, generation, community_code=None, tolerance_m2=DEFAULT_TOLERANCE_M2):
    """Findings in ``generation`` (the draft), for one community or all, errors first.

    Each is a dict: ``check``, ``severity``, ``code`` (the cell at fault: a grid, a community, a
    building), ``level``, ``kind``, ``other_code`` (the other grid(s) or the community, comma-separated),
    ``area_m2`` (the overlap, gap or part outside; a cut building's smallest share), ``message`` and
    ``geometry`` (a GeoJSON geometry in EPSG:4326).
    """
    params = {"generation": generation, "community": community_code, "tolerance": tolerance_m2}
    findings = []
    with conn.cursor() as cur:
        for name, sql_name in LIVE_SQL.items():
            cur.execute(load("grids.cells", sql_name), params)
            findings += [_finding(_CHECKS[name], row) for row in cur.fetchall()]
    return sorted(findings, key=lambda f: (f["severity"] != "error", f["check"], f["code"]))


def _finding(check, row):
    code, level, kind, other_code, area_m2, detail, geometry = row
    message = check.message.format(detail=detail, area_m2=area_m2 or 0.0, other_code=other_code, orphan="")
    return {"check": check.name, "severity": check.severity, "code": code, "level": level, "kind": kind,
            "other_code": other_code, "area_m2": None if area_m2 is None else round(area_m2, 2),
            "message": message, "geometry": json.loads(geometry)}
