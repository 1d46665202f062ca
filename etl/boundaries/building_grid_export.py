"""The building → grid table: which grid every building micro-grid belongs to in a generation.

The unit → district file of redistricting tools (DistrictBuilder's "block equivalency" CSV), for the
systems that key their data by building: one row per building with its code, name, grid, community,
households, population and standard address, and the generation it describes. UTF-8 with a byte
order mark, so Excel opens the Chinese text as it is; a name or address that a spreadsheet would run
as a formula gets a leading ``'`` (:mod:`gis.text_cells`).
"""
import csv
from pathlib import Path

from gis.text_cells import text_row
from grids.cells import generations
from grids.planning.community_map import BUILDING_GRID_COLUMNS, building_grid_rows

COLUMNS = (*BUILDING_GRID_COLUMNS, "generation")


def export_building_grids(conn, path, *, generation=None, community_code=None):
    """Write the table of ``generation`` (a number, ``current``, ``draft``; default the working one)
    to the CSV file ``path``; returns ``{file, generation, buildings}``."""
    generation = generations.resolve(conn, generation)
    rows = building_grid_rows(conn, generation, community_code)
    with Path(path).open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(text_row([*row, generation]) for row in rows)
    return {"file": str(path), "generation": generation, "buildings": len(rows)}
