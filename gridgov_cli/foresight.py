"""``gridgov foresight``: what the history says is coming (未诉先办)."""
import datetime as dt

import click

from gis import db
from gridgov_cli.output import emit_json

MONTH_NAMES = "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月".split()


@click.group()
def foresight():
    """Seasonal issues by cell and category (docs/foresight.md)."""


@foresight.command(name="seasons")
@click.option("--level", type=click.Choice(["street", "community", "grid"]), default="community", show_default=True)
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="First day of the history.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="Day after its last.")
@click.option("--all", "everything", is_flag=True, help="Every pair tested, not only the seasonal ones.")
@click.option("--json", "as_json", is_flag=True)
def seasons_command(level, since, until, everything, as_json):
    """The cells × categories whose months differ from a steady rate beyond chance, with their peak months."""
    from grids.foresight.seasons import seasons
    from grids.mapview.queries import categories

    if until <= since:
        raise click.BadParameter("--until must be after --since", param_hint="--until")
    with db.connect() as conn:
        found = seasons(conn, level, since.date(), until.date())
        names = {c["code"]: c["name"] for c in categories(conn)}
    if not everything:
        found = found[found["seasonal"]]
    found = found.assign(category_name=found["category_code"].map(names))
    if as_json:
        emit_json(found.astype(object).where(found.notna(), None).to_dict("records"))
        return
    click.echo(f"{len(found):,} seasonal cell × category pairs ({level}, {since:%Y-%m-%d} to {until:%Y-%m-%d})")
    for row in found.itertuples(index=False):
        peaks = "、".join(MONTH_NAMES[m - 1] for m in row.peak_months) or "-"
        click.echo(f"{row.cell_code:16} {row.category_code} {row.category_name or '':12} 高发 {peaks:20} "
                   f"{row.total:>6,} 件  χ² {row.chi2:,.0f}")
