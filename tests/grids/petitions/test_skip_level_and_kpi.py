"""Skip-level visits reported back (matched to a matter by hash, counted per cell of origin, all or
nothing, idempotent) and the four key indicators with each rate on hand-computed data."""
import datetime as dt

import pytest

from grids.errors import ImportRefused, PetitionError
from grids.petitions import kpi, matters
from grids.petitions.skip_level import store_visits
from tests.cases import COMMUNITY, GRID, STREET, add_incident
from tests.grids.petitions.world import ID_A, ID_B, LI, PHONE_B, date, day, load_petition_world, new_matter


@pytest.fixture
def world(conn):
    return load_petition_world(conn)


def _count(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()[0]


def test_a_visit_is_matched_by_hash_and_takes_the_matter_cell(conn, world):
    matter_id = new_matter(conn, "XF-1", on=0, grid=2)
    result = store_visits(conn, [{"row": 2, "visited_on": "2025-03-10", "level": "进京", "name": "张三丰",
                                  "id_number": ID_A.lower()}], source="通报.csv")
    assert result == {"visits": 1, "new": 1, "unchanged": 0, "matched": 1}
    with conn.cursor() as cur:
        cur.execute("SELECT incident_id, origin_cell_code, origin_community_code, level, id_hash IS NOT NULL, "
                    "phone_hash FROM skip_level_visit")
        assert cur.fetchone() == (matter_id, GRID[2], COMMUNITY, "beijing", True, None)
    again = store_visits(conn, [{"row": 2, "visited_on": "2025-03-10", "level": "beijing", "id_number": ID_A}])
    assert (again["new"], again["unchanged"]) == (0, 1)
    with conn.cursor() as cur:
        cur.execute("SELECT row_to_json(v)::text FROM skip_level_visit v")
        assert ID_A not in cur.fetchone()[0]


def test_a_report_with_a_bad_row_is_refused_whole(conn, world):
    rows = [{"row": 2, "visited_on": "2025-03-10", "level": "赴省", "phone": PHONE_B, "origin": GRID[1]},
            {"row": 3, "visited_on": "2025-03-32", "level": "出国", "phone": "12"},
            {"row": 4, "visited_on": "2025-03-11", "level": "到市", "id_number": ID_B}]
    with pytest.raises(ImportRefused) as refused:
        store_visits(conn, rows)
    assert refused.value.problems == [
        "row 3: visited_on: '2025-03-32' is not a date (YYYY-MM-DD)",
        "row 3: level: '出国' is none of 到市 (city), 赴省 (province), 进京 (beijing)",
        "row 3: phone: not a phone number",
        "row 4: origin: no cell of origin (属地编码), and no matter of ours to take it from"]
    assert _count(conn, "SELECT count(*) FROM skip_level_visit") == 0


def test_the_four_indicators_and_the_rates_per_grid_and_month_year_on_year(conn, world):
    # March 2025 in grid 1: A first (satisfied), B repeat of A, C first (dissatisfied), D first (not rated)
    a = new_matter(conn, "A", on=0, grid=1)
    new_matter(conn, "B", on=10, grid=1)
    c = new_matter(conn, "C", on=1, grid=1, category="T2", petitioners=[LI])
    d = new_matter(conn, "D", on=2, grid=1, category="T102", petitioners=[{"name": "王五", "phone": "13600003333"}])
    for matter_id, rating in ((a, "满意"), (c, "不满意"), (d, None)):
        matters.accept(conn, matter_id, on=date(3), by="C1", now=day(3))
        matters.handle(conn, matter_id, opinion="已处理", satisfaction=rating, on=date(4), by="C1", now=day(4))
    # March 2024 in grid 1: one first petition of another person
    old = add_incident(conn, "OLD", grid=1, at=day(-365), channel="petition")
    matters.register(conn, old, form="来信", petitioners=[{"name": "赵六", "phone": "13500004444"}],
                     handling_body="区住建局", registered_on=dt.date(2024, 3, 3), by="C1", now=day(0))
    store_visits(conn, [
        {"row": 2, "visited_on": "2025-03-12", "level": "进京", "id_number": ID_A},
        {"row": 3, "visited_on": "2025-03-13", "level": "赴省", "id_number": ID_A},
        {"row": 4, "visited_on": "2025-03-14", "level": "到市", "phone": PHONE_B},
        {"row": 5, "visited_on": "2025-03-15", "level": "到市", "phone": "13100009999", "origin": GRID[3]},
        {"row": 6, "visited_on": "2024-03-15", "level": "到市", "phone": "13100009999", "origin": GRID[1]}])
    rows = {(r["cell"], r["month"]): r for r in kpi.indicators(conn, start="2025-03", end="2025-03", as_of=day(20))}
    grid1 = rows[(GRID[1], "2025-03")]
    assert {k: grid1[k] for k in ("total", "first", "repeat", "beijing", "province", "city")} == {
        "total": 4, "first": 3, "repeat": 1, "beijing": 1, "province": 1, "city": 1}
    assert grid1["first_share"] == 0.75                     # 3 first of 4
    assert grid1["first_satisfaction"] == 0.5               # A satisfied, C not; D unrated
    assert grid1["first_to_repeat"] == round(1 / 3, 4)      # A of A, C, D
    assert grid1["last_year"]["total"] == 1 and grid1["last_year"]["city"] == 1
    assert grid1["change"] == {"total": 3, "beijing": 1, "province": 1, "city": 0}
    grid3 = rows[(GRID[3], "2025-03")]
    assert (grid3["total"], grid3["city"], grid3["first_share"], grid3["last_year"]) == (0, 1, None, None)
    street = kpi.indicators(conn, start="2025-03", end="2025-03", level="street", as_of=day(20))
    assert [(r["cell"], r["total"], r["city"]) for r in street] == [(STREET, 4, 2)]


def test_a_bad_month_or_level_is_refused(conn, world):
    with pytest.raises(PetitionError, match="YYYY-MM") as refused:
        kpi.indicators(conn, start="March", end="2025-03")
    assert refused.value.context["field"] == "start"
    with pytest.raises(PetitionError, match="level"):
        kpi.indicators(conn, start="2025-03", end="2025-03", level="country")
