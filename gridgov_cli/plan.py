"""``gridgov plan``: the planners' draft from the command line — edit, undo, submit, approve, publish,
the code change log, comparing generations and exports. Every change acts as an account (``--as``)
and names the draft revision it was made on (``--revision``; default the revision it finds, which
gives up the protection against a concurrent edit)."""
from pathlib import Path

import click

from etl.boundaries.building_grid_export import export_building_grids
from etl.boundaries.export import export_cells
from gis import db
from gridgov_cli.output import emit_json, emit_rows
from grids.cells.code_changes import code_changes
from grids.cells.compare import compare_generations
from grids.cells.codes import district_of
from grids.cells.generations import resolve
from grids.people.accounts import get_account
from grids.planning import drafts, edits, history, publishing

ACTOR = click.option("--as", "username", required=True, help="The account acting (a planner or administrator).")
REVISION = click.option("--revision", type=int, help="The draft revision the change is made on (default: now).")
REASON = click.option("--reason", default="", help="Why (kept in the planning log).")
DISTRICT = click.option("--district", help="The district whose part of the draft this is (6 digits; default: the "
                                           "account's, or the store's only district).")


@click.group()
def plan():
    """The planners' draft: edit, undo/redo, submit, approve, publish, history, export."""


@plan.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--district", help="The district (6 digits; default: the store's only district).")
def status(as_json, district):
    """The draft of a district: revision, workflow status, who saved, and its edits."""
    with db.connect() as conn:
        state = drafts.draft_status(conn, district)
        edit_list = [e for e in history.edits(conn, state["generation"])
                     if e["community_code"].startswith(state["district"] or "")] if state["generation"] else []
    if as_json:
        emit_json({**state, "edit_list": edit_list})
        return
    if state["generation"] is None:
        click.echo("no draft: the first edit opens one (revision 0)")
        return
    click.echo(f"draft generation {state['generation']}, revision {state['revision']}, {state['status']}"
               f"{', last saved by ' + state['saved_by'] if state['saved_by'] else ''}")
    for e in edit_list:
        flag = " (undone)" if e["undone"] else ""
        click.echo(f"  {e['id']:>4} r{e['revision']} {e['at']:%Y-%m-%d %H:%M} {e['by_username'] or '-':10} "
                   f"{e['edit']} {e['community_code']}: {', '.join(e['summary'].get('grids', []))}{flag}")


@plan.command()
@click.argument("grid")
@click.option("--line", required=True, help="The cutting line, WKT or GeoJSON, lon/lat (EPSG:4490).")
@ACTOR
@REVISION
@REASON
def split(grid, line, username, revision, reason):
    """Split GRID along a line drawn across it."""
    _edit(edits.split_grid, username, revision, grid, line, reason=reason)


@plan.command()
@click.argument("grids", nargs=-1, required=True)
@click.option("--name", help="Name of the merged grid (default: by its serial).")
@ACTOR
@REVISION
@REASON
def merge(grids, name, username, revision, reason):
    """Merge neighbouring GRIDS of one community into one."""
    _edit(edits.merge_grids, username, revision, list(grids), reason=reason, name=name)


@plan.command()
@click.argument("buildings", nargs=-1, required=True)
@click.option("--to", "target", required=True, help="The basic grid the buildings move into.")
@ACTOR
@REVISION
@REASON
def move(buildings, target, username, revision, reason):
    """Move BUILDINGS (building micro-grid codes) into another grid of their community."""
    _edit(edits.move_buildings, username, revision, list(buildings), target, reason=reason)


@plan.command()
@ACTOR
@REVISION
@DISTRICT
def undo(username, revision, district):
    """Undo the newest edit."""
    _edit(history.undo, username, revision, district=district)


@plan.command()
@ACTOR
@REVISION
@DISTRICT
def redo(username, revision, district):
    """Redo the edit undone last."""
    _edit(history.redo, username, revision, district=district)


@plan.command()
@ACTOR
@REVISION
@DISTRICT
@click.option("--note")
def submit(username, revision, district, note):
    """Submit the draft for approval."""
    _edit(publishing.submit, username, revision, district=district, note=note)


@plan.command()
@ACTOR
@REVISION
@DISTRICT
@click.option("--note")
def approve(username, revision, district, note):
    """Approve the submitted draft (not the planner who submitted it)."""
    _edit(publishing.approve, username, revision, district=district, note=note)


@plan.command()
@ACTOR
@REVISION
@click.option("--effective", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Effective date (default today in Asia/Shanghai).")
@DISTRICT
def publish(username, revision, effective, district):
    """Publish the approved draft (refused while the checks find errors)."""
    _edit(publishing.publish, username, revision, district=district,
          effective_date=effective.date() if effective else None)


@plan.command()
@ACTOR
@REVISION
@DISTRICT
def discard(username, revision, district):
    """Throw the district's part of the draft away (the whole draft when it holds nothing else)."""
    _edit(publishing.discard, username, revision, district=district)


@plan.command()
@click.option("--generation", default="draft", help="A generation number, current or draft (default).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
def changes(generation, fmt):
    """The code change log: old codes → new codes."""
    with db.connect() as conn:
        rows = code_changes(conn, resolve(conn, generation))
    emit_rows(rows, fmt, ["level", "kind", "old_code", "new_code", "change"])


@plan.command()
@click.argument("a", type=int)
@click.argument("b", type=int)
@click.option("--level", type=click.Choice(["grid", "microgrid", "community"]), default="grid")
@click.option("--community", help="Only this community's cells.")
@click.option("--json", "as_json", is_flag=True, help="Everything, geometries included.")
def compare(a, b, level, community, as_json):
    """What changed from generation A to generation B."""
    with db.connect() as conn:
        found = compare_generations(conn, a, b, level=level, community_code=community)
    if as_json:
        emit_json(found)
        return
    summary = ", ".join(f"{n} {change}" for change, n in found["summary"].items())
    click.echo(f"generation {a} → {b}, {level}: {summary}")
    for cell in found["cells"]:
        click.echo(f"  {cell['change']:9} {cell['code']} {cell['name_after'] or cell['name_before']}")
    for c in found["code_changes"]:
        click.echo(f"  code {c['old_code'] or '-'} → {c['new_code'] or '-'}")


@plan.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help=".geojson, .gpkg, .shp, .zip (zipped Shapefile) or .csv (building → grid table).")
@click.option("--generation", default="draft", help="A generation number, current or draft (default).")
@click.option("--level", default="grid", help="Level of the cells (boundary files only).")
def export(output, generation, level):
    """Export the draft (or a generation): boundaries, or the building → grid CSV."""
    with db.connect() as conn:
        if Path(output).suffix.lower() == ".csv":
            result = export_building_grids(conn, output, generation=generation)
            what = f"{result['buildings']} buildings"
        else:
            result = export_cells(conn, level, output, generation=generation)
            what = f"{result['cells']} {level} cells"
    click.echo(f"wrote {what} of generation {result['generation']} to {result['file']}")


def _edit(step, username, revision, *args, **kwargs):
    """Run one change of the draft as ``username`` and print what it did. An edit's district is its first
    argument's (a cell code or a list of them); a workflow step names it (``district``) or takes the default."""
    with db.connect() as conn:
        account = get_account(conn, username=username)
        if account is None:
            raise click.UsageError(f"no account {username!r}")
        if revision is None:
            area = (args[0] if isinstance(args[0], str) else args[0][0]) if args else None
            district = district_of(area) if area else kwargs.get("district")
            revision = drafts.draft_status(conn, drafts.planning_district(conn, account, district))["revision"]
        result = step(conn, *args, by=account["id"], expected_revision=revision, **kwargs)
    _print_result(result if isinstance(result, dict) else result.as_dict())


def _print_result(result):
    if "edit" in result and "grids" in result:
        click.echo(f"{result['edit']}: grids {', '.join(result['grids']) or '-'}"
                   f"{'; removed ' + ', '.join(result['removed']) if result['removed'] else ''}; "
                   f"{result['buildings_recoded']} building(s) re-coded; draft revision {result['revision']}")
        for c in result["code_changes"]:
            if c["level"] == "grid":
                click.echo(f"  code {c['old_code'] or '-'} → {c['new_code'] or '-'}")
    elif "handover" in result:
        handed = result["handover"]
        click.echo(f"generation {result['generation']} published, effective {result['effective_date']}; "
                   f"{len(handed['cases'])} open case(s) re-dispatched, {handed['notifications']} notification(s)")
    elif "status" in result:
        click.echo(f"draft generation {result['generation']}, revision {result['revision']}: {result['status']}")
    elif "undone" in result or "redone" in result:
        verb = "undone" if "undone" in result else "redone"
        edit = result[verb]
        click.echo(f"{verb}: {edit['edit']} in {edit['community_code']} (edit {edit['id']}); "
                   f"draft revision {result['revision']}")
    else:
        click.echo(f"draft generation {result['generation']} discarded")
