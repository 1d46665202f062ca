"""``gridgov report``: the monthly or quarterly 社情民意综合分析报告 as PDF or DOCX (docs/foresight.md)."""
import click

from gis import db


@click.command()
@click.option("--period", required=True, help="A month (2025-11) or a quarter (2025Q4).")
@click.option("--cell", help="The cell the report is about (default: the district).")
@click.option("--now", help="The case clock's time (ISO 8601; default now; no offset: Asia/Shanghai).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The file to write: .pdf or .docx (the format by its suffix).")
def report(period, cell, now, output):
    """The 社情民意综合分析报告 of a month or quarter: volumes by channel and category, hot cells and a map,
    KPIs, the seasonal outlook, emerging issues, the governance index ranking."""
    from grids.reports.content import report_content
    from grids.reports.period import parse_period
    from reports import write_report

    chosen = parse_period(period)              # a bad period is refused before the store is opened
    if not output.lower().endswith((".pdf", ".docx")):
        raise click.BadParameter("write the report as .pdf or .docx", param_hint="--output")
    with db.connect() as conn:
        content = report_content(conn, chosen, cell=cell, now=now)
    written = write_report(content, output)
    click.echo(f"wrote the {content['period']['label']} report of {content['cell']['name']} to {written['file']} "
               f"({written['bytes']:,} bytes)")
