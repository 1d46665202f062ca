"""The boundary rules users rely on, each decided by one query: the publish gate, ``gridgov boundaries
check`` and the planner's map all ask the same one.

Concept: a rule is one SQL file, ``sql/check_<name>.sql``, returning :class:`RuleRow` rows — the cell
at fault, the area, a point inside the problem (WKT, EPSG:4490) and the problem's shape (GeoJSON,
EPSG:4326). Its severity and message are in :data:`CHECKS`, once. :func:`run_checks` reads the rows of
a whole generation as :class:`Finding` (the gate, the CLI); :func:`grids.cells.live_checks.live_findings`
reads the rows of the rules on the map (``on_map``) for one community, with their shape. Errors break
a rule the rest of gridgov depends on (a micro-grid lies inside one grid; basic grids tile their
community, so a community without basic grids is an error; at every level the cells of one level do not
overlap — ``overlaps`` for districts, streets, communities and micro-grids, ``basic_overlaps`` for basic
grids, while dedicated grids may lie over them — and children tile their parent: ``tiling_gaps`` for
streets in their district and communities in their street, ``coverage_gaps`` for basic grids in their
community); warnings are things to finish (a cell
without a parent, a grid without its member, a member spread over more than ``max_grids`` grids).
Areas are in m² on the ellipsoid; slivers below ``tolerance_m2`` are ignored.

Example::

    run_check(conn, "coverage_gaps", 2)
    # [Finding(check="coverage_gaps", severity="error", code="370212001002", level="community", …,
    #          message="community has no basic grids (2,001,234.5 m² uncovered)")]
"""
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

from gis.sqlfiles import load

DEFAULT_TOLERANCE_M2 = 1.0
DEFAULT_MAX_GRIDS_PER_MEMBER = 2


@dataclass(frozen=True)
class Check:
    """One rule: its name (its query is ``check_<name>.sql``), severity and message."""

    name: str
    severity: str
    levels: tuple  # the --level values the check belongs to; () means every level
    message: str  # formatted with the row's fields (area_m2 as 0.0 when it has none)
    variants: dict = field(default_factory=dict, hash=False)  # {detail: message} for rows with that detail
    on_map: bool = False  # the planner's map runs it too, on one community at a time

    def describe(self, row):
        """The message of one :class:`RuleRow` of this check."""
        template = self.variants.get(row.detail, self.message)
        return template.format(**{**row._asdict(), "area_m2": row.area_m2 or 0.0})


CHECKS = (
    Check("invalid", "error", (), "invalid geometry: {detail}"),
    Check("outside_parent", "error", (), "{area_m2:,.1f} m² lies outside its parent {other_code}", on_map=True),
    Check("basic_overlaps", "error", ("grid",), "basic grid overlaps basic grid {other_code} by {area_m2:,.1f} m²",
          on_map=True),
    Check("overlaps", "error", ("city", "district", "street", "community", "microgrid"),
          "overlaps {level} {other_code} by {area_m2:,.1f} m²"),
    Check("tiling_gaps", "error", ("district", "street", "community"),
          "gap of {area_m2:,.1f} m² not covered by any of its {detail}"),
    Check("coverage_gaps", "error", ("community", "grid"),
          "gap of {area_m2:,.1f} m² not covered by any of its basic grids",
          {"without_grids": "community has no basic grids ({area_m2:,.1f} m² uncovered)"}, on_map=True),
    Check("split_microgrids", "error", ("microgrid", "grid"), "building split between grids {other_code}",
          on_map=True),
    Check("orphans", "warning", (), "no parent",
          {"parent_missing": "no parent (parent code {other_code} is not in this generation)"}),
    Check("grids_without_member", "warning", ("grid",), "grid has no grid member", on_map=True),
    Check("members_over_grids", "warning", ("grid",), "grid member {detail}: {other_code}"),
)
CHECKS_BY_NAME = {check.name: check for check in CHECKS}


class RuleRow(NamedTuple):
    """One row of a rule's query: where a rule is broken."""

    code: str  # the cell at fault (a person for members_over_grids)
    level: str
    kind: str | None
    other_code: str | None  # the other grid(s), the parent, the grids of a member
    area_m2: float | None  # the overlap, gap or part outside; a cut building's smallest share
    detail: str | None  # which case of the rule, or GEOS's reason
    location: str | None  # WKT point inside the problem, EPSG:4490
    geometry: str | None  # the problem's shape, GeoJSON in EPSG:4326


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


def rule_rows(conn, name, generation, *, community=None, level=None, tolerance_m2=DEFAULT_TOLERANCE_M2,
              max_grids=DEFAULT_MAX_GRIDS_PER_MEMBER):
    """The :class:`RuleRow` rows of the rule ``name`` in ``generation``, in the query's order.

    ``community`` limits a rule of the map (``on_map``) to one community; ``level`` limits the rules that
    look at every level (``invalid``, ``outside_parent``, ``orphans``) to one.
    """
    if community is not None and not CHECKS_BY_NAME[name].on_map:
        raise ValueError(f"check {name} is not on the planner's map: it cannot be limited to a community")
    params = {"generation": generation, "community": community, "level": level, "tolerance": tolerance_m2,
              "max_grids": max_grids}
    with conn.cursor() as cur:
        cur.execute(load("grids.cells", f"check_{name}"), params)
        return [RuleRow(*row) for row in cur.fetchall()]


def run_check(conn, name, generation, level=None, tolerance_m2=DEFAULT_TOLERANCE_M2,
              max_grids=DEFAULT_MAX_GRIDS_PER_MEMBER):
    """The findings of the one check ``name`` in ``generation``, in its query's order."""
    check = CHECKS_BY_NAME[name]
    rows = rule_rows(conn, name, generation, level=level, tolerance_m2=tolerance_m2, max_grids=max_grids)
    return [_finding(check, row) for row in rows]


def run_checks(conn, generation, level=None, tolerance_m2=DEFAULT_TOLERANCE_M2,
               max_grids=DEFAULT_MAX_GRIDS_PER_MEMBER):
    """All findings for ``generation`` (optionally the checks that concern ``level``), errors first."""
    findings = []
    for check in CHECKS:
        if not level or not check.levels or level in check.levels:
            findings += run_check(conn, check.name, generation, level, tolerance_m2, max_grids)
    return sorted(findings, key=lambda f: (f.severity != "error", f.check, f.code))


def _finding(check, row):
    return Finding(check.name, check.severity, row.code, row.level, row.kind, row.other_code,
                   None if row.area_m2 is None else round(row.area_m2, 2), row.location, check.describe(row))


def has_errors(findings):
    return any(f.severity == "error" for f in findings)
