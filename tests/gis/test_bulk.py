"""COPY through Arrow's CSV writer: every kind of value arrives as it was, NULL stays NULL."""
import datetime as dt

import numpy as np
import pandas as pd
import shapely

from gis.bulk import copy_columns, hex_ewkb, point_ewkb


def test_point_ewkb_is_the_same_text_as_shapely_writes_and_nan_is_none():
    x = np.array([120.3527871, -0.5, np.nan, 180.0])
    y = np.array([36.2346741, 51.25, 36.0, -90.0])
    ours = point_ewkb(x, y)
    theirs = hex_ewkb(shapely.points(np.nan_to_num(x), y))
    assert ours[2] is None
    assert list(ours[[0, 1, 3]]) == list(theirs[[0, 1, 3]])


def test_copy_columns_keeps_text_numbers_times_geometries_and_nulls(conn):
    tricky = ["逗号,引号\"", "", None, "line\nbreak\ttab", "\\.", "back\\slash"]
    times = pd.Series(pd.to_datetime(["2025-03-05 08:30:00"] * 6).tz_localize("Asia/Shanghai"))
    with conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE t (s text, f double precision, i integer, o text, at timestamptz, "
                    "g geometry(Point, 4490))")
        copied = copy_columns(cur, "t", {
            "s": np.array(tricky, dtype=object),
            "f": np.array([0.1, np.nan, 1e-9, 120.352787, -3.0, 2.5]),
            "i": np.array([1, 2, 3, 4, 5, 6]),
            "o": np.array([1.5, None, "x", dt.date(2025, 1, 2), True, "y"], dtype=object),   # a mix → text
            "at": times,
            "g": point_ewkb(np.array([120.4, np.nan, 0, 0, 0, 0.0]), np.array([36.1, 1, 0, 0, 0, 0.0])),
        })
        cur.execute("SELECT s, f, i, o, at = '2025-03-05 00:30:00+00', ST_AsText(g) FROM t")
        rows = cur.fetchall()
    assert copied == 6
    assert [r[0] for r in rows] == tricky                                  # '' is not NULL, NULL is not ''
    assert [r[1] for r in rows][2:] == [1e-9, 120.352787, -3.0, 2.5] and rows[1][1] is None
    assert [r[2] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [r[3] for r in rows] == ["1.5", None, "x", "2025-01-02", "True", "y"]
    assert all(r[4] for r in rows)
    assert rows[0][5] == "POINT(120.4 36.1)" and rows[1][5] is None
