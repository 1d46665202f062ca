"""Named SQL files: their comment lines (which name the parameters) never reach the server, so a value
with a line break cannot end a comment and run as SQL."""
from importlib import resources

import pytest

from gis.sqlfiles import load

PACKAGES = ("gis", "grids", "etl")


def _named_files():
    for package in PACKAGES:
        for entry in resources.files(package).joinpath("sql").iterdir():
            if entry.name.endswith(".sql"):
                yield package, entry.name[:-len(".sql")]


@pytest.mark.parametrize("package, name", list(_named_files()))
def test_no_comment_line_is_loaded(package, name):
    text = load(package, name)
    assert text.strip() and not any(line.lstrip().startswith("--") for line in text.splitlines())


def test_a_value_with_a_line_break_stays_inside_its_literal(conn):
    source = resources.files("grids").joinpath("sql", "kpi_filter_category.sql").read_text(encoding="utf-8")
    assert source.startswith("-- ") and "%(category)s" in source.split("\n")[0]   # named in a comment
    with conn.cursor() as cur:
        cur.execute("CREATE TEMP TABLE witness (x int); INSERT INTO witness VALUES (1)")
        cur.execute("SELECT count(*) FROM (SELECT '01' AS category_code) incident WHERE true\n"
                    + load("grids", "kpi_filter_category"), {"category": "01\nDELETE FROM witness; --"})
        assert cur.fetchone() == (0,)                # no such category: nothing matched, nothing else ran
        cur.execute("SELECT count(*) FROM witness")
        assert cur.fetchone() == (1,)
