"""Reading the report times of incidents, a chunk at a time.

Concept: a report time is an *instant*, but exports write it as local wall-clock text in one of many
formats. A value that states its own UTC offset (ISO 8601: ``2024-03-05T14:03:00+08:00``, ``…Z``) is taken
as stated; every other value is wall-clock time in the file's time zone (Asia/Shanghai unless a mapping
names another, as NYC's 311 files need America/New_York). A wall-clock time that a daylight-saving change
makes ambiguous is taken as the earlier (summer-time) instant; one that does not exist is moved forward.

Formats are tried on whole columns with ``pd.to_datetime(format=…, errors='coerce')``: those that read
most of a small sample of the still unread values first, so a chunk in one format costs one pass; values
left over get the other formats, then Chinese dates (2024年3月5日 14时03分, read by rewriting 年/月/日/时/分/秒)
and Excel serial day numbers (45356.5833). What no format reads stays NaT: the caller reports it. A
fixed-width format that pandas reads slowly (US ``03/05/2024 02:03:00 PM``, ``20240305140300``) is read
with array arithmetic instead (see ``_template``).
"""
import datetime as dt
import re
from functools import lru_cache

import numpy as np
import pandas as pd

OFFSET = "ISO 8601 with offset"
DATE_FORMATS = (OFFSET, "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f",
                "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                "%Y/%m/%d", "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y.%m.%d", "%Y%m%d%H%M%S", "%Y%m%d",
                "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p")
_WITH_OFFSET = r"\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$"
_CHINESE_DATE = "[年月日时点分秒]"
_CHINESE_TO_ISO = str.maketrans({"年": "-", "月": "-", "日": " ", "号": " ", "时": ":", "点": ":", "分": ":", "秒": ""})
_EXCEL_SERIAL = r"\d{5}(?:\.\d+)?"
_EXCEL_EPOCH = "1899-12-30"  # day 0 of Excel's 1900 date system (its 1900 leap-year bug included)
_SAMPLE = 25
_FIELD_WIDTHS = {"Y": 4, "m": 2, "d": 2, "H": 2, "I": 2, "M": 2, "S": 2, "p": 2}
_FIELD_NAMES = {"Y": "year", "m": "month", "d": "day", "H": "hour", "I": "hour", "M": "minute", "S": "second"}


def parse_times(texts, timezone, date_format=None):
    """Report times (``datetime64[us, timezone]``) from text; NaT where missing or unreadable.

    Parameters
    ----------
    texts : pandas.Series
        Stripped text, None where missing.
    timezone : str
        IANA name of the zone wall-clock values are in.
    date_format : str, optional
        A ``strftime`` format to try before the built-in ones.

    Examples
    --------
    >>> times = parse_times(pd.Series(["2024/3/5 14:03", "2024-03-05T06:03:00Z", "2024年3月5日 14时03分"]),
    ...                     "Asia/Shanghai")
    >>> [str(t) for t in times]
    ['2024-03-05 14:03:00+08:00', '2024-03-05 14:03:00+08:00', '2024-03-05 14:03:00+08:00']
    """
    formats = ((date_format,) if date_format else ()) + DATE_FORMATS
    result = _unread(texts.index, timezone)
    todo = texts.dropna()
    _fill(result, _by_formats(todo, formats, timezone))
    rest = todo[result[todo.index].isna()]
    chinese = rest[rest.str.contains(_CHINESE_DATE, regex=True)]
    if len(chinese):
        _fill(result, _by_formats(chinese.str.translate(_CHINESE_TO_ISO).str.strip(" :-"), formats, timezone))
    serial = rest[rest.str.fullmatch(_EXCEL_SERIAL)]
    if len(serial):
        days = pd.to_datetime(pd.to_numeric(serial), unit="D", origin=_EXCEL_EPOCH).dt.round("s")
        _fill(result, _localize(days, timezone))
    return result


def _unread(index, timezone):
    return pd.Series(pd.NaT, index=index, dtype=f"datetime64[us, {timezone}]")


def _fill(result, read):
    done = read.notna()
    result[read.index[done]] = read[done].dt.as_unit("us")


def _by_formats(texts, formats, timezone):
    """Read ``texts`` with the first format that fits each, trying those that fit a sample first."""
    read = _unread(texts.index, timezone)
    todo, untried = texts, list(formats)
    while len(todo) and untried:
        fitting = _fitting_sample(todo, untried)
        for date_format in fitting or list(untried):  # nothing fits the sample: try the rest on all
            untried.remove(date_format)
            got = _read(todo, date_format, timezone)
            _fill(read, got)
            todo = todo[got.isna()]
            if todo.empty:
                break
        if not fitting:
            break
    return read


def _fitting_sample(texts, formats):
    """The formats that read some of an evenly spread sample of ``texts``, most first.

    The sample is tried with ``datetime.strptime`` (a few microseconds a value, where a call of
    ``pd.to_datetime`` costs milliseconds); only the order of the formats depends on it.
    """
    picks = np.unique(np.linspace(0, len(texts) - 1, min(len(texts), _SAMPLE)).astype(int))
    sample = texts.iloc[picks].tolist()
    scores = {f: sum(_fits(text, f) for text in sample) for f in formats}
    return sorted((f for f in formats if scores[f]), key=lambda f: -scores[f])


def _fits(text, date_format):
    if date_format == OFFSET:
        return re.search(_WITH_OFFSET, text) is not None
    try:
        dt.datetime.strptime(text, date_format)
    except ValueError:
        return False
    return True


def _read(texts, date_format, timezone):
    if date_format == OFFSET:
        stated = texts.where(texts.str.contains(_WITH_OFFSET, regex=True))
        return pd.to_datetime(stated, format="ISO8601", utc=True, errors="coerce").dt.tz_convert(timezone)
    naive = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[us]")
    template = _template(date_format)
    fits = _fitting_width(texts, template)
    if fits.any():
        naive[fits] = _read_fixed_width(texts[fits], template)
    rest = texts[~fits]
    if len(rest):
        naive[rest.index] = pd.to_datetime(rest, format=date_format, errors="coerce")
    return _localize(naive, timezone)


# pandas reads ISO-like formats (year first, then separated fields) in C, but others (03/05/2024 02:03:00
# PM, 20240305140300) about 20 times slower, value by value. Such a format, when made only of
# fixed-width fields, is read here instead for the values of its exact width, with array arithmetic on
# the characters' code points.

@lru_cache(maxsize=64)
def _template(date_format):
    """``(width, [(directive or literal char, start)])`` of a fixed-width format pandas reads slowly."""
    if re.match(r"%Y[-/. T]", date_format):
        return None  # ISO-like: pandas' C parser is faster
    parts, start = [], 0
    for literal, directive in re.findall(r"([^%]*)(?:%(.)|$)", date_format):
        parts += [(char, start + i) for i, char in enumerate(literal)]
        start += len(literal)
        if directive:
            if directive not in _FIELD_WIDTHS:
                return None
            parts.append(("%" + directive, start))
            start += _FIELD_WIDTHS[directive]
    directives = {part for part, _ in parts}
    return (start, parts) if {"%Y", "%m", "%d"} <= directives else None


def _fitting_width(texts, template):
    if template is None or texts.empty:
        return pd.Series(False, index=texts.index)
    return texts.str.len() == template[0]


def _read_fixed_width(texts, template):
    """Values of exactly the template's width, read from their characters' code points (NaT if invalid)."""
    width, parts = template
    codes = np.array(texts.to_numpy(dtype=object), dtype=f"U{width}").view(np.uint32).reshape(-1, width)
    valid, numbers, afternoon = np.ones(len(codes), dtype=bool), {}, False
    for part, start in parts:
        if part == "%p":
            meridiem = np.char.upper(codes[:, start:start + 2].copy().view("U2").ravel())
            valid &= (meridiem == "AM") | (meridiem == "PM")
            afternoon = meridiem == "PM"
        elif part.startswith("%"):
            digits = codes[:, start:start + _FIELD_WIDTHS[part[1]]].astype(np.int64) - ord("0")
            valid &= ((digits >= 0) & (digits <= 9)).all(axis=1)
            numbers[_FIELD_NAMES[part[1]]] = digits @ (10 ** np.arange(digits.shape[1] - 1, -1, -1))
        else:
            valid &= codes[:, start] == ord(part)
    if "%I" in dict(parts):  # 12-hour clock: 12 AM is 0 h, 12 PM is 12 h
        valid &= (numbers["hour"] >= 1) & (numbers["hour"] <= 12)
        numbers["hour"] = numbers["hour"] % 12 + 12 * afternoon
    read = pd.to_datetime(pd.DataFrame({k: np.where(valid, v, 1) for k, v in numbers.items()}), errors="coerce")
    return read.where(valid).dt.as_unit("us").to_numpy()


def _localize(naive, timezone):
    return naive.dt.tz_localize(timezone, ambiguous=np.ones(len(naive), dtype=bool), nonexistent="shift_forward")
