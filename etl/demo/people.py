"""Standard addresses (标准地址) and grid members of the demo district: all invented, all labelled so.

Every building and stairwell micro-grid gets one address row, in one standard form:

    青岛市崂山区{road}{door_number} {compound}{building_number}{unit}

e.g. ``青岛市崂山区海尔路88号 金岭花园3号楼2单元`` (a stairwell) and ``青岛市崂山区海尔路88号 金岭花园3号楼``
(its building): the door plate (门牌, road and number), a space, then the place behind it. Parts a cell
does not have (the 楼号 of a village house, the unit of a building row) are left out.

- A compound (小区) has one door plate on the road nearest its buildings' centre: roads run on an
  800 m lattice and borrow the names of Qingdao roads, at invented places; numbers run along the road
  (west to east, or north to south), odd on the north or east side, even on the other. Its buildings are 1号楼, 2号楼 … in the
  standard serial order (``grids.cells.codes.serial_order``). A grid with many blocks holds two compounds, its
  western and eastern halves.
- A village house has its own door plate on its village's road ("<village>路"), numbered 1号, 2号 … in the
  order of the house codes; its compound is the village (or community), it has no 楼号, and its one
  stairwell is 1单元.

Grid members have synthetic names drawn from common surnames and given-name characters, and fake phone
numbers 1370000xxxx (invented; any match with a real subscriber is chance). Most buildings have a
building head (楼长) and some stairwells one of their own (楼道长), named the same way, with fake numbers
137002xxxxx: the people a grid member calls first (:func:`building_heads`).
"""
import numpy as np
import pandas as pd

CITY_DISTRICT = "青岛市崂山区"
ROAD_SPACING = 800.0
DOOR_FRONTAGE = 40.0     # metres of road per pair of door numbers
TWO_COMPOUNDS_FROM = 9   # blocks in a grid from which it holds two compounds
BLOCK_HEAD_SHARE = 0.92         # of the blocks of flats that have a 楼长
STAIRWELL_HEAD_SHARE = 0.3      # of the stairwells of multi-unit blocks that have a 楼道长 of their own
HOUSES_PER_HEAD = 6             # village houses looked after by one 楼长 (联户长)
HOUSE_ROW_HEAD_SHARE = 0.9      # of those rows of houses that have one
EAST_WEST_ROADS = ("滨海大道", "东海东路", "香港东路", "银川东路", "同安路", "海口路", "辽阳东路", "青大一路",
                   "科苑纬一路", "科苑纬二路", "株洲路", "滨河路", "枣山路")              # south to north
NORTH_SOUTH_ROADS = ("福州北路", "海尔路", "秦岭路", "松岭路", "苗岭路", "深圳路", "劲松七路", "仙霞岭路", "崂山路",
                     "金岭路", "科苑经一路", "科苑经二路", "九水东路", "梅岭东路", "东陈路", "龙泉路")  # west to east
COMPOUND_STEMS = tuple("金岭 海韵 翠湖 枫林 海悦 丽景 书香 春和 御景 青山 碧海 银座 绿城 海逸 金茂 云岭 紫荆 汇泉 "
                       "安和 锦绣 天泰 东城 颐和 海信 华润 鲁商 保利 万科 中海 瑞源 长乐 泰和 鸿运 雅致 梧桐 银杏 "
                       "山水 海湾 望海 观澜 逸景 石榴 樱花 丁香 松涛 海天 福瑞 嘉和".split())
COMPOUND_SUFFIXES = ("花园", "小区", "苑", "家园", "公寓", "名邸", "新村", "雅居", "华庭", "府", "山庄", "嘉园")
SURNAMES = tuple("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡姜宫臧隋")
GIVEN = tuple("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建文琳晓雪海燕婷宁波斌丹凯欣瑞浩")


def address_book(rng, buildings, places):
    """Compound, road, door number, building number and name of each building.

    Parameters
    ----------
    rng : numpy.random.Generator
    buildings : pandas.DataFrame
        One row per building, sorted by code: ``code``, ``grid`` and ``community`` (indices), ``house``
        (bool), ``x`` and ``y`` (metres, to place door plates).
    places : sequence of str
        The short name of each community (社区 or 村), e.g. "流清河村".

    Returns
    -------
    pandas.DataFrame
        ``compound``, ``road``, ``door_number``, ``building_number`` (None for houses) and ``name``,
        indexed like ``buildings``.
    """
    houses = buildings["house"].to_numpy()
    book = pd.concat([_compounds(rng, buildings[~houses]), _village_houses(buildings[houses], places)])
    book = book.loc[buildings.index]
    book["name"] = book["compound"] + book["building_number"].fillna(book["door_number"])
    return book


def _compounds(rng, blocks):
    """Multi-unit blocks: their compound, its door plate, and their 楼号 within it."""
    in_grid = blocks.groupby("grid")["code"].transform("size")
    east_half = (in_grid >= TWO_COMPOUNDS_FROM) & (blocks.groupby("grid").cumcount() >= in_grid // 2)
    compound = blocks["grid"].astype(str) + np.where(east_half, "e", "w")
    keys = pd.unique(compound)
    centres = blocks.groupby(compound, sort=False)[["x", "y"]].mean().loc[keys]
    roads, doors = _door_plates(centres["x"].to_numpy(), centres["y"].to_numpy())
    plates = pd.DataFrame({"compound": _compound_names(rng, len(keys)), "road": roads, "door_number": doors},
                          index=keys)
    book = plates.loc[compound].set_index(blocks.index)
    book["building_number"] = (blocks.groupby(compound).cumcount() + 1).astype(str) + "号楼"
    return book


def _village_houses(houses, places):
    """Village houses: door plates on their village's road, numbered in code order; no 楼号."""
    place = np.asarray(places, dtype=object)[houses["community"].to_numpy()]
    number = houses.groupby("community").cumcount() + 1
    return pd.DataFrame({"compound": place, "road": [_stem(p) + "路" for p in place],
                         "door_number": number.astype(str) + "号", "building_number": None}, index=houses.index)


def _stem(place):
    """"流清河村" → "流清河", "南窑社区" → "南窑"."""
    return place.removesuffix("社区").removesuffix("村")


def _door_plates(x, y):
    """Road and door number of each point: the nearest road of the lattice, numbered along it.

    Numbers grow from the west (north) end of an east–west (north–south) road, odd on its north (east)
    side; a number already taken moves on to the next free one on the same side.
    """
    ew, off_ew = _nearest_road(y, len(EAST_WEST_ROADS))
    ns, off_ns = _nearest_road(x, len(NORTH_SOUTH_ROADS))
    on_ew = np.abs(off_ew) <= np.abs(off_ns)
    road = np.where(on_ew, np.array(EAST_WEST_ROADS)[ew], np.array(NORTH_SOUTH_ROADS)[ns])
    along = np.where(on_ew, x + ROAD_SPACING * len(NORTH_SOUTH_ROADS) / 2, ROAD_SPACING * len(EAST_WEST_ROADS) / 2 - y)
    number = 2 * (along // DOOR_FRONTAGE).astype(int) + np.where(np.where(on_ew, off_ew, off_ns) > 0, 1, 2)
    taken, doors = set(), []
    for r, n in zip(road.tolist(), number.tolist()):
        while (r, n) in taken:
            n += 2
        taken.add((r, n))
        doors.append(f"{n}号")
    return road.tolist(), doors


def _nearest_road(v, count):
    """Index of the nearest of ``count`` parallel roads (``ROAD_SPACING`` apart, centred on 0), offset from it."""
    middle = (count - 1) / 2
    index = np.clip(np.rint(v / ROAD_SPACING + middle), 0, count - 1).astype(int)
    return index, v - (index - middle) * ROAD_SPACING


def _compound_names(rng, n):
    """``n`` different synthetic compound names (stem + suffix, e.g. 翠湖花园)."""
    pairs = rng.choice(len(COMPOUND_STEMS) * len(COMPOUND_SUFFIXES), size=n, replace=False)
    stems, suffixes = np.divmod(pairs, len(COMPOUND_SUFFIXES))
    return [COMPOUND_STEMS[a] + COMPOUND_SUFFIXES[b] for a, b in zip(stems, suffixes)]


def address_rows(cells, book):
    """The standard address register: one row per building and per stairwell micro-grid.

    ``cells`` holds the micro-grids (``level``, ``kind``, ``code``, ``parent_code``) and ``book`` is
    :func:`address_book`'s answer with the building codes as index; a stairwell's unit number is the last
    two digits of its code.
    """
    micro = cells[cells["level"] == "microgrid"]
    building_code = micro["code"].where(micro["kind"] == "building", micro["parent_code"])
    rows = book.loc[building_code].reset_index(drop=True)
    rows.insert(0, "cell_code", micro["code"].to_numpy())
    units = micro["code"].str[-2:].astype(int).astype(str) + "单元"
    is_stairwell = micro["kind"].to_numpy() == "stairwell"
    rows["unit"] = pd.Series(np.where(is_stairwell, units.to_numpy(), None), dtype=object)
    plate = CITY_DISTRICT + rows["road"] + rows["door_number"]
    place = rows["compound"] + rows["building_number"].fillna("") + rows["unit"].fillna("")
    rows["full_address"] = plate + " " + place
    return rows[["cell_code", "compound", "road", "door_number", "building_number", "unit", "full_address"]]


def grid_members(rng, grid_codes):
    """One synthetic grid member (网格员) per grid: ``name``, ``phone`` (fake), ``role``, ``cell_code``."""
    n = len(grid_codes)
    names = _names(rng, n)
    phones = [f"1370000{k:04d}" for k in rng.choice(10_000, size=n, replace=False)]
    return pd.DataFrame({"name": names, "phone": phones, "role": "grid_member", "cell_code": list(grid_codes)})


def building_heads(rng, cells, addresses):
    """The building heads (楼长 / 楼道长, role ``building_head``) of the micro-grids, one row per assignment.

    - a block of flats has a 楼长 with odds ``BLOCK_HEAD_SHARE``, and each stairwell of a block of several
      units a 楼道长 of its own with odds ``STAIRWELL_HEAD_SHARE``;
    - village houses are looked after in rows: the houses of a grid, in code order, ``HOUSES_PER_HEAD`` at
      a time, share one 楼长 (the 联户长 practice: one resident for a handful of neighbouring households),
      a row having one with odds ``HOUSE_ROW_HEAD_SHARE``.

    Names as the grid members'; fake phone numbers 137002xxxxx. Returns a DataFrame sorted by
    ``cell_code`` with ``person`` (0, 1 … in the order of each person's first cell: a building's 楼长
    before its 楼道长), ``name``, ``phone``, ``role`` and ``cell_code``; the head of a row of houses
    has a row per house.
    """
    assigned = _head_assignments(rng, cells, addresses)
    person = pd.factorize(assigned["key"])[0]
    n = person.max() + 1 if len(person) else 0
    names = np.array(_names(rng, n), dtype=object)
    phones = np.array([f"137002{k:05d}" for k in rng.choice(100_000, size=n, replace=False)], dtype=object)
    return pd.DataFrame({"person": person, "name": names[person], "phone": phones[person], "role": "building_head",
                         "cell_code": assigned["cell_code"].to_numpy()})


def _head_assignments(rng, cells, addresses):
    """The micro-grids that have a head, by code, each with the ``key`` of its head: its own code, or
    ``<grid>:<row>`` for a row of village houses."""
    micro = cells.loc[cells["level"] == "microgrid", ["kind", "code", "parent_code"]]
    buildings = micro[micro["kind"] == "building"]
    house = buildings["code"].map(addresses.set_index("cell_code")["building_number"]).isna().to_numpy()
    blocks, houses = buildings[~house], buildings[house]
    stairwells = micro[(micro["kind"] == "stairwell") & micro["parent_code"].isin(blocks["code"])]
    stairwells = stairwells[stairwells.groupby("parent_code")["code"].transform("size") > 1]
    block_heads = blocks["code"][rng.random(len(blocks)) < BLOCK_HEAD_SHARE]
    stairwell_heads = stairwells["code"][rng.random(len(stairwells)) < STAIRWELL_HEAD_SHARE]
    rows = houses["parent_code"] + ":" + (houses.groupby("parent_code").cumcount() // HOUSES_PER_HEAD).astype(str)
    headed = pd.unique(rows)[rng.random(rows.nunique()) < HOUSE_ROW_HEAD_SHARE]
    assigned = pd.concat([pd.DataFrame({"key": block_heads, "cell_code": block_heads}),
                          pd.DataFrame({"key": stairwell_heads, "cell_code": stairwell_heads}),
                          pd.DataFrame({"key": rows, "cell_code": houses["code"]})[rows.isin(headed)]])
    return assigned.sort_values("cell_code", ignore_index=True)


def _names(rng, n):
    """``n`` synthetic names: a common surname and one given-name character (35 %) or two."""
    surname = np.array(SURNAMES)[rng.integers(len(SURNAMES), size=n)]
    given = np.array(GIVEN)[rng.integers(len(GIVEN), size=(n, 2))]
    one_character = rng.random(n) < 0.35
    return [s + g[0] + ("" if one else g[1]) for s, g, one in zip(surname, given, one_character)]


DEPARTMENTS = (("DEMO-DEPT-CG", "区城市管理局（公用事业科）", ("0201", "0209", "0210")),
               ("DEMO-DEPT-ZF", "区综合行政执法局", ("0204", "0205", "0211")),
               ("DEMO-DEPT-RS", "区人力资源和社会保障局", ("0104", "0401", "0402")),
               ("DEMO-DEPT-ZR", "区自然资源局", ("0105",)),
               ("DEMO-DEPT-GA", "公安崂山分局", ("0303",)),
               ("DEMO-DEPT-SJ", "区市场监督管理局", ("0106",)))
STAFF_ROLES = {"community": "community_staff", "street": "street_staff", "district": "command_staff"}


def demo_responsibilities():
    """The demo's responsibility list (权责清单): each department's categories, as
    :func:`grids.people.responsibility.save_lines` takes them (the same departments the people file gives
    the categories, so dispatching is unchanged; the workbench shows and edits the list)."""
    return [{"category": category, "department": code, "matter": None, "basis": None}
            for code, _, categories in DEPARTMENTS for category in categories]


def demo_staff(rng, cells):
    """The people above the grids, as :func:`grids.people.roster.save_people` takes them: one staff member per
    community and street, one command-centre person for the district, and the departments with their
    categories. Codes are ``DEMO-<level>-<cell code>`` and ``DEMO-DEPT-…``; names and phones invented."""
    above = cells[cells["level"].isin(list(STAFF_ROLES))].sort_values("code")
    n = len(above)
    surname = np.array(SURNAMES)[rng.integers(len(SURNAMES), size=n)]
    given = np.array(GIVEN)[rng.integers(len(GIVEN), size=(n, 2))]
    phones = rng.choice(10_000, size=n, replace=False)
    staff = [{"code": f"DEMO-{level.upper()}-{code}", "name": s + g[0] + g[1], "role": STAFF_ROLES[level],
              "phone": f"1370001{p:04d}", "cells": [code]}
             for level, code, s, g, p in zip(above["level"], above["code"], surname, given, phones)]
    return staff + [{"code": code, "name": name, "role": "department", "categories": list(categories)}
                    for code, name, categories in DEPARTMENTS]
