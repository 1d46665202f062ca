"""Reading an incident file of any channel into standard records, chunk by chunk, with no database.

Concept: all channels arrive at one intake ("一个入口汇总"), so every export — a 12345 hotline Excel file
with Chinese headers, a GBK CSV of 110 hand-overs, an app's GeoJSON, an Open311 feed — is turned into the
same **standard record**: ``row``, ``channel``, ``source_ref`` (the channel's own ticket number; channel +
source_ref identify a ticket), ``reported_at`` (tz-aware), ``category_text``, ``title``, ``description``,
``reporter_name``, ``reporter_phone``, ``address``, ``x``/``y`` as given with the ``crs`` they are in,
the ticket's own time limit (办理时限: ``own_limit_hours``, ``own_limit_workdays`` or ``own_deadline``, see
:func:`grids.incidents.intake.values.own_limits`), ``attributes`` (the other columns) and ``content_hash`` (a
changed source row changes it).

Reading streams: a CSV is read ``chunk_size`` rows at a time (:mod:`etl.incidents.csv_reader`; Excel and JSON are
read whole by :mod:`etl.incidents.excel_json_reader` and handed on in chunks), each chunk is checked with
whole-column operations (:mod:`grids.incidents.intake.values`, report times by
:mod:`grids.incidents.intake.times`), and the caller gets an :class:`IncidentChunk` of good (or partly
good) records, the problems of the chunk's rows and how the file was understood. Which column is which comes from :mod:`grids.incidents.intake.fields`;
the checks after the format are :mod:`grids.incidents.intake.normalise`'s, the same for the intake API.

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

import pandas as pd

from etl.file_types import checked_suffix
from etl.incidents.csv_reader import csv_source
from etl.incidents.excel_json_reader import json_source, xlsx_source
from gis.errors import GridgovError, InputFileError
from grids.incidents.intake.base import RowProblem
from grids.incidents.intake.fields import CHANNELS, DEFAULT_TIMEZONE, channel_code, load_mapping, resolve_layout
from grids.incidents.intake.normalise import RECORD_COLUMNS, Normaliser, Settings
from grids.incidents.intake.values import crs_facts

__all__ = ["IncidentChunk", "RowProblem", "read_incidents", "RECORD_COLUMNS"]

SUFFIXES = (".csv", ".txt", ".xlsx", ".geojson", ".json")


@dataclass
class IncidentChunk:
    """Standard ``records`` (columns :data:`RECORD_COLUMNS`, one row per good or partly good source row),
    the ``problems`` (:class:`RowProblem`) of the chunk's rows, and ``info`` on how the file was read."""

    records: pd.DataFrame
    problems: list
    info: dict


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
    normalise = Normaliser(layout, settings)
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
    return Settings(*_file_channel(path, layout, options, channel), *_file_crs(path, options, source, crs),
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
