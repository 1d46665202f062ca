"""Printing results: JSON for machines, short aligned text for people; progress on stderr."""
import csv
import io
import json
import sys

import click

from gis.text_cells import text_cell


def emit_json(data):
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def progress(message):
    """Progress lines for long operations, on stderr so that --json output stays clean."""
    click.echo(f"… {message}", err=True)
    sys.stderr.flush()


def emit_list(title, items, limit=20):
    if not items:
        return
    click.echo(f"{title} ({len(items)}):")
    for item in items[:limit]:
        click.echo(f"  - {item}")
    if len(items) > limit:
        click.echo(f"  … and {len(items) - limit} more (see --json)")


def emit_rows(rows, fmt, columns=None):
    """A list of flat dicts as ``json`` (the list itself), ``csv`` (a header, then one line per row) or
    ``table`` (aligned text). ``columns``: which keys csv and table show, in order (default: all).
    In csv and table a list is written ``a|b`` and a dict spreads over ``key.subkey`` columns."""
    if fmt == "json":
        emit_json(rows)
        return
    flat = [_flatten(row) for row in rows]
    names = [name for column in (columns or (list(flat[0]) if flat else [])) for name in _spread(column, flat)]
    if fmt == "csv":      # CRLF (RFC 4180): a cell holding a line break of either kind is quoted
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows([names, *[[_csv_cell(row.get(name)) for name in names]
                                                                   for row in flat]])
        click.echo(out.getvalue(), nl=False)
        return
    cells = [[_cell(row.get(name)) for name in names] for row in flat]
    widths = [max(len(str(v)) for v in column) for column in zip(names, *cells)]
    for line in [names, *cells]:
        click.echo("  ".join(str(v).rjust(w) for v, w in zip(line, widths)).rstrip())


def _flatten(row):
    flat = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{sub}": v for sub, v in value.items()})
        else:
            flat[key] = value
    return flat


def _spread(column, flat):
    """``column``, or the ``column.*`` columns it was spread into."""
    if not flat or column in flat[0]:
        return [column]
    return [name for name in flat[0] if name.startswith(f"{column}.")]


def _csv_cell(value):
    """A csv cell: a number as :func:`_cell` writes it, text never as a spreadsheet formula."""
    return _cell(value) if isinstance(value, (int, float)) else text_cell(_cell(value))


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1 else f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return value
