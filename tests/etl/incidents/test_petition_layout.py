"""A petition office's register export (信访编号, 信访人, 信访形式, 问题类别, 信访日期, 是否重复, 是否越级,
责任单位 …) imports without a mapping file: its fields are read, and the columns with no field of their own
are kept as attributes and named in the report — never dropped without a word. A header row the importer
cannot use names the fields it misses. (tests/data/petition_register_layout.csv: the headers of such
exports, two synthetic rows.)"""
import json

import pytest

from etl.incidents.reader import read_incidents
from gis.errors import InputFileError
from tests.command_line import gridgov
from tests.conftest import DATA
from tests.member_world import load_member_world

PETITIONS = DATA / "petition_register_layout.csv"


def test_the_register_layout_is_read_without_a_mapping():
    chunk = next(read_incidents(PETITIONS, channel="petition"))
    assert chunk.info["columns"] == {"source_ref": "信访编号", "reported_at": "信访日期", "category_text": "问题类别",
                                     "title": "信访事项", "reporter_name": "信访人", "reporter_phone": "联系电话",
                                     "address": "问题属地"}
    assert chunk.info["attributes"] == ["信访形式", "是否重复", "是否越级", "责任单位"]
    first = chunk.records.iloc[0]
    assert (first["source_ref"], first["category_text"], first["attributes"]["责任单位"]) == (
        "XF2025-0001", "城乡建设/物业管理", "区住建局")


def test_the_import_names_the_columns_it_kept_as_attributes(committed_db):
    import psycopg2

    conn = psycopg2.connect(committed_db)
    with conn:
        load_member_world(conn)
    conn.close()
    result = gridgov("incidents", "import", PETITIONS, "--channel", "petition")
    assert result.exit_code == 0, result.output
    assert "columns kept as attributes (no field of their own)" in result.output and "是否越级" in result.output
    report = json.loads(gridgov("incidents", "import", PETITIONS, "--channel", "petition", "--json").stdout)
    assert report["attributes"] == ["信访形式", "是否重复", "是否越级", "责任单位"] and report["unchanged"] == 2


def test_a_header_row_without_a_ticket_number_or_date_names_them(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("信访人,问题类别\n张某某,物业\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="no column for source_ref, reported_at"):
        next(read_incidents(path, channel="petition"))
