"""Checking and shaping the values of one chunk of incidents, column by column.

Concept: a reader hands over a chunk as *text* exactly as the file has it (one column per source header,
``""`` for an empty cell) with the row numbers a person sees. Each check below runs over whole columns
and notes the rows it objects to in a :class:`ProblemLog`; Python touches single rows only to word those
problems. A problem is an **error** when the row cannot be an incident — no ticket number, a ticket
number already used earlier in the file, an unknown channel, no readable report time — and the row is
dropped; it is a **warning** when the row stays with something cleared or set right: impossible
coordinates are cleared (the address may still place the incident), swapped longitude/latitude are
swapped back, and text that looks mis-encoded (mojibake such as ``Â``/``Ã`` before a Latin-1 character,
U+FFFD where bytes did not decode, 锟斤拷) is kept *as it is* — a guessed repair can turn one wrong text
into another, and the warning names the cell for a person to check.

Three steps are plain Python per row because their results are per-row Python objects that no pandas
operation builds faster (measured: pandas' own string methods also loop per element): stripping the mapped
cells, the ``attributes`` dicts and ``content_hash`` (whose UTF-8 bytes of each row also serve the search
for mis-encoded text). The hash is a BLAKE2b digest of the row's cells in sorted header order, keyed by
the header names, so it does not depend on a library version or on the order of columns, and a change
in any cell — mapped or kept as an attribute — changes it.
"""
import hashlib
import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pyproj

from gis.crs import parse_crs
from gis.errors import GridgovError
from grids import clock
from grids.incidents.intake.base import ERROR, WARNING, WGS84_LABEL, RowProblem
from grids.incidents.intake.fields import CHANNELS, TEXT_FIELDS, channel_codes
from grids.incidents.intake.time_limit_text import parse_limit
from grids.incidents.intake.times import parse_times

CHANNEL_DEFAULT_CRS = {"app": "GCJ-02"}  # every other channel: WGS 84

# Mojibake: a UTF-8 lead byte read as Latin-1/cp1252 (Â, Ã … ô) before a continuation byte read the
# same way, U+FFFD (bytes that did not decode), or 锟斤拷 (U+FFFD twice, re-read as GBK).
MOJIBAKE = ("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
            "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|\ufffd|锟斤拷")
_MOJIBAKE = re.compile(MOJIBAKE)
# A superset of the same in UTF-8 bytes, to pick the rows worth searching, and the bytes it starts with.
_MOJIBAKE_STARTS = (b"\xc3", "\ufffd".encode(), "锟斤拷".encode())
_MOJIBAKE_BYTES = re.compile(rb"\xc3[\x82-\xb4][\xc2\xc5\xc6\xcb\xe2]|\xef\xbf\xbd|" + "锟斤拷".encode())
_SNIPPET = 12  # characters shown either side of mis-encoded text


class ProblemLog:
    """The problems of one chunk, noted per check as boolean masks and worded only for the rows hit."""

    def __init__(self, size):
        self.errors = np.zeros(size, dtype=bool)
        self._found = []

    def add(self, mask, field, reason, severity, values=None):
        """Note ``reason`` where ``mask``; ``{value}`` in it is taken from ``values`` by position."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if severity == ERROR:
            self.errors[positions] = True
        for position in positions:
            text = reason.format(value=values[position]) if values is not None else reason
            self._found.append((int(position), field, text, severity))

    def problems(self, rows, refs):
        """The :class:`RowProblem` list, by row number."""
        return [RowProblem(int(rows[p]), field, reason, severity, refs[p])
                for p, field, reason, severity in sorted(self._found, key=lambda item: item[0])]


# --- text -------------------------------------------------------------------------------------------

def stripped(column):
    """A column of text without surrounding blanks, as an object Series with None for blank cells."""
    return pd.Series([cell.strip() or None for cell in column.to_numpy(dtype=object)], dtype=object)


def screen_encoding(frame, encoded, field_of, log):
    """Warn about every cell that looks mis-encoded (see the module comment); the text is kept.

    The chunk is searched at once in its rows' UTF-8 bytes (``encoded``, as hashed), for the bytes
    mojibake starts with; a hit's column is the number of U+001F separators before it in its row, and
    the cell is then checked as text.
    """
    headers = sorted(frame.columns)
    hits = {}  # header → positions
    for position in _suspect_rows(encoded):
        row = encoded[position]
        for match in _MOJIBAKE_BYTES.finditer(row):
            hits.setdefault(headers[row.count(b"\x1f", 0, match.start())], set()).add(position)
    for header in frame.columns:
        if header in hits:
            cells = frame[header].to_numpy(dtype=object)
            mask = np.zeros(len(frame), dtype=bool)
            mask[[p for p in hits[header] if _MOJIBAKE.search(cells[p])]] = True  # the bytes only pre-select
            log.add(mask, field_of.get(header, header), "text looks mis-encoded ({value}); kept as it is, "
                    "check the source", WARNING, _Snippets(cells))


def _suspect_rows(encoded):
    """Positions of the rows whose bytes hold mojibake: literal searches in all rows joined by U+001E."""
    joined = b"\x1e".join(encoded)
    offsets = [at for start in _MOJIBAKE_STARTS for at in _find_all(joined, start)
               if _MOJIBAKE_BYTES.match(joined, at)]
    ends = np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)) + 1)
    return np.unique(np.searchsorted(ends, offsets, side="right"))


def _find_all(data, needle):
    found, at = [], data.find(needle)
    while at != -1:
        found.append(at)
        at = data.find(needle, at + 1)
    return found


class _Snippets:
    """The mis-encoded part of a cell with some context, worded only for the cells reported."""

    def __init__(self, cells):
        self.cells = cells

    def __getitem__(self, position):
        text = self.cells[position]
        match = _MOJIBAKE.search(text)
        return repr(text[max(match.start() - _SNIPPET, 0):match.end() + _SNIPPET])


# --- ticket numbers and channels ---------------------------------------------------------------------

def check_refs(refs, rows, seen, log):
    """Errors for missing and repeated ticket numbers; ``seen`` (ref → first row) grows across chunks."""
    keys = refs.to_numpy(dtype=object)
    missing = refs.isna().to_numpy()
    log.add(missing, "source_ref", "no ticket number", ERROR)
    first = ~missing & ~refs.duplicated().to_numpy()
    first_keys, first_rows = keys[first], rows[first]
    # One probe per distinct ticket number: the row it was first seen in, this one if it is new.
    earliest = np.fromiter(map(seen.setdefault, first_keys, first_rows.tolist()), dtype=np.int64,
                           count=len(first_keys))
    repeated = ~missing & ~first
    repeated[np.flatnonzero(first)[earliest != first_rows]] = True
    if repeated.any():
        earliest_of = earliest[pd.Index(first_keys).get_indexer(keys[repeated])]
        log.add(repeated, "source_ref", "ticket number already in row {value}; this row is ignored", ERROR,
                dict(zip(np.flatnonzero(repeated), earliest_of)))


def row_channels(texts, fallback, log):
    """Channel codes of the rows from a channel column, ``fallback`` where it is empty."""
    codes = channel_codes(texts)
    log.add(texts.notna() & codes.isna(), "channel", "unknown channel {value!r}; channels: "
            f"{', '.join(CHANNELS)}", ERROR, texts)
    if fallback is None:
        log.add(texts.isna(), "channel", "no channel", ERROR)
        return codes.astype(object)
    return codes.where(texts.notna(), fallback).astype(object)


# --- coordinates -------------------------------------------------------------------------------------

@lru_cache(maxsize=64)
def crs_facts(text):
    """``(label, is geographic)`` of a coordinate system name; ``GridgovError`` when unknown."""
    spec = parse_crs(text)
    geographic = spec.kind != "epsg" or pyproj.CRS.from_epsg(spec.epsg).is_geographic
    return spec.label, geographic


def row_crs(texts, fallback, channels, log):
    """``(CRS label per row or None, geographic flags)``: a crs column, else ``fallback``, else the
    channel's default (GCJ-02 for ``app``, WGS 84 for the others)."""
    default = fallback if fallback is not None else channels.map(CHANNEL_DEFAULT_CRS).fillna(WGS84_LABEL)
    names = pd.Series(default, index=channels.index, dtype=object)
    if texts is not None:
        names = texts.where(texts.notna(), names)
    labels = pd.Series(None, index=names.index, dtype=object)
    geographic = np.zeros(len(names), dtype=bool)
    for name in names.unique():
        rows = (names == name).to_numpy()
        try:
            labels[rows], geographic[rows] = crs_facts(name)
        except GridgovError as error:
            log.add(rows, "crs", f"{error.message}; coordinates ignored", WARNING)
    return labels, geographic


# A report time after the import's clock by more than this is an error (a 2030 ticket accepted in 2025);
# one before OLDEST_REPORT a warning (a date typed wrong, Excel's day 0). Both name the row and the field.
FUTURE_TOLERANCE = pd.Timedelta(days=1)
OLDEST_REPORT = pd.Timestamp("1990-01-01", tz="Asia/Shanghai")


def check_report_times(times, texts, log, now=None):
    """Report times in the future of ``now`` (default: the clock's) are errors; implausibly old ones warnings."""
    latest = pd.Timestamp(clock.resolve(now)) + FUTURE_TOLERANCE
    with np.errstate(invalid="ignore"):
        future = (times > latest).fillna(False).to_numpy(dtype=bool)
        old = (times < OLDEST_REPORT).fillna(False).to_numpy(dtype=bool)
    log.add(future, "reported_at", "reported in the future ({value!r}, after the import's clock)", ERROR, texts)
    log.add(old, "reported_at", f"reported before {OLDEST_REPORT:%Y} ({{value!r}}): check the date", WARNING, texts)


# --- the ticket's own time limit ---------------------------------------------------------------------

LIMIT_EXAMPLES = "e.g. 3个工作日, 48小时, 2天, or a deadline such as 2026-03-01 18:00"
_TIME_OF_DAY = r"[:：时点]|\d{12}"        # a deadline text that names a time of day, not just a date


def own_limits(texts, headers, reported_at, timezone, date_format, log):
    """The ticket's own 办理时限 of every row: ``{"own_limit_hours", "own_limit_workdays", "own_deadline"}``,
    at most one of them per row.

    ``texts`` are the cells of the ``time_limit`` field and ``headers`` the column each came from (a
    warning names it). A duration is read by
    :func:`grids.incidents.intake.time_limit_text.parse_limit` (once per distinct text); any other text as a date-time in the file's time zone (as report times are: an absolute
    deadline); a date alone means the end of that day. A text that is neither, or a deadline not after
    the report time, is a warning naming the row and the column: the row stays, with its category's limit.
    """
    values = texts.to_numpy(dtype=object)
    parsed = {text: _parsed_limit(text) for text in set(values) if text is not None}
    limits = [parsed.get(text) if text is not None else None for text in values]
    hours = np.array([lim[1] if lim and lim[0] == "hours" else np.nan for lim in limits], dtype=float)
    days = np.array([lim[1] if lim and lim[0] == "workdays" else np.nan for lim in limits], dtype=float)
    other = texts.notna().to_numpy() & np.isnan(hours) & np.isnan(days)
    deadlines = _deadlines(texts.where(other), timezone, date_format)
    with np.errstate(invalid="ignore"):
        early = (deadlines <= reported_at).fillna(False).to_numpy(dtype=bool)
    unread = other & deadlines.isna().to_numpy()
    for header in pd.unique(headers[texts.notna().to_numpy()]):
        mine = headers == header
        log.add(unread & mine, header, "cannot read {value!r} as a time limit (" + LIMIT_EXAMPLES + "): the "
                "category's limit applies", WARNING, texts)
        log.add(early & mine, header, "the deadline {value!r} is not after the report time: the category's limit "
                "applies", WARNING, texts)
    deadlines = deadlines.where(~early)
    return {"own_limit_hours": hours, "own_limit_workdays": days, "own_deadline": deadlines}


def _parsed_limit(text):
    try:
        return parse_limit(text)
    except ValueError:
        return None


def _deadlines(texts, timezone, date_format):
    """Deadlines from date-time texts (NaT where none); a date without a time of day: its end (24:00)."""
    deadlines = parse_times(texts, timezone, date_format)
    date_only = texts.notna() & ~texts.fillna("").str.contains(_TIME_OF_DAY, regex=True)
    date_only &= deadlines.notna() & (deadlines == deadlines.dt.normalize())
    return deadlines.where(~date_only, deadlines + pd.Timedelta(days=1))


def check_coordinates(x_text, y_text, geographic, log, projected=None):
    """``(x, y)`` float arrays with impossible coordinates cleared and swapped ones swapped back.

    ``geographic`` (boolean array) says which rows are in a longitude/latitude system: only those are
    checked for range and swapping; ``projected`` (default: the others) which are in a known projected
    system: those are checked for degrees. Every change is a warning on the field ``'coordinates'``.
    """
    projected = ~geographic if projected is None else projected
    pair = _Pairs(x_text.to_numpy(dtype=object), y_text.to_numpy(dtype=object))
    x = pd.to_numeric(x_text, errors="coerce").to_numpy(dtype=float)
    y = pd.to_numeric(y_text, errors="coerce").to_numpy(dtype=float)
    given_x, given_y = x_text.notna().to_numpy(), y_text.notna().to_numpy()

    def warn(mask, reason):
        log.add(mask, "coordinates", reason, WARNING, pair)
        return mask

    clear = warn((given_x & np.isnan(x)) | (given_y & np.isnan(y)), "not a number ({value}); coordinates ignored")
    clear |= warn(~clear & (np.isnan(x) ^ np.isnan(y)), "only one coordinate ({value}); ignored")
    clear |= warn(~clear & ((x == 0) | (y == 0)), "zero coordinates ({value}) mean no position; ignored")
    with np.errstate(invalid="ignore"):
        lat_first = (np.abs(y) > 90) & (np.abs(x) <= 90)
        china_lat_first = (x >= 3) & (x <= 54) & (y >= 73) & (y <= 136)
        swap = warn(geographic & ~clear & (lat_first | china_lat_first),
                    "longitude and latitude swapped ({value}); swapped back")
        x, y = np.where(swap, y, x), np.where(swap, x, y)
        out = ~np.isfinite(x) | ~np.isfinite(y) | (geographic & ((np.abs(x) > 180) | (np.abs(y) > 90)))
    clear |= warn(~clear & ~np.isnan(x) & ~np.isnan(y) & out, "coordinates out of range ({value}); ignored")
    # degrees under a projected system (EPSG:3857 declared for longitude/latitude) would land a few metres
    # from 0°, 0°: no Chinese city has projected coordinates this small
    degrees = projected & ~clear & (np.abs(x) <= 180) & (np.abs(y) <= 90)
    clear |= warn(degrees, "coordinates ({value}) look like degrees, not the projected system declared; ignored")
    return np.where(clear, np.nan, x), np.where(clear, np.nan, y)


class _Pairs:
    """``x, y`` as the file gives them, worded only for the rows a problem is reported on."""

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __getitem__(self, position):
        return f"{self.x[position] or ''}, {self.y[position] or ''}"


# --- what a record carries besides the fields --------------------------------------------------------

def attribute_dicts(frame, headers):
    """One dict per row of the non-empty cells of ``headers`` (text, so JSON-safe)."""
    if not headers:
        return [{} for _ in range(len(frame))]
    columns = [frame[h].to_numpy(dtype=object) for h in headers]
    return [{h: v for h, v in zip(headers, values) if v} for values in zip(*columns)]


def encoded_rows(frame):
    """Each row's cells in sorted header order, joined by U+001F, in UTF-8: what the hash digests."""
    columns = [frame[h].to_numpy(dtype=object) for h in sorted(frame.columns)]
    return np.array(["\x1f".join(values).encode("utf-8", "surrogatepass") for values in zip(*columns)],
                    dtype=object)


def content_hashes(frame, encoded):
    """The ``content_hash`` of every row: BLAKE2b-128 of its :func:`encoded_rows`, keyed by the sorted
    header names (so the same cells under other headers hash differently)."""
    key = hashlib.blake2b("\x1f".join(sorted(frame.columns)).encode(), digest_size=32).digest()
    return [hashlib.blake2b(row, key=key, digest_size=16).hexdigest() for row in encoded]


def text_fields(texts, size):
    """The free-text fields as object Series (None where missing or not in the file)."""
    return {name: texts[name] if name in texts else pd.Series([None] * size, dtype=object)
            for name in TEXT_FIELDS}
