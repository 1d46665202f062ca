"""Planning an edit, part 2: codes by the standard rule, the rows to write, and old → new codes.

- A wanted grid keeps the code it names. Otherwise a grid with the geometry and buildings of a grid it
  replaces — or of a grid the draft removed earlier — keeps (or gets back) that code. Every other grid
  gets the next serials under its community by the standard rule (:mod:`grids.cells.codes`: west → east,
  north → south, after the highest serial *ever* used there, so no code of an older generation, which
  old incidents, people and addresses may name, is given to another grid).
- A building whose grid's code changes is re-coded: back to its code of the generation the draft was
  opened on when it is back in that grid, else the next serial under its new grid; its stairwells keep
  their unit number under the new building code.
- The edit's code map: each replaced grid whose code is gone → every new grid that took part of its
  area (or → nothing); nothing → each new grid made of no old grid's area; each re-coded micro-grid
  old → new. :mod:`grids.cells.code_changes` folds it into the draft's change log.
"""
from dataclasses import dataclass, field

import numpy as np
import shapely

from gis.validate import as_multipolygon
from grids.cells import codes as code_rule
from grids.errors import DraftError
from grids.planning.edit_geometry import (
    MIN_SHARE,
    building_owners,
    building_sets,
    fitted_geometries,
    grid_specs,
    replaced_grids,
)

SAME_SHAPE = 1e-7   # two geometries whose symmetric difference is below this share of their area are the same


@dataclass
class EditPlan:
    """What an edit writes: rows to end, rows to insert, re-coded micro-grids, its code map."""

    grids: list                                   # the code of each wanted grid, in order
    end: list = field(default_factory=list)       # codes whose rows in the draft end
    write: list = field(default_factory=list)     # new rows (dicts of grids.planning.draft_store.CELL_FIELDS)
    recoded: dict = field(default_factory=dict)   # micro-grid old code → new code
    code_map: list = field(default_factory=list)  # {old_code, new_code, level, kind}
    unchanged: list = field(default_factory=list)  # wanted grids with nothing to write


def plan_edit(area, new_grids, replaces=None):
    """The :class:`EditPlan` that turns ``area`` (a :class:`grids.planning.draft_store.CommunityArea`) into
    ``new_grids`` (see :func:`grids.planning.edit_geometry.grid_specs`)."""
    specs = grid_specs(area, new_grids)
    replaced = replaced_grids(area, specs, replaces)
    owners = building_owners(area, specs, replaced)
    geoms = fitted_geometries(area, specs, owners)
    sets = building_sets(area, owners, len(specs))
    plan = EditPlan(grids=_grid_codes(area, specs, geoms, sets, replaced))
    _grid_rows(area, specs, geoms, sets, owners, replaced, plan)
    _micro_rows(area, owners, plan)
    _grid_code_map(specs, geoms, replaced, plan)
    return plan


def same_shape(a, b):
    """Whether ``a`` and ``b`` cover the same area, up to :data:`SAME_SHAPE` of it."""
    if shapely.equals_exact(shapely.normalize(a), shapely.normalize(b), tolerance=1e-12):
        return True
    return shapely.area(shapely.symmetric_difference(a, b)) <= SAME_SHAPE * max(a.area, b.area)


def _grid_codes(area, specs, geoms, sets, replaced):
    kept = [s.code for s in specs if s.code]
    if len(kept) != len(set(kept)):
        raise DraftError(f"the edit keeps a code twice: {', '.join(sorted(c for c in kept if kept.count(c) > 1))}")
    kinds = dict(zip(replaced["code"], replaced["kind"]))
    for spec in specs:
        if spec.code and kinds[spec.code] != spec.kind:
            raise DraftError(f"grid {spec.code} is a {kinds[spec.code]} grid; it cannot keep its code as a "
                             f"{spec.kind} grid", grid=spec.code)
    codes = [s.code for s in specs]
    candidates = _code_candidates(area, replaced, set(kept))
    for index, spec in enumerate(specs):
        if codes[index] is None:
            codes[index] = _matching_code(candidates, spec.kind, geoms[index], sets[index])
    community = area.community["code"]
    for kind in ("basic", "dedicated"):
        fresh = [i for i, s in enumerate(specs) if codes[i] is None and s.kind == kind]
        if not fresh:
            continue
        ranks = code_rule.serial_order(shapely.point_on_surface(np.array([geoms[i] for i in fresh], dtype=object)))
        first = code_rule.next_serial(area.max_codes.get((community, "grid", kind)), community, "grid", kind)
        for index, rank in zip(fresh, ranks):
            codes[index] = code_rule.child_code(community, first + int(rank), "grid", kind)
    return codes


def _code_candidates(area, replaced, kept):
    """Codes a wanted grid may get back: ``[(code, kind, geom, building identities)]``."""
    buildings = area.buildings
    found = [(row["code"], row["kind"], row["geom"],
              frozenset(buildings.loc[buildings["parent_code"] == row["code"], "origin_code"]))
             for _, row in replaced.iterrows() if row["code"] not in kept]
    removed = area.grids[~area.grids["current"].astype(bool)]
    found += [(row["code"], row["kind"], row["geom"],
               frozenset(buildings.loc[buildings["origin_parent"] == row["code"], "origin_code"]))
              for _, row in removed.iterrows()]
    return found


def _matching_code(candidates, kind, geom, identities):
    for candidate in candidates:
        code, candidate_kind, candidate_geom, candidate_identities = candidate
        if candidate_kind == kind and candidate_identities == identities and same_shape(geom, candidate_geom):
            candidates.remove(candidate)
            return code
    return None


def _grid_rows(area, specs, geoms, sets, owners, replaced, plan):
    old_rows = {row["code"]: row for _, row in area.grids.iterrows()}
    current = set(replaced["code"])
    buildings = area.buildings
    for index, (spec, code) in enumerate(zip(specs, plan.grids)):
        old = old_rows.get(code)
        geom = old["geom"] if old is not None and same_shape(geoms[index], old["geom"]) else geoms[index]
        households, population = _figures(area, spec, owners, index, old)
        row = {"code": code, "level": "grid", "kind": spec.kind, "parent_code": area.community["code"],
               "name": spec.name or (old["name"] if old is not None else _default_name(area, code, spec.kind)),
               "households": households, "population": population, "geom": as_multipolygon(geom),
               "attributes": dict(old["attributes"]) if old is not None else _shared_attributes(geom, replaced)}
        had = frozenset(buildings.loc[buildings["parent_code"] == code, "origin_code"]) if code in current else None
        if code in current and had == sets[index] and _same_row(row, old):
            plan.unchanged.append(code)
        else:
            plan.write.append(row)
    plan.end += [code for code in replaced["code"] if code not in plan.unchanged]


def _same_row(row, old):
    return (row["geom"] is old["geom"] and row["name"] == old["name"] and row["households"] == old["households"]
            and row["population"] == old["population"] and row["attributes"] == old["attributes"])


def _figures(area, spec, owners, index, old):
    """Households and population of a grid: for a basic grid the sums over its buildings when buildings
    carry them; else what the grid had (nothing for a new one)."""
    buildings = area.buildings
    if spec.kind == "dedicated" or buildings["households"].isna().all():
        return (_int(old["households"]), _int(old["population"])) if old is not None else (None, None)
    mine = buildings[buildings["code"].map(owners.get) == index]
    return int(mine["households"].fillna(0).sum()), int(mine["population"].fillna(0).sum())


def _default_name(area, code, kind):
    serial = int(code[-3:])
    if kind == "dedicated":
        return f"{area.community['name']}专属网格{serial - 900}"
    return f"{area.community['name']}第{serial}网格"


def _shared_attributes(geom, replaced):
    """The attributes every replaced grid the new grid overlaps has in common (e.g. a data label)."""
    overlapping = [dict(a) for a, g in zip(replaced["attributes"], replaced["geom"])
                   if shapely.area(shapely.intersection(g, geom)) > MIN_SHARE * g.area]
    if not overlapping:
        return {}
    return {k: v for k, v in overlapping[0].items() if all(o.get(k) == v for o in overlapping[1:])}


def _micro_rows(area, owners, plan):
    """Re-code the buildings whose grid's code changes, and their stairwells."""
    buildings = area.buildings.set_index("code", drop=False)
    parents = {code: plan.grids[index] for code, index in owners.items()}
    moved = [code for code, parent in parents.items() if parent != buildings.at[code, "parent_code"]]
    new_codes = {code: buildings.at[code, "origin_code"] for code in moved
                 if buildings.at[code, "origin_parent"] == parents[code]}
    fresh = [code for code in moved if code not in new_codes]
    for parent in sorted({parents[c] for c in fresh}):
        group = [c for c in fresh if parents[c] == parent]
        ranks = code_rule.serial_order(shapely.point_on_surface(buildings.loc[group, "geom"].to_numpy()))
        first = code_rule.next_serial(area.max_codes.get((parent, "microgrid", "building")), parent,
                                      "microgrid", "building")
        new_codes.update({c: code_rule.child_code(parent, first + int(r), "microgrid", "building")
                          for c, r in zip(group, ranks)})
    for code in moved:
        _recode(buildings.loc[code], new_codes[code], parents[code], plan)
        stairwells = area.stairwells[area.stairwells["parent_code"] == code]
        for unit, (_, stairwell) in enumerate(stairwells.iterrows(), start=1):
            suffix = stairwell["code"][len(code):]
            serial = int(suffix) if stairwell["code"].startswith(code) and suffix.isdigit() else unit
            _recode(stairwell, code_rule.child_code(new_codes[code], serial, "microgrid", "stairwell"),
                    new_codes[code], plan)


def _recode(row, new_code, new_parent, plan):
    plan.end.append(row["code"])
    plan.write.append({"code": new_code, "level": row["level"], "kind": row["kind"], "name": row["name"],
                       "parent_code": new_parent, "households": _int(row["households"]),
                       "population": _int(row["population"]), "attributes": dict(row["attributes"]),
                       "geom": row["geom"]})
    plan.recoded[row["code"]] = new_code
    plan.code_map.append({"old_code": row["code"], "new_code": new_code, "level": "microgrid", "kind": row["kind"]})


def _int(value):
    return None if value is None or value != value else int(value)


def _grid_code_map(specs, geoms, replaced, plan):
    """Old → new grid codes: a replaced grid whose code is gone → the new grids that took its area."""
    final, mapped = set(plan.grids), set()
    for _, old in replaced.iterrows():
        if old["code"] in final:
            continue
        targets = [code for code, geom in zip(plan.grids, geoms)
                   if shapely.area(shapely.intersection(old["geom"], geom)) > MIN_SHARE * old["geom"].area]
        for target in targets or [None]:
            plan.code_map.append({"old_code": old["code"], "new_code": target, "level": "grid", "kind": old["kind"]})
        mapped |= set(targets)
    for code, spec in zip(plan.grids, specs):
        if code not in set(replaced["code"]) and code not in mapped:
            plan.code_map.append({"old_code": None, "new_code": code, "level": "grid", "kind": spec.kind})
