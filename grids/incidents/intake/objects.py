"""JSON objects as source text: the rows of an Open311 list, a GeoJSON's properties, a batch the API took.

Concept: an object's keys are headers and its values cells, so a list of JSON objects is a table like any
file's: :func:`table_source` makes a :class:`~grids.incidents.intake.base.Source` of them whose chunks are
:class:`~grids.incidents.intake.base.RawChunk` objects of text — the ``known`` field names first (so an
empty or sparse list still has a layout), then every other key in order of appearance. JSON values that
are not text become JSON text (``120.41``, ``true``, ``{"a": 1}`` with sorted keys), so a number and
the same number written as text read alike, and the hash of a row never depends on a key's order.
"""
import json

import numpy as np
import pandas as pd

from grids.incidents.intake.base import RawChunk, Source


def table_source(objects, known, chunk_size, info, crs, problems, point, rows=None):
    """A :class:`Source` of ``objects`` (dicts). ``rows``: the number a person gives each object
    (default 1, 2, …); ``problems``: :class:`~grids.incidents.intake.base.RowProblem` found before."""
    headers = list(dict.fromkeys([*known, *(key for item in objects for key in item)]))
    body = [[json_text(item.get(h)) for h in headers] for item in objects]
    frame = pd.DataFrame(body, columns=headers, dtype="str")
    rows = np.arange(1, len(body) + 1) if rows is None else np.asarray(rows)
    info = {**info, "encoding": "UTF-8", "encoding_source": "format"}
    return Source(headers, lambda: in_chunks(frame, rows, problems, chunk_size), info, point, crs)


def json_text(value):
    """The text of a JSON value as a cell: ``""`` for null."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def in_chunks(frame, rows, problems, chunk_size):
    """``frame`` in :class:`RawChunk` objects of ``chunk_size`` rows, each with its rows' ``problems``."""
    for start in range(0, len(frame), chunk_size):
        stop = start + chunk_size
        first, last = rows[start], rows[min(stop, len(rows)) - 1]
        mine = [p for p in problems if first <= p.row <= last]
        yield RawChunk(frame.iloc[start:stop].reset_index(drop=True), rows[start:stop], mine)
