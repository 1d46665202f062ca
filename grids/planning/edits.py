"""The planners' edits of the draft generation.

Concept: every edit is one call of :func:`replace_grids` — "these grids of this community become
these" — which plans it (which grids it replaces, where every building goes, codes by the standard
rule: :mod:`grids.planning.edit_geometry`, :mod:`grids.planning.edit_codes`), writes it into the draft, folds its code
map into the change log (:mod:`grids.cells.code_changes`), records it for undo (:mod:`grids.planning.history`),
bumps the draft's revision and logs it (:mod:`grids.planning.drafts`). The edits a planner makes on the map —
reshape, split, merge, move buildings, create or delete a dedicated grid — only compute the new set.

Every edit takes ``by`` (the account id of a planner or administrator) and ``expected_revision`` (the
draft revision the planner saw; 0 before the draft exists) and returns an :class:`EditResult`. A drawn
line or boundary is held to :func:`grids.limits.drawn_geometry` (its type, at most 10,000 vertices,
finite coordinates in China: a line drawn to ±1e308 cut a grid in four) before anything is planned.
"""
from dataclasses import asdict, dataclass

import shapely
import shapely.ops

from gis.sqlfiles import load
from grids import limits
from grids.cells import code_changes, generations
from grids.cells.codes import district_of
from grids.errors import DraftError
from grids.planning import draft_store, drafts, history
from grids.planning.edit_codes import plan_edit
from grids.planning.edit_geometry import clean, valid_polygon

SHARED_EDGE_DEG = 1e-6   # grids sharing a boundary at least this long (about 0.1 m) are neighbours
AREAS = ("Polygon", "MultiPolygon")


@dataclass
class EditResult:
    """What an edit did: the draft's new ``revision``, the ``grids`` it produced (codes, in the order
    of ``new_grids``), the grids it ``removed``, how many ``buildings_recoded``, and its ``code_changes``
    (``[{old_code, new_code, level, kind}]``, this edit's own old → new codes)."""

    generation: int
    revision: int
    edit: str
    community_code: str
    grids: list
    removed: list
    buildings_recoded: int
    code_changes: list
    edit_id: int

    def as_dict(self):
        return asdict(self)


def replace_grids(conn, community_code, new_grids, *, by, expected_revision, reason="", replaces=None,
                  edit="replace"):
    """Replace grids of ``community_code`` in the draft by ``new_grids``; the core of every edit.

    ``new_grids``: dicts with ``geometry`` (EPSG:4490; shapely, GeoJSON dict or WKT), ``kind``
    (``basic``, the default, or ``dedicated``), optional ``name``, ``code`` (a code to keep: one of
    the replaced grids') and ``buildings`` (building micro-grid codes; unlisted buildings go to the
    basic grid holding most of their area). ``replaces``: the codes of the grids replaced (default:
    the kept codes, the grids of the listed buildings and the grids of the same kind the new ones
    overlap). Raises
    :class:`~grids.errors.DraftConflict` when the draft is no longer at ``expected_revision``.
    """
    account = drafts.editor(conn, by, area=community_code)
    state = drafts.lock_draft(conn, account, expected_revision, district_of(community_code))
    draft = state["generation"]
    before = history.snapshot(conn, draft, community_code)
    area = draft_store.read_area(conn, draft, community_code)
    plan = plan_edit(area, new_grids, replaces)
    draft_store.end_cells(conn, draft, plan.end)
    draft_store.insert_cells(conn, draft, plan.write)
    draft_store.copy_addresses(conn, plan.recoded)
    draft_store.fold_unchanged(conn, draft, [row["code"] for row in plan.write])
    code_changes.record(conn, draft, community_code, plan.code_map, edit)
    revision = drafts.bump_revision(conn, state, account)
    removed = sorted(set(plan.end) - set(plan.grids) - set(plan.recoded))
    changes = [{k: e[k] for k in ("old_code", "new_code", "level", "kind")} for e in plan.code_map]
    summary = {"grids": plan.grids, "removed": removed, "buildings_recoded": _buildings(plan)}
    after = history.snapshot(conn, draft, community_code)
    edit_id = history.push(conn, state, community_code, edit, revision, account, reason, before, after,
                           summary)
    drafts.log_step(conn, draft, "edit", account, revision,
                    {"edit": edit, "community": community_code, "reason": reason, **summary})
    return EditResult(draft, revision, edit, community_code, plan.grids, removed, _buildings(plan), changes,
                      edit_id)


def _buildings(plan):
    return sum(1 for e in plan.code_map if e["level"] == "microgrid" and e["kind"] == "building")


def reshape_grid(conn, grid_code, boundary, *, by, expected_revision, reason=""):
    """Give ``grid_code`` the polygon ``boundary``; basic neighbours lose what it takes from them.

    The grid keeps its code (so do the neighbours, unless nothing is left of one); buildings follow the
    majority of their area. What the grid gives up and no neighbour takes is a gap the checks report.
    """
    grid = _grid(conn, grid_code)
    boundary = valid_polygon(limits.drawn_geometry("geometry", boundary, AREAS), "the boundary")
    wanted = [{"code": grid_code, "kind": grid["kind"], "geometry": boundary}]
    replaces = [grid_code]
    if grid["kind"] == "basic":
        for other in _community_grids(conn, grid["community_code"]):
            if other["code"] == grid_code or other["kind"] != "basic" or clean(other["geom"] & boundary) is None:
                continue
            rest = clean(shapely.difference(other["geom"], boundary))
            replaces.append(other["code"])
            if rest is not None:
                wanted.append({"code": other["code"], "kind": "basic", "geometry": rest})
    return replace_grids(conn, grid["community_code"], wanted, by=by, expected_revision=expected_revision,
                         reason=reason, replaces=replaces, edit="reshape")


def split_grid(conn, grid_code, line, *, by, expected_revision, reason=""):
    """Split ``grid_code`` along ``line`` (drawn across it) into new grids with new codes.

    A building goes whole to the part holding most of its area; the parts' boundaries go around it.
    """
    grid = _grid(conn, grid_code)
    line = _line(line)
    parts = shapely.get_parts(shapely.ops.split(grid["geom"], line)) if line.intersects(grid["geom"]) else []
    parts = [p for p in parts if clean(p) is not None]
    if len(parts) < 2:
        raise DraftError(f"the line does not cut grid {grid_code} in two; draw it across the grid, from "
                         "outside to outside", grid=grid_code)
    wanted = [{"kind": grid["kind"], "geometry": part} for part in parts]
    return replace_grids(conn, grid["community_code"], wanted, by=by, expected_revision=expected_revision,
                         reason=reason, replaces=[grid_code], edit="split")


def merge_grids(conn, grid_codes, *, by, expected_revision, reason="", name=None):
    """Merge neighbouring grids of one community and kind into one grid with a new code."""
    codes = list(dict.fromkeys(grid_codes))
    if len(codes) < 2:
        raise DraftError("a merge needs at least two grids", grids=",".join(codes))
    grids = [_grid(conn, code) for code in codes]
    if len({(g["community_code"], g["kind"]) for g in grids}) > 1:
        raise DraftError(f"grids {', '.join(codes)} are not all {grids[0]['kind']} grids of community "
                         f"{grids[0]['community_code']}; only such grids merge", grids=",".join(codes))
    _require_neighbours(grids)
    wanted = [{"kind": grids[0]["kind"], "name": name, "geometry": shapely.union_all([g["geom"] for g in grids]),
               "buildings": [b for g in grids for b in g["buildings"]]}]
    return replace_grids(conn, grids[0]["community_code"], wanted, by=by, expected_revision=expected_revision,
                         reason=reason, replaces=codes, edit="merge")


def move_buildings(conn, building_codes, target_grid, *, by, expected_revision, reason=""):
    """Move buildings into basic grid ``target_grid`` of the same community; grids keep their codes.

    The target grows by the buildings' footprints, their grids lose them; the buildings get new codes
    under the target (their stairwells too).
    """
    target = _grid(conn, target_grid)
    if target["kind"] != "basic":
        raise DraftError(f"grid {target_grid} is a dedicated grid; buildings belong to basic grids", grid=target_grid)
    moving = _buildings_of(conn, building_codes, target)
    source_codes = sorted({grid for grid, _ in moving.values()} - {target_grid})
    sources = {code: _grid(conn, code) for code in source_codes}
    footprints = shapely.union_all([geom for _, geom in moving.values()])
    wanted = [{"code": target_grid, "geometry": shapely.union(target["geom"], footprints),
               "buildings": list(dict.fromkeys([*target["buildings"], *moving]))}]
    for code, source in sources.items():
        rest = clean(shapely.difference(source["geom"], footprints))
        if rest is not None:
            wanted.append({"code": code, "geometry": rest,
                           "buildings": [b for b in source["buildings"] if b not in moving]})
    return replace_grids(conn, target["community_code"], wanted, by=by, expected_revision=expected_revision,
                         reason=reason, replaces=[target_grid, *sources], edit="move_buildings")


def create_dedicated_grid(conn, community_code, geometry, name, *, by, expected_revision, reason=""):
    """Add a dedicated grid (a park, a market, a campus) over the basic grids of a community."""
    if not (name or "").strip():
        raise DraftError("a dedicated grid needs a name", community=community_code)
    limits.check_text("name", name, limits.GRID_NAME)
    drawn = limits.drawn_geometry("geometry", geometry, AREAS)
    wanted = [{"kind": "dedicated", "name": name.strip(), "geometry": valid_polygon(drawn, "the geometry")}]
    return replace_grids(conn, community_code, wanted, by=by, expected_revision=expected_revision,
                         reason=reason, replaces=[], edit="create_dedicated")


def delete_dedicated_grid(conn, grid_code, *, by, expected_revision, reason=""):
    """Remove a dedicated grid; the basic grids under it are untouched."""
    grid = _grid(conn, grid_code)
    if grid["kind"] != "dedicated":
        raise DraftError(f"grid {grid_code} is a basic grid; merge it into a neighbour instead", grid=grid_code)
    return replace_grids(conn, grid["community_code"], [], by=by, expected_revision=expected_revision,
                         reason=reason, replaces=[grid_code], edit="delete_dedicated")


def _grid(conn, code):
    """A grid of the working generation: code, kind, community_code, geom, buildings (codes)."""
    found = _grids(conn, codes=[code])
    if not found:
        raise DraftError(f"no grid {code} in the draft", grid=code)
    return found[0]


def _community_grids(conn, community_code):
    return _grids(conn, community=community_code)


def _grids(conn, codes=(), community=None):
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_edit_grids"), {"generation": generations.working_generation(conn),
                                                                 "codes": list(codes), "community": community})
        return [{"code": code, "kind": kind, "community_code": parent, "geom": shapely.from_wkb(bytes(wkb)),
                 "buildings": list(buildings)} for code, kind, parent, wkb, buildings in cur.fetchall()]


def _buildings_of(conn, codes, target):
    """``{building code: its grid}`` for ``codes``, all buildings of the target grid's community."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_edit_buildings"),
                    {"generation": generations.working_generation(conn), "codes": list(codes)})
        found = {code: (grid, community, wkb) for code, grid, community, wkb in cur.fetchall()}
    missing = [c for c in codes if c not in found]
    if missing:
        raise DraftError(f"no building {', '.join(missing)} in the draft", buildings=",".join(missing))
    elsewhere = [c for c in codes if found[c][1] != target["community_code"]]
    if elsewhere:
        raise DraftError(f"building {', '.join(elsewhere)} is not in community {target['community_code']} of grid "
                         f"{target['code']}; buildings move between grids of one community", grid=target["code"])
    return {code: (found[code][0], shapely.from_wkb(bytes(found[code][2]))) for code in codes}


def _require_neighbours(grids):
    """Refuse grids that do not form one connected group along shared boundaries."""
    reached, frontier = {0}, [0]
    while frontier:
        here = grids[frontier.pop()]["geom"]
        for index, other in enumerate(grids):
            if index not in reached and _shared_edge(here, other["geom"]) >= SHARED_EDGE_DEG:
                reached.add(index)
                frontier.append(index)
    if len(reached) < len(grids):
        apart = [g["code"] for i, g in enumerate(grids) if i not in reached]
        raise DraftError(f"grid {', '.join(apart)} shares no boundary with the other grids; only neighbouring "
                         "grids merge", grids=",".join(g["code"] for g in grids))


def _shared_edge(a, b):
    return shapely.length(shapely.intersection(a.boundary, b.buffer(SHARED_EDGE_DEG / 10)))


def _line(value):
    return limits.drawn_geometry("line", value, ("LineString", "MultiLineString"))
