"""Address text in one canonical form, so that the way a caller wrote it stops mattering.

A hotline operator types 山东省青岛市崂山区中韩街道秦岭路五〇八号 海湾名邸３栋二单元501室, the register says
青岛市崂山区秦岭路508号 海湾名邸3号楼2单元. Normalising both sides the same way makes them comparable:

1. characters: NFKC (full-width digits, letters, ＃ and － become ASCII), Latin letters upper-cased;
2. numbers: Chinese numerals *directly before a unit marker* (号 栋 幢 座 楼 单元 室 层 户 #) become digits, so
   三号楼 → 3号楼 and 一百零八号 → 108号, while numerals inside proper names (三里河, 十梅庵, 一品, 九水, 青大一路)
   stay, since no marker follows them;
3. markers: 栋, 幢, 座, 楼 and # after a number mean a building → 号楼; 楼-单元 written 3-2 and
   楼-单元-室 written 3-2-501 →
   3号楼2单元501室; a bare number after 单元 is a room; 第 before a numbered part goes;
4. whitespace and punctuation go;
5. administrative prefixes go when they name the register's own province, city, district (or an old
   name of it) or street (:class:`AdminPrefixes`); a prefix naming somewhere else is left, and
   :meth:`AdminPrefixes.foreign` names it, so the text is not matched here at all.

The result is a string such as ``秦岭路508号海湾名邸3号楼2单元501室``; :data:`PART` finds its numbered parts.
"""
import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from grids.incidents import admin_names

NUMERAL_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                  "八": 8, "九": 9}
NUMERAL_UNITS = {"十": 10, "百": 100, "千": 1000}
MARKERS = "号|栋|幢|座|楼|单元|室|层|户|#"
CHINESE_NUMBER = re.compile(f"[{''.join(NUMERAL_DIGITS)}{''.join(NUMERAL_UNITS)}]+(?={MARKERS})")
ORDINAL = re.compile(r"第(?=\d+(?:号|栋|幢|座|楼|单元|室|层))")
DASHED = re.compile(r"(\d+)-(\d+)-(\d+)")                      # 楼-单元-室
DASHED_UNIT = re.compile(r"(?<![\d-])(\d+)-(\d+)(?![\d\-号])")      # 楼-单元 (not a door plate 12-3号)
BUILDING_SYNONYM = re.compile(r"([A-Z]?\d+|[A-Z])(?:号楼|#楼|栋|幢|座|楼|#)")
ROOM_AFTER_UNIT = re.compile(r"(\d+单元)(\d+)(?![\d号单元室层户])")
WHITESPACE = re.compile(r"\s+")
PUNCTUATION = re.compile(r"[\s\W_]+")                           # \W: everything but letters, digits, CJK
PART = re.compile(r"(?P<building>(?:[A-Z]?\d+|[A-Z])号楼)|(?P<unit>\d+单元)|(?P<room>\d+[室户])|(?P<floor>\d+层)"
                  r"|(?P<door>\d+号)|\d+")
ANNOTATION = re.compile(r"[（(][^）)]*[）)]")                     # 崂山区（合成演示数据） → 崂山区
ADMIN_LEVELS = ("province", "city", "district", "street")
SHORT_FORM = {"province": "省", "city": "市"}                   # 山东省 → 山东, 青岛市 → 青岛
NOT_AFTER_SHORT_FORM = "路街道巷大"                               # 青岛路 is a road, not 青岛 + 路


@dataclass(frozen=True)
class AdminPrefixes:
    """The administrative names an address may start with, in folded form, longest first.

    A short form (山东, 青岛) is dropped only when no road word follows it, so 青岛路 keeps its name.
    """

    names: tuple = ()
    short_forms: tuple = ()
    foreign_names: frozenset = frozenset()   # every other province, city, district and county of China
    foreign_short: frozenset = frozenset()   # their short forms (北京, 济南)

    @classmethod
    def from_places(cls, places):
        """The prefixes of a ``places`` frame (``level``, ``code``, ``name``): province, city, district,
        street — with the old names of the districts, and every other administrative name of China as
        foreign (:mod:`grids.incidents.admin_names`).

        Bracketed notes in a name are ignored: 崂山区（合成演示数据） gives 崂山区.
        """
        admin = places[places["level"].isin(ADMIN_LEVELS)]
        names = {fold(ANNOTATION.sub("", name)): level for name, level in zip(admin["name"], admin["level"])}
        districts = {code: fold(ANNOTATION.sub("", name)) for code, name, level
                     in zip(admin["code"], admin["name"], admin["level"]) if level == "district" and code}
        own = admin_names.own_codes(districts)
        national = admin_names.national_names()
        names.update({name: "district" for name, codes in national.items() if codes & own and name not in names})
        shorts = {name.removesuffix(SHORT_FORM[level]) for name, level in names.items() if level in SHORT_FORM}
        foreign = frozenset(name for name, codes in national.items() if not codes & own) - set(names)
        foreign_short = frozenset(short for short, codes in admin_names.short_forms().items()
                                  if not codes & own) - shorts
        return cls(_longest_first(names), _longest_first(shorts - set(names)), foreign, foreign_short)

    def foreign(self, text):
        """The administrative name of somewhere else that ``text`` (normalised, its own prefixes gone)
        starts with, or None: a full name (济南市, 朝阳区), a short form followed by another such name
        (北京朝阳区), or a pseudonymised one (I市)."""
        pseudonym = admin_names.PSEUDONYM.match(text)
        if pseudonym:
            return pseudonym.group()
        for length in range(min(len(text), admin_names.MAX_NAME), 1, -1):
            head = text[:length]
            if head in self.foreign_names:
                return head
            if head in self.foreign_short and self._names_place(text[length:]):
                return head
        return None

    def _names_place(self, text):
        """Whether ``text`` starts with an administrative name, full (any) or own."""
        return any(text.startswith(name) for name in self.names) or any(
            text[:n] in self.foreign_names for n in range(2, min(len(text), admin_names.MAX_NAME) + 1))

    def strip(self, text):
        """``text`` without the administrative names it starts with (any number of them, in any order)."""
        while True:
            name = self._leading(text)
            if name is None:
                return text
            text = text[len(name):]

    def _leading(self, text):
        for name in self.names:
            if text.startswith(name):
                return name
        for name in self.short_forms:
            if text.startswith(name) and text[len(name):len(name) + 1] not in NOT_AFTER_SHORT_FORM:
                return name
        return None


def _longest_first(names):
    """Names of two characters or more, longest first, so that 中韩街道 is tried before 中韩."""
    return tuple(sorted((n for n in names if len(n) >= 2), key=len, reverse=True))


NO_PREFIXES = AdminPrefixes()


def normalize_address(text, prefixes=NO_PREFIXES):
    """The canonical form of an address text (see the module comment).

    Parameters
    ----------
    text : str or None
        Address as written; None or NaN count as empty.
    prefixes : AdminPrefixes, optional
        Administrative names to drop from the start (by default none are dropped).

    Returns
    -------
    str
        Folded text without whitespace or punctuation, numbers in digits, parts with standard markers.

    Examples
    --------
    >>> normalize_address("海湾名邸 三栋二单元501")
    '海湾名邸3号楼2单元501室'
    >>> normalize_address("３-２-５０１")
    '3号楼2单元501室'
    """
    if not isinstance(text, str):
        return ""
    text = WHITESPACE.sub("", fold_characters(text))
    text = ORDINAL.sub("", CHINESE_NUMBER.sub(lambda m: str(chinese_number(m.group())), text))
    text = DASHED_UNIT.sub(r"\1号楼\2单元", DASHED.sub(r"\1号楼\2单元\3室", text))
    text = BUILDING_SYNONYM.sub(r"\1号楼", text)
    return prefixes.strip(ROOM_AFTER_UNIT.sub(r"\1\2室", PUNCTUATION.sub("", text)))


def fold(text):
    """Characters and punctuation only (steps 1 and 4), for names such as 海湾名邸 or 崂山区."""
    return PUNCTUATION.sub("", fold_characters(text))


def fold_characters(text):
    """NFKC (full-width to ASCII) with Latin letters upper-cased; ＃ becomes #, － becomes -."""
    return unicodedata.normalize("NFKC", text).upper()


def chinese_number(numeral):
    """The value of a Chinese numeral: 十二 → 12, 二十一 → 21, 一百零八 → 108, 两 → 2, 五〇一 → 501.

    Without 十, 百 or 千 the characters are read digit by digit, as room numbers are spoken.
    """
    if not any(ch in NUMERAL_UNITS for ch in numeral):
        return int("".join(str(NUMERAL_DIGITS[ch]) for ch in numeral))
    total, current = 0, 0
    for ch in numeral:
        if ch in NUMERAL_UNITS:
            total += (current or 1) * NUMERAL_UNITS[ch]
            current = 0
        else:
            current = NUMERAL_DIGITS[ch]
    return total + current


def register_part(value):
    """A register field (door number, building number, unit) in the canonical form, or None if empty.

    >>> register_part("3栋"), register_part(None)
    ('3号楼', None)
    """
    if value is None or pd.isna(value) or not str(value).strip():
        return None
    return normalize_address(str(value))
