"""Address normalisation and matching against the register of the synthetic demo district (no database)."""
import random
import time

import pandas as pd
import pytest

from etl.demo.district import build_demo_district
from grids.incidents.address_match import AddressRegister
from grids.incidents.address_normalize import AdminPrefixes, chinese_number, normalize_address

PLACES = pd.DataFrame({"level": ["province", "city", "district", "street", "community"],
                       "code": ["370000", "370200", "370212", "370212001", "370212001001"],
                       "name": ["山东省", "青岛市", "崂山区（合成演示数据）", "中韩街道", "中韩社区"]})
PREFIXES = AdminPrefixes.from_places(PLACES)


@pytest.mark.parametrize("text, normalized", [
    ("１２号楼", "12号楼"),                                    # full-width digits
    ("Ａ座３单元", "A号楼3单元"),                               # full-width letter, 座
    ("三号楼二单元", "3号楼2单元"),                              # Chinese numerals before markers
    ("十二号楼", "12号楼"),
    ("二十一号楼两单元", "21号楼2单元"),
    ("一百零八号", "108号"),
    ("五〇一室", "501室"),                                     # spoken digit by digit
    ("3栋2单元", "3号楼2单元"),                                 # building synonyms
    ("5幢", "5号楼"),
    ("A座", "A号楼"),
    ("7楼", "7号楼"),
    ("3#楼", "3号楼"),
    ("第三单元", "3单元"),
    ("3-2-501", "3号楼2单元501室"),                             # 楼-单元-室
    ("３－２－５０１", "3号楼2单元501室"),
    ("2单元 501", "2单元501室"),                                # a bare number after the unit is a room
    ("山东省青岛市崂山区中韩街道秦岭路248号", "秦岭路248号"),      # prefixes of the register go
    ("青岛崂山区秦岭路248号", "秦岭路248号"),
    ("崂山区 海湾名邸", "海湾名邸"),
    ("崂山区崂山路1号", "崂山路1号"),                             # the district goes, the road stays
    ("青岛路1号", "青岛路1号"),                                  # a short form before a road word stays
    ("北京市朝阳区建国路1号", "北京市朝阳区建国路1号"),              # somebody else's prefix stays
    ("三里河路一号", "三里河路1号"),                              # numerals in proper names stay
    ("十梅庵村三号", "十梅庵村3号"),
    ("一品苑九号楼", "一品苑9号楼"),
    ("九水东路", "九水东路"),
    ("青大一路（东门），海湾名邸。", "青大一路东门海湾名邸"),          # punctuation goes
    ("  ", ""),
    (None, ""),
])
def test_normalize_address(text, normalized):
    assert normalize_address(text, PREFIXES) == normalized


@pytest.mark.parametrize("numeral, value", [("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21), ("一百零八", 108),
                                            ("三百一十", 310), ("两千零五", 2005), ("五〇一", 501), ("零", 0)])
def test_chinese_number(numeral, value):
    assert chinese_number(numeral) == value


@pytest.fixture(scope="module")
def demo():
    return build_demo_district(7)


@pytest.fixture(scope="module")
def addresses(demo):
    cells = demo.cells[["code", "kind", "parent_code"]].rename(columns={"code": "cell_code"})
    return demo.addresses.merge(cells, on="cell_code")


@pytest.fixture(scope="module")
def places(demo):
    admin = demo.cells.loc[demo.cells["level"].isin(["district", "street", "community"]), ["level", "code", "name"]]
    return pd.concat([PLACES[PLACES["level"].isin(["province", "city"])], admin], ignore_index=True)


@pytest.fixture(scope="module")
def register(addresses, places):
    return AddressRegister.build(addresses, places)


def _row(addresses, **where):
    """The first register row with the given column values (None: missing)."""
    mask = pd.Series(True, index=addresses.index)
    for column, value in where.items():
        mask &= addresses[column].isna() if value is None else addresses[column] == value
    return addresses[mask].iloc[0]


def _compound_stairwell(addresses):
    return addresses[addresses["building_number"].notna() & (addresses["unit"] == "2单元")].iloc[0]


def test_exact_stairwell_and_building(register, addresses):
    stairwell = _compound_stairwell(addresses)
    building = addresses[addresses["cell_code"] == stairwell["parent_code"]].iloc[0]
    for row, level in ((stairwell, "stairwell"), (building, "building")):
        match = register.match_one(row["full_address"])
        assert (match.level, match.cell_codes, match.method, match.confidence) == (
            level, (row["cell_code"],), "address_exact", 1.0)
        assert match.reason is None and match.candidates == ()


def test_numerals_full_width_synonyms_and_prefixes(register, addresses):
    row = _compound_stairwell(addresses)
    number = int(row["building_number"].removesuffix("号楼"))
    spoken = f"山东省青岛市崂山区{row['compound']}{'零一二三四五六七八九'[number]}栋二单元五〇一室"
    wide = f"崂山区 {row['road']}{row['door_number']}，{row['compound']}{number}-2-501".translate(
        str.maketrans("0123456789-", "０１２３４５６７８９－"))
    for text in (spoken, wide):
        match = register.match_one(text)
        assert (match.level, match.cell_codes, match.method) == ("stairwell", (row["cell_code"],), "address_exact")


def test_unknown_unit_places_the_building(register, addresses):
    row = _row(addresses, kind="building", unit=None, building_number="1号楼")
    match = register.match_one(f"{row['compound']}1号楼9单元")
    assert (match.level, match.cell_codes, match.method) == ("building", (row["cell_code"],), "address_exact")


def test_village_house_by_its_door_plate(register, addresses):
    house = _row(addresses, kind="stairwell", building_number=None)
    for text in (house["full_address"], f"{house['compound']}{house['door_number']}1单元"):
        match = register.match_one(text)
        assert (match.level, match.cell_codes, match.method) == ("stairwell", (house["cell_code"],), "address_exact")
    match = register.match_one(f"{house['road']}{house['door_number']}")
    assert (match.level, match.cell_codes) == ("building", (house["parent_code"],))


def _buildings(rows):
    return set(rows.loc[rows["kind"] == "building", "cell_code"])


def test_coarser_levels(register, addresses, places):
    row = _compound_stairwell(addresses)
    in_compound = _buildings(addresses[addresses["compound"] == row["compound"]])
    on_road = _buildings(addresses[addresses["road"] == row["road"]])
    community = places[places["level"] == "community"].iloc[0]
    expected = {row["compound"]: ("compound", in_compound),
                f"{community['name']}{row['compound']}": ("compound", in_compound),  # the finer place wins
                f"{row['road']}{row['door_number']}": ("compound", in_compound),
                row["road"]: ("road", on_road),
                f"崂山区{community['name']}": ("community", {community["code"]}),
                f"{community['name']}东门口": ("community", {community["code"]})}
    for text, (level, codes) in expected.items():
        match = register.match_one(text)
        assert (match.level, set(match.cell_codes), match.method) == (level, codes, "address_exact"), text


def test_village_named_alone_is_its_community(register, places):
    village = places[(places["level"] == "community") & places["name"].str.endswith("村")].iloc[0]
    match = register.match_one(village["name"])
    assert (match.level, match.cell_codes) == ("community", (village["code"],))


def test_misspelt_compound_matches_fuzzily(register, addresses):
    row = addresses[addresses["building_number"].notna() & (addresses["compound"].str.len() == 4)
                    & (addresses["unit"] == "1单元")].iloc[0]
    compound = row["compound"]
    misspelt = compound[0] + ("乡" if compound[1] != "乡" else "相") + compound[2:]  # 书香华庭 → 书乡华庭
    match = register.match_one(f"{misspelt}{row['building_number']}1单元")
    assert (match.level, match.cell_codes, match.method) == ("stairwell", (row["cell_code"],), "address_fuzzy")
    assert 0.6 <= match.confidence < 1
    assert match.candidates[0][0] == row["full_address"]


def test_misspelt_compound_behind_a_known_door_plate(register, addresses):
    row = _compound_stairwell(addresses)
    misspelt = "某" + row["compound"][1:]
    match = register.match_one(f"{row['road']}{row['door_number']}{misspelt}{row['building_number']}2单元")
    assert (match.level, match.cell_codes, match.method) == ("stairwell", (row["cell_code"],), "address_fuzzy")
    assert 0.8 <= match.confidence < 1


def test_ambiguous_address_lists_candidates(register, addresses):
    first = addresses[addresses["building_number"] == "1号楼"]
    names = sorted(set(first["compound"]))
    a, b = next((a, b) for a in names for b in names
                if a < b and len(a) == len(b) == 3 and a[:2] == b[:2])  # e.g. 天泰府 and 天泰苑
    match = register.match_one(f"{a[:2]}某1号楼")
    assert (match.level, match.cell_codes, match.reason) == (None, (), "ambiguous address")
    labels = [label for label, _ in match.candidates]
    assert any(a in label for label in labels[:2]) and any(b in label for label in labels[:2])
    assert len(match.candidates) <= 5


@pytest.mark.parametrize("text, reason", [
    ("", "empty address"), ("  ，。 ", "empty address"), (None, "empty address"),
    ("asdfgh", "no address match"), ("我家门口有垃圾没人管", "no address match"), ("12345", "no address match"),
])
def test_unmatched_with_reasons(register, text, reason):
    match = register.match_one(text)
    assert (match.level, match.cell_codes, match.method, match.confidence, match.reason) == (
        None, (), None, 0.0, reason)


def test_batch_equals_one_by_one(register, addresses):
    texts = [*addresses["full_address"].iloc[::997], "海湾名邸", "", "asdf", None, "天泰园1号楼"]
    assert register.match(texts) == [register.match_one(t) for t in texts]


# -- a noisy hotline: register addresses written the ways people write them ------------------------------

DIGITS = "零一二三四五六七八九"
WIDE = str.maketrans("0123456789-", "０１２３４５６７８９－")
LOOK_ALIKES = dict(zip("湾邸园苑庭府华花区海景和山", "弯底圆院亭付化化去每影合出"))
COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方"


def _spoken(n):
    """A Chinese numeral for 0 <= n < 1000, as people write it (十二, 二十一, 一百零八)."""
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    text = DIGITS[hundreds] + "百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (DIGITS[ones] if ones or not text else "")


def _number(rng, value, marker):
    """``value`` + ``marker`` in digits, full-width digits or a Chinese numeral."""
    style = rng.random()
    digits = str(value) if style < 0.5 else str(value).translate(WIDE) if style < 0.7 else _spoken(value)
    return digits + marker


def _typo(rng, name):
    """One wrong, missing or extra character."""
    at = rng.randrange(len(name))
    kind = rng.random()
    if kind < 0.6:
        wrong = LOOK_ALIKES.get(name[at]) or rng.choice(COMMON)
        return name[:at] + wrong + name[at + 1:]
    if kind < 0.8 and len(name) > 3:
        return name[:at] + name[at + 1:]
    return name[:at] + rng.choice(COMMON) + name[at:]


def _noisy(rng, row, street):
    """A noisy hotline version of one register row."""
    compound = _typo(rng, row["compound"]) if rng.random() < 0.1 else row["compound"]
    building = int(row["building_number"].removesuffix("号楼")) if isinstance(row["building_number"], str) else None
    unit = int(row["unit"].removesuffix("单元")) if isinstance(row["unit"], str) else None
    room = f"{unit or 1}0{rng.randint(1, 2)}"
    if building and unit and rng.random() < 0.15:
        place = f"{building}-{unit}-{room}"
    else:
        marker = rng.choice(["号楼", "号楼", "栋", "幢", "座", "#"])
        place = _number(rng, building, marker) if building else ""
        place += (rng.choice(["", "第"]) + _number(rng, unit, "单元") + rng.choice(["", room, room + "室"])) if unit \
            else ""
    door = _number(rng, int(row["door_number"].removesuffix("号")), "号") if rng.random() < 0.3 else row["door_number"]
    plate = "" if building and rng.random() < 0.3 else row["road"] + door
    prefix = rng.choice(["", "青岛市崂山区", "山东省青岛市崂山区" + street, "崂山区", "青岛崂山区", street, "青岛市 崂山区 "])
    return prefix + plate + rng.choice(["", " ", "，"]) + compound + rng.choice(["", " "]) + place


def test_noisy_addresses_resolve_to_their_building(register, addresses, places):
    rng = random.Random(20240612)
    streets = dict(zip(places["code"], places["name"]))
    rows = addresses.iloc[[rng.randrange(len(addresses)) for _ in range(2000)]]
    texts = [_noisy(rng, row, streets[row["cell_code"][:9]]) for _, row in rows.iterrows()]
    truth = [code if kind == "building" else parent
             for code, kind, parent in zip(rows["cell_code"], rows["kind"], rows["parent_code"])]
    started = time.perf_counter()
    matches = register.match(texts)
    seconds = time.perf_counter() - started
    found = [m.cell_codes[0][:18] if m.level in ("building", "stairwell") else None for m in matches]
    misses = [(t, m.reason or m.level) for t, f, b, m in zip(texts, found, truth, matches) if f != b]
    accuracy = 1 - len(misses) / len(texts)
    print(f"\nnoisy addresses: {accuracy:.1%} to the true building, {len(texts) / seconds:,.0f} addresses/s; "
          f"misses: {misses[:10]}")
    assert accuracy >= 0.95
