"""Named SQL: queries live in ``.sql`` files beside the package that runs them.

``load("grids", "cell_for_point")`` returns the text of ``grids/sql/cell_for_point.sql``. Queries use
psycopg2 parameters (``%(name)s``); values are never formatted into SQL text.
"""
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(package, name):
    """Text of ``<package>/sql/<name>.sql``."""
    return resources.files(package).joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")
