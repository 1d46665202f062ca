"""Live checks of a draft, for the planner's map: the rules of the publish gate, with their geometry.

Concept: ``gridgov boundaries check`` and the publish gate report where a rule is broken with a point; a
planner editing the draft needs to *see* the problem after every edit, so each finding here carries the
offending geometry as GeoJSON in EPSG:4326 (the overlap, the gap, the part outside the parent, the
building that is cut, the grid without a member) and the checks run on one community at a time. The
rules are not written again here: each is the one query of :mod:`grids.cells.checks`
(:func:`~grids.cells.checks.rule_rows`), with the severity and message of
:data:`~grids.cells.checks.CHECKS`, so what the map shows for a community is what the gate finds in it.

The five rules on the map (``on_map``):

- ``basic_overlaps``: basic grids overlapping each other (error);
- ``coverage_gaps``: parts of a community no basic grid covers; a community without basic grids is one
  gap (error);
- ``outside_parent``: a grid reaching outside its community, a building outside its grid (error);
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

from grids.cells.checks import CHECKS, DEFAULT_TOLERANCE_M2, rule_rows

MAP_CHECKS = tuple(check for check in CHECKS if check.on_map)


def live_findings(conn, generation, community_code=None, tolerance_m2=DEFAULT_TOLERANCE_M2):
    """Findings in ``generation`` (the draft), for one community or all, errors first.

    Each is a dict: ``check``, ``severity``, ``code`` (the cell at fault: a grid, a community, a
    building), ``level``, ``kind``, ``other_code`` (the other grid(s) or the parent, comma-separated),
    ``area_m2`` (the overlap, gap or part outside; a cut building's smallest share), ``message`` and
    ``geometry`` (a GeoJSON geometry in EPSG:4326).
    """
    findings = []
    for check in MAP_CHECKS:
        rows = rule_rows(conn, check.name, generation, community=community_code, tolerance_m2=tolerance_m2)
        findings += [_finding(check, row) for row in rows]
    return sorted(findings, key=lambda f: (f["severity"] != "error", f["check"], f["code"]))


def _finding(check, row):
    return {"check": check.name, "severity": check.severity, "code": row.code, "level": row.level,
            "kind": row.kind, "other_code": row.other_code,
            "area_m2": None if row.area_m2 is None else round(row.area_m2, 2),
            "message": check.describe(row), "geometry": json.loads(row.geometry)}
