"""An imported petition register export (the real layout) becomes matters: form from 信访形式, the body from
责任单位, 是否重复 kept and compared with the rule; all or nothing."""
import pytest

from etl.incidents.importing import import_incident_file
from grids.errors import ImportRefused
from grids.petitions import adoption, matters
from tests.conftest import DATA
from tests.grids.petitions.world import day, load_petition_world


@pytest.fixture
def world(conn):
    return load_petition_world(conn)


def _import(conn, path=DATA / "petition_register_layout.csv"):
    import_incident_file(conn, path, channel="petition")


def test_imported_petitions_become_matters_and_disagreements_are_listed(conn, world):
    _import(conn)
    result = adoption.adopt(conn, now=day(30))
    assert len(result["adopted"]) == 2 and result["repeats"] == 0
    first, second = (matters.get_matter(conn, i) for i in result["adopted"])
    assert (first["source_ref"], first["form"], first["handling_body"], first["declared_repeat"]) == (
        "XF2025-0001", "visit", "区住建局", False)
    assert (second["form"], second["declared_repeat"], second["declared_skip_level"]) == ("online", True, True)
    assert str(first["registered_on"]) == "2025-03-04" and str(first["accept_due"]) == "2025-03-19"
    assert result["disagreements"] == [{"case": second["id"], "source_ref": "XF2025-0002", "declared_repeat": True,
                                        "detected_repeat": False}]
    assert first["petitioners"][0]["phone"] == "137****1111"
    assert adoption.adopt(conn, now=day(30))["adopted"] == []


def test_a_case_without_a_form_refuses_the_whole_adoption(conn, world, tmp_path):
    text = (DATA / "petition_register_layout.csv").read_text(encoding="utf-8").replace(",网上,", ",,")
    path = tmp_path / "register.csv"
    path.write_text(text, encoding="utf-8")
    _import(conn, path)
    with pytest.raises(ImportRefused) as refused:
        adoption.adopt(conn, now=day(30))
    assert len(refused.value.problems) == 1 and "XF2025-0002" in refused.value.problems[0]
    assert "form" in refused.value.problems[0]
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM petition_matter")
        assert cur.fetchone()[0] == 0
    assert len(adoption.adopt(conn, default_form="来信", now=day(30))["adopted"]) == 2
