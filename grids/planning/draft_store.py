"""Reading one community's part of the draft for an edit, and writing an edit's rows into it.

An edit works on a :class:`CommunityArea`: the community, its grids as the draft has them (and the
grids the draft removed, whose codes can come back), the building micro-grids of those grids and
their stairwells. Writing ends the rows an edit replaces (a row born in the draft is deleted, a
published row ends at the generation before the draft: :mod:`grids.cells.generations`), inserts the new
rows, copies the standard addresses of re-coded micro-grids to their new codes and folds back rows
identical to the published row they replaced.
"""
import json
from dataclasses import dataclass

import pandas as pd
import shapely

from gis.bulk import hex_ewkb
from gis.sqlfiles import load
from grids.errors import DraftError

CELL_FIELDS = ("code", "level", "kind", "name", "parent_code", "households", "population", "attributes", "geom")


@dataclass
class CommunityArea:
    """One community's cells in the draft; the frames hold shapely geometries in ``geom`` (EPSG:4490)."""

    draft: int
    community: dict          # code, name, parent_code, geom
    grids: pd.DataFrame      # code, kind, name, households, population, attributes, geom, current
    buildings: pd.DataFrame  # code, kind, name, parent_code, …, geom, origin_code, origin_parent
    stairwells: pd.DataFrame
    max_codes: dict          # {(parent_code, level, kind): highest code ever used}

    @property
    def current_grids(self):
        return self.grids[self.grids["current"]]


def read_area(conn, draft, community_code):
    """The :class:`CommunityArea` of ``community_code`` in the draft; raises :class:`DraftError` if it is none."""
    community = _rows(conn, "draft_community", {"draft": draft, "community": community_code})
    if community.empty:
        raise DraftError(f"no community {community_code} in draft generation {draft}",
                         community=community_code, generation=draft)
    grids = _rows(conn, "draft_grids", {"draft": draft, "community": community_code})
    micro = _rows(conn, "draft_microgrids", {"draft": draft, "parents": list(grids.loc[grids["current"], "code"])
                                              if len(grids) else []})
    buildings = micro[micro["kind"] == "building"].reset_index(drop=True)
    stairwells = _rows(conn, "draft_microgrids", {"draft": draft, "parents": list(buildings["code"])})
    parents = [community_code, *grids["code"], *buildings["code"]]
    return CommunityArea(draft, community.iloc[0].to_dict(), grids, buildings, stairwells,
                         max_codes(conn, parents))


def max_codes(conn, parents):
    """``{(parent_code, level, kind): highest code ever used under it}`` for ``parents``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_max_codes"), {"parents": list(parents)})
        return {(parent, level, kind): code for parent, level, kind, code in cur.fetchall()}


def _rows(conn, name, params):
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", name), params)
        frame = pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description], dtype=object)
    frame["geom"] = shapely.from_wkb([bytes(g) for g in frame["geom"]]) if len(frame) else []
    return frame


def end_cells(conn, draft, codes):
    """End the rows of ``codes`` in the draft (born rows are deleted, published ones closed)."""
    if codes:
        with conn.cursor() as cur:
            cur.execute(load("grids.planning", "draft_cells_end"), {"draft": draft, "codes": list(codes)})


def insert_cells(conn, draft, rows):
    """Insert ``rows`` (dicts of :data:`CELL_FIELDS`, ``geom`` a shapely MultiPolygon) into the draft."""
    if not rows:
        return

    def column(field):
        return [row[field] for row in rows]

    params = {"draft": draft, "codes": column("code"), "levels": column("level"), "kinds": column("kind"),
              "names": column("name"), "parents": column("parent_code"), "households": column("households"),
              "population": column("population"),
              "attributes": [json.dumps(a, ensure_ascii=False, sort_keys=True, default=str)
                             for a in column("attributes")],
              "geoms": list(hex_ewkb(column("geom")))}
    with conn.cursor() as cur:
        cur.execute(load("grids.planning", "draft_cells_insert"), params)


def copy_addresses(conn, recoded):
    """Give re-coded micro-grids (``{old_code: new_code}``) the standard address of their old code."""
    if recoded:
        with conn.cursor() as cur:
            cur.execute(load("grids.planning", "draft_addresses_copy"),
                        {"old_codes": list(recoded), "new_codes": list(recoded.values())})


def fold_unchanged(conn, draft, codes):
    """Where a written row equals the published row it ended, make the published row valid again."""
    if codes:
        with conn.cursor() as cur:
            cur.execute(load("grids.planning", "draft_fold_unchanged"), {"draft": draft, "codes": list(codes)})
