"""Reading a CSV (or TXT) incident export in chunks, with its encoding decided from its bytes.

Concept: a CSV has no place to say how its text is encoded, and 12345 exports come as UTF-8, UTF-8 with
a byte-order mark, GBK, or UTF-16 (Excel's "Unicode text", tab-separated). The encoding is decided by the
first rule that applies, and ``info['encoding_source']`` says which and how: the mapping's ``encoding``;
a byte-order mark; only ASCII bytes → UTF-8; else the first 4 MiB block holding non-ASCII bytes — UTF-8 if
it decodes strictly (or all but a few sequences: fewer than 5 % of its non-ASCII bytes, as in a UTF-8
file with a stray broken byte, whereas GBK text fails on most of its bytes), else GBK (decoded as
GB 18030, its superset). Bytes that still do not decode are replaced by U+FFFD through the
``gridgov-count`` error handler, which counts them, so the rows holding them are found and reported, not
silently mangled.

Mis-encoded text is looked for cell by cell only in chunks where it can be: when the file's bytes hold a
mark of it (U+FFFD, 锟斤拷, or in UTF-8 a Latin-1 mojibake pair such as ``Â`` + NBSP) — found while deciding
the encoding, in the same pass — or when bytes failed to decode while the chunk was read. A clean
million-row file is not searched twice.

Rows are numbered as a spreadsheet shows them: the header is row 1, a quoted value spanning lines is one
row, a blank line is a row. A line with more fields than the header is skipped as an error naming its row
(pandas reports it as a ``ParserWarning``; the first data row it cuts to the header's length instead,
so that one is dropped here); the numbering of the rows after it is kept right. The
delimiter is the most frequent of ``,`` tab ``;`` ``|`` in the header line.
"""
import codecs
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gis.errors import InputFileError
from grids.incidents.intake.base import ERROR, RawChunk, RowProblem, Source

_BLOCK = 1 << 22  # bytes read at a time while sniffing
_DELIMITERS = (",", "\t", ";", "|")
_BOMS = ((codecs.BOM_UTF8, "UTF-8 (BOM)", "utf-8-sig"), (codecs.BOM_UTF16_LE, "UTF-16", "utf-16"),
         (codecs.BOM_UTF16_BE, "UTF-16", "utf-16"))
_UTF8_MOJIBAKE = re.compile(rb"\xc3[\x82-\xb4][\xc2\xc5\xc6\xcb\xe2]")
_REPLACEMENT_MARKS = ("\ufffd".encode(), "锟斤拷".encode())  # the first is also 锟斤拷 in GBK bytes
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_HIGH_BYTES = bytes(range(0x80, 0x100))
# A UTF-8 file with a few broken bytes stays UTF-8: read as UTF-8, GBK text fails on most of its bytes.
_BROKEN_UTF8_SHARE = 0.05
_SKIPPED_LINE = re.compile(r"Skipping line (\d+): (.*)", re.S)


class _ReplacementCount:
    """How many undecodable bytes the ``gridgov-count`` error handler has replaced, process-wide."""

    total = 0

    @classmethod
    def handle(cls, error):
        cls.total += error.end - error.start
        return "\ufffd", error.end


codecs.register_error("gridgov-count", _ReplacementCount.handle)


@dataclass(frozen=True)
class _Encoding:
    name: str  # for people
    codec: str  # for Python
    how: str
    marked: bool = False  # the bytes hold a mark of mis-encoded text


def csv_source(path, mapping, chunk_size):
    """The :class:`Source` of a CSV file, read ``chunk_size`` rows at a time."""
    encoding = _sniff(path, mapping.options.get("encoding"))
    options = {"sep": _delimiter(path, encoding.codec), "dtype": "str", "na_filter": False,
               "encoding": encoding.codec, "encoding_errors": "gridgov-count",
               "index_col": False, "skip_blank_lines": False}
    try:
        headers = list(pd.read_csv(path, nrows=0, **options).columns)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError) as error:
        raise InputFileError(f"cannot read the CSV: {error}", file=str(path)) from None
    info = {"format": "CSV", "encoding": encoding.name, "encoding_source": encoding.how,
            "delimiter": options["sep"]}
    return Source(headers, lambda: _csv_chunks(path, options, chunk_size, encoding), info)


def _csv_chunks(path, options, chunk_size, encoding):
    next_line, replaced = 2, _ReplacementCount.total
    with pd.read_csv(path, chunksize=chunk_size, on_bad_lines="warn", **options) as reader:
        while True:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                frame = _next_chunk(path, reader, next_line)
            skipped = _skipped_lines(caught)
            if frame is None:
                return
            if _first_row_cut(caught):   # pandas cut a first data row longer than the header: skip it too
                frame = frame.iloc[1:]
                skipped = sorted([(next_line, "more fields than the header"), *skipped])
            rows, next_line = _line_numbers(next_line, len(frame), skipped)
            problems = [RowProblem(line, None, f"{reason}; row skipped", ERROR) for line, reason in skipped]
            screen = encoding.marked or _ReplacementCount.total != replaced
            yield RawChunk(frame.reset_index(drop=True), rows, problems, screen, len(skipped))


def _next_chunk(path, reader, next_line):
    try:
        return next(reader, None)
    except pd.errors.ParserError as error:  # e.g. a quote that never closes: nothing after it is readable
        raise InputFileError(f"cannot read the CSV after row {next_line - 1}: {error}", file=str(path)) from None


def _skipped_lines(caught):
    """``[(row, reason)]`` of the lines pandas skipped; other warnings (but :func:`_first_row_cut`'s) are
    passed on."""
    skipped = []
    for warning in caught:
        match = _SKIPPED_LINE.match(str(warning.message))
        if match and issubclass(warning.category, pd.errors.ParserWarning):
            skipped.append((int(match.group(1)), match.group(2).strip()))
        elif not _is_first_row_cut(warning):
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    return skipped


def _first_row_cut(caught):
    """Whether pandas kept the first data row but dropped its fields beyond the header's: it checks only
    that row, and says so only in a warning (later lines that long are skipped with a warning each)."""
    return any(_is_first_row_cut(warning) for warning in caught)


def _is_first_row_cut(warning):
    return issubclass(warning.category, pd.errors.ParserWarning) and str(warning.message).startswith(
        "Length of header or names does not match length of data")


def _line_numbers(first, count, skipped):
    """Row numbers of ``count`` rows read from line ``first`` on, around the ``skipped`` lines."""
    lines = np.arange(first, first + count + len(skipped))
    kept = lines[~np.isin(lines, [line for line, _ in skipped])][:count]
    return kept, int(lines[-1]) + 1 if len(lines) else first


def _sniff(path, option):
    """The file's :class:`_Encoding` (see the module comment), with ``marked`` from all its bytes."""
    decided = _Encoding(option, _python_codec(option), "mapping file") if option else None
    marked, tail, offset = False, b"", 0
    with open(path, "rb") as handle:
        block = handle.read(_BLOCK)
        decided = decided or _by_bom(block)
        while block:
            following = handle.read(_BLOCK)
            if decided is None and not block.isascii():
                decided = _by_content(block, offset, final=not following)
            marked = marked or _has_marks(tail + block, decided)
            tail, offset, block = block[-16:], offset + len(block), following
    decided = decided or _Encoding("UTF-8", "utf-8", "detected: only ASCII bytes")
    return _Encoding(decided.name, decided.codec, decided.how, marked)


def _python_codec(name):
    codec = codecs.lookup(name).name
    return "gb18030" if codec in ("gbk", "gb2312") else codec  # GB 18030 reads every GBK byte the same


def _by_bom(block):
    for bom, name, codec in _BOMS:
        if block.startswith(bom):
            return _Encoding(name, codec, "byte-order mark")
    return None


def _by_content(block, offset, final):
    """UTF-8 when (nearly) every non-ASCII byte of ``block`` decodes as UTF-8, else GBK."""
    first = offset + _NON_ASCII.search(block).start()
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(block, final)
    failed = text.count("\ufffd") - block.count(_REPLACEMENT_MARKS[0])
    if failed == 0:
        return _Encoding("UTF-8", "utf-8", f"detected: the non-ASCII bytes from byte {first} are UTF-8")
    non_ascii = len(block) - len(block.translate(None, _HIGH_BYTES))
    if failed <= _BROKEN_UTF8_SHARE * non_ascii:
        return _Encoding("UTF-8", "utf-8", f"detected: the non-ASCII bytes from byte {first} are UTF-8 but for "
                         f"{failed} broken sequence(s), reported with their rows")
    return _Encoding("GBK", "gb18030", f"detected: {failed} byte sequence(s) from byte {first} are not UTF-8; "
                     "read as GBK (GB 18030)")


def _has_marks(window, decided):
    if decided is None:
        return False  # only ASCII so far: nothing mis-encoded
    if decided.codec not in ("utf-8", "utf-8-sig", "gb18030"):
        return True  # no byte marks known for other encodings: screen every chunk
    if any(mark in window for mark in _REPLACEMENT_MARKS):
        return True
    return decided.codec != "gb18030" and b"\xc3" in window and _UTF8_MOJIBAKE.search(window) is not None


def _delimiter(path, codec):
    with open(path, "rb") as handle:
        head = codecs.decode(handle.read(1 << 16), codec, "replace")
    first_line = head.splitlines()[0] if head else ""
    return max(_DELIMITERS, key=first_line.count)
