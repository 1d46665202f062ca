"""``gridgov addresses``: the address register (标准地址库) and the gazetteer of place names (地名库)."""
import click

from gis import db
from gridgov_cli.output import emit_json


@click.group()
def addresses():
    """The standard address register and the place names the address matcher reads."""


@addresses.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--crs", help="The system of the x/y (经度/纬度) columns or of a file without one: EPSG:<code>, "
                            "gcj02, bd09 (default WGS 84 for a table).")
@click.option("--layer", help="The layer of a GeoPackage or zipped Shapefile with several.")
@click.option("--encoding", help="A Shapefile's attribute encoding, when it has no .cpg file.")
@click.option("--unmatched", type=click.Path(dir_okay=False), help="Write the skipped rows to this CSV file.")
@click.option("--dry-run", is_flag=True, help="Attach and report, write nothing.")
@click.option("--json", "as_json", is_flag=True)
def import_command(file, crs, layer, encoding, unmatched, dry_run, as_json):
    """Import a register FILE (CSV/xlsx/Shapefile/GeoPackage/GeoJSON): each line attached to its building or
    stairwell by its cell code or its point; lines it changes are kept in the history; lines that fit no
    micro-grid are skipped and listed."""
    from etl.address_file import import_address_file, write_unmatched

    with db.connect() as conn:
        report = import_address_file(conn, file, crs=crs, layer=layer, encoding=encoding)
        report["dry_run"] = dry_run
        if dry_run:
            conn.rollback()
    if unmatched:
        write_unmatched(report, unmatched)
    if as_json:
        emit_json(report)
        return
    verb = "would write" if dry_run else "wrote"
    click.echo(f"{report['rows']:,} rows from {report['file']}: {verb} {report['lines']:,} lines "
               f"(added {report['added']:,}, updated {report['updated']:,}, unchanged {report['unchanged']:,}); "
               f"attached by code {report['attached']['by_code']:,}, by point {report['attached']['by_point']:,}")
    if report["skipped"]:
        click.echo(f"skipped {report['skipped']:,} rows that fit no micro-grid:")
        for skipped in report["skipped_rows"][:20]:
            click.echo(f"  row {skipped['row']}: {skipped['reason']}  {skipped['address'] or ''}")
        if report["skipped"] > 20:
            click.echo(f"  … {report['skipped'] - 20:,} more" + (f" in {unmatched}" if unmatched else
                                                                  " (--unmatched FILE lists them all)"))


@addresses.command(name="export")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--generation", help="A generation number, current or draft (default: the working one).")
@click.option("--crs", help="The system of the points written (default WGS 84).")
def export_command(output, generation, crs):
    """Write the register in the register layout (CSV or .xlsx, Chinese headers, a point per line)."""
    from etl.address_file import export_address_file

    with db.connect() as conn:
        result = export_address_file(conn, output, generation=generation, crs=crs)
    click.echo(f"wrote {result['addresses']:,} addresses of generation {result['generation']} to {result['file']}")


@addresses.command(name="history")
@click.argument("cell_code")
def history_command(cell_code):
    """The lines a micro-grid had before, newest first, with the file that replaced each."""
    from grids.addresses.register import register_history

    with db.connect() as conn:
        lines = register_history(conn, cell_code)
    for line in lines:
        click.echo(f"{line['valid_until']:%Y-%m-%d %H:%M}  {line['full_address']}  "
                   f"(replaced by {line['source'] or '-'}, {line['operator'] or '-'})")
    if not lines:
        click.echo(f"{cell_code}: no earlier lines")


@addresses.group(name="places")
def places_group():
    """The gazetteer: markets, schools, parks, compounds' other names."""


@places_group.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--crs", help="The system of the 经度/纬度 columns (default WGS 84).")
@click.option("--dry-run", is_flag=True, help="Check everything, report, write nothing.")
def places_import(file, crs, dry_run):
    """Import FILE (CSV or .xlsx: 名称, 类别, and 网格编码, 经度/纬度 or 小区); all or nothing."""
    from etl.address_file import import_place_file

    with db.connect() as conn:
        report = import_place_file(conn, file, crs=crs)
        if dry_run:
            conn.rollback()
    click.echo(f"{'would import' if dry_run else 'imported'} {report['names']} names from {report['file']}: "
               f"added {report['added']}, changed {report['changed']}, unchanged {report['unchanged']}")


@places_group.command(name="list")
@click.option("--json", "as_json", is_flag=True)
def places_list(as_json):
    """The current names and what each means."""
    from grids.addresses.gazetteer import current_places

    with db.connect() as conn:
        places = current_places(conn)
    if as_json:
        emit_json(places)
        return
    for place in places:
        click.echo(f"{place['name']:20} {place['kind'] or '-':8} {place['cell_code'] or place['compound']}")
