"""Which files a reader takes: the suffix check every file reader of etl makes before it opens a file.

Shared by the boundary reader (:mod:`etl.boundaries.reader`) and the incident reader
(:mod:`etl.incidents.reader`), so the refusal of an unsupported or missing file reads the same for both.
"""
from gis.errors import InputFileError


def checked_suffix(path, supported):
    """The file's suffix (lower case), once it is one of ``supported`` and the file exists."""
    suffix = path.suffix.lower()
    if suffix not in supported:
        raise InputFileError(f"unsupported file type {suffix or '(no extension)'}; supported: "
                             f"{', '.join(supported)}", file=str(path))
    if not path.is_file():
        raise InputFileError("no such file", file=str(path))
    return suffix
