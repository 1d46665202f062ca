"""Locating incidents in cells: by coordinates first, then by the address text; the rest is queued.

1. Coordinates (converted from their CRS — EPSG, GCJ-02 or BD-09 — to EPSG:4490) are placed by
   :func:`grids.incidents.placement.place_points`.
2. An incident without coordinates, or whose point lies outside every cell, is matched by its address
   against the standard address register and the gazetteer of place names (:mod:`grids.addresses`), at
   the finest level the text supports: stairwell, building, compound, a named place, road or community.
   The incident's point is then the matched cell's point on surface, and its grid is the one that point
   gives: a building or stairwell under a dedicated grid places it in the dedicated grid, as its
   coordinates would (:meth:`grids.incidents.placement.CellIndex.placed_grid`). A compound or road whose
   buildings lie in one grid places the incident in that grid (one dedicated grid when they all lie under
   it, else their one basic grid); in several grids of one community, in the community.
3. What is still unplaced keeps a reason (``no coordinates and no address``, ``no coordinates and no
   address match``, ``ambiguous address``, ``address in another place``, ``outside all cells``) and the
   address candidates, and waits in the review queue.

One incident and a batch go through the same ``locate`` and get the same answer.
"""
import numpy as np
import pandas as pd

from gis.bulk import hex_ewkb, point_ewkb
from gis.crs import parse_crs, points_to_storage
from gis.sqlfiles import load
from grids.addresses.gazetteer import current_places, dedicated_grid_places
from grids.incidents.address_match import AddressRegister
from grids.incidents.admin_names import name_of
from grids.incidents.placement import LEVEL_COLUMNS, place_points

PLACEMENT_COLUMNS = (*LEVEL_COLUMNS, "grid_code", "microgrid_code", "placement_method", "placement_level",
                     "placement_confidence", "placement_distance_m", "unplaced_reason", "placement_candidates")


def load_register(conn, index):
    """The standard address register of ``index``'s generation, with the admin names to recognise and
    the gazetteer's place names."""
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", "standard_addresses"))
        addresses = pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description], dtype=object)
    addresses = addresses[addresses["cell_code"].isin(index.levels.keys())].reset_index(drop=True)
    addresses["kind"] = [index.levels[c][1] for c in addresses["cell_code"]]
    addresses["parent_code"] = [index.parents[c] for c in addresses["cell_code"]]
    gazetteer, aliases = _gazetteer(conn, index)
    return AddressRegister.build(addresses, _places(index, addresses), gazetteer, aliases)


def _gazetteer(conn, index):
    """Place name → cell (the dedicated grids' own names, then the gazetteer's, which win), and a
    compound's other name → the compound; cells of other generations are left out."""
    dedicated = {code: index.names.get(code) for code, (level, kind) in index.levels.items()
                 if level == "grid" and kind == "dedicated"}
    gazetteer = dedicated_grid_places(dedicated)
    aliases = {}
    for place in current_places(conn):
        if place["compound"]:
            aliases[place["name"]] = place["compound"]
        elif place["cell_code"] in index.levels:
            gazetteer[place["name"]] = place["cell_code"]
    return gazetteer, aliases


def _places(index, addresses):
    """Admin names: the district's province and city (GB/T 2260 prefixes), the city the addresses name,
    and every district, street and community cell of the generation."""
    rows = [(index.levels[code][0], code, name) for code, name in index.names.items()
            if index.levels[code][0] in ("district", "street", "community")]
    districts = [code for level, code, _ in rows if level == "district"]
    for level, digits in (("province", 2), ("city", 4)):
        rows += [(level, c[:digits], name) for c in districts if (name := name_of(c[:digits].ljust(6, "0")))]
    cities = addresses["full_address"].str.extract(r"^(?:\S+?省)?(\S+?市)", expand=False).dropna().unique()
    rows += [("city", None, city) for city in cities]
    return pd.DataFrame(rows, columns=["level", "code", "name"])


def locate(index, register, records, max_distance_m=50.0):
    """Placement columns, ``geom`` (hex EWKB, EPSG:4490) and ``generation_id`` for ``records``
    (x, y, crs, address)."""
    lon, lat = _storage_points(records)
    has_point = ~np.isnan(lon)
    placed = place_points(index, np.where(has_point, lon, 0.0), np.where(has_point, lat, 0.0), max_distance_m)
    placed = _placement_frame(placed, has_point)
    geom = point_ewkb(lon, lat)
    pending = np.flatnonzero(placed["placement_method"].isna().to_numpy())
    if len(pending):
        _place_addresses(index, register, records, placed, geom, pending, has_point)
    placed["geom"] = pd.Series(geom, dtype=object)
    placed["generation_id"] = index.generation
    return placed


def _storage_points(records):
    lon = np.full(len(records), np.nan)
    lat = np.full(len(records), np.nan)
    has_xy = (records["x"].notna() & records["y"].notna() & records["crs"].notna()).to_numpy()
    for label in pd.unique(records.loc[has_xy, "crs"]):
        rows = np.flatnonzero(has_xy & (records["crs"] == label).to_numpy())
        x = records["x"].to_numpy(dtype=float)[rows]
        y = records["y"].to_numpy(dtype=float)[rows]
        lon[rows], lat[rows] = points_to_storage(x, y, parse_crs(label))
    return lon, lat


def _placement_frame(placed, has_point):
    frame = pd.DataFrame({
        **{c: placed[c] for c in (*LEVEL_COLUMNS, "grid_code", "microgrid_code")},
        "placement_method": placed["method"], "placement_level": placed["level"],
        "placement_confidence": placed["confidence"], "placement_distance_m": placed["distance_m"],
        "unplaced_reason": placed["reason"], "placement_candidates": None,
    }).astype(object)
    frame.loc[~has_point, "unplaced_reason"] = "no coordinates"
    return frame


def _place_addresses(index, register, records, placed, geom, pending, has_point):
    """Fill the rows in ``pending`` from their address; leave the reason where nothing matches.

    Works on plain object arrays and writes each column back once: setting frame cells one by one
    costs ~1 ms each in pandas, which made 50,000 addresses take a minute.
    """
    columns = {c: placed[c].to_numpy(dtype=object).copy() for c in PLACEMENT_COLUMNS}
    addresses = records["address"].to_numpy(dtype=object)[pending]
    texts = [a if isinstance(a, str) else "" for a in addresses]
    # No address text, nothing to match (a patrol file has no address column): the reason is all there is.
    blank = np.array([not text.strip() for text in texts], dtype=bool)
    columns["unplaced_reason"][pending[blank]] = np.where(has_point[pending[blank]], "outside all cells",
                                                          "no coordinates and no address")
    pending, texts = pending[~blank], [text for text, empty in zip(texts, blank) if not empty]
    anchored = {}  # row → the point of its cell, for rows without coordinates
    for row, text, match in zip(pending, texts, register.match(texts)):
        cell, level = _finest_cell(index, match) if match.level else (None, None)
        if cell is None:
            columns["unplaced_reason"][row] = (_reason(has_point[row], text, match) if match.level is None
                                               else "address spans several communities")
            columns["placement_candidates"][row] = [list(c) for c in match.candidates] or None
            continue
        for column, value in index.placed_chain(cell).items():
            columns[column][row] = value
        columns["microgrid_code"][row] = cell if index.levels[cell][0] == "microgrid" else None
        columns["placement_method"][row], columns["placement_level"][row] = match.method, level
        columns["placement_confidence"][row] = match.confidence
        columns["placement_distance_m"][row] = columns["unplaced_reason"][row] = None
        if geom[row] is None:
            anchored[row] = index.anchors[cell]
    if anchored:
        geom[list(anchored)] = hex_ewkb(list(anchored.values()))
    for column, values in columns.items():
        placed[column] = values


def _finest_cell(index, match):
    """The cell an address match places an incident in, and the level to record. A compound or road
    goes to the one grid its buildings are placed in (a dedicated grid over all of them), else to the one
    basic grid they lie in (a dedicated grid over part of them does not take the whole), else to their
    community."""
    if match.level in ("stairwell", "building", "place", "community"):
        return match.cell_codes[0], match.level
    for grid_of in (index.placed_grid, index.grid_of):
        grids = {grid_of(code) for code in match.cell_codes}
        if len(grids) == 1:
            return grids.pop(), match.level
    communities = {index.chains[g][2] for g in grids if g in index.chains}
    return (communities.pop(), match.level) if len(communities) == 1 else (None, match.level)


def _reason(had_point, text, match):
    if had_point:
        return f"outside all cells; address: {match.reason}" if text.strip() else "outside all cells"
    if not text.strip():
        return "no coordinates and no address"
    if match.reason in ("ambiguous address", "address in another place"):
        return match.reason
    return "no coordinates and no address match"
