"""The intake's placing step: standard records become rows of the incident store, placed in their cells.

Concept: placing a ticket needs the current generation's cells (:class:`~grids.incidents.placement.CellIndex`),
the standard addresses (:func:`~grids.incidents.locate.load_register`) and the category tree
(:class:`~grids.incidents.categories.CategoryMatcher`). An :class:`Intake` loads them once and then places
any number of records (:meth:`Intake.incident_frame`): the file import loads one per import, the intake
API keeps one per process (:mod:`grids.integration.intake`). Writing the frame is
:func:`grids.incidents.store.upsert_incidents`'s; :func:`take_intake_lock` makes one writer of new
tickets at a time, whatever carried them.
"""
import numpy as np
import pandas as pd

from gis.sqlfiles import load
from grids.cells import generations
from grids.incidents.categories import CategoryMatcher
from grids.incidents.locate import PLACEMENT_COLUMNS, load_register, locate
from grids.incidents.placement import DEFAULT_MAX_DISTANCE_M, CellIndex
from grids.incidents.store import STAGE_COLUMNS

# Columns our own exports add (placement, derived values): not attributes of the incident.
EXPORT_ONLY = {"category_code", "lon", "lat", "district_code", "street_code", "community_code", "grid_code",
               "microgrid_code", "generation", "placement_method", "placement_level", "placement_confidence",
               "placement_distance_m", "unplaced_reason", "status"}


class Intake:
    """What placing incidents needs, loaded once: the cells, the addresses, the categories."""

    def __init__(self, conn, max_distance_m=DEFAULT_MAX_DISTANCE_M):
        generation = generations.resolve(conn, "current")
        self.index = CellIndex.load(conn, generation)
        self.register = load_register(conn, self.index)
        self.categories = CategoryMatcher.load(conn)
        self.max_distance_m = max_distance_m

    def incident_frame(self, records):
        """The store's columns for standard records: category code, placement, geometry."""
        located = locate(self.index, self.register, records, self.max_distance_m)
        texts = {column: records[source] for column, source in (
            ("channel", "channel"), ("source_ref", "source_ref"), ("source_crs", "crs"),
            ("category_text", "category_text"), ("title", "title"), ("description", "description"),
            ("reporter_name", "reporter_name"), ("reporter_phone", "reporter_phone"), ("address", "address"),
            ("content_hash", "content_hash"))}
        texts["category_code"] = self.categories.codes_for(records["category_text"])
        texts["attributes"] = _without_export_columns(records["attributes"])
        texts.update({column: located[column] for column in (*PLACEMENT_COLUMNS, "geom", "generation_id")})
        frame = pd.DataFrame({
            **{column: _objects(values, records.index) for column, values in texts.items()},
            "reported_at": records["reported_at"],          # stays datetime64: COPY formats it in one call
            "own_deadline": records["own_deadline"],        # the same
            **{column: records[source].to_numpy(dtype=float) for column, source in (
                ("source_x", "x"), ("source_y", "y"), ("own_limit_hours", "own_limit_hours"),
                ("own_limit_workdays", "own_limit_workdays"))}})
        return frame[list(STAGE_COLUMNS)]


def _objects(values, index):
    """``values`` as an object column: pandas would otherwise check every text again to infer its str
    type (about half of building the frame)."""
    return pd.Series(np.asarray(values, dtype=object), index=index, dtype=object, copy=False)


def _without_export_columns(attributes):
    """The attribute dicts without the columns our own exports add (most files have none of them)."""
    attributes = attributes.to_numpy(dtype=object)
    if not any(EXPORT_ONLY.intersection(a) for a in attributes):
        return attributes
    return [{k: v for k, v in a.items() if k not in EXPORT_ONLY} for a in attributes]


def take_intake_lock(conn):
    """Wait for any other writer of incidents (an import, a batch of the API) to commit: two writers of the
    same new ticket would both take it for new, and the second's COPY would fail on the ticket key."""
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents.intake", "incident_import_lock"))
