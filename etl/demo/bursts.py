"""Bursts planted in the demo year, with their truth: what the early-warning rule (``grids.foresight.bursts``)
must flag.

Concept: the demo's year is drawn incident by incident, so many people reporting one topic at one place
within days happens only by chance. Here four bursts are added on purpose — unpaid wages at one building
site in December, a property dispute in one compound in September, a land-compensation dispute in a
village in June, a gym closing with its prepaid cards in March — each a handful of distinct callers to
12345 over two to four days, at standard addresses of the register (so the intake places them exactly).
:data:`PLANTED` describes them; :func:`planted_bursts` draws the tickets (its own stream,
``default_rng([seed, 18])``: the rest of the demo does not move) and returns the truth beside them — the
ticket numbers of each burst — so a test can measure that every planted burst is flagged.

They are loaded after the year's cases and disputes (:func:`etl.demo.loading.load_demo_bursts`) and walk
the case loop on their own stream, so every rate of the year measured before they were added stays as it
was. They are placed in streets 002–005, never in the street whose grid the demo member account takes.
Everything is invented (phones 1370099xxxx are a fake range).
"""
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.category_file import read_category_file
from etl.demo.incidents import DEMO_YEAR
from etl.demo.people import GIVEN, SURNAMES

REF = "QD12345-{year}-{n:07d}"            # the hotline's numbering, far above the year's own tickets
FIRST_NUMBER = 9_000_001
REF_LIKE = "QD12345-{year}-9%"             # a LIKE pattern of the planted tickets' numbers (the year's stay below)
# name, category, street, kind of place, first day, days, reporters, calls made twice, titles
PLANTED = (
    ("prepaid_gym", "0106", "370212005", "building", "03-17", 2, 10, 0,
     ("健身房突然关门，预付卡无法退费", "办的健身年卡无法使用，老板失联", "健身房跑路，要求退还预付款")),
    ("land_compensation", "0105", "370212004", "village", "06-03", 3, 7, 1,
     ("征地补偿款至今未发放", "村里征地补偿标准不公开", "宅基地被占用补偿未到位")),
    ("property_fee", "0103", "370212002", "compound", "09-08", 3, 9, 1,
     ("物业擅自上调物业费", "物业费上涨未经业主大会同意", "小区物业乱收停车费，业主不满")),
    ("unpaid_wages", "0104", "370212005", "building", "12-16", 3, 12, 2,
     ("工地拖欠农民工工资三个月", "在建项目拖欠工资，讨薪无果", "包工头拖欠工资，工人要求结清",
      "再不发工资工人们就集体去上访")),
)


@dataclass
class DemoBursts:
    """The planted tickets as hotline records (``etl.demo.incidents.COLUMNS`` and ``true_reported_at``,
    ``truth_broken``, ``row``) and ``truth``: one dict per burst — ``name``, ``category_code``,
    ``refs`` (its ticket numbers), ``reporters`` (distinct), ``address``."""

    records: pd.DataFrame
    truth: list


def planted_bursts(district, seed=42, year=DEMO_YEAR):
    """The planted bursts of ``district`` (a ``DemoDistrict``) for ``seed``: a :class:`DemoBursts`."""
    rng = np.random.default_rng([seed, 18])
    names = {row["code"]: row["name"] for row in read_category_file()}
    rows, truth, number = [], [], FIRST_NUMBER
    for name, category, street, kind, first, days, reporters, twice, titles in PLANTED:
        addresses = _place(rng, district, street, kind)
        people = _people(rng, reporters)
        callers = people + people[:twice]                       # a few call twice
        start = pd.Timestamp(f"{year}-{first} 08:00", tz="Asia/Shanghai")
        offsets = np.sort(rng.uniform(0, days * 24 - 12, len(callers)))
        refs = []
        for k, ((person, phone), hours) in enumerate(zip(callers, offsets)):
            ref = REF.format(year=year, n=number)
            number += int(rng.integers(1, 4))
            at = (start + pd.Timedelta(hours=float(hours))).floor("s")
            title = titles[k % len(titles)]
            rows.append({"channel": "hotline", "source_ref": ref, "reported_at": at, "true_reported_at": at,
                         "category_text": names[category], "title": title, "description": f"来电人反映：{title}，请尽快处理。",
                         "reporter_name": person, "reporter_phone": phone, "address": addresses[k % len(addresses)],
                         "x": None, "y": None, "crs": None, "truth_broken": None,
                         "attributes": {"受理渠道": "电话", "诉求性质": "投诉"}})
            refs.append(ref)
        truth.append({"name": name, "category_code": category, "refs": refs, "reporters": reporters,
                      "address": addresses[0]})
    records = pd.DataFrame(rows)
    records["row"] = np.arange(1, len(records) + 1)
    return DemoBursts(records, truth)


def _place(rng, district, street, kind):
    """Standard addresses of one place in ``street``: one building's; a compound's buildings within about
    150 m of its first; a village road's houses (door plates, no 楼号)."""
    book = district.addresses[district.addresses["cell_code"].str.startswith(street)]
    houses = book["building_number"].isna()
    if kind == "village":
        roads = book[houses].groupby("road").filter(lambda g: len(g) >= 3)
        road = roads["road"].iloc[int(rng.integers(len(roads)))]
        return roads[roads["road"] == road]["full_address"].head(3).tolist()
    blocks = book[~houses & book["unit"].isna()]                  # whole buildings, not their stairwells
    if kind == "building":
        return [blocks["full_address"].iloc[int(rng.integers(len(blocks)))]]
    compounds = blocks.groupby("compound").filter(lambda g: len(g) >= 4)
    compound = compounds["compound"].iloc[int(rng.integers(len(compounds)))]
    chosen = compounds[compounds["compound"] == compound]
    bounds = district.cells.set_index("code").loc[chosen["cell_code"]].geometry.bounds
    x, y = (bounds["minx"] + bounds["maxx"]) / 2, (bounds["miny"] + bounds["maxy"]) / 2
    near = (abs(x - x.iloc[0]) * 90_000 < 100) & (abs(y - y.iloc[0]) * 110_600 < 100)
    return chosen[near.to_numpy()]["full_address"].head(4).tolist()


def _people(rng, n):
    """``n`` invented callers: a full name and a phone of the fake range 1370099xxxx, all distinct."""
    names = [SURNAMES[int(rng.integers(len(SURNAMES)))] + "".join(GIVEN[int(g)] for g in rng.integers(len(GIVEN), size=2))
             for _ in range(n)]
    phones = [f"1370099{k:04d}" for k in rng.choice(10_000, n, replace=False)]
    return list(zip(names, phones))
