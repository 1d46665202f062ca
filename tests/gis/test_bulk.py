"""COPY through Arrow's CSV writer and in the binary format: every kind of value arrives as it was, NULL
stays NULL."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest
import shapely

from gis.bulk import copy_binary, copy_columns, hex_ewkb, point_ewkb


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


def test_copy_binary_converts_each_value_to_its_column_type(conn):
    tricky = ["逗号,引号\"", "", None, "line\nbreak\ttab"]
    times = pd.Series(pd.to_datetime(["2025-03-05 08:30:00"] * 4).tz_localize("Asia/Shanghai"))
    geoms = point_ewkb(np.array([120.4, np.nan, 0.5, 0.0]), np.array([36.1, 1, -0.25, 0.0]))
    geoms[3] = np.nan                                   # pandas' missing value, as a frame column gives it
    with conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE t (s text, f double precision, r real, i integer, n bigint, at timestamptz, "
                    "j jsonb, g geometry(Point, 4490))")
        copied = copy_binary(cur, "t", {
            "s": np.array(tricky, dtype=object),
            "f": np.array([0.1, np.nan, 1e-9, 120.352787]),
            "r": np.array([0.5, None, 1.0, 0.25], dtype=object),
            "i": np.array([1, 2, 3, 4]), "n": np.array([2**40, None, 0, -1], dtype=object),
            "at": times,
            "j": np.array(['{"楼": 1}', "{}", None, "[]"], dtype=object),
            "g": geoms,
        })
        cur.execute("SELECT s, f, r, i, n, at = '2025-03-05 00:30:00+00', j, ST_AsText(g), ST_SRID(g) FROM t")
        rows = cur.fetchall()
    assert copied == 4
    assert [r[0] for r in rows] == tricky
    assert [r[1] for r in rows][2:] == [1e-9, 120.352787] and rows[1][1] is None
    assert [r[2] for r in rows] == [0.5, None, 1.0, 0.25]
    assert [r[3] for r in rows] == [1, 2, 3, 4] and [r[4] for r in rows] == [2**40, None, 0, -1]
    assert all(r[5] for r in rows)
    assert [r[6] for r in rows] == [{"楼": 1}, {}, None, []]
    assert [r[7] for r in rows] == ["POINT(120.4 36.1)", None, "POINT(0.5 -0.25)", None]
    assert rows[0][8] == 4490


def test_copy_binary_refuses_a_column_type_it_cannot_encode(conn):
    with conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE t (d date)")
        with pytest.raises(ValueError, match="date"):
            copy_binary(cur, "t", {"d": np.array(["2025-01-01"], dtype=object)})
