"""Bulk loading with COPY (PostgreSQL's text format), the fast way rows get into PostGIS.

Geometries travel as hex EWKB made in one vectorized call (``shapely.to_wkb(..., hex=True,
include_srid=True)``), as geopandas does inside ``to_postgis``.
"""
import io

import numpy as np
import shapely
from psycopg2 import sql

from gis.crs import STORAGE_SRID

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def hex_ewkb(geoms, srid=STORAGE_SRID):
    """Hex EWKB strings (with SRID) for an array of shapely geometries."""
    return shapely.to_wkb(shapely.set_srid(np.asarray(geoms), srid), hex=True, include_srid=True)


def _field(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "\\N"
    return str(value).translate(_ESCAPES)


def copy_rows(cur, table, columns, rows):
    """COPY ``rows`` (tuples in ``columns`` order) into ``table``; return the number of rows."""
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(_field(v) for v in row))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    cur.copy_expert(statement.as_string(cur), buffer)
    return count
