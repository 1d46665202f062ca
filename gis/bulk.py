"""Bulk loading with COPY (PostgreSQL's text format), the fast way rows get into PostGIS.

Geometries travel as hex EWKB made in one vectorized call (``shapely.to_wkb(..., hex=True,
include_srid=True)``), as geopandas does inside ``to_postgis``. Rows are serialised a column at a time:
an empty column costs nothing, numbers are formatted by numpy, and text is escaped only where it holds
a tab, newline, carriage return or backslash — per-value Python calls were the bottleneck of a
million-row load (shared/SPEED.md: "building the rows in Python is the slow half").
"""
import io

import numpy as np
import pandas as pd
import shapely
from psycopg2 import sql

from gis.crs import STORAGE_SRID

NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_SPECIAL = ("\\", "\t", "\n", "\r")


def hex_ewkb(geoms, srid=STORAGE_SRID):
    """Hex EWKB strings (with SRID) for an array of shapely geometries."""
    return shapely.to_wkb(shapely.set_srid(np.asarray(geoms), srid), hex=True, include_srid=True)


def column_text(values):
    """COPY text for one column: a list of strings, ``\\N`` for missing values."""
    values = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    missing = pd.isna(values)
    if missing.all():
        return [NULL] * len(values)
    if values.dtype.kind in "fiub":
        text = values.astype(str).astype(object)
    else:
        text = np.array([v if isinstance(v, str) else str(v) for v in values], dtype=object)
        if any(mark in "".join(text[~missing]) for mark in _SPECIAL):
            text = np.array([v.translate(_ESCAPES) for v in text], dtype=object)
    text[missing] = NULL
    return text.tolist()


def copy_columns(cur, table, columns):
    """COPY ``{column name: values}`` (equal lengths) into ``table``; return the number of rows."""
    names = list(columns)
    texts = [column_text(columns[name]) for name in names]
    buffer = io.StringIO()
    buffer.writelines("\t".join(row) + "\n" for row in zip(*texts))
    buffer.seek(0)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names)))
    cur.copy_expert(statement.as_string(cur), buffer)
    return len(texts[0]) if texts else 0


def copy_rows(cur, table, columns, rows):
    """COPY ``rows`` (tuples in ``columns`` order) into ``table``; return the number of rows."""
    rows = list(rows)
    if not rows:
        return 0
    by_column = [np.array(column, dtype=object) for column in zip(*rows)]
    return copy_columns(cur, table, dict(zip(columns, by_column)))
