"""The bounds on what a person, a file or a request may put into gridgov, in one place.

Concept: every text, number, list and drawn geometry that comes from outside is bounded before it is
used, and a value out of bounds is refused with :class:`OutOfBounds` naming the field and the bound —
never truncated, stripped or passed on to fail deeper down (a 500, a PostgreSQL error, a 15 MB map
answer). The web app (:mod:`webmap.params`) and the file imports (:mod:`etl.people_file`,
:func:`grids.incidents.store.upsert_incidents`) and the domain functions that take text or a drawn
geometry (:func:`grids.cases.loop.act`, :mod:`grids.member.field_reports`, :mod:`grids.planning.edits`)
read the same numbers from here. ``docs/security.md`` ("Limits on inputs") lists them with the reasons.

NUL (``\\x00``) is refused in every text: PostgreSQL ``text`` cannot hold it, and silently dropping a
character of a citizen's report or an officer's note would change what they wrote.
"""
import math

import shapely
from shapely.geometry import shape

from gis.errors import GridgovError

# ---- text, in characters ---------------------------------------------------------------------------
NAME = 100              # a person's name, a grid's name (the longest real names are ~20 characters)
GRID_NAME = 60          # a dedicated grid's name, as the planner's form says
PHONE = 64              # room for two numbers with an extension: "+86 137 9999 8888 / 0532-8888 6666 转 12"
PERSON_CODE = 64        # a person's stable key (工号)
TICKET = 200            # an incident's ticket number in its channel (source_ref)
USERNAME = 64
PASSWORD = 1024         # hashing is per character; a passphrase is far shorter
TITLE = 500             # a ticket's title or category text (a sentence; hotline titles are ~20 characters)
DESCRIPTION = 20_000    # a 12345 hotline ticket's description: a few hundred characters, rarely 3,000
NOTE = 2_000            # an officer's progress note: a paragraph (the phone form says so)
ADDRESS = 500
CATEGORY = 64           # a category code or a category's text, a role
CELL_LIST = 20_000      # the cells (or categories) of one person in a people file: 1,000 codes of 20 digits
QUERY_VALUE = 2_000     # any other value of a URL's query string (bbox, codes, dates are far shorter)
FORM_VALUE = DESCRIPTION  # any other form field; the field's own bound (above) is usually lower

# ---- numbers, lists, structure ---------------------------------------------------------------------
ID_MAX = 2**63 - 1      # PostgreSQL bigint: every id, version and revision of the store
ZOOM_MAX = 22           # tile zoom levels 0..22 (Leaflet's deepest; basemaps stop at 18-20)
WHISTLE_HOURS_MAX = 720  # a department called by 吹哨 reports in within at most 30 days
ATTENDEES = 50          # people named at one joint review (联合会诊)
LIST_ITEMS = 1_000      # codes or ids in one request (a merge, a move of buildings, notifications read)
JSON_DEPTH = 16         # GeoJSON polygons nest 5 deep inside a request object; nothing needs more
VERTICES = 10_000       # of a drawn boundary or split line (hand-drawn: tens; traced from a survey: thousands)
CHINA = (73.0, 3.0, 136.0, 54.0)   # lon/lat box where a CGCS2000 (EPSG:4490) coordinate may lie:
#                                  EPSG's area of use (73.62, 16.7, 134.77, 53.56) widened to the southern islands


class OutOfBounds(GridgovError):
    """A value that is out of bounds or not what its field takes; ``parameter`` names the field (the
    web API answers it as 400 ``bad_parameter``, the shape of :func:`webmap.errors.bad_parameter`)."""

    code = "bad_parameter"

    def __init__(self, field, message, **context):
        super().__init__(message, parameter=field, **context)


def text_problem(value, maximum):
    """Why ``value`` (a str) cannot be stored as a text of at most ``maximum`` characters, or None.

    >>> text_problem("ok", 10) is None
    True
    >>> text_problem("a\\x00b", 10)
    'contains a NUL character (\\\\x00)'
    >>> text_problem("x" * 11, 10)
    'has 11 characters; at most 10'
    """
    if "\x00" in value:
        return "contains a NUL character (\\x00)"
    if len(value) > maximum:
        return f"has {len(value):,} characters; at most {maximum:,}"
    return None


def check_text(field, value, maximum):
    """``value`` unchanged (None passes), or :class:`OutOfBounds` naming ``field``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise OutOfBounds(field, f"`{field}` must be text")
    problem = text_problem(value, maximum)
    if problem:
        raise OutOfBounds(field, f"`{field}` {problem}")
    return value


def id_problem(value):
    """Why ``value`` (an int) is no id of the store (1 .. 2⁶³−1), or None."""
    return None if 1 <= value <= ID_MAX else f"must be from 1 to {ID_MAX}"


def json_depth_exceeds(value, maximum=JSON_DEPTH):
    """Whether parsed JSON ``value`` nests deeper than ``maximum`` (walked without recursion)."""
    level = [value]
    for _ in range(maximum):
        level = [child for item in level if isinstance(item, (dict, list))
                 for child in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return False
    return any(isinstance(item, (dict, list)) for item in level)


def drawn_geometry(field, value, types):
    """A planner's drawn geometry (a GeoJSON dict, WKT or shapely) as shapely, checked: it parses, its
    type is one of ``types``, it has at most :data:`VERTICES` vertices, and every coordinate is a finite
    lon/lat inside :data:`CHINA`. Anything else is :class:`OutOfBounds` naming ``field``."""
    geom = _parsed(field, value)
    if geom is None or geom.is_empty or geom.geom_type not in types:
        found = "nothing" if geom is None or geom.is_empty else geom.geom_type
        raise OutOfBounds(field, f"`{field}` must be a {' or '.join(types)}, not {found}")
    count = shapely.get_num_coordinates(geom)
    if count > VERTICES:
        raise OutOfBounds(field, f"`{field}` has {count:,} vertices; at most {VERTICES:,}")
    lon_min, lat_min, lon_max, lat_max = CHINA
    coords = shapely.get_coordinates(geom)
    if not (all(math.isfinite(v) for v in coords.ravel())
            and lon_min <= coords[:, 0].min() and coords[:, 0].max() <= lon_max
            and lat_min <= coords[:, 1].min() and coords[:, 1].max() <= lat_max):
        raise OutOfBounds(field, f"`{field}` has coordinates outside lon {lon_min}..{lon_max}, lat "
                          f"{lat_min}..{lat_max} (CGCS2000 degrees)")
    return geom


def _parsed(field, value):
    if value is None or isinstance(value, shapely.Geometry):
        return value
    problem = _coordinates_problem(value.get("coordinates")) if isinstance(value, dict) else None
    if problem:
        raise OutOfBounds(field, f"`{field}`: {problem}")
    try:
        return shape(value) if isinstance(value, dict) else shapely.from_wkt(check_text(field, value, 10**6))
    except (shapely.errors.ShapelyError, ValueError, TypeError, KeyError, AttributeError, IndexError):
        raise OutOfBounds(field, f"`{field}` must be a GeoJSON geometry (or WKT) in lon/lat degrees") from None


def _coordinates_problem(coordinates):
    """Why GeoJSON ``coordinates`` are not nested lists of numbers of at most :data:`VERTICES` positions,
    or None (walked level by level, without recursion, before shapely builds anything)."""
    if not isinstance(coordinates, list):
        return "`coordinates` must be a list"
    level = [coordinates]
    while level:
        lists = [item for item in level if isinstance(item, list)]
        if lists and len(lists) != len(level):
            return "`coordinates` mix positions and lists"
        if not lists:
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in level):
                return "every coordinate must be a number"
            return None
        if len(lists) > VERTICES and lists[0] and not isinstance(lists[0][0], list):
            return f"has {len(lists):,} vertices; at most {VERTICES:,}"
        level = [child for item in lists for child in item]
    return None
