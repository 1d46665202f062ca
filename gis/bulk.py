"""Bulk loading with COPY, the fast way rows get into PostGIS.

Rows are serialised a column at a time by Apache Arrow's CSV writer (C++, no Python call per value) and
sent as ``COPY … (FORMAT csv)``: Arrow quotes every text value and leaves a missing one empty, which is
exactly how PostgreSQL's CSV format tells an empty string from NULL. Per-value Python calls were the
bottleneck of a million-row load (shared/SPEED.md: "building the rows in Python is the slow half").

Geometries travel as hex EWKB made in one vectorized call (``shapely.to_wkb(..., hex=True,
include_srid=True)``, as geopandas does inside ``to_postgis``); points given as coordinate arrays are
encoded by numpy alone (:func:`point_ewkb`), without making shapely objects at all.

The hot path of the incident intake goes one step further: :func:`copy_binary` sends PostgreSQL's
binary COPY format, encoded from Arrow columns by pgpq (Rust), so that neither side writes or parses
text (a chunk of 100,000 incidents: 0.36 s instead of 0.56 s here, 0.46 s instead of 0.55 s on the
server). Binary COPY needs each value in exactly the column's type; the types are read from the catalogue.
"""
import io

import numpy as np
import pandas as pd
import pgpq
import pgpq.encoders
import pgpq.schema
import pyarrow as pa
import pyarrow.csv as pa_csv
import shapely
from psycopg2 import sql

from gis.crs import STORAGE_SRID
from gis.sqlfiles import load

_CSV_OPTIONS = pa_csv.WriteOptions(include_header=False)
_HEX_DIGITS = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)
_POINT_EWKB_TYPE = 0x20000001  # a Point with an SRID, little-endian (EWKB)


def hex_ewkb(geoms, srid=STORAGE_SRID):
    """Hex EWKB strings (with SRID) for an array of shapely geometries."""
    return shapely.to_wkb(shapely.set_srid(np.asarray(geoms), srid), hex=True, include_srid=True)


def point_ewkb(x, y, srid=STORAGE_SRID):
    """Hex EWKB strings of points ``(x, y)`` (float arrays; NaN → None), the same bytes as shapely's."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    record = np.empty(len(x), dtype=[("order", "u1"), ("type", "<u4"), ("srid", "<u4"), ("x", "<f8"),
                                     ("y", "<f8")])
    record["order"], record["type"], record["srid"], record["x"], record["y"] = 1, _POINT_EWKB_TYPE, srid, x, y
    raw = record.view(np.uint8).reshape(len(x), record.itemsize)
    digits = np.empty((len(x), 2 * record.itemsize), dtype=np.uint8)
    digits[:, 0::2], digits[:, 1::2] = _HEX_DIGITS[raw >> 4], _HEX_DIGITS[raw & 15]
    text = digits.view(f"S{2 * record.itemsize}").ravel().astype(str).astype(object)
    text[np.isnan(x) | np.isnan(y)] = None
    return text


def arrow_column(values):
    """One column as an Arrow array: numbers and times keep their type, anything else becomes text."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.DatetimeTZDtype):
        return pa.array(values)
    values = np.asarray(values)
    try:
        return pa.array(values, from_pandas=True)   # text, numbers or times, each with missing values
    except (pa.ArrowTypeError, pa.ArrowInvalid):  # a mix: numbers, dates … among the strings
        return pa.array([None if pd.isna(v) else str(v) for v in values], type=pa.string())


def copy_columns(cur, table, columns):
    """COPY ``{column name: values}`` (equal lengths) into ``table``; return the number of rows."""
    names = list(columns)
    if not names:
        return 0
    frame = pa.table({name: arrow_column(columns[name]) for name in names})
    buffer = io.BytesIO()
    pa_csv.write_csv(frame, buffer, _CSV_OPTIONS)
    _send(cur, table, names, "csv", buffer)
    return frame.num_rows


def _send(cur, table, names, fmt, buffer):
    """COPY the ``buffer`` written so far into ``table`` (``names``) in format ``fmt``."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT {})").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names)), sql.SQL(fmt))
    # One read of the whole text: psycopg2 sends each read without the GIL, so other threads work on
    # while the server takes it in (8 KB reads made a writer thread wait for the GIL thousands of times).
    size = max(buffer.tell(), 1)
    buffer.seek(0)
    cur.copy_expert(statement.as_string(cur), buffer, size=size)


# Arrow types whose binary form is the PostgreSQL type's (a timestamp with time zone travels as UTC µs).
_BINARY_TYPES = {"text": pa.string(), "jsonb": pa.string(), "integer": pa.int32(), "bigint": pa.int64(),
                 "real": pa.float32(), "double precision": pa.float64(), "boolean": pa.bool_(),
                 "timestamp with time zone": pa.timestamp("us", tz="UTC")}


def copy_binary(cur, table, columns):
    """COPY ``{column name: values}`` into ``table`` in the binary format; return the number of rows.

    Values as :func:`copy_columns` takes them; geometries as hex EWKB text (missing: None or NaN). Each column is
    converted to its declared type here, so a value that does not fit fails before anything is sent.
    """
    names = list(columns)
    if not names:
        return 0
    types = _column_types(cur, table)
    frame = pa.table({name: _binary_column(columns[name], types[name]) for name in names})
    encoders = {field.name: _encoder(field, types[field.name]) for field in frame.schema}
    encoder = pgpq.ArrowToPostgresBinaryEncoder.new_with_encoders(frame.schema, encoders)
    buffer = io.BytesIO()
    buffer.write(encoder.write_header())
    for batch in frame.to_batches():
        buffer.write(encoder.write_batch(batch))
    buffer.write(encoder.finish())
    _send(cur, table, names, "binary", buffer)
    return frame.num_rows


def _column_types(cur, table):
    cur.execute(load("gis", "table_column_types"), {"table": table})
    return dict(cur.fetchall())


def _binary_column(values, pg_type):
    if pg_type.startswith("geometry"):
        return pa.array([bytes.fromhex(v) if isinstance(v, str) else None for v in values], type=pa.binary())
    if pg_type not in _BINARY_TYPES:
        raise ValueError(f"binary COPY does not handle the column type {pg_type}")
    column = arrow_column(values)
    return column.cast(_BINARY_TYPES[pg_type])


def _encoder(field, pg_type):
    if pg_type == "jsonb":
        return pgpq.encoders.StringEncoderBuilder.new_with_output(field, pgpq.schema.Jsonb())
    return pgpq.ArrowToPostgresBinaryEncoder.infer_encoder(field)


def copy_rows(cur, table, columns, rows):
    """COPY ``rows`` (tuples in ``columns`` order) into ``table``; return the number of rows."""
    rows = list(rows)
    if not rows:
        return 0
    by_column = [np.array(column, dtype=object) for column in zip(*rows)]
    return copy_columns(cur, table, dict(zip(columns, by_column)))
