"""``gridgov boundaries``: import, check and export cells."""
import click

from etl.boundaries.export import export_cells
from etl.boundaries.importing import import_boundary_file
from gis import db
from gridgov_cli.output import emit_json, emit_list, progress
from grids.cells import generations as generation_store
from grids.cells.checks import DEFAULT_MAX_GRIDS_PER_MEMBER, DEFAULT_TOLERANCE_M2, has_errors, run_checks
from grids.cells.hierarchy import LEVELS
from grids.planning.publishing import publish_import

LEVEL = click.Choice(LEVELS)


@click.group()
def boundaries():
    """Cells of the hierarchy: import, check, export."""


@boundaries.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--level", type=LEVEL, required=True, help="Level of the cells in the file.")
@click.option("--kind", help="basic|dedicated for grids, building|stairwell for micro-grids (wins over a "
                             "kind field in the file, with a warning where they disagree).")
@click.option("--crs", help="CRS of the coordinates: EPSG code, gcj02 or bd09 (overrides the file).")
@click.option("--encoding", help="Attribute encoding (default: .cpg, else detected UTF-8 / GBK).")
@click.option("--layer", help="Layer of a GeoPackage or of a zip with several Shapefiles.")
@click.option("--code-field", help="Field holding the cell code.")
@click.option("--name-field", help="Field holding the cell name.")
@click.option("--parent-field", help="Field holding the parent's code.")
@click.option("--repair", is_flag=True, help="Make invalid geometries valid (polygonal parts kept) and report.")
@click.option("--renumber", is_flag=True,
              help="Give cells whose codes break the code rule new codes under their parent (reported old → new).")
@click.option("--dissolve-by", metavar="FIELD",
              help="Merge the features sharing this field's value (building parts) into one cell.")
@click.option("--strict", is_flag=True,
              help="Refuse shapes that sit off the stored cells the way another coordinate system's would.")
@click.option("--dry-run", is_flag=True, help="Do everything, report, write nothing.")
@click.option("--publish", is_flag=True, help="Publish the draft generation right after importing.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def import_command(file, level, kind, crs, encoding, layer, code_field, name_field, parent_field, repair,
                   renumber, dissolve_by, strict, dry_run, publish, as_json):
    """Import FILE (GeoJSON, Shapefile, zipped Shapefile, GeoPackage, KML) into the draft generation."""
    with db.connect() as conn:
        report = import_boundary_file(
            conn, file, level, kind=kind, crs=crs, encoding=encoding, layer=layer, code_field=code_field,
            name_field=name_field, parent_field=parent_field, repair=repair, renumber=renumber,
            dissolve_by=dissolve_by, strict=strict, progress=progress)
        report["dry_run"] = dry_run
        if dry_run:
            conn.rollback()
        elif publish:
            report["published"] = publish_import(conn)
    emit_json(report) if as_json else _print_import(report)


def _print_import(report):
    verb = "would import" if report["dry_run"] else "imported"
    click.echo(f"{verb} {report['features']} {report['level']} features from {report['file']} "
               f"into generation {report['generation']} ({report['seconds']} s)")
    click.echo(f"  CRS {report['crs']} ({report['crs_source']}); encoding {report['encoding']} "
               f"({report['encoding_source']})")
    click.echo(f"  added {report['added']}, changed {report['changed']}, unchanged {report['unchanged']}")
    click.echo(f"  parents: {report['parents_from_field']} from the parent field, "
               f"{report['parents_by_overlap']} by overlap, {len(report['without_parent'])} without")
    emit_list("cells without a parent", report["without_parent"])
    emit_list("weak parents", report["weak_parents"])
    if report["skipped_points"] or report["skipped_lines"]:
        click.echo(f"  skipped {report['skipped_points']} point and {report['skipped_lines']} line feature(s)")
    emit_list("features dissolved", report["dissolved"])
    emit_list("codes generated", report["codes_generated"])
    emit_list("codes renumbered", report["codes_renumbered"])
    emit_list("repairs", report["repairs"])
    emit_list("warnings", report["warnings"])
    if report.get("draft_revision"):
        click.echo(f"  the planners' draft is now at revision {report['draft_revision']}: a submission or approval "
                   "no longer holds")
    if report.get("published"):
        click.echo(f"generation {report['published']} published")
    elif not report["dry_run"]:
        click.echo(f"generation {report['generation']} is a draft: `gridgov boundaries check`, then "
                   "`gridgov generations publish` makes it current")


@boundaries.command()
@click.option("--level", type=LEVEL, help="Only the checks that concern this level.")
@click.option("--generation", help="Generation to check: a number, current or draft (default: the draft "
                                   "if there is one, else the current one).")
@click.option("--tolerance", type=float, default=DEFAULT_TOLERANCE_M2, show_default=True,
              help="Ignore overlaps, gaps and overhangs smaller than this (m²).")
@click.option("--max-grids", type=int, default=DEFAULT_MAX_GRIDS_PER_MEMBER, show_default=True,
              help="Warn about grid members assigned to more grids than this.")
@click.option("--json", "as_json", is_flag=True)
def check(level, generation, tolerance, max_grids, as_json):
    """Check the rules of the hierarchy; exit status 1 when there are errors."""
    with db.connect() as conn:
        number = generation_store.resolve(conn, generation)
        findings = run_checks(conn, number, level=level, tolerance_m2=tolerance, max_grids=max_grids)
    if as_json:
        emit_json({"generation": number, "errors": sum(f.severity == "error" for f in findings),
                   "warnings": sum(f.severity == "warning" for f in findings),
                   "findings": [f.as_dict() for f in findings]})
    else:
        _print_findings(number, findings)
    raise SystemExit(1 if has_errors(findings) else 0)


def _print_findings(number, findings):
    errors = sum(f.severity == "error" for f in findings)
    click.echo(f"generation {number}: {errors} error(s), {len(findings) - errors} warning(s)")
    for f in findings[:200]:
        where = f" at {f.location}" if f.location else ""
        click.echo(f"  {f.severity:7} {f.check:20} {f.level} {f.code}: {f.message}{where}")
    if len(findings) > 200:
        click.echo(f"  … and {len(findings) - 200} more (see --json)")


@boundaries.command()
@click.option("--level", type=LEVEL, required=True)
@click.option("--kind", help="Only cells of this kind.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="File to write: .geojson, .gpkg or .shp.")
@click.option("--crs", help="CRS to write (default EPSG:4490): EPSG code, gcj02 or bd09.")
@click.option("--generation", help="A number, current or draft (default: the working generation).")
def export(level, kind, output, crs, generation):
    """Export the cells of a level with codes, names and parents."""
    with db.connect() as conn:
        result = export_cells(conn, level, output, crs=crs, generation=generation, kind=kind)
    click.echo(f"wrote {result['cells']} {level} cells of generation {result['generation']} "
               f"to {result['file']} ({result['crs']})")
