"""Printing results: JSON for machines, short aligned text for people; progress on stderr."""
import json
import sys

import click


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
