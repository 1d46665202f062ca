"""Named SQL files: their comment lines (which name the parameters) never reach the server, so a value
with a line break cannot end a comment and run as SQL."""
from importlib import resources
from pathlib import Path

import pytest

from gis.sqlfiles import load

ROOT = Path(__file__).resolve().parents[2]
TOP_PACKAGES = ("gis", "grids", "etl")


def _named_files():
    """(package, name) of every ``<package>/sql/<name>.sql``, in each package and sub-package."""
    for top in TOP_PACKAGES:
        for folder in sorted((ROOT / top).glob("**/sql")):
            package = ".".join(folder.parent.relative_to(ROOT).parts)
            for entry in sorted(folder.glob("*.sql")):
                yield package, entry.stem


@pytest.mark.parametrize("package, name", list(_named_files()))
def test_no_comment_line_is_loaded(package, name):
    text = load(package, name)
    assert text.strip() and not any(line.lstrip().startswith("--") for line in text.splitlines())


def test_a_value_with_a_line_break_stays_inside_its_literal(conn):
    source = resources.files("grids.cases").joinpath("sql", "kpi_filter_category.sql").read_text(encoding="utf-8")
    assert source.startswith("-- ") and "%(category)s" in source.split("\n")[0]   # named in a comment
    with conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE witness (x int); INSERT INTO witness VALUES (1)")
        cur.execute("SELECT count(*) FROM (SELECT '01' AS category_code) incident WHERE true\n"
                    + load("grids.cases", "kpi_filter_category"), {"category": "01\nDELETE FROM witness; --"})
        assert cur.fetchone() == (0,)                # no such category: nothing matched, nothing else ran
        cur.execute("SELECT count(*) FROM witness")
        assert cur.fetchone() == (1,)
