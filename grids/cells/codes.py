"""Standard codes of the cell hierarchy: a child's code is its parent's code followed by a serial.

Cities and districts (6 digits, GB/T 2260: a city's ends in 00, its districts share its first four
digits), streets (+3, GB/T 10114) and communities (+3) carry the national statistical codes and are only
checked. Grids and micro-grids get codes by one rule:

- a grid: its community's code + 3-digit serial (15 digits, as in Beijing DB11/T 2157-2023); basic grids
  count from 001 (to 900), dedicated grids from 901 (to 999);
- a building micro-grid: its basic grid's code + 3-digit serial from 001 (18 digits);
- a stairwell micro-grid: its building's code + 2-digit unit number from 01 (20 digits).

Serials follow position (:func:`serial_order`): west to east by the x of a point on the cell's surface
(``shapely.point_on_surface``), ties north to south. An importer numbers new cells after the highest
serial already in use under the parent (:func:`next_serial`), so existing codes never change.
"""
from typing import NamedTuple

import numpy as np
import shapely

from grids.errors import HierarchyError


class CodeRule(NamedTuple):
    """How the codes of one ``(level, kind)`` look: total length and the serial after the parent's code."""

    length: int
    serial_digits: int | None  # None: the code is not a serial under a parent code (districts)
    first: int | None
    last: int | None


CODE_RULES = {
    ("city", None): CodeRule(6, None, None, None),
    ("district", None): CodeRule(6, None, None, None),
    ("street", None): CodeRule(9, 3, 1, 999),
    ("community", None): CodeRule(12, 3, 1, 999),
    ("grid", "basic"): CodeRule(15, 3, 1, 900),
    ("grid", "dedicated"): CodeRule(15, 3, 901, 999),
    ("microgrid", "building"): CodeRule(18, 3, 1, 999),
    ("microgrid", "stairwell"): CodeRule(20, 2, 1, 99),
}
# The digits of a code of each level but the micro-grid's (18 for a building, 20 for a stairwell).
LEVEL_DIGITS = {level: rule.length for (level, _), rule in CODE_RULES.items() if level != "microgrid"}


def serial_order(points, groups=None):
    """Rank of each point in the standard numbering: west to east, ties north to south.

    Parameters
    ----------
    points : array_like of shapely.Point
        One point per cell, normally ``shapely.point_on_surface`` of the cell.
    groups : array_like, optional
        A parent key per point (e.g. the parent code); ranks restart at 0 within each group.

    Returns
    -------
    numpy.ndarray of int
        0-based ranks; the serial of a cell is the first serial of its kind plus its rank.

    Examples
    --------
    >>> serial_order(shapely.points([(1, 1), (0, 1), (1, 0), (0, 0)]))
    array([2, 0, 3, 1])
    """
    points = np.asarray(points, dtype=object)
    x, y = shapely.get_x(points), shapely.get_y(points)
    group = np.zeros(len(points), dtype=np.int64) if groups is None else np.unique(groups, return_inverse=True)[1]
    order = np.lexsort((-y, x, group))
    sorted_group = group[order]
    starts = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]])
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(len(order)) - group_start
    return ranks


def child_code(parent_code, serial, level, kind=None):
    """The code of the child numbered ``serial`` under ``parent_code``.

    >>> child_code("370212001001", 3, "grid", "basic")
    '370212001001003'
    >>> child_code("370212001001003001", 2, "microgrid", "stairwell")
    '37021200100100300102'
    """
    rule = _rule(level, kind)
    label = _label(level, kind)
    if rule.serial_digits is None:
        raise HierarchyError(f"{label} codes are national codes and are never generated", level=level)
    if not rule.first <= serial <= rule.last:
        raise HierarchyError(f"serial {serial} is outside {rule.first}–{rule.last}, the range of {label}s",
                             level=level, kind=kind, parent_code=parent_code)
    if len(parent_code) != rule.length - rule.serial_digits:
        raise HierarchyError(f"a {label} needs a {rule.length - rule.serial_digits}-digit parent code, "
                             f"not {parent_code!r}", level=level, kind=kind, parent_code=parent_code)
    return f"{parent_code}{serial:0{rule.serial_digits}d}"


def next_serial(max_code, parent_code, level, kind=None):
    """The first free serial under ``parent_code``, after ``max_code`` (the highest code in use, or None).

    >>> next_serial(None, "370212001001", "grid", "dedicated")
    901
    >>> next_serial("370212001001012", "370212001001", "grid", "basic")
    13
    """
    rule = _rule(level, kind)
    if max_code is None:
        return rule.first
    return max(int(max_code[len(parent_code):]) + 1, rule.first)


def check_code(level, kind, code, parent_code=None):
    """Why ``code`` breaks the standard rule for a ``level``/``kind`` cell under ``parent_code``, or None.

    >>> check_code("grid", "basic", "370212001001905", "370212001001")
    'serial 905 of 370212001001905 is outside 001–900, the range of basic grids'
    """
    rule = CODE_RULES.get((level, kind))
    if rule is None:
        return f"there is no code rule for {_label(level, kind)}s"
    if not (isinstance(code, str) and code.isascii() and code.isdigit()):
        return f"code {code!r} is not a string of digits"
    if len(code) != rule.length:
        return f"code {code} has {len(code)} digits; {_label(level, kind)} codes have {rule.length}"
    if rule.serial_digits is None:
        return _national_code_problem(level, code, parent_code)
    if parent_code is not None and code[:-rule.serial_digits] != parent_code:
        return f"code {code} does not start with its parent's code {parent_code}"
    serial, width = int(code[-rule.serial_digits:]), rule.serial_digits
    if not rule.first <= serial <= rule.last:
        return (f"serial {serial:0{width}d} of {code} is outside "
                f"{rule.first:0{width}d}–{rule.last:0{width}d}, the range of {_label(level, kind)}s")
    return None


def is_city_code(code):
    """Whether ``code`` is a city's (6 digits ending in 00; a district's never ends so).

    >>> is_city_code("510100"), is_city_code("510104"), is_city_code("510104001")
    (True, False, False)
    """
    return len(code) == 6 and code.isdigit() and code.endswith("00")


def district_of(code):
    """The district a cell of ``code`` lies in (the first six digits), or None for a city or a short code.

    >>> district_of("510104001002003"), district_of("510100")
    ('510104', None)
    """
    return code[:6] if len(code) >= 6 and not is_city_code(code) else None


def grid_of(code):
    """The grid a cell of ``code`` lies in (the first fifteen digits), or None for a coarser code.

    >>> grid_of("510104001002003004"), grid_of("510104001002")
    ('510104001002003', None)
    """
    digits = LEVEL_DIGITS["grid"]
    return code[:digits] if len(code) >= digits else None


def city_districts(city_code, district_code):
    """Whether ``district_code`` lies in the city ``city_code`` (their first four digits agree).

    >>> city_districts("510100", "510104"), city_districts("510100", "370212")
    (True, False)
    """
    return district_code[:4] == city_code[:4]


def subtree_prefix(code):
    """What every code in the subtree of cell ``code`` starts with: the code itself, but for a city the
    first four digits its districts share.

    >>> subtree_prefix("510100"), subtree_prefix("510104001")
    ('5101', '510104001')
    """
    return code[:4] if is_city_code(code) else code


def subtree_end(prefix):
    """The first digit string after every code that starts with the digits ``prefix`` (a
    :func:`subtree_prefix`), in any collation that orders digits as digits: a subtree is the range
    ``[prefix, subtree_end(prefix))`` of an index on the codes.

    >>> subtree_end("510104001"), subtree_end("5101049")
    ('510104002', '5101050')
    """
    return f"{int(prefix) + 1:0{len(prefix)}d}"


def _national_code_problem(level, code, parent_code):
    if level == "city" and not is_city_code(code):
        return f"code {code} is no city code: a city's 6-digit code ends in 00"
    if level == "district" and is_city_code(code):
        return f"code {code} ends in 00, as a city's does: a district's code does not"
    if level == "district" and parent_code is not None and not city_districts(parent_code, code):
        return f"code {code} does not start with the first four digits of its city's code {parent_code}"
    return None


def _rule(level, kind):
    try:
        return CODE_RULES[(level, kind)]
    except KeyError:
        raise HierarchyError(f"there is no code rule for {_label(level, kind)}s", level=level, kind=kind) from None


def _label(level, kind):
    noun = "micro-grid" if level == "microgrid" else level
    return f"{kind} {noun}" if kind else noun
