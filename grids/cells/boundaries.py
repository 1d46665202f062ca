"""Bringing a set of cells of one level into the draft generation, all or nothing.

The steps, each of which can refuse the whole set with every reason listed (nothing is written then):

1. geometries: invalid ones stop the import with the feature and the reason, unless ``repair`` is
   asked, which makes them valid (polygonal parts only) and reports each repair;
2. identity: names present, codes unique within the set and not used by another level;
3. parents: from the parent code given, checked to exist at the parent level; else the parent-level
   cell holding most of the cell's area; a cell with neither is imported without a parent and
   reported;
4. codes: a code given is checked against the code rule of its level (``grids.cells.codes``: length,
   digits, serial range) and against its parent's code (a child's code starts with its parent's); a
   breach refuses the set naming the feature and the code, or with ``renumber`` the cell gets a new code
   under its parent (reported old → new, the old one kept in its attributes as ``old_code``, and
   found again when the same file is imported again). A grid or micro-grid without a code gets one by the
   standard rule, after the highest serial already used under its parent (stored or in the set); other
   levels must bring their own codes;
5. merge into the draft (``grids.cells.store.merge_stage``): added, changed (new version), unchanged.
"""
import time
from dataclasses import dataclass, field

import numpy as np
import shapely

from gis.errors import InvalidGeometryError
from gis.validate import as_multipolygon, invalid_reasons, repair as repair_geometry
from grids.cells import codes, generations, store
from grids.cells.hierarchy import TOP_LEVELS, check_level_kind, parent_of
from grids.errors import ImportRefused

WEAK_PARENT_SHARE = 0.5  # a parent found by overlap holding less than this share is reported


@dataclass
class ImportReport:
    """What an import did (or would do, in a dry run)."""

    level: str
    features: int
    generation: int | None = None
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    parents_from_field: int = 0
    parents_by_overlap: int = 0
    without_parent: list = field(default_factory=list)
    weak_parents: list = field(default_factory=list)
    codes_generated: list = field(default_factory=list)
    codes_renumbered: list = field(default_factory=list)
    repairs: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self):
        return dict(self.__dict__)


def import_cells(conn, frame, level, kind=None, *, repair=False, renumber=False, progress=None):
    """Write the cells of ``frame`` (see :func:`grids.cells.store.stage`) into the draft generation.

    ``frame`` needs ``feature_index``, ``code`` (may be None), ``name``, ``parent_code`` (may be
    None), ``kind`` (may be None: then ``kind`` or the level's default), ``households``,
    ``population``, ``attributes`` and a geometry in EPSG:4490. Returns an :class:`ImportReport`;
    raises :class:`ImportRefused` with every problem when the set cannot go in. ``renumber``: give cells
    whose codes break the code rule new codes under their parent instead of refusing.
    """
    started = time.perf_counter()
    progress = progress or (lambda message: None)
    frame = frame.copy()
    frame["kind"] = [check_level_kind(level, k or kind) for k in frame["kind"]]
    frame["level"] = level
    report = ImportReport(level=level, features=len(frame))
    progress(f"validating {len(frame):,} features")
    frame = _settle_geometries(frame, repair, report)
    _check_identity(frame)
    generation = generations.open_draft(conn)
    report.generation = generation
    frame["stage_index"] = np.arange(len(frame))
    progress(f"staging {len(frame):,} cells into generation {generation}")
    store.stage(conn, frame)
    progress("finding parents")
    for kind_value, part in frame.groupby("kind", sort=True, dropna=False):
        kind_value = kind_value if isinstance(kind_value, str) else None
        parent_codes = _settle_parents(conn, generation, level, kind_value, part, report)
        part = _check_codes(conn, generation, level, kind_value, part, parent_codes, renumber, report)
        _generate_codes(conn, generation, level, kind_value, part, parent_codes, report)
    _check_level_conflicts(conn, generation, frame)
    progress("merging")
    report.__dict__.update(store.merge_stage(conn, generation))
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _label(row):
    feature_id = row.get("feature_id")
    label = f"feature {row['feature_index']}"
    return f"{label} (id {feature_id})" if feature_id not in (None, "") and feature_id == feature_id else label


def _settle_geometries(frame, repair, report):
    """Refuse or repair invalid geometries; every geometry becomes a MultiPolygon."""
    geoms = frame.geometry.values
    problems = invalid_reasons(geoms)
    if problems and not repair:
        _refuse_geometries(frame, problems, "use --repair to make them valid, keeping polygonal parts")
    fixed, unrepairable = list(geoms), []
    for index, reason in problems:
        try:
            fixed[index], description = repair_geometry(geoms[index])
            report.repairs.append(f"{_label(frame.iloc[index])}: {description}")
        except InvalidGeometryError as error:
            unrepairable.append((index, error.message))
    if unrepairable:
        _refuse_geometries(frame, unrepairable, "these cannot be repaired")
    return frame.set_geometry(np.array([as_multipolygon(g) for g in fixed], dtype=object), crs=frame.crs)


def _refuse_geometries(frame, problems, advice):
    count = len(problems)
    raise ImportRefused(
        f"{count} invalid geometr{'y' if count == 1 else 'ies'}; nothing was written ({advice})",
        problems=[f"{_label(frame.iloc[index])}: geometry: {reason}" for index, reason in problems],
    )


def _check_identity(frame):
    problems = [f"{_label(row)}: name: missing" for _, row in frame[frame["name"].isna()].iterrows()]
    repeated = frame[frame["code"].notna() & frame["code"].duplicated(keep=False)]
    for code, rows in repeated.groupby("code"):
        features = ", ".join(str(i) for i in rows["feature_index"])
        problems.append(f"features {features}: code: {code} appears {len(rows)} times")
    level = frame["level"].iloc[0] if len(frame) else None
    if level in ("city", "district", "street", "community"):
        missing = frame[frame["code"].isna()]
        problems += [f"{_label(row)}: code: missing (administrative codes of a {level} cannot be generated)"
                     for _, row in missing.iterrows()]
    if problems:
        raise ImportRefused(f"{len(problems)} problem(s) with codes or names; nothing was written", problems)


def _check_level_conflicts(conn, generation, frame):
    conflicts = store.level_conflicts(conn, generation)
    if conflicts:
        raise ImportRefused(
            "codes already used by cells of another level or kind; nothing was written",
            [f"{_label(frame.iloc[i])}: code: {code} is a {lvl} ({knd}) in generation {generation}"
             for i, code, lvl, knd in conflicts],
        )


def _settle_parents(conn, generation, level, kind, part, report):
    """Check given parent codes, find the others by overlap: ``{stage_index: parent_code}``."""
    parent = parent_of(level, kind)
    if parent is None or (level in TOP_LEVELS and not store.has_level(conn, generation, parent[0])):
        return {}      # a district is the top of a store that holds no city
    parent_level, parent_kind = parent
    part = part.copy()
    given = part["parent_code"].notna()
    known = store.existing_codes(conn, generation, set(part.loc[given, "parent_code"]), parent_level, parent_kind)
    unknown = given & ~part["parent_code"].isin(known)
    for _, row in part[unknown].iterrows():
        report.warnings.append(
            f"{_label(row)}: parent_code: {row['parent_code']} is no {parent_level} in generation "
            f"{generation}; looking for the parent by overlap")
    if unknown.any():
        store.set_staged(conn, "parent_code", {int(i): None for i in part.loc[unknown, "stage_index"]})
        part.loc[unknown, "parent_code"] = None
    report.parents_from_field += int((given & ~unknown).sum())
    parent_codes = dict(zip(part.loc[given & ~unknown, "stage_index"], part.loc[given & ~unknown, "parent_code"]))
    parent_codes.update(_parents_by_overlap(conn, generation, parent_level, parent_kind, part, report))
    return parent_codes


def _check_codes(conn, generation, level, kind, part, parent_codes, renumber, report):
    """Refuse codes that break the code rule (of the level, and the parent's prefix), or renumber them.

    Returns ``part`` with the renumbered cells' codes set (the stage is updated too).
    """
    breaches = []
    for _, row in part[part["code"].notna()].iterrows():
        reason = codes.check_code(level, kind, row["code"], parent_codes.get(row["stage_index"]))
        if reason:
            breaches.append((row, reason))
    if not breaches:
        return part
    if not renumber:
        raise ImportRefused(
            f"{len(breaches)} code(s) break the code rule; nothing was written (--renumber gives them new codes "
            "under their parent)", [f"{_label(row)} ({row['name']}): {reason}" for row, reason in breaches])
    return _renumber(conn, generation, level, kind, part, parent_codes, breaches, report)


def _renumber(conn, generation, level, kind, part, parent_codes, breaches, report):
    """New codes under their parent for the cells of ``breaches``; the same as last time on a re-import."""
    national = level in TOP_LEVELS
    cannot = [(row, f"a {level}'s code is national: it cannot be renumbered") if national
              else (row, "no parent to number it under") for row, _ in breaches
              if national or row["stage_index"] not in parent_codes]
    if cannot:
        raise ImportRefused(f"{len(cannot)} code(s) break the code rule and cannot be renumbered; nothing was written",
                            [f"{_label(row)} ({row['name']}): code: {row['code']}: {why}" for row, why in cannot])
    parents = {parent_codes[row["stage_index"]] for row, _ in breaches}
    before = store.renumbered_before(conn, generation, parents, level, kind)
    in_use = _highest_codes(conn, generation, level, kind, part, parents, breaches)
    renumbered = {}
    for row, _ in sorted(breaches, key=lambda b: b[0]["stage_index"]):
        parent = parent_codes[row["stage_index"]]
        code = before.get((parent, row["code"]))
        if code is None:
            code = codes.child_code(parent, codes.next_serial(in_use.get(parent), parent, level, kind), level, kind)
            in_use[parent] = code
        renumbered[int(row["stage_index"])] = (row["code"], code)
        report.codes_renumbered.append(f"{_label(row)} ({row['name']}): {row['code']} → {code}")
    store.renumber_staged(conn, renumbered)
    part = part.copy()
    part["code"] = [renumbered[i][1] if i in renumbered else c for i, c in zip(part["stage_index"], part["code"])]
    return part


def _highest_codes(conn, generation, level, kind, part, parents, excluded=()):
    """``{parent_code: highest code in use}``: stored in the generation or given in ``part`` (a code of
    ``excluded`` rows, those being renumbered, does not count)."""
    highest = store.max_codes(conn, generation, parents, level, kind)
    skip = {row["stage_index"] for row, _ in excluded}
    for index, code in zip(part["stage_index"], part["code"]):
        if code is None or index in skip:
            continue
        parent = next((p for p in parents if code.startswith(p) and len(code) > len(p)), None)
        if parent is not None and code > (highest.get(parent) or ""):
            highest[parent] = code
    return highest


def _parents_by_overlap(conn, generation, parent_level, parent_kind, part, report):
    """``{stage_index: parent_code}`` for the cells of ``part`` without a parent code."""
    orphans = part[part["parent_code"].isna()]
    if orphans.empty:
        return {}
    found = store.parents_by_overlap(conn, generation, parent_level, parent_kind)
    found = {i: found[i] for i in orphans["stage_index"] if i in found}
    for _, row in orphans.iterrows():
        if row["stage_index"] not in found:
            report.without_parent.append(f"{_label(row)} ({row['name']}): no {parent_level} overlaps it")
        elif found[row["stage_index"]][1] < WEAK_PARENT_SHARE:
            code, share = found[row["stage_index"]]
            report.weak_parents.append(f"{_label(row)}: parent {code} holds only {share:.0%} of its area")
    if found:
        store.set_staged(conn, "parent_code", {int(i): code for i, (code, _) in found.items()})
    report.parents_by_overlap += len(found)
    return {i: code for i, (code, _) in found.items()}


def _generate_codes(conn, generation, level, kind, part, parent_codes, report):
    """Give codes by the standard rule to cells of ``part`` that came without one."""
    uncoded = part[part["code"].isna()]
    if uncoded.empty:
        return
    orphans = uncoded[~uncoded["stage_index"].isin(parent_codes.keys())]
    if len(orphans):
        raise ImportRefused(
            "cells without a code and without a parent: no code can be generated; nothing was written",
            [f"{_label(row)}: code: missing, and no parent was found" for _, row in orphans.iterrows()])
    uncoded = uncoded.assign(parent=[parent_codes[i] for i in uncoded["stage_index"]])
    in_use = _highest_codes(conn, generation, level, kind, part, set(uncoded["parent"]))
    assigned = {}
    for parent_code, group in uncoded.groupby("parent", sort=True):
        order = codes.serial_order(shapely.point_on_surface(group.geometry.values))
        first = codes.next_serial(in_use.get(parent_code), parent_code, level, kind)
        for rank, (_, row) in zip(order, group.iterrows()):
            code = codes.child_code(parent_code, first + int(rank), level, kind)
            assigned[int(row["stage_index"])] = code
            report.codes_generated.append(f"{_label(row)}: {code}")
    store.set_staged(conn, "code", assigned)
