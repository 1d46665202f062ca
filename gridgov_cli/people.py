"""``gridgov people``: grid members, staff and departments, their cells and categories."""
import click

from gis import db
from gridgov_cli.output import emit_json
from grids.people.roster import ROLES


@click.group()
def people():
    """People responsible for cells (grid members, staff) and for categories (departments)."""


@people.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check everything, report, write nothing.")
@click.option("--json", "as_json", is_flag=True)
def import_command(file, dry_run, as_json):
    """Import FILE (CSV in UTF-8/GBK or .xlsx): names, phones, roles, cell and category codes; all or nothing."""
    from etl.people_file import import_people_file

    with db.connect() as conn:
        report = import_people_file(conn, file)
        report["dry_run"] = dry_run
        if dry_run:
            conn.rollback()
    if as_json:
        emit_json(report)
        return
    verb = "would import" if dry_run else "imported"
    click.echo(f"{verb} {report['people']} people from {report['file']}: "
               f"added {report['added']}, updated {report['updated']}")


@people.command(name="export")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), help="Default: by extension.")
@click.option("--with-personal-data", is_flag=True, help="Write phone numbers unmasked.")
def export_command(output, fmt, with_personal_data):
    """Export every person with their cells and categories (re-imports as updates)."""
    from etl.people_file import export_people_file

    with db.connect() as conn:
        result = export_people_file(conn, output, fmt=fmt, with_personal_data=with_personal_data)
    masked = "unmasked" if with_personal_data else "masked"
    click.echo(f"wrote {result['people']} people to {result['file']} ({result['format']}, phones {masked})")


@people.command(name="list")
@click.option("--role", type=click.Choice(list(ROLES)))
@click.option("--cell", "cell_code", help="Only people assigned to this cell code.")
@click.option("--with-personal-data", is_flag=True, help="Show phone numbers unmasked.")
@click.option("--json", "as_json", is_flag=True)
def list_command(role, cell_code, with_personal_data, as_json):
    """List people with their role, cells, categories and open cases (phones masked)."""
    from etl.people_file import people_table

    with db.connect() as conn:
        frame = people_table(conn, role=role, cell_code=cell_code, with_personal_data=with_personal_data)
    if as_json:
        emit_json(frame.to_dict("records"))
        return
    for row in frame.itertuples(index=False):
        assigned = row.cells or row.categories or "-"
        click.echo(f"{row.id:>6} {row.code or '-':10} {row.name:8} {row.phone or '-':14} {row.role_name:8} "
                   f"open {row.open_cases:>3}  {assigned}")


@people.group(name="responsibilities")
def responsibilities_group():
    """The responsibility list (权责清单): which department handles which category."""


@responsibilities_group.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check everything, report, write nothing.")
def responsibilities_import(file, dry_run):
    """Import FILE (CSV or .xlsx: 类别编码, 责任部门, 职责事项, 设定依据); all or nothing."""
    from etl.responsibility_file import import_responsibility_file

    with db.connect() as conn:
        report = import_responsibility_file(conn, file)
        if dry_run:
            conn.rollback()
    click.echo(f"{'would import' if dry_run else 'imported'} {report['lines']} lines from {report['file']}")


@responsibilities_group.command(name="export")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
def responsibilities_export(output):
    """Write the list to a .csv or .xlsx file with Chinese headers (re-imports as it is)."""
    from etl.responsibility_file import export_responsibility_file

    with db.connect() as conn:
        result = export_responsibility_file(conn, output)
    click.echo(f"wrote {result['lines']} lines to {result['file']}")


@responsibilities_group.command(name="list")
@click.option("--json", "as_json", is_flag=True)
def responsibilities_list(as_json):
    """Every line: category → department, matter."""
    from grids.people.responsibility import responsibility_list

    with db.connect() as conn:
        lines = responsibility_list(conn)
    if as_json:
        emit_json(lines)
        return
    for line in lines:
        click.echo(f"{line['category_code']:8} {line['category_name']:12} → {line['department_name']}"
                   f"  {line['matter'] or ''}")
