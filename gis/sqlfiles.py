"""Named SQL: queries live in ``.sql`` files beside the package that runs them.

``load("grids", "cell_for_point")`` returns the text of ``grids/sql/cell_for_point.sql``. Queries use
psycopg2 parameters (``%(name)s``); values are never formatted into SQL text.

The files document their parameters by name in ``--`` comment lines. Those lines are dropped on
loading: psycopg2 fills ``%(name)s`` wherever it stands, comments included, and a value with a line
break would end the comment and run as SQL (a ``%`` in prose would break the formatting too).
"""
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(package, name):
    """Text of ``<package>/sql/<name>.sql`` without its whole-line comments."""
    text = resources.files(package).joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
