"""What gridgov promises about its spreadsheet exports: text someone else typed (a citizen's title, a
name, an address) is written as text, never as a formula - in xlsx a string cell, in CSV and xlsx a
cell beginning ``= + - @``, tab or carriage return gets a leading ``'`` (OWASP's advice) - while numbers
stay numbers; and an export without personal data masks phone and ID numbers inside the text too.
"""
import csv
import io
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner

from etl.boundaries.building_grid_export import export_building_grids
from gis import db
from etl.incidents.export import export_incidents
from etl.people_file import export_people_file
from gridgov_cli.output import emit_rows
from grids.people.roster import add_person
from tests.cases import add_incident, load_world
from tests.planning import building, load_planning_world
from tests.security.test_masking import SECRET, sign_in_as
from webmap import create_app

CORPUS = Path(__file__).parent / "corpus" / "personal_data"
TEXT_FIELDS = ("title", "description", "reporter_name", "address")


def corpus(name):
    """The samples of a corpus file; ``\\t``, ``\\r``, ``\\n`` in it stand for a tab, CR and LF."""
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [line.replace("\\t", "\t").replace("\\r", "\r").replace("\\n", "\n")
            for line in lines if line and not line.startswith("#")]


PAYLOADS = corpus("formula_payloads.txt")
LINE_BREAKS = corpus("embedded_line_breaks.txt")


def in_xlsx(text):
    """What an xlsx gives back of ``text``: XML reads a carriage return as a line feed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture
def payload_incidents(conn):
    """One incident per payload, the payload in its title, description, reporter name and address, and
    -3.5 as its source x (a number that must stay one)."""
    load_world(conn)
    with conn.cursor() as cur:
        for number, payload in enumerate(PAYLOADS):
            incident = add_incident(conn, f"F{number:03d}")
            cur.execute("UPDATE incident SET title = %(p)s, description = %(p)s, reporter_name = %(p)s,"
                        " address = %(p)s, source_x = -3.5, source_y = 36.1, source_crs = 'EPSG:4490'"
                        " WHERE id = %(id)s", {"p": payload, "id": incident})
    return conn


def xlsx_rows(path):
    """The sheet's rows as dicts of cells (openpyxl, formulas not evaluated)."""
    rows = list(openpyxl.load_workbook(path).active.iter_rows())
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:]]


def csv_rows(path, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("with_personal_data", [True, False])
def test_incident_xlsx_export_writes_every_payload_as_a_quoted_string_never_a_formula(
        payload_incidents, tmp_path, with_personal_data):
    """Each payload of corpus/personal_data/formula_payloads.txt in a title, description, reporter name or
    address is a string cell holding ``'`` + the payload; no cell of the sheet is a formula; a
    coordinate of -3.5 is a number."""
    path = tmp_path / "incidents.xlsx"
    export_incidents(payload_incidents, path, with_personal_data=with_personal_data)
    rows = xlsx_rows(path)
    assert len(rows) == len(PAYLOADS)
    assert not [cell.coordinate for row in rows for cell in row.values() if cell.data_type == "f"]
    fields = TEXT_FIELDS if with_personal_data else ("title", "description", "address")
    for row, payload in zip(rows, PAYLOADS):
        assert {field: row[field].value for field in fields} == {field: in_xlsx("'" + payload) for field in fields}
        assert all(row[field].data_type == "s" for field in TEXT_FIELDS)
        assert (row["x"].value, row["x"].data_type) == (-3.5, "n")


def test_incident_csv_export_quotes_every_payload(payload_incidents, tmp_path):
    """In the CSV every text cell that begins with = + - @, tab or CR begins with ``'``; numbers do not."""
    path = tmp_path / "incidents.csv"
    export_incidents(payload_incidents, path, with_personal_data=True)
    rows = csv_rows(path)
    for row, payload in zip(rows, PAYLOADS):
        assert [row[field] for field in TEXT_FIELDS] == ["'" + payload] * len(TEXT_FIELDS)
        assert row["x"] == "-3.5"


def test_a_line_break_inside_a_cell_never_starts_a_new_csv_row(conn, tmp_path):
    """Each sample of corpus/personal_data/embedded_line_breaks.txt stays one cell of one row: a CR or LF
    inside text is quoted, so the formula after it cannot become the first cell of a row of its own."""
    load_world(conn)
    with conn.cursor() as cur:
        for number, text in enumerate(LINE_BREAKS):
            incident = add_incident(conn, f"L{number:03d}")
            cur.execute("UPDATE incident SET title = %s WHERE id = %s", (text, incident))
    path = tmp_path / "incidents.csv"
    export_incidents(conn, path)
    assert [row["title"] for row in csv_rows(path)] == LINE_BREAKS


def test_incident_export_masks_phone_and_id_numbers_inside_text_without_personal_data(conn, tmp_path):
    """Without ``--with-personal-data`` the title, description and address are masked like the reporter."""
    load_world(conn)
    incident = add_incident(conn, "P001")
    with conn.cursor() as cur:
        cur.execute("UPDATE incident SET title = '请回电137 9999 8888', description = '身份证370212199001011234',"
                    " address = '+86 137-9999-8888' WHERE id = %s", (incident,))
    for fmt in ("csv", "xlsx", "geojson"):
        path = tmp_path / f"incidents.{fmt}"
        export_incidents(conn, path)
        if fmt == "xlsx":
            text = " ".join(str(c.value) for row in xlsx_rows(path) for c in row.values())
        else:
            text = path.read_text(encoding="utf-8")
        assert "9999" not in text and "19900101" not in text, fmt
        assert "137****8888" in text and "370212********1234" in text, fmt


def test_building_grid_exports_quote_formula_text(conn, tmp_path):
    """The building → grid table (``gridgov plan export … .csv``) quotes a building name or address that
    would run as a formula."""
    load_planning_world(conn)
    with conn.cursor() as cur:
        cur.execute("UPDATE cell SET name = %s WHERE code = %s", (PAYLOADS[0], building(1, 1)))
        cur.execute("UPDATE standard_address SET full_address = %s WHERE cell_code = %s", (PAYLOADS[8], building(1, 1)))
    path = tmp_path / "buildings.csv"
    export_building_grids(conn, path)
    row = next(r for r in csv_rows(path, "utf-8-sig") if r["building_code"] == building(1, 1))
    assert (row["building_name"], row["address"]) == ("'" + PAYLOADS[0], "'" + PAYLOADS[8])
    assert row["households"] == "10"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_people_export_quotes_formula_text(conn, tmp_path, fmt):
    """``gridgov people export``: a person's name that would run as a formula is written as quoted text."""
    add_person(conn, PAYLOADS[1], "grid_member", code="F1")
    path = tmp_path / f"people.{fmt}"
    export_people_file(conn, path)
    if fmt == "csv":
        names = [row["name"] for row in csv_rows(path)]
    else:
        cells = [row["name"] for row in xlsx_rows(path)]
        assert all(cell.data_type == "s" for cell in cells)
        names = [cell.value for cell in cells]
    assert names == ["'" + PAYLOADS[1]]


def test_command_line_csv_output_quotes_formula_text():
    """``--format csv`` of the CLI's lists (cases, KPIs, plans) quotes text cells, not numbers."""
    @click.command()
    def show():
        emit_rows([{"title": PAYLOADS[0], "load": -3.5, "note": PAYLOADS[6]}], "csv")

    out = CliRunner().invoke(show).output
    assert list(csv.reader(io.StringIO(out, newline=""))) == [
        ["title", "load", "note"], ["'" + PAYLOADS[0], "-3.50", "'" + PAYLOADS[6]]]

def test_planners_building_table_download_quotes_formula_text(committed_db):
    """``/api/v1/plan/export/buildings.csv`` writes a building name that would run as a formula as quoted text."""
    conn = db.open_connection(committed_db)
    with conn:
        load_planning_world(conn)
        with conn.cursor() as cur:
            cur.execute("UPDATE cell SET name = %s WHERE code = %s", (PAYLOADS[0], building(1, 1)))
    conn.close()
    client = sign_in_as(create_app({"SECRET_KEY": SECRET, "TESTING": True}), "p1")
    answer = client.get("/api/v1/plan/export/buildings.csv?generation=current")
    assert answer.status_code == 200
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"), newline="")))
    assert next(r for r in rows if r["building_code"] == building(1, 1))["building_name"] == "'" + PAYLOADS[0]
