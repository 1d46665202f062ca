"""``gridgov boundaries check``: the rules users rely on, checked in one generation.

Each check is a named SQL file returning rows of (code, level, kind, other_code, area_m2, location,
detail). Errors break a rule the rest of gridgov depends on (a micro-grid lies inside one grid; basic
grids tile their community); warnings are things to finish (a cell without a parent, a grid without
its member, a member spread over more than ``max_grids`` grids). Areas are in m² on the ellipsoid;
slivers below ``tolerance_m2`` are ignored.
"""
from dataclasses import asdict, dataclass

from gis.sqlfiles import load

DEFAULT_TOLERANCE_M2 = 1.0
DEFAULT_MAX_GRIDS_PER_MEMBER = 2


@dataclass(frozen=True)
class Check:
    name: str
    severity: str
    levels: tuple  # the --level values the check belongs to; () means every level
    message: str


CHECKS = (
    Check("invalid", "error", (), "invalid geometry: {detail}"),
    Check("outside_parent", "error", (), "{area_m2:,.1f} m² lies outside its parent {other_code}"),
    Check("basic_overlaps", "error", ("grid",), "basic grid overlaps basic grid {other_code} by {area_m2:,.1f} m²"),
    Check("coverage_gaps", "error", ("community", "grid"),
          "gap of {area_m2:,.1f} m² not covered by any of its basic grids"),
    Check("split_microgrids", "error", ("microgrid", "grid"), "building split between grids {other_code}"),
    Check("orphans", "warning", (), "{orphan}"),
    Check("grids_without_member", "warning", ("grid",), "grid has no grid member"),
    Check("members_over_grids", "warning", ("grid",), "grid member {detail}: {other_code}"),
)
SQL_NAMES = {
    "invalid": "check_invalid", "outside_parent": "check_outside_parent",
    "basic_overlaps": "check_basic_overlaps", "coverage_gaps": "check_coverage_gaps",
    "split_microgrids": "check_split_microgrids", "orphans": "check_orphans",
    "grids_without_member": "check_grids_without_member", "members_over_grids": "check_members_over_grids",
}


@dataclass
class Finding:
    check: str
    severity: str
    code: str
    level: str
    kind: str | None
    other_code: str | None
    area_m2: float | None
    location: str | None  # WKT point inside the problem, EPSG:4490
    message: str

    def as_dict(self):
        return asdict(self)


def run_checks(conn, generation, level=None, tolerance_m2=DEFAULT_TOLERANCE_M2,
               max_grids=DEFAULT_MAX_GRIDS_PER_MEMBER):
    """All findings for ``generation`` (optionally the checks that concern ``level``), errors first."""
    findings = []
    for check in CHECKS:
        if level and check.levels and level not in check.levels:
            continue
        params = {"generation": generation, "level": level, "tolerance": tolerance_m2, "max_grids": max_grids}
        with conn.cursor() as cur:
            cur.execute(load("grids.cells", SQL_NAMES[check.name]), params)
            findings += [_finding(check, row) for row in cur.fetchall()]
    return sorted(findings, key=lambda f: (f.severity != "error", f.check, f.code))


def _finding(check, row):
    code, level, kind, other_code, area_m2, location, detail = row
    orphan = {"without_parent": f"no parent{f' (parent code {other_code} is not in this generation)' if other_code else ''}",
              "without_grids": "community has no basic grids"}.get(detail, "")
    message = check.message.format(detail=detail, area_m2=area_m2 or 0.0, other_code=other_code, orphan=orphan)
    return Finding(check.name, check.severity, code, level, kind, other_code,
                   None if area_m2 is None else round(area_m2, 2), location, message)


def has_errors(findings):
    return any(f.severity == "error" for f in findings)
