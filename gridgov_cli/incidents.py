"""``gridgov incidents``: import, review queue, placing by hand, re-placing, export."""
import click

from gis import db
from gridgov_cli.output import emit_json, emit_list, progress

CHANNELS = click.Choice(["hotline", "police110", "patrol", "app", "petition", "assigned"])


@click.group()
def incidents():
    """Incidents from every channel, placed in their cells."""


@incidents.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--channel", type=CHANNELS, help="Channel of every row (else a channel column or the mapping).")
@click.option("--crs", help="CRS of the coordinates: EPSG code, gcj02 or bd09 (default: the channel's).")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False), help="TOML file mapping the columns.")
@click.option("--strict", is_flag=True, help="Write nothing if any row is bad.")
@click.option("--dry-run", is_flag=True, help="Do everything, report, write nothing.")
@click.option("--json", "as_json", is_flag=True)
def import_command(file, channel, crs, mapping, strict, dry_run, as_json):
    """Import FILE (CSV in UTF-8/GBK, .xlsx, GeoJSON, Open311 JSON) and place each incident."""
    from etl.incidents.importing import import_incident_file

    with db.connect() as conn:
        report = import_incident_file(conn, file, channel=channel, crs=crs, mapping=mapping, strict=strict,
                                      progress=progress)
        report["dry_run"] = dry_run
        if dry_run:
            conn.rollback()
    emit_json(report) if as_json else _print_import(report)


def _print_import(report):
    verb = "would import" if report["dry_run"] else "imported"
    click.echo(f"{verb} {report['incidents']:,} incidents from {report['file']} in {report['seconds']} s "
               f"({report['per_second'] or 0:,}/s), generation {report['generation']}")
    click.echo(f"  added {report.get('added', 0):,}, updated {report.get('updated', 0):,}, "
               f"unchanged {report.get('unchanged', 0):,}")
    click.echo("  placed by: " + ", ".join(f"{k} {v:,}" for k, v in report["placed_by"].items()))
    emit_list("unplaced", [f"{reason}: {n:,}" for reason, n in report["unplaced_reasons"].items()])
    emit_list("columns kept as attributes (no field of their own)", list(report.get("attributes") or ()))
    emit_list("unknown categories (kept as text)",
              [f"{text}: {n:,}" for text, n in report["unknown_categories"].items()])
    emit_list("updated tickets", report["updated_refs"])
    emit_list(f"problems ({report['errors']} errors, {report['warnings']} warnings)",
              [f"{p['severity']}: {p['text']}" for p in report["problems"]])


@incidents.command()
@click.option("--channel", type=CHANNELS)
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def unplaced(channel, limit, as_json):
    """The review queue: incidents not placed in any cell, with the reason."""
    from grids.incidents.store import unplaced_incidents

    with db.connect() as conn:
        rows = unplaced_incidents(conn, limit=limit, channel=channel)
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        where = row["address"] or (f"({row['source_x']}, {row['source_y']}) {row['source_crs']}"
                                   if row["source_x"] is not None else "-")
        click.echo(f"{row['id']:>8}  {row['channel']:9} {row['source_ref']:20} {row['unplaced_reason']}: {where}")


@incidents.command()
@click.argument("incident_id", type=int)
@click.argument("cell_code")
def place(incident_id, cell_code):
    """Place incident INCIDENT_ID in CELL_CODE by hand (current generation)."""
    from grids.cells import generations
    from grids.incidents.placement import CellIndex
    from grids.incidents.store import place_by_hand

    with db.connect() as conn:
        index = CellIndex.load(conn, generations.resolve(conn, "current"))
        placed = place_by_hand(conn, incident_id, cell_code, index)
    click.echo(f"incident {incident_id} placed in {cell_code} (grid {placed['grid_code']}, "
               f"community {placed['community_code']}), generation {placed['generation']}")


@incidents.command(name="replace")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Incidents reported since this date (default: the current generation's effective date).")
@click.option("--all", "everything", is_flag=True, help="Every incident, whenever reported.")
@click.option("--json", "as_json", is_flag=True)
def replace_command(since, everything, as_json):
    """Place incidents again in the current generation and report what moved (never those placed by hand)."""
    from etl.incidents.replace import replace_incidents

    with db.connect() as conn:
        result = replace_incidents(conn, since=None if everything else (since.date() if since else "effective"))
    if as_json:
        emit_json(result)
        return
    click.echo(f"generation {result['generation']}: {result['examined']:,} incidents examined "
               f"(since {result['since'] or 'the beginning'}), {result['moved']:,} moved")
    emit_list("moves", [f"{m['id']} {m['source_ref']}: {m['from'] or 'unplaced'} → {m['to'] or 'unplaced'}"
                        for m in result["moves"]])


@incidents.command(name="export")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson", "xlsx"]), help="Default: by extension.")
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), help="Reported on or after (Asia/Shanghai).")
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), help="Reported before (Asia/Shanghai).")
@click.option("--with-personal-data", is_flag=True, help="Write names and phone numbers unmasked.")
@click.option("--encoding", type=click.Choice(["utf-8-sig", "gbk"]), default="utf-8-sig", show_default=True,
              help="A CSV's encoding: UTF-8 with a byte order mark (Excel reads it), or GBK.")
def export_command(output, fmt, start, end, with_personal_data, encoding):
    """Export incidents with their placement at every level."""
    from etl.incidents.export import SHANGHAI, export_incidents

    def local(day):
        return day.replace(tzinfo=SHANGHAI) if day else None

    with db.connect() as conn:
        result = export_incidents(conn, output, fmt=fmt, start=local(start), end=local(end),
                                  with_personal_data=with_personal_data, encoding=encoding)
    masked = "unmasked" if with_personal_data else "masked"
    click.echo(f"wrote {result['incidents']:,} incidents to {result['file']} ({result['format']}, personal data {masked})")
