"""What every incident reader hands on and every check reports: the base types of the reader stack.

Concept: whatever the format, a reader hands on the same thing — a :class:`RawChunk` of *text* cells (one
column per header, ``""`` for an empty cell), each row's number as a person finds it in the file, and the
problems only the format can see — so every check after it is written once. A :class:`Source` adds the
headers, the columns a format fixes itself and the coordinate system it states. A :class:`RowProblem` is
an **error** (the row is dropped) or a **warning** (the row stays). The format readers of files
(:mod:`etl.incidents.csv_reader`, :mod:`etl.incidents.excel_json_reader`), the JSON objects of the API
(:mod:`grids.incidents.intake.objects`) and the checks (:mod:`grids.incidents.intake.values`) all import
from here and never from each other.
"""
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gis.crs import WGS84_EPSG

ERROR, WARNING = "error", "warning"
WGS84_LABEL = f"EPSG:{WGS84_EPSG}"


@dataclass
class RawChunk:
    """Source text of some rows: ``frame`` (RangeIndex), ``rows`` (numbers people see), ``problems``
    the format found, whether the cells must be ``screen``-ed for mis-encoded text, and how many
    unreadable rows were ``skipped``."""

    frame: pd.DataFrame
    rows: np.ndarray
    problems: list = field(default_factory=list)
    screen: bool = True
    skipped: int = 0


@dataclass
class Source:
    """An opened incident file: its headers, columns the format fixes, what it states, its chunks."""

    headers: list
    chunks: object  # a callable returning an iterator of RawChunk
    info: dict
    point: dict = field(default_factory=dict)  # the x and y columns of a geometry (see resolve_layout)
    crs: tuple | None = None  # (label, how) when the format states the coordinates' system


@dataclass(frozen=True)
class RowProblem:
    """A problem with one source row: ``severity`` ``'error'`` (row dropped) or ``'warning'`` (row kept).

    ``field`` is a standard field (``'reported_at'``), ``'coordinates'`` for the x/y pair, the source
    header of an attribute, or None when the problem concerns the whole row (a CSV line with too many
    fields).
    """

    row: int
    field: str | None
    reason: str
    severity: str
    source_ref: str | None = None
