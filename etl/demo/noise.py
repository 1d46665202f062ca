"""Address text as people write it: the standard address of an incident's place, then the noise of the channels.

Concept: the register holds one standard form (``青岛市崂山区秦岭路248号 海湾名邸3号楼2单元``); callers and
operators write anything near it. An address starts as parts — door plate (road, number), compound,
楼号, 单元, room, a tail such as 门口 or 附近, or the name of a facility — and each noise kind rewrites
some parts, drawn independently with these shares (a channel scales them; hotline is 1):

=============  =====  ===================================================================
kind           share  what it does
=============  =====  ===================================================================
garbage        3%     the whole text is lost: empty, None, 不详, another district …
partial        10%    only the compound, only road + door number, or only the road
numerals       20%    三号楼二单元 (and sometimes 一百零八号 / 五〇八号 for the door number)
fullwidth      10%    ３号楼２单元 (every digit full-width)
dong           10%    3栋 / 3幢 / 3座 instead of 3号楼
prefix         15%    山东省青岛市崂山区中韩街道… (province, city, street) instead of 青岛市崂山区
typo           5%     one character of the compound name replaced (金岭花园 → 金领花园)
dash           5%     3-2-501 for 3号楼2单元501室
=============  =====  ===================================================================

A kind is only drawn where it can act (no 楼号, no numerals), and ``room`` notes a room number (501室),
which the register never has. The kinds that acted are returned with each text, so tests and the
loader can measure what each one costs.
"""
import numpy as np
import pandas as pd

CITY_DISTRICT = "青岛市崂山区"
SHARES = {"garbage": 0.03, "partial": 0.10, "numerals": 0.20, "fullwidth": 0.10, "dong": 0.10,
          "prefix": 0.15, "typo": 0.05, "dash": 0.05}
KIND_ORDER = ("garbage", "partial", "dash", "numerals", "dong", "fullwidth", "prefix", "typo", "room")
GARBAGE = (None, None, None, "不详", "来电人不愿透露", "见诉求内容", "无", "崂山区", "？？？", "同上", "市南区")
PREFIXES = ("山东省青岛市崂山区", "山东省青岛市崂山区{street}", "青岛市崂山区{street}", "山东省青岛市崂山区{street}")
BUILDING_WORDS = ("栋", "幢", "座")
DIGITS = "零一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
# Characters a hurried operator types for another (same sound or a similar shape).
LOOK_ALIKE = {"岭": "领", "韵": "运", "湖": "胡", "林": "琳", "悦": "越", "丽": "立", "景": "井", "书": "舒",
              "香": "湘", "春": "村", "和": "河", "御": "玉", "青": "清", "碧": "壁", "银": "音", "座": "坐",
              "城": "成", "逸": "意", "金": "今", "茂": "贸", "云": "芸", "紫": "子", "荆": "京", "泉": "全",
              "安": "按", "锦": "锡", "泰": "太", "东": "冬", "颐": "怡", "信": "心", "华": "化", "润": "闰",
              "鲁": "录", "商": "尚", "保": "宝", "利": "力", "万": "方", "科": "课", "中": "忠", "海": "梅",
              "瑞": "端", "源": "原", "长": "常", "乐": "落", "鸿": "洪", "运": "韵", "雅": "亚", "致": "至",
              "梧": "吴", "桐": "铜", "杏": "否", "山": "三", "水": "永", "湾": "弯", "望": "旺", "观": "关",
              "澜": "兰", "石": "右", "榴": "流", "樱": "婴", "丁": "了", "松": "淞", "涛": "滔", "天": "夫",
              "福": "富", "嘉": "佳", "花": "华", "园": "元", "小": "少", "区": "曲", "苑": "院", "家": "佳",
              "公": "工", "寓": "遇", "名": "明", "邸": "底", "新": "心", "村": "春", "居": "局", "庭": "廷",
              "府": "付", "庄": "装", "河": "和", "口": "囗", "南": "男", "北": "背", "西": "希", "上": "尚",
              "下": "夏", "大": "太", "头": "斗", "沟": "勾", "埠": "阜", "港": "巷"}


def chinese_number(n):
    """1–999 in Chinese numerals, as spoken: 3 → 三, 12 → 十二, 108 → 一百零八.

    Examples
    --------
    >>> [chinese_number(n) for n in (3, 10, 12, 20, 108, 250)]
    ['三', '十', '十二', '二十', '一百零八', '二百五十']
    """
    hundreds, rest = divmod(int(n), 100)
    tens, ones = divmod(rest, 10)
    text = f"{DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (DIGITS[ones] if ones else "")


def digit_by_digit(n):
    """五〇八 for 508, as 110 operators read door numbers out."""
    return "".join("〇" if c == "0" else DIGITS[int(c)] for c in str(int(n)))


def standard_text(parts):
    """The register's form of address parts (a dict or row): door plate, a space, the place behind it."""
    if parts.get("facility"):
        return CITY_DISTRICT + parts["facility"] + (parts.get("tail") or "")
    place = "".join(parts.get(k) or "" for k in ("compound", "building", "unit", "room", "tail"))
    return f"{CITY_DISTRICT}{parts['road']}{parts['door']} {place}"


def noisy_addresses(rng, parts, rate, compounds):
    """Address texts of ``parts`` with noise, and the kinds applied to each.

    Each kind is drawn only among the rows it can act on, at the probability that makes its share of
    *all* rows ``SHARES[kind]`` × ``rate`` (so about 20% of a hotline export has Chinese numerals even
    though village houses have no 楼号 to write them in).

    Parameters
    ----------
    rng : numpy.random.Generator
    parts : pandas.DataFrame
        ``road``, ``door``, ``compound``, ``building`` (3号楼 or None), ``unit``, ``room``, ``tail``,
        ``facility`` (a facility's name, or None) and ``street`` (the street's name, for prefixes).
    rate : array of float
        Noise scale per row (0 gives the standard form).
    compounds : set of str
        Every compound name of the district: a typo must not produce another real name.

    Returns
    -------
    (list of str or None, list of str)
        The text and the comma-separated noise kinds of each row ('' for the standard form).
    """
    hit, u = _draw_kinds(rng, parts, np.asarray(rate, dtype=float))
    texts, kinds = [], []
    columns = list(parts.columns)
    rows = (dict(zip(columns, values)) for values in zip(*(parts[c].to_numpy() for c in columns)))
    for i, row in enumerate(rows):
        text, applied = _one(row, {k: v[i] for k, v in hit.items()}, u[i], compounds)
        texts.append(text)
        kinds.append(",".join(k for k in KIND_ORDER if k in applied))
    return texts, kinds


def _draw_kinds(rng, parts, rate):
    """Which kinds act on which rows (boolean arrays), the partial mode, and uniforms for the details."""
    n = len(parts)
    u = rng.random((n, len(SHARES) + 5))
    has = {key: parts[key].notna().to_numpy() for key in ("building", "unit", "compound", "facility", "room")}
    hit = {}

    def draw(kind, eligible):
        weight = rate.sum()
        share = (eligible * rate).sum() / weight if weight else 0.0
        p = SHARES[kind] * rate / share if share else np.zeros(n)
        hit[kind] = eligible & (u[:, len(hit)] < p)

    draw("garbage", np.ones(n, dtype=bool))
    live = ~hit["garbage"]
    draw("partial", live & ~has["facility"])
    mode = np.where((u[:, -1] < 0.4) & has["compound"], "compound", np.where(u[:, -1] < 0.7, "door", "road"))
    mode = np.where(hit["partial"], mode, "")
    whole = live & ~hit["partial"]
    draw("dash", whole & has["building"] & has["unit"])
    draw("numerals", whole & ~hit["dash"] & (has["building"] | has["unit"]))
    draw("dong", whole & ~hit["dash"] & has["building"])
    draw("fullwidth", live & ~has["facility"] & np.isin(mode, ["", "door"]))
    draw("prefix", live)
    draw("typo", live & has["compound"] & ~has["facility"] & np.isin(mode, ["", "compound"]))
    hit["mode"] = mode
    return hit, u[:, len(SHARES):]


def _one(row, hit, u, compounds):
    """One address: the noisy text and the set of kinds that acted on it."""
    if hit["garbage"]:
        return GARBAGE[int(u[0] * len(GARBAGE))], {"garbage"}
    applied = {k for k in ("typo", "partial", "prefix") if hit[k]}
    if hit["typo"]:
        row["compound"] = _typo(row["compound"], u[1], compounds)
    if hit["partial"]:
        text = _partial(row, hit["mode"])
    else:
        applied |= _numbered_parts(row, hit, u[2]) | ({"room"} if row.get("room") else set())
        text = standard_text(row)
    if hit["prefix"]:
        text = PREFIXES[int(u[3] * len(PREFIXES))].format(street=row["street"]) + text.removeprefix(CITY_DISTRICT)
    if hit["fullwidth"] and text != text.translate(FULL_WIDTH):  # numerals may have left no digit
        text = text.translate(FULL_WIDTH)
        applied.add("fullwidth")
    return text, applied


def _numbered_parts(row, hit, u):
    """Rewrite 楼号, 单元, room (and sometimes the door number) in place; return the kinds that acted."""
    building, unit, room = row.get("building"), row.get("unit"), row.get("room")
    applied = set()
    if hit["dash"] and building and unit:
        row["building"] = "-".join(p[:-len(w)] for p, w in ((building, "号楼"), (unit, "单元"))
                                   ) + ("-" + room[:-1] if room else "")
        row["unit"] = row["room"] = None
        return {"dash"}
    if hit["numerals"] and (building or unit):
        row["building"] = building and chinese_number(building[:-2]) + "号楼"
        row["unit"] = unit and chinese_number(unit[:-2]) + "单元"
        if u < 0.3 and row.get("door"):
            spell = chinese_number if u < 0.15 else digit_by_digit
            row["door"] = spell(row["door"][:-1]) + "号"
        applied.add("numerals")
    if hit["dong"] and building:
        row["building"] = row["building"][:-2] + BUILDING_WORDS[int(u * 10) % len(BUILDING_WORDS)]
        applied.add("dong")
    return applied


def _partial(row, mode):
    """Only the compound (with its tail: 金岭花园门口), only the door plate, or only the road."""
    if mode == "compound":
        return row["compound"] + (row.get("tail") or "")
    return row["road"] + (row["door"] if mode == "door" else "")


def _typo(name, u, compounds):
    """``name`` with one character replaced by a look-alike, never giving another real compound."""
    positions = [i for i, c in enumerate(name) if c in LOOK_ALIKE]
    start = int(u * len(positions)) if positions else 0
    for k in range(len(positions)):
        i = positions[(start + k) % len(positions)]
        candidate = name[:i] + LOOK_ALIKE[name[i]] + name[i + 1:]
        if candidate not in compounds:
            return candidate
    return next(name[:-1] + c for c in "园苑院元庭" if name[:-1] + c not in compounds | {name})


def address_parts(book, building, unit, room, tail, facility, street):
    """The parts frame :func:`noisy_addresses` takes, from the address book rows of ``building``."""
    rows = book.iloc[building]
    frame = pd.DataFrame({
        "road": rows["road"].to_numpy(dtype=object), "door": rows["door_number"].to_numpy(dtype=object),
        "compound": rows["compound"].to_numpy(dtype=object),
        "building": rows["building_number"].to_numpy(dtype=object),
        "unit": unit, "room": room, "tail": tail, "facility": facility, "street": street}, dtype=object)
    return frame.where(frame.notna(), None)
