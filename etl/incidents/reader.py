"""Reading an incident file of any channel into standard records, chunk by chunk, with no database.

Concept: all channels arrive at one intake ("一个入口汇总"), so every export — a 12345 hotline Excel file
with Chinese headers, a GBK CSV of 110 hand-overs, an app's GeoJSON, an Open311 feed — is turned into the
same **standard record**: ``row``, ``channel``, ``source_ref`` (the channel's own ticket number; channel +
source_ref identify a ticket), ``reported_at`` (tz-aware), ``category_text``, ``title``, ``description``,
``reporter_name``, ``reporter_phone``, ``address``, ``x``/``y`` as given with the ``crs`` they are in,
the ticket's own time limit (办理时限: ``own_limit_hours``, ``own_limit_workdays`` or ``own_deadline``, see
:func:`etl.incidents.values.own_limits`), ``attributes`` (the other columns) and ``content_hash`` (a
changed source row changes it).

Reading streams: a CSV is read ``chunk_size`` rows at a time (:mod:`etl.incidents.csv_reader`; Excel and JSON are
read whole by :mod:`etl.incidents.excel_json_reader` and handed on in chunks), each chunk is checked with
whole-column operations (:mod:`etl.incidents.values`, report times by :mod:`etl.incidents.times`), and the
caller gets an :class:`IncidentChunk` of good (or partly good) records, the problems of the chunk's rows
and how the file was understood. Which column is which comes from :mod:`etl.incidents.fields`.

Decisions that hold for the whole file, each recorded in ``info`` with the rule that made it:

- **channel**: the ``channel`` argument, else a channel column (渠道/来源; an empty cell falls back to the
  mapping), else the mapping's ``channel`` option; none of them → the file is refused.
- **coordinate system** of a row: its crs column or property (坐标系) when it has one, else the ``crs``
  argument, else the mapping's ``crs``, else what the format states (GeoJSON: its ``crs`` member or WGS 84
  by RFC 7946; Open311: WGS 84), else the channel's default (GCJ-02 for ``app``, WGS 84 for the others).
- **time zone** of report times without an offset: the mapping's ``timezone``, else Asia/Shanghai.
"""
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from etl.file_types import checked_suffix
from etl.incidents.base import ERROR, RowProblem
from etl.incidents.csv_reader import csv_source
from etl.incidents.excel_json_reader import json_source, xlsx_source
from etl.incidents.fields import CHANNELS, DEFAULT_TIMEZONE, channel_code, load_mapping, resolve_layout
from etl.incidents.times import parse_times
from etl.incidents.values import (
    ProblemLog,
    attribute_dicts,
    check_coordinates,
    check_refs,
    check_report_times,
    content_hashes,
    crs_facts,
    encoded_rows,
    own_limits,
    row_channels,
    row_crs,
    screen_encoding,
    stripped,
    text_fields,
)
from gis.errors import GridgovError, InputFileError

__all__ = ["IncidentChunk", "RowProblem", "read_incidents", "RECORD_COLUMNS"]

SUFFIXES = (".csv", ".txt", ".xlsx", ".geojson", ".json")
RECORD_COLUMNS = ("row", "channel", "source_ref", "reported_at", "category_text", "title", "description",
                  "reporter_name", "reporter_phone", "address", "x", "y", "crs", "own_limit_hours",
                  "own_limit_workdays", "own_deadline", "attributes", "content_hash")


@dataclass
class IncidentChunk:
    """Standard ``records`` (columns :data:`RECORD_COLUMNS`, one row per good or partly good source row),
    the ``problems`` (:class:`RowProblem`) of the chunk's rows, and ``info`` on how the file was read."""

    records: pd.DataFrame
    problems: list
    info: dict


@dataclass(frozen=True)
class _Settings:
    """What holds for every row of a file; each ``*_source`` says which rule decided."""

    channel: str | None
    channel_source: str
    crs: str | None
    crs_source: str
    timezone: str
    date_format: str | None


def read_incidents(path, *, channel=None, crs=None, mapping=None, chunk_size=100_000):
    """Read an incident file (CSV, TXT, XLSX, GeoJSON or Open311 JSON) into chunks of standard records.

    Parameters
    ----------
    path : str or Path
    channel : str, optional
        The channel of every row (``hotline``, ``police110``, ``patrol``, ``app``, ``petition``,
        ``assigned``); overrides a channel column and the mapping.
    crs : str, optional
        The coordinates' system where a row does not name one (``EPSG:4326``, ``gcj02``, ``bd09`` …).
    mapping : str, Path or dict, optional
        A TOML mapping file (``[columns]``, ``[options]``) or the same as a dict.
    chunk_size : int
        Source rows per chunk.

    Yields
    ------
    IncidentChunk
        At least one, even for a file without data rows (so ``info`` is always delivered).

    Raises
    ------
    InputFileError
        The file cannot be read as incidents at all (format, layout, channel, mapping).

    Examples
    --------
    >>> chunks = read_incidents("tests/data/hotline_gbk.csv", channel="hotline")
    >>> first = next(chunks)
    >>> first.info["encoding"], first.records.loc[0, "source_ref"]
    ('GBK', 'GD20240305000101')
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    path = Path(path)
    mapping = load_mapping(mapping)
    source = _open(path, mapping, chunk_size)
    layout = resolve_layout(source.headers, mapping, path, source.point)
    settings = _settings(path, layout, mapping, source, channel, crs)
    normalise = _Normaliser(layout, settings)
    info = {**source.info, "mapping": mapping.source, "columns": dict(layout.columns),
            "fallbacks": dict(layout.fallbacks), "attributes": list(layout.attributes), "ignored": list(layout.ignored),
            "channel": settings.channel, "channel_source": settings.channel_source, "crs": settings.crs,
            "crs_source": settings.crs_source, "timezone": settings.timezone, "rows_read": 0}
    delivered = False
    for raw in source.chunks():
        records, problems = normalise(raw)
        info["rows_read"] += len(raw.rows) + raw.skipped
        delivered = True
        yield IncidentChunk(records, problems, dict(info))
    if not delivered:
        yield IncidentChunk(pd.DataFrame({c: [] for c in RECORD_COLUMNS}), [], info)


def _open(path, mapping, chunk_size):
    suffix = checked_suffix(path, SUFFIXES)
    if suffix in (".csv", ".txt"):
        return csv_source(path, mapping, chunk_size)
    if suffix == ".xlsx":
        return xlsx_source(path, mapping, chunk_size)
    return json_source(path, chunk_size)


def _settings(path, layout, mapping, source, channel, crs):
    options = mapping.options
    return _Settings(*_file_channel(path, layout, options, channel), *_file_crs(path, options, source, crs),
                     options.get("timezone", DEFAULT_TIMEZONE), options.get("date_format"))


def _file_channel(path, layout, options, channel):
    """``(channel or None, rule)``; None means per row from the channel column."""
    if channel is not None:
        code = channel_code(channel)
        if code is None:
            raise InputFileError(f"unknown channel {channel!r}; channels: {', '.join(CHANNELS)}", file=str(path))
        return code, "option"
    if "channel" in layout.columns:
        return options.get("channel"), f"column {layout.columns['channel']}"
    if "channel" in options:
        return options["channel"], "mapping file"
    raise InputFileError("no channel: pass channel= (--channel), add a 渠道 column or set [options] channel "
                         "in a mapping file", file=str(path))


def _file_crs(path, options, source, crs):
    """``(CRS label or None, rule)`` for rows without a crs column value; None: the channel's default."""
    for text, rule in ((crs, "option"), (options.get("crs"), "mapping file")):
        if text is not None:
            try:
                return crs_facts(text)[0], rule
            except GridgovError as error:
                raise InputFileError(error.message, file=str(path), crs=str(text)) from None
    if source.crs is not None:
        return source.crs
    return None, "channel default (GCJ-02 for app, WGS 84 for the others)"


class _Normaliser:
    """Turns raw chunks into records; remembers the ticket numbers seen in earlier chunks."""

    def __init__(self, layout, settings):
        self.layout, self.settings = layout, settings
        self.field_of = {header: name for name, header in layout.columns.items()}
        self.seen = {}

    def __call__(self, raw):
        frame, rows, encoded = _without_empty_rows(raw.frame, raw.rows)
        log = ProblemLog(len(frame))
        texts = {name: stripped(frame[header]) for name, header in self.layout.columns.items()}
        primary = dict(texts)      # before the fallbacks fill them
        for name, header in self.layout.fallbacks.items():
            texts[name] = texts[name].fillna(stripped(frame[header]))
        if raw.screen:
            screen_encoding(frame, encoded, self.field_of, log)
        refs = texts["source_ref"]
        check_refs(refs, rows, self.seen, log)
        channels = self._channels(texts, len(frame), log)
        reported_at = self._times(texts["reported_at"], log)
        x, y, crs = self._coordinates(texts, channels, log)
        limits = self._own_limits(texts, primary, reported_at, log)
        records = pd.DataFrame({
            "row": rows, "channel": channels, "source_ref": refs, "reported_at": reported_at,
            **text_fields(texts, len(frame)), "x": x, "y": y, "crs": crs, **limits,
            "attributes": pd.Series(attribute_dicts(frame, list(self.layout.attributes)), dtype=object),
            "content_hash": pd.Series(content_hashes(frame, encoded), dtype=object)})
        problems = sorted(raw.problems + log.problems(rows, refs.to_numpy(dtype=object)), key=lambda p: p.row)
        if log.errors.any():
            records = records[~log.errors].reset_index(drop=True)
        return records, problems

    def _channels(self, texts, size, log):
        settings = self.settings
        if settings.channel_source != "option" and "channel" in texts:
            return row_channels(texts["channel"], settings.channel, log)
        return pd.Series(settings.channel, index=range(size), dtype=object)

    def _times(self, texts, log):
        times = parse_times(texts, self.settings.timezone, self.settings.date_format)
        log.add(texts.isna(), "reported_at", "no report time", ERROR)
        log.add(texts.notna() & times.isna(), "reported_at", "cannot read the date {value!r} "
                f"({self.layout.columns['reported_at']})", ERROR, texts)
        check_report_times(times, texts, log)
        return times

    def _own_limits(self, texts, primary, reported_at, log):
        """The ticket's own time limit (none without a 办理时限 column); a warning names the column a text
        came from (the 办结时限 of a fallback where the 办理时限 cell is empty)."""
        size = len(reported_at)
        if "time_limit" not in texts:
            return {"own_limit_hours": np.full(size, np.nan), "own_limit_workdays": np.full(size, np.nan),
                    "own_deadline": pd.Series(pd.NaT, index=range(size), dtype=reported_at.dtype)}
        first = self.layout.columns["time_limit"]
        headers = np.full(size, first, dtype=object)
        if "time_limit" in self.layout.fallbacks:
            headers[primary["time_limit"].isna().to_numpy()] = self.layout.fallbacks["time_limit"]
        return own_limits(texts["time_limit"], headers, reported_at, self.settings.timezone,
                          self.settings.date_format, log)

    def _coordinates(self, texts, channels, log):
        none = pd.Series([None] * len(channels), dtype=object)
        if "x" not in texts and "y" not in texts:
            return np.full(len(none), np.nan), np.full(len(none), np.nan), none
        labels, geographic = row_crs(texts.get("crs"), self.settings.crs, channels, log)
        known = labels.notna().to_numpy()
        x, y = check_coordinates(texts.get("x", none), texts.get("y", none), geographic, log,
                                 projected=known & ~geographic)
        has = ~np.isnan(x) & ~np.isnan(y) & known
        return np.where(has, x, np.nan), np.where(has, y, np.nan), labels.where(has, None)


def _without_empty_rows(frame, rows):
    """``(frame, rows, encoded rows)`` without the rows that have no cell at all (blank lines, empty
    spreadsheet rows): nothing to report about them."""
    encoded = encoded_rows(frame)
    empty = encoded == b"\x1f" * (len(frame.columns) - 1)
    if not empty.any():
        return frame, rows, encoded
    return frame[~empty].reset_index(drop=True), rows[~empty], encoded[~empty]
