"""A city store: districts imported, planned and published on their own days, each district's planners
working without waiting for, conflicting with or touching another's."""
import datetime as dt

import pytest

from grids.cells import generations
from grids.cells.boundaries import import_cells
from grids.errors import DraftError, PublishRefused
from grids.planning import drafts, edits, history, publishing
from tests.city import CITY, HUANGDAO, LAOSHAN, community, grid, grid_square, load_city
from tests.shapes import import_frame


@pytest.fixture
def city(conn):
    return load_city(conn)


def codes_in(conn, generation, level="grid"):
    with conn.cursor() as cur:
        cur.execute("SELECT code FROM cell WHERE level = %s AND in_generation(generation_low, generation_high, %s) "
                    "ORDER BY code", (level, generation))
        return [row[0] for row in cur.fetchall()]


def add_dedicated_grid(conn, district):
    """A data office's re-survey: a dedicated grid (a market) over grid 001 of ``district``, into the draft."""
    market = grid_square(district, 1).buffer(-0.002)
    return import_cells(conn, import_frame([{"geom": market, "name": "市场", "parent": community(district)}]),
                        "grid", "dedicated")


def merge(conn, account, district, revision):
    """Planner ``account`` merges grids 001 and 002 of ``district`` (they share an edge)."""
    return edits.merge_grids(conn, [grid(district, 1), grid(district, 2)], by=account, expected_revision=revision)


def test_the_city_is_above_its_districts(conn, city):
    with conn.cursor() as cur:
        cur.execute("SELECT code, parent_code FROM cell WHERE level IN ('city', 'district') ORDER BY code")
        assert cur.fetchall() == [(CITY, None), (HUANGDAO, CITY), (LAOSHAN, CITY)]


def test_two_districts_imported_together_are_published_on_different_days(conn, city):
    add_dedicated_grid(conn, LAOSHAN)
    add_dedicated_grid(conn, HUANGDAO)
    draft = generations.draft_generation(conn)

    first = publishing.publish_import(conn, dt.date(2025, 3, 1), district=LAOSHAN)
    assert first == draft and generations.current_generation(conn) == draft
    assert f"{community(LAOSHAN)}901" in codes_in(conn, first)
    assert f"{community(HUANGDAO)}901" not in codes_in(conn, first)       # still 黄岛's draft
    left = generations.draft_generation(conn)
    assert left == draft + 1 and f"{community(HUANGDAO)}901" in codes_in(conn, left)
    assert f"{community(LAOSHAN)}901" in codes_in(conn, left)             # the draft builds on what was published

    second = publishing.publish_import(conn, dt.date(2025, 3, 2), district=HUANGDAO)
    assert second == left and generations.draft_generation(conn) is None
    both = codes_in(conn, second)
    assert {f"{community(LAOSHAN)}901", f"{community(HUANGDAO)}901"} <= set(both) and len(both) == 10
    assert [generations.effective_date(conn, g) for g in (first, second)] == [dt.date(2025, 3, 1), dt.date(2025, 3, 2)]
    assert len(codes_in(conn, first)) == 9 and len(codes_in(conn, 1)) == 8      # history as it was


def test_a_districts_planners_never_wait_for_another(conn, city):
    merged_a = merge(conn, city["pa"], LAOSHAN, 0)
    merged_b = merge(conn, city["pb"], HUANGDAO, 0)          # revision 0 of 黄岛 although 崂山 is at 1
    assert (merged_a.revision, merged_b.revision) == (1, 1)

    publishing.submit(conn, by=city["pa"], expected_revision=1)
    history.undo(conn, by=city["pb"], expected_revision=1)    # 黄岛 goes on editing: 崂山's submission stands
    assert drafts.draft_status(conn, LAOSHAN)["status"] == "submitted"
    assert drafts.draft_status(conn, HUANGDAO)["revision"] == 2

    publishing.approve(conn, by=city["pa2"], expected_revision=1)
    published = publishing.publish(conn, by=city["pa"], expected_revision=1, effective_date=dt.date(2025, 4, 1))
    current = codes_in(conn, published["generation"])
    assert merged_a.grids[0] in current and grid(LAOSHAN, 1) not in current
    assert grid(HUANGDAO, 1) in current                       # 黄岛's work was not published with it

    history.redo(conn, by=city["pb"], expected_revision=2)    # …and is still 黄岛's, in the next draft
    state = drafts.draft_status(conn, HUANGDAO)
    assert state["generation"] == published["generation"] + 1 and state["revision"] == 3 and state["can_undo"]
    assert drafts.draft_status(conn, LAOSHAN)["revision"] == 0


def test_a_planner_cannot_touch_another_district(conn, city):
    with pytest.raises(DraftError, match=f"{community(HUANGDAO)} is outside the area of account pa"):
        merge(conn, city["pa"], HUANGDAO, 0)
    merge(conn, city["pb"], HUANGDAO, 0)
    for step in (publishing.submit, publishing.discard):
        with pytest.raises(DraftError, match=f"{HUANGDAO} is outside the area of account pa"):
            step(conn, by=city["pa"], expected_revision=1, district=HUANGDAO)
    assert drafts.draft_status(conn, HUANGDAO)["revision"] == 1


def test_a_city_account_names_the_district(conn, city):
    merge(conn, city["pb"], HUANGDAO, 0)
    publishing.submit(conn, by=city["pb"], expected_revision=1)
    with pytest.raises(DraftError, match="the store holds 2 districts: name the district"):
        publishing.approve(conn, by=city["admin"], expected_revision=1)
    approved = publishing.approve(conn, by=city["admin"], expected_revision=1, district=HUANGDAO)
    assert approved["status"] == "approved" and approved["district"] == HUANGDAO


def test_discarding_a_district_keeps_the_others_work(conn, city):
    merged_a = merge(conn, city["pa"], LAOSHAN, 0)
    merge(conn, city["pb"], HUANGDAO, 0)
    publishing.discard(conn, by=city["pb"], expected_revision=1)
    draft = generations.draft_generation(conn)
    assert merged_a.grids[0] in codes_in(conn, draft)
    assert [grid(HUANGDAO, n) for n in (1, 2, 3, 4)] == [c for c in codes_in(conn, draft) if c.startswith(HUANGDAO)]
    assert drafts.draft_status(conn, LAOSHAN)["revision"] == 1
    assert drafts.draft_status(conn, HUANGDAO)["revision"] == 0


def test_an_import_publish_of_a_district_planners_edited_is_refused(conn, city):
    merge(conn, city["pa"], LAOSHAN, 0)
    add_dedicated_grid(conn, HUANGDAO)
    with pytest.raises(PublishRefused, match=f"district {LAOSHAN} at revision"):
        publishing.publish_import(conn, district=LAOSHAN)
    number = publishing.publish_import(conn, dt.date(2025, 5, 1), district=HUANGDAO)
    assert f"{community(HUANGDAO)}901" in codes_in(conn, number)
    assert drafts.draft_status(conn, LAOSHAN)["revision"] == 1      # 崂山's planners go on in the next draft


def test_another_districts_check_errors_do_not_hold_a_district_back(conn, city):
    add_dedicated_grid(conn, LAOSHAN)
    overlapping = grid_square(HUANGDAO, 1).buffer(-0.003)           # a basic grid over 黄岛's grid 001
    import_cells(conn, import_frame([{"geom": overlapping, "name": "重叠", "parent": community(HUANGDAO)}]),
                 "grid", "basic")
    with pytest.raises(PublishRefused, match="basic_overlaps"):
        publishing.publish_import(conn, district=HUANGDAO)
    number = publishing.publish_import(conn, dt.date(2025, 6, 1), district=LAOSHAN)
    assert f"{community(LAOSHAN)}901" in codes_in(conn, number)
