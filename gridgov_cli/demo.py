"""``gridgov demo``: build (or reuse) the synthetic demo district and say how to look at it."""
import click

from etl.demo.accounts import create_demo_accounts
from etl.demo.loading import (DEMO_DESCRIPTION, clear_store, demo_state, load_demo, load_demo_cases,
                              load_demo_bursts, load_demo_disputes, load_demo_incidents, load_demo_petitions,
                              load_demo_warnings)
from gis import db
from gridgov_cli.output import progress


@click.command()
@click.option("--seed", type=int, default=42, show_default=True, help="Same seed, same district.")
@click.option("--rebuild", is_flag=True, help="Delete everything in the store and build the demo again.")
def demo(seed, rebuild):
    """Build the synthetic demo district (near Qingdao) in the database."""
    description = DEMO_DESCRIPTION.format(seed=seed)
    with db.connect(role=db.OWNER) as conn:          # it empties the store (TRUNCATE) and rebuilds indexes
        state = demo_state(conn)
        if state and state[1] == description and not rebuild:
            click.echo(f"the demo district (seed {seed}) is already loaded as generation {state[0]}")
        elif state and not rebuild:
            raise click.UsageError(
                f"the store already holds generation {state[0]} ({state[1]!r}); "
                "`gridgov demo --rebuild` deletes everything and builds the demo")
        else:
            from etl.demo.district import build_demo_district  # the generator loads only when used

            clear_store(conn)
            progress(f"building the demo district (seed {seed})")
            district = build_demo_district(seed)
            counts = load_demo(conn, district, seed, progress=progress)
            click.echo(f"demo district loaded in {counts.pop('seconds')} s: "
                       + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
            _print_incidents(load_demo_incidents(conn, district, seed, progress=progress))
            mix = load_demo_cases(conn, district, seed, progress=progress)
            _print_cases(mix)
            _print_disputes(load_demo_disputes(conn, district, seed, mix["now"], progress=progress))
            bursts = load_demo_bursts(conn, district, seed, mix["now"], progress=progress)
            click.echo(f"planted bursts (early warnings): {len(bursts['truth'])} bursts, {bursts['tickets']} tickets "
                       f"in {bursts['seconds']} s")
            _print_petitions(load_demo_petitions(conn, district, seed, mix["now"], progress=progress))
            _print_warnings(load_demo_warnings(conn, bursts["ids"], mix["now"], progress=progress))
        _print_accounts(create_demo_accounts(conn))
    _print_how_to_inspect()


def _print_incidents(reports):
    total = sum(r["incidents"] for r in reports.values())
    unplaced = sum(sum(r["unplaced_reasons"].values()) for r in reports.values())
    problems = sum(r["errors"] + r["warnings"] for r in reports.values())
    click.echo(f"a year of synthetic incidents: {total:,} imported ("
               + ", ".join(f"{c} {r['incidents']:,}" for c, r in reports.items())
               + f"); {unplaced:,} wait in the review queue; {problems:,} bad rows reported")


def _print_cases(mix):
    status, levels = mix["status"], mix["resolved_at_level"]
    resolved = sum(levels.values())
    click.echo(f"the year through the case loop in {mix['seconds']} s: {mix['events']:,} history events; "
               f"{resolved:,} closed ({mix['resolved_on_time']:,} on time; "
               + ", ".join(f"{level} {n:,}" for level, n in levels.items())
               + f"), {status.get('rejected', 0):,} rejected, {status.get('void', 0):,} void, {mix['open']:,} open "
               f"at {mix['now']:%Y-%m-%d %H:%M} ({mix['open_overdue']:,} overdue); {mix['escalated']:,} escalated, "
               f"{mix['urged']:,} urged, {mix['reopened']:,} reopened, {mix['repeats']:,} repeats linked")


def _print_disputes(counts):
    click.echo(f"the year's disputes through the mediation chain in {counts['seconds']} s: {counts['disputes']:,} "
               f"disputes, {counts['three_calls']:,} opened by the 110 three-calls rule; "
               f"{counts['organisations']:,} mediation organisations with {counts['mediators']:,} mediators")


def _print_petitions(counts):
    click.echo(f"the petition office's year in {counts['seconds']} s: {counts['matters']:,} matters "
               f"({counts['repeats']:,} repeats, {counts['collective']} collective), {counts['skip_level']} skip-level "
               f"visits reported back, {counts['proxied']:,} proxied by {counts['agents']} agents ({counts['calls']} calls), "
               f"{counts['backlog']} backlog matters ({counts['closed_off']} closed off), {counts['reception_days']} "
               f"reception days, {counts['suggestions']} suggestions ({counts['adopted']} adopted)")


def _print_warnings(counts):
    click.echo(f"early warnings of the year in {counts['seconds']} s: {counts['raised']} raised by the detector, "
               f"{counts['confirmed']} confirmed (the planted bursts), {counts['dismissed']} dismissed, "
               f"{counts['open']} open at the demo's now")


def _print_accounts(created):
    click.echo("demo accounts (username / password, role, scope) — for the demo only:")
    for account in created:
        click.echo(f"  {account['username']:<10} / {account['password']:<15} {account['role']:<16} {account['scope_code']}")


def _print_how_to_inspect():
    url = db.database_url()
    click.echo(f"""
The demo district is in PostGIS at {url}
  psql "{url}"                                   -- e.g. SELECT level, kind, count(*) FROM cell GROUP BY 1, 2;
  .venv/bin/gridgov boundaries check                 -- the hierarchy's rules
  .venv/bin/gridgov boundaries export --level grid -o grids.geojson   -- open in QGIS
  .venv/bin/gridgov generations list
  .venv/bin/gridgov serve --demo                     -- the command-centre web map at http://127.0.0.1:8000/""")
