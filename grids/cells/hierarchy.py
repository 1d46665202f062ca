"""The cell hierarchy: city > district > street > community > grid > micro-grid.

The city (市) is optional: a store of one district has none, and its district is the top of the tree.

Grids come in two kinds: ``basic`` grids tile their community without gaps or overlaps; ``dedicated``
grids (an industrial park, a market, a campus) may lie over basic grids. Micro-grids are ``building``
(楼栋, inside one basic grid) or ``stairwell`` (楼道/单元, a part of one building). Each level's parent:
"""
from grids.errors import HierarchyError

LEVELS = ("city", "district", "street", "community", "grid", "microgrid")
TOP_LEVELS = ("city", "district")    # a district has a parent only in a store that holds its city
KINDS = {
    "city": (None,),
    "district": (None,),
    "street": (None,),
    "community": (None,),
    "grid": ("basic", "dedicated"),
    "microgrid": ("building", "stairwell"),
}
DEFAULT_KIND = {"grid": "basic", "microgrid": "building"}


def check_level_kind(level, kind):
    """Return the kind to use for ``level`` (its default when ``kind`` is None) or raise."""
    if level not in LEVELS:
        raise HierarchyError(f"unknown level {level!r}; levels are {', '.join(LEVELS)}", level=level)
    kind = kind or DEFAULT_KIND.get(level)
    if kind not in KINDS[level]:
        allowed = ", ".join(k for k in KINDS[level] if k) or "none"
        raise HierarchyError(f"level {level} has no kind {kind!r} (kinds: {allowed})", level=level, kind=kind)
    return kind


def parent_of(level, kind=None):
    """``(level, kind)`` of the parent of a cell of ``level``/``kind``; ``None`` for the city.

    >>> parent_of("grid", "dedicated")
    ('community', None)
    >>> parent_of("microgrid", "stairwell")
    ('microgrid', 'building')
    """
    if level == "city":
        return None
    if level == "microgrid":
        return ("microgrid", "building") if kind == "stairwell" else ("grid", "basic")
    return (LEVELS[LEVELS.index(level) - 1], None)


def child_levels(level):
    """The levels directly below ``level`` (micro-grids nest within micro-grids)."""
    if level == "microgrid":
        return ("microgrid",)
    index = LEVELS.index(level)
    return LEVELS[index + 1:index + 2]
