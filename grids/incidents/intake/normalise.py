"""Turning chunks of source text into standard incident records: the checks every channel shares.

Concept: all channels arrive at one intake ("一个入口汇总"). Whatever carried a ticket — a 12345 export
read by :mod:`etl.incidents.reader`, a batch posted to the intake API, an Open311 request — it reaches
this module as a :class:`~grids.incidents.intake.base.RawChunk` of text cells with a
:class:`~grids.incidents.intake.fields.Layout` saying which header feeds which standard field, and
:class:`Normaliser` turns it into **standard records** (:data:`RECORD_COLUMNS`) and the problems of its
rows, with the same rules for every carrier: ticket numbers (:func:`~grids.incidents.intake.values.check_refs`,
remembering those of earlier chunks), channels, report times, coordinates and their system, the
ticket's own time limit, the attributes and the ``content_hash``.

:class:`Settings` holds what the carrier decided for every row (the channel, the coordinates' system,
the time zone), each with the rule that decided it.
"""
from dataclasses import dataclass

import numpy as np
import pandas as pd

from grids.incidents.intake.base import ERROR
from grids.incidents.intake.times import parse_times
from grids.incidents.intake.values import (
    ProblemLog,
    attribute_dicts,
    check_coordinates,
    check_refs,
    check_report_times,
    content_hashes,
    encoded_rows,
    own_limits,
    row_channels,
    row_crs,
    screen_encoding,
    stripped,
    text_fields,
)

RECORD_COLUMNS = ("row", "channel", "source_ref", "reported_at", "category_text", "title", "description",
                  "reporter_name", "reporter_phone", "address", "x", "y", "crs", "own_limit_hours",
                  "own_limit_workdays", "own_deadline", "attributes", "content_hash")


@dataclass(frozen=True)
class Settings:
    """What holds for every row of a file (or a batch); each ``*_source`` says which rule decided."""

    channel: str | None
    channel_source: str
    crs: str | None
    crs_source: str
    timezone: str
    date_format: str | None


class Normaliser:
    """Turns raw chunks into records; remembers the ticket numbers seen in earlier chunks."""

    def __init__(self, layout, settings):
        self.layout, self.settings = layout, settings
        self.field_of = {header: name for name, header in layout.columns.items()}
        self.seen = {}

    def __call__(self, raw):
        frame, rows, encoded = without_empty_rows(raw.frame, raw.rows)
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


def without_empty_rows(frame, rows):
    """``(frame, rows, encoded rows)`` without the rows that have no cell at all (blank lines, empty
    spreadsheet rows): nothing to report about them."""
    encoded = encoded_rows(frame)
    empty = encoded == b"\x1f" * (len(frame.columns) - 1)
    if not empty.any():
        return frame, rows, encoded
    return frame[~empty].reset_index(drop=True), rows[~empty], encoded[~empty]
