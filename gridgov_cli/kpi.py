"""``gridgov kpi`` and ``gridgov load``: the case-loop KPIs per cell or person, and grid member loads."""
import click

from gis import db
from gridgov_cli.output import emit_rows
from grids.cells.hierarchy import LEVELS
from grids.incidents.store import CHANNELS

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
                      show_default=True)
NOW = click.option("--now", help="The case clock's time (ISO 8601; default now; no offset: Asia/Shanghai).")
DAY = click.DateTime(formats=["%Y-%m-%d"])
LOAD_COLUMNS = ["code", "name", "grids", "households", "population", "open_cases", "open_weighted", "overdue",
                "avg_cases_per_month", "patrol_reports", "load_index"]


@click.command()
@click.option("--level", type=click.Choice(LEVELS), help="One row per cell of this level.")
@click.option("--within", help="Only cells whose code starts with this (e.g. the grids of one community).")
@click.option("--person", help="The KPIs of one person (code or id) instead of cells.")
@click.option("--from", "since", type=DAY, help="Reported on or after (Asia/Shanghai).")
@click.option("--to", "until", type=DAY, help="Reported before (Asia/Shanghai).")
@click.option("--category", help="Only this category (code; a 大类 takes its 小类). Cells only.")
@click.option("--channel", type=click.Choice(CHANNELS), help="Only this channel. Cells only.")
@NOW
@FORMAT
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the table to a .xlsx (Chinese headers, percentages) or .csv file instead.")
@click.option("--encoding", type=click.Choice(["utf-8-sig", "gbk"]), default="utf-8-sig", show_default=True,
              help="A CSV file's encoding: UTF-8 with a byte order mark, or GBK (old Excel on Chinese Windows).")
def kpi(level, within, person, since, until, category, channel, now, fmt, output, encoding):
    """KPIs of the incidents reported in a window, per cell of a level or for one person (see docs/kpis.md)."""
    from grids.cases import kpi as kpis

    if (level is None) == (person is None):
        raise click.UsageError("give either --level or --person")
    if person is not None and (category or channel):
        raise click.UsageError("--category and --channel filter the KPIs of cells, not of a person")
    with db.connect() as conn:
        if person is not None:
            rows = [kpis.kpis_for_person(conn, person, since, until, now)]
        else:
            rows = kpis.kpis_by_level(conn, level, since, until, now, within=within, category=category,
                                      channel=channel)
    if output:
        from etl.kpi_file import write_kpi_table

        written = write_kpi_table(rows, output, encoding)
        click.echo(f"wrote {written['rows']} rows to {written['file']}")
        return
    emit_rows(rows, fmt)


@click.command()
@NOW
@FORMAT
def load(now, fmt):
    """Each grid member's load: open cases weighted by severity and lateness, intake, households, index."""
    from grids.cases.workload import member_loads

    with db.connect() as conn:
        rows = member_loads(conn, now)
    emit_rows(rows, fmt, columns=None if fmt == "json" else LOAD_COLUMNS + ["cases_per_month"])
