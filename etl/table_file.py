"""Small tables in CSV or Excel (a roster, a responsibility list): read as text, headers found by name.

CSV is read as UTF-8 (with or without BOM) or, failing that, GBK (GB 18030); ``.xlsx`` from its first
sheet. A missing, unreadable or truncated file, or one without a required column, is an
:class:`~gis.errors.InputFileError` naming the file — never a traceback.
"""
import zipfile

import pandas as pd

from gis.errors import InputFileError
from gis.text_cells import decode_excel_escapes, read_text_cell


def read_table(path, what):
    """Every cell of ``path`` as text (a DataFrame); ``what`` names the content in errors ("people")."""
    if not path.exists():
        raise InputFileError("no such file", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix not in (".csv", ".txt"):
        raise InputFileError(f"cannot read {what} from {suffix or 'a file without extension'}; use .csv or .xlsx",
                             file=str(path))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        except UnicodeDecodeError:
            continue
    raise InputFileError("the file is neither UTF-8 nor GBK text", file=str(path))


def find_columns(path, frame, headers, required):
    """Field → the file's header for it, by ``headers`` (field → accepted names, lower case); a
    missing ``required`` field names the headers it could have had."""
    found = {}
    for field, names in headers.items():
        header = next((h for h in frame.columns if str(h).strip().lower() in names), None)
        if header is not None:
            found[field] = header
    missing = [f for f in required if f not in found]
    if missing:
        raise InputFileError(f"missing column(s) {', '.join(missing)} (headers: "
                             f"{', '.join(h for f in missing for h in headers[f])})", file=str(path))
    return found


def cell_text(value):
    """A cell's text, stripped ("" for an empty one), without the quote our exports put before text a
    spreadsheet would take for a formula (:func:`gis.text_cells.read_text_cell`)."""
    return "" if value is None else read_text_cell(str(value).strip())


def _read_xlsx(path):
    """The first sheet as text; a truncated or non-Excel file is an error naming it, not a traceback."""
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, InvalidFileException) as error:
        raise InputFileError(f"cannot read the Excel file: {error}", file=str(path)) from None
    return frame.map(lambda cell: decode_excel_escapes(cell) if isinstance(cell, str) else cell)
