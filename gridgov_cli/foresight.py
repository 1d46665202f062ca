"""``gridgov foresight``: what the history says is coming (未诉先办)."""
import datetime as dt

import click

from gis import db
from gridgov_cli.output import emit_json

MONTH_NAMES = "1月 2月 3月 4月 5月 6月 7月 8月 9月 10月 11月 12月".split()


@click.group()
def foresight():
    """Seasonal issues, emerging issues, bursts and early warnings by cell and category (docs/foresight.md)."""


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


@foresight.command(name="index")
@click.option("--level", type=click.Choice(["street", "community", "grid"]), default="community", show_default=True)
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Reported on or after.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), help="Reported before.")
@click.option("--weight", "weights", multiple=True, metavar="COMPONENT=W",
              help="A component's weight (dispute_density, on_time, resolution, satisfaction, repeats, backlog); "
                   "the others keep theirs.")
@click.option("--json", "as_json", is_flag=True)
def index_command(level, since, until, weights, as_json):
    """The governance index (一图一指数) per cell, best first, with its components (docs/kpis.md)."""
    from grids.foresight.index import DEFAULT_WEIGHTS, check_weights, governance_index

    chosen = dict(DEFAULT_WEIGHTS)
    for text in weights:
        name, _, value = text.partition("=")
        try:
            chosen[name.strip()] = float(value)
        except ValueError:
            raise click.BadParameter(f"{text!r} is not COMPONENT=NUMBER", param_hint="--weight") from None
    try:
        check_weights(chosen)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--weight") from None
    with db.connect() as conn:
        rows = governance_index(conn, level, since, until, weights=chosen)
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        parts = "  ".join(f"{k} {v:.0f}" for k, v in row["components"].items() if v is not None)
        index = "-" if row["index"] is None else f"{row['index']:.1f}"
        click.echo(f"{row['rank'] or '-':>4} {row['code']:16} {row['name'] or '':10} {index:>6}   {parts}")


@foresight.command(name="emerging")
@click.option("--level", type=click.Choice(["street", "community", "grid"]), default="community", show_default=True)
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="The day after the window.")
@click.option("--window", type=click.IntRange(1, 90), default=14, show_default=True, help="Days of the window.")
@click.option("--baseline", type=click.IntRange(7, 730), default=90, show_default=True, help="Days before it.")
@click.option("--json", "as_json", is_flag=True)
def emerging_command(level, until, window, baseline, as_json):
    """Cells × categories rising above their own baseline (the district's season allowed for), or new."""
    from grids.foresight.emerging import day_counts, emerging_issues

    end = until.date()
    since = end - dt.timedelta(days=window + baseline)
    with db.connect() as conn:
        found = emerging_issues(day_counts(conn, level, since, end), end, window, baseline)
    if as_json:
        emit_json(found.astype(object).where(found.notna(), None).to_dict("records"))
        return
    click.echo(f"{len(found)} emerging of {found.attrs['tested']:,} pairs tested ({level}, the {window} days "
               f"before {end:%Y-%m-%d} against the {baseline} before)")
    for row in found.itertuples(index=False):
        evidence = "new here" if row.kind == "new" else f"expected {row.expected:.1f}, ×{row.ratio:.1f}, p {row.p:.1e}"
        click.echo(f"{row.cell_code:16} {row.category_code}  {row.count:>4} incidents  {evidence}")


@foresight.command(name="bursts")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day after the window (default: tomorrow, so the window ends with today).")
@click.option("--window", type=click.IntRange(1, 60), default=5, show_default=True, help="Days of the window.")
@click.option("--distance", type=click.FloatRange(10, 5000), default=300, show_default=True,
              help="Metres: the tickets of a burst lie within this of its centre.")
@click.option("--reporters", type=click.IntRange(2, 1000), default=5, show_default=True,
              help="Distinct reporters a burst needs.")
@click.option("--category", "categories", multiple=True,
              help="A category code or a group's prefix to watch (repeatable; default: 01 矛盾纠纷 and 04 民生服务).")
@click.option("--now", help="When the warnings are raised (ISO 8601; default now).")
@click.option("--json", "as_json", is_flag=True)
def bursts_command(until, window, distance, reporters, categories, now, as_json):
    """Detect bursts (many reporters, one topic, one place, a few days) and store them as early warnings
    (预警): new ones raised, open ones extended, dismissed ones never raised again (docs/foresight.md)."""
    from grids import clock
    from grids.foresight import bursts

    when = clock.resolve(now)
    end = until.date() if until else clock.today(when) + dt.timedelta(days=1)
    with db.connect() as conn:
        result = bursts.run(conn, end, now=when, window_days=window, distance_m=distance,
                            min_reporters=reporters, categories=list(categories) or bursts.CATEGORIES)
    if as_json:
        emit_json(result)
        return
    click.echo(f"{result['bursts']} bursts in the {window} days before {end:%Y-%m-%d} ({distance:g} m, "
               f"{reporters}+ reporters): {len(result['raised'])} raised, {len(result['extended'])} extended, "
               f"{len(result['unchanged'])} unchanged, {result['skipped']} left out (dismissed tickets)")
    for name in ("raised", "extended"):
        if result[name]:
            click.echo(f"  {name}: " + ", ".join(f"#{i}" for i in result[name]))


@foresight.group(name="warnings", invoke_without_command=True)
@click.option("--status", type=click.Choice(["open", "confirmed", "dismissed"]), help="Only these (default: all).")
@click.option("--within", help="Only under this cell code.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def warnings_group(ctx, status, within, as_json):
    """Early warnings (预警), newest first, and the rule's precision; `confirm ID`, `dismiss ID --reason`."""
    if ctx.invoked_subcommand is not None:
        return
    from grids.foresight import warnings

    with db.connect() as conn:
        rows = warnings.list_warnings(conn, [status] if status else None, within)
        measured = warnings.precision(conn)
    if as_json:
        emit_json({"warnings": rows, "precision": measured})
        return
    for row in rows:
        click.echo(f"#{row['id']:<5} {row['severity_label']} {row['status_label']} {row['category_code']} "
                   f"{row['category_name'] or '':10} {row['reporters']:>3} 人 {row['tickets']:>3} 件  "
                   f"{row['first_reported_at']:%Y-%m-%d}–{row['last_reported_at']:%m-%d}  {row['cell_code'] or '-'}")
    share = "-" if measured["precision"] is None else f"{measured['precision']:.0%}"
    click.echo(f"{len(rows)} warnings; decided {measured['decided']}, confirmed {measured['confirmed']}, "
               f"precision {share}")


def _decision(action):
    @click.argument("warning_id", type=int)
    @click.option("--by", help="Code or id of the person deciding (the operator is recorded in any case).")
    @click.option("--reason", required=action == "dismiss", help="Why (required to dismiss).")
    @click.option("--now", help="When (ISO 8601; default now).")
    @click.option("--json", "as_json", is_flag=True)
    def decide(warning_id, by, reason, now, as_json):
        from grids.foresight import warnings
        from grids.people.roster import find_person

        with db.connect() as conn:
            person = find_person(conn, by)["id"] if by else None
            if action == "confirm":
                found = warnings.confirm(conn, warning_id, person, now=now, reason=reason)
            else:
                found = warnings.dismiss(conn, warning_id, person, reason, now=now)
        if as_json:
            emit_json(found)
            return
        click.echo(f"warning #{warning_id}: {found['status']} ({found['status_label']})")
    decide.__doc__ = {"confirm": "Confirm warning WARNING_ID: a real 群体性事件苗头.",
                      "dismiss": "Dismiss warning WARNING_ID (no 苗头), with the reason."}[action]
    return warnings_group.command(name=action)(decide)


_decision("confirm")
_decision("dismiss")


def _first_of_month(until):
    day = until.date()
    if day.day != 1:
        raise click.BadParameter("must be the first day of a month (the outlook starts there)", param_hint="--until")
    return day


@foresight.command(name="outlook")
@click.option("--level", type=click.Choice(["street", "community", "grid"]), default="community", show_default=True)
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), required=True,
              help="The first day of the first month forecast (history before it).")
@click.option("--months", type=click.IntRange(1, 3), default=3, show_default=True, help="Months ahead.")
@click.option("--min-expected", type=click.FloatRange(0), default=1.0, show_default=True,
              help="Leave out rows expecting fewer incidents (text only; --json lists every row).")
@click.option("--all", "everything", is_flag=True, help="Unverified rows too (the backtest did not back them).")
@click.option("--json", "as_json", is_flag=True)
def outlook_command(level, until, months, min_expected, everything, as_json):
    """The coming months per cell and category: expected incidents with an 80 % interval and last year's same
    month — only where the backtest verified the outlook beats both baselines, unless --all."""
    from grids.foresight.backtest import store_outlook
    from grids.mapview.queries import categories

    start = _first_of_month(until)
    with db.connect() as conn:
        found, result = store_outlook(conn, level, start, months)
        names = {c["code"]: c["name"] for c in categories(conn)}
    shown = found if everything else found[found["verified"]]
    shown = shown.assign(category_name=shown["category_code"].map(names))
    if as_json:
        rows = shown.assign(month=shown["month"].astype(str))
        emit_json({"level": level, "until": str(start), "history_months": result["history_months"],
                   "backtest": result["message"], "verified_rows": int(found["verified"].sum()),
                   "rows": rows.astype(object).where(rows.notna(), None).to_dict("records")})
        return
    click.echo(f"outlook ({level}, {months} month(s) from {start:%Y-%m-%d}); backtest: {result['message']}")
    if not everything and not len(shown):
        click.echo("no verified rows; --all lists the unverified outlook")
        return
    for row in shown[shown["expected"] >= min_expected].itertuples(index=False):
        last = "-" if row.last_year != row.last_year else f"{row.last_year:.0f}"
        mark = "" if row.verified else "  (unverified)"
        click.echo(f"{row.month:%Y-%m} {row.cell_code:16} {row.category_code} {row.category_name or '':12} "
                   f"expected {row.expected:6.1f} [{row.low:.0f}–{row.high:.0f}]  last year {last}{mark}")


@foresight.command(name="backtest")
@click.option("--level", type=click.Choice(["street", "community", "grid"]), default="community", show_default=True)
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), required=True,
              help="The first day after the twelve test months.")
@click.option("--json", "as_json", is_flag=True)
def backtest_command(level, until, as_json):
    """The outlook's backtest: the last twelve months before --until predicted month by month from what came
    before, MAE against last year's same month and the recent three months' mean, interval coverage."""
    from grids.foresight.backtest import store_outlook

    start = _first_of_month(until)
    with db.connect() as conn:
        _, result = store_outlook(conn, level, start, 1)
    categories = result.pop("categories")
    if as_json:
        result["categories"] = None if categories is None else categories.to_dict("records")
        emit_json({"level": level, **result})
        return
    click.echo(f"backtest ({level}, {result['test_from']:%Y-%m} to {start:%Y-%m-%d}): {result['message']}")
    if categories is None:
        return
    click.echo(f"{'category':8} {'model':>7} {'last yr':>7} {'recent':>7} {'cover':>6} {'incid.':>7}  verified")
    for row in categories.sort_values("incidents", ascending=False).itertuples(index=False):
        click.echo(f"{row.category_code:8} {row.model:7.3f} {row.last_year:7.3f} {row.recent:7.3f} "
                   f"{row.covered:6.0%} {row.incidents:7,.0f}  {'yes' if row.verified else 'no'}")
