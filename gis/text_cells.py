"""Text written into a spreadsheet (CSV, xlsx) as text, never as a formula (CSV or formula injection).

Concept: a spreadsheet program opening a CSV, and openpyxl writing an xlsx cell, take a cell that begins
with ``=`` (Excel and LibreOffice also ``+``, ``-``, ``@``, and a tab or carriage return before one) as a
formula: a citizen's title ``=HYPERLINK("http://x","点击")`` would become a live link, ``=cmd|' /C
calc'!A0`` a command. Following OWASP's CSV injection advice, every text cell that begins with one of
those characters is written with a single quote in front (``'=HYPERLINK(…)``): the spreadsheet shows the
text, quote included, and evaluates nothing. Only text is escaped: a number (``-3.5`` in a numeric
column) stays a number. Every gridgov export that writes a spreadsheet passes its cells through here.
"""
import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def text_cell(value):
    """``value`` as a spreadsheet cell: text that a spreadsheet would read as a formula is quoted
    (``'=1+1'`` → ``"'=1+1"``); other text and every non-text value are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def read_text_cell(value):
    """The text a cell written by :func:`text_cell` stood for: ``"'=1+1"`` → ``'=1+1'`` (our own exports
    read back as they were written); any other value unchanged."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def text_row(values):
    """A row of cells, each through :func:`text_cell`."""
    return [text_cell(value) for value in values]


def text_frame(frame):
    """A copy of a pandas frame whose text cells went through :func:`text_cell`; columns without text to
    escape keep their values and type."""
    escaped = frame.copy()
    for name in frame.columns:
        values = frame[name].to_numpy(dtype=object)
        cells = text_row(values)
        if any(cell is not value for cell, value in zip(cells, values)):
            escaped[name] = pd.Series(cells, index=frame.index, dtype=object)
    return escaped


def xlsx_text_frame(frame):
    """:func:`text_frame` for an xlsx sheet, each line break in text written as Excel's own (a line feed,
    what Alt+Enter types): a carriage return survives an xlsx only when openpyxl writes through lxml
    (``&#13;``), so without this the same export would differ by what else is installed."""
    escaped = text_frame(frame)
    for name in escaped.columns:
        values = escaped[name].to_numpy(dtype=object)
        if any(isinstance(value, str) and "\r" in value for value in values):
            escaped[name] = pd.Series([_line_feeds(value) for value in values], index=frame.index, dtype=object)
    return escaped


def _line_feeds(value):
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def decode_excel_escapes(text):
    r"""Office Open XML's escapes in a cell's text decoded: ``_x000D_`` is the carriage return Excel
    could not store, ``_x005F_`` an underscore that protects a literal ``_x…_`` (openpyxl leaves them).

    >>> decode_excel_escapes("楼道堆物_x000D_\n已清理"), decode_excel_escapes("_x005F_x000D_")
    ('楼道堆物\r\n已清理', '_x000D_')
    """
    if "_x" not in text:
        return text
    return EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
