"""MBTiles basemaps for tests."""
import contextlib
import sqlite3


def write_mbtiles(path, tiles):
    """A minimal MBTiles file (the spec's two tables) with ``tiles``: (zoom, column, TMS row, bytes)."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE metadata (name text, value text)")
        db.execute("CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)")
        db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)", tiles)
        db.commit()
