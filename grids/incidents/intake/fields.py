"""The fields of a standard incident record, and how a file's columns are matched to them.

Concept: every channel exports its tickets in its own layout — a 12345 hotline Excel file says 工单编号 and
受理时间, NYC 311 says ``Unique Key`` and ``Created Date``, Open311 says ``service_request_id`` and
``requested_datetime``. A **layout** says which source column feeds which standard field; every other
column is kept as an *attribute*. It is found in three steps, each later one filling only what the earlier
ones left open:

1. the ``[columns]`` table of a **mapping file** (TOML) names the source header of a field outright;
2. the known headers below, compared without case or spaces, the earlier name of a list winning (so
   gridgov's own export, with both ``x`` and ``lon``, reads ``x``; and 小类 wins over 大类, which then
   stays an attribute);
3. a GeoJSON's point geometry gives x and y unless the properties give both (gridgov's own export
   carries the coordinates *as first given* there, with their ``crs``, beside a CGCS2000 geometry).

The columns gridgov's own export adds (placement, cell codes, status: :data:`EXPORT_COLUMNS`) are not
attributes when such an export is read back.

A file in which no ticket number or no report time is found is refused, naming its headers and what was
missing. A mapping file's ``[options]`` (``channel``, ``crs``, ``timezone``, ``date_format``, ``sheet``,
``encoding``) are checked when it is loaded, so a typo fails before any row is read.
"""
import codecs
import re
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gis.crs import parse_crs
from gis.errors import GridgovError, InputFileError
from grids.incidents.store import CHANNELS

DEFAULT_TIMEZONE = "Asia/Shanghai"
REQUIRED = ("source_ref", "reported_at")

# Standard field → the headers that feed it, best first (compared by ``header_key``).
ALIASES = {
    "source_ref": ("source_ref", "工单编号", "工单号", "受理编号", "案件编号", "警情编号", "上报编号", "信访编号",
                   "信访件编号", "编号", "Unique Key", "service_request_id", "id"),
    "reported_at": ("reported_at", "受理时间", "来电时间", "报警时间", "登记时间", "上报时间", "信访日期", "登记日期",
                    "来信来访日期", "发生时间", "创建时间", "Created Date", "requested_datetime"),
    "category_text": ("category_text", "小类", "事件类型", "诉求类型", "问题类型", "问题类别", "事件分类", "警情类别",
                      "内容分类", "类别", "Complaint Type", "service_name", "service_code", "大类"),
    "title": ("title", "标题", "诉求标题", "工单标题", "信访事项", "Descriptor"),
    "description": ("description", "诉求内容", "事件描述", "问题描述", "简要案情", "信访内容", "主要诉求", "内容"),
    "reporter_name": ("reporter_name", "联系人", "来电人", "反映人", "报警人", "上报人", "信访人", "姓名"),
    "reporter_phone": ("reporter_phone", "联系电话", "来电号码", "报警电话", "手机号", "电话"),
    "address": ("address", "诉求地址", "事发地址", "发生地址", "事件地址", "问题属地", "事发地", "地址", "Incident Address"),
    "x": ("x", "经度", "lng", "lon", "long", "longitude"),
    "y": ("y", "纬度", "lat", "latitude"),
    "crs": ("crs", "坐标系"),
    "channel": ("channel", "渠道", "来源"),
    # the ticket's own 办理时限: a duration (3个工作日, 48小时) or an absolute deadline (办结时限 2026-03-01 18:00)
    "time_limit": ("time_limit", "办理时限", "处理时限", "办结时限", "时限", "办结期限", "deadline", "limit"),
}
FIELDS = tuple(ALIASES)
# Fields that take the next recognised column where the chosen one is empty: an Open311 request may
# have a service_code but no service_name, a 12345 ticket a 大类 but no 小类, a ticket an 办结时限 but no
# 办理时限. (Never a ticket number or a
# time: a second-best column there would give a ticket a wrong identity or instant.)
FALLBACK_FIELDS = ("category_text", "time_limit")
TEXT_FIELDS = ("category_text", "title", "description", "reporter_name", "reporter_phone", "address")

# What channel columns say, by ``header_key`` of the value; the codes themselves are accepted too.
CHANNEL_NAMES = {
    **{code: code for code in CHANNELS},
    "12345": "hotline", "12345热线": "hotline", "热线": "hotline", "市民热线": "hotline", "政务服务热线": "hotline",
    "110": "police110", "110警情": "police110", "非警务警情": "police110", "110非警务警情": "police110",
    "110联动": "police110",
    "巡查": "patrol", "网格巡查": "patrol", "巡查上报": "patrol", "网格员上报": "patrol", "自主巡查": "patrol",
    "app上报": "app", "微信": "app", "小程序": "app", "随手拍": "app", "市民随手拍": "app",
    "信访": "petition", "来信来访": "petition",
    "交办": "assigned", "上级交办": "assigned", "督办交办": "assigned",
}
OPTIONS = ("channel", "crs", "timezone", "date_format", "sheet", "encoding")
# What gridgov's own export (etl.incidents.export) adds to the fields: where the store placed the incident
# and its case state. Re-importing an export must not turn them into attributes of the source, so in a
# file with these columns besides the standard ones they are left out (they still count in the hash).
EXPORT_COLUMNS = ("category_code", "lon", "lat", "district_code", "street_code", "community_code", "grid_code",
                  "microgrid_code", "generation", "placement_method", "placement_level", "placement_confidence",
                  "placement_distance_m", "unplaced_reason", "status")
_EXPORT_SIGNATURE = {"channel", "source_ref", "reported_at", "placement_method"}


def header_key(text):
    """A header (or channel name) compared without case, spaces or a byte-order mark.

    Examples
    --------
    >>> header_key(" Unique Key "), header_key("工单\u3000编号")
    ('uniquekey', '工单编号')
    """
    return re.sub(r"[\s\ufeff]+", "", str(text)).casefold()


_ALIAS_KEYS = {name: [header_key(a) for a in aliases] for name, aliases in ALIASES.items()}


@dataclass(frozen=True)
class Mapping:
    """A mapping file: ``columns`` (standard field → source header), ``options`` and where it came from."""

    columns: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    source: str | None = None


@dataclass(frozen=True)
class Layout:
    """Which source header feeds each standard field; ``attributes`` are the other headers, in file order.

    ``fallbacks`` name, for a field in :data:`FALLBACK_FIELDS`, a second header whose value is used where
    the first is empty (it stays an attribute too); ``ignored`` are the :data:`EXPORT_COLUMNS` of a file
    gridgov exported.
    """

    columns: dict
    attributes: tuple
    fallbacks: dict = field(default_factory=dict)
    ignored: tuple = ()


def load_mapping(mapping):
    """A :class:`Mapping` from a TOML file path, an already parsed dict, or None (an empty mapping).

    Raises ``InputFileError`` for an unreadable file, an unknown field or option, or a bad option value.

    Examples
    --------
    >>> load_mapping({"columns": {"source_ref": "Unique Key"}, "options": {"channel": "hotline"}}).options
    {'channel': 'hotline'}
    """
    if mapping is None:
        return Mapping()
    if isinstance(mapping, dict):
        return _checked_mapping(mapping, None)
    path = Path(mapping)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputFileError(f"cannot read the mapping file: {error}", file=str(path)) from None
    return _checked_mapping(document, str(path))


def _checked_mapping(document, source):
    def refuse(reason):
        raise InputFileError(f"mapping: {reason}", file=source)

    unknown = set(document) - {"columns", "options"}
    if unknown:
        refuse(f"unknown table(s) {', '.join(sorted(unknown))}; a mapping has [columns] and [options]")
    columns, options = dict(document.get("columns", {})), dict(document.get("options", {}))
    for name, header in columns.items():
        if name not in FIELDS:
            refuse(f"[columns] {name}: not a standard field; fields: {', '.join(FIELDS)}")
        if not isinstance(header, str) or not header.strip():
            refuse(f"[columns] {name}: give the source header as text")
    for name, value in options.items():
        if name not in OPTIONS:
            refuse(f"[options] {name}: unknown option; options: {', '.join(OPTIONS)}")
        if not isinstance(value, str) or not value.strip():
            refuse(f"[options] {name}: give a text value")
        reason = _option_problem(name, value)
        if reason:
            refuse(f"[options] {name} = {value!r}: {reason}")
    if "channel" in options:
        options["channel"] = channel_code(options["channel"])
    return Mapping(columns, options, source)


def _option_problem(name, value):
    """Why an option value is unusable, or None."""
    if name == "channel" and channel_code(value) is None:
        return f"unknown channel; channels: {', '.join(CHANNELS)}"
    if name == "timezone" and value not in zoneinfo.available_timezones():
        return "unknown time zone (an IANA name such as Asia/Shanghai)"
    if name == "encoding":
        try:
            codecs.lookup(value)
        except LookupError:
            return "unknown encoding"
    if name == "crs":
        try:
            parse_crs(value)
        except GridgovError as error:
            return error.message
    if name == "date_format":
        try:
            pd.to_datetime(pd.Series(["0"]), format=value, errors="coerce")
        except ValueError as error:
            return str(error)
    return None


def channel_code(text):
    """The channel code a channel name stands for (``'12345热线'`` → ``'hotline'``), or None."""
    return CHANNEL_NAMES.get(header_key(text))


def channel_codes(values):
    """Vectorized :func:`channel_code` over a Series of names (NaN where empty or unknown)."""
    keys = values.str.replace(r"[\s\ufeff]+", "", regex=True).str.casefold()
    return keys.map(CHANNEL_NAMES)


def resolve_layout(headers, mapping, path, point=None):
    """The :class:`Layout` of a file with these ``headers`` (see the module comment for the order).

    ``point`` names the file's own x and y columns (``{"x": …, "y": …}``, a GeoJSON's geometry): they
    are used unless the other columns give both coordinates, and are never attributes.

    Examples
    --------
    >>> layout = resolve_layout(["工单编号", "受理时间", "大类", "小类"], Mapping(), "t.csv")
    >>> layout.columns["category_text"], layout.attributes
    ('小类', ('大类',))
    """
    point = point or {}
    candidates = [str(h) for h in headers if h not in point.values()]
    columns = {name: _mapped_header(name, header, candidates, path) for name, header in mapping.columns.items()}
    taken = set(columns.values())
    for name, keys in _ALIAS_KEYS.items():
        found = None if name in columns else _first_match(keys, [h for h in candidates if h not in taken])
        if found is not None:
            columns[name] = found
            taken.add(found)
    if point and not ("x" in columns and "y" in columns):
        taken -= {columns.pop("x", None), columns.pop("y", None)}
        columns.update(point)
    _require(columns, candidates, path)
    ignored = tuple(h for h in EXPORT_COLUMNS if h in candidates) if _EXPORT_SIGNATURE <= set(candidates) else ()
    attributes = tuple(h for h in candidates if h not in taken and h not in ignored)
    return Layout(columns, attributes, _fallbacks(columns, attributes), ignored)


def _fallbacks(columns, attributes):
    """For each fallback field: the best-ranked attribute header below the chosen column's rank."""
    fallbacks = {}
    for name in FALLBACK_FIELDS:
        keys = _ALIAS_KEYS[name]
        chosen = header_key(columns.get(name, ""))
        if chosen in keys:
            found = _first_match(keys[keys.index(chosen) + 1:], list(attributes))
            if found is not None:
                fallbacks[name] = found
    return fallbacks


def _mapped_header(name, header, headers, path):
    if header in headers:
        return header
    found = _first_match([header_key(header)], headers)
    if found is None:
        raise InputFileError(f"mapping: [columns] {name} = {header!r} is not a column of the file; its "
                             f"columns: {', '.join(headers)}", file=str(path), field=name)
    return found


def _first_match(keys, headers):
    by_key = {}
    for header in headers:
        by_key.setdefault(header_key(header), header)
    return next((by_key[k] for k in keys if k in by_key), None)


def _require(columns, headers, path):
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        wanted = "; ".join(f"{name}: one of {', '.join(ALIASES[name])}" for name in missing)
        raise InputFileError(f"unknown layout: no column for {', '.join(missing)} ({wanted}); the file's "
                             f"columns: {', '.join(headers) or '(none)'}; name them in a mapping file "
                             "([columns] source_ref = \"…\")", file=str(path))


def looks_like_header(cells, mapping):
    """Whether a row of cells holds a ticket-number or report-time header (finds a header below a title)."""
    keys = {header_key(c) for c in cells if c}
    wanted = set(_ALIAS_KEYS["source_ref"]) | set(_ALIAS_KEYS["reported_at"])
    wanted |= {header_key(mapping.columns[n]) for n in REQUIRED if n in mapping.columns}
    return bool(keys & wanted)
