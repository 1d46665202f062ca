"""``gridgov cases``: one case's history, acting on a case, and the clock tick for cron."""
import click

from gis import db
from gridgov_cli.output import emit_json, emit_list
from grids.cases.escalation import DEFAULT_ESCALATE_AFTER, LADDER
from grids.cases.loop import ACTIONS, RATINGS
from grids.incidents.repeats import DEFAULT_DAYS, DEFAULT_DISTANCE_M

NOW = click.option("--now", help="The case clock's time (ISO 8601; default now; no offset: Asia/Shanghai).")


@click.group()
def cases():
    """The case loop: report → accept → dispatch → handle → verify → follow up."""


@cases.command()
@click.argument("case_id", type=int)
@NOW
@click.option("--with-personal-data", is_flag=True,
              help="Show the reporter, and the phone and ID numbers in the text and notes, unmasked.")
@click.option("--json", "as_json", is_flag=True)
def show(case_id, now, with_personal_data, as_json):
    """Show case CASE_ID: state, handler, timer and its whole history."""
    from grids.cases.loop import case_history, get_case
    from grids.privacy import mask_phones_in

    with db.connect() as conn:
        case = get_case(conn, case_id, now=now, with_personal_data=with_personal_data)
        history = case_history(conn, case_id)
    if not with_personal_data:
        history = [{**e, "note": mask_phones_in(e["note"])} for e in history]
    if as_json:
        emit_json({"case": case, "history": history})
        return
    _print_case(case)
    click.echo("history:")
    for e in history:
        who = f"{e['by_name']} ({e['by_code'] or e['by_person_id']})" if e["by_person_id"] else "system"
        note = f" — {e['note']}" if e["note"] else ""
        click.echo(f"  {e['version']:>3} {e['at']:%Y-%m-%d %H:%M} {e['action']:10} "
                   f"{e['from_state']} → {e['to_state']}  by {who}{note}")


def _print_case(case):
    click.echo(f"case {case['id']} ({case['channel']} {case['source_ref']}), {case['status']}, "
               f"version {case['case_version']}")
    click.echo(f"  category {case['category_code'] or case['category_text'] or '-'}; grid {case['grid_code'] or '-'}; "
               f"reporter {case['reporter_name'] or '-'} {case['reporter_phone'] or ''}")
    if case["handler_level"]:
        who = case["handler_name"] or "nobody assigned"
        click.echo(f"  handler {who} at {case['handler_level']} {case['handler_cell_code'] or ''}")
    timer = case["timer"]
    if timer:
        state = "running" if timer["running"] else "stopped"
        click.echo(f"  timer {timer['colour']} ({state}): {timer['used_hours']:.1f} of {timer['limit_hours']:g} h, "
                   f"deadline {timer['deadline']:%Y-%m-%d %H:%M}")
    flags = [f"urged {case['urge_count']}×" if case["urge_count"] else "",
             "under supervision (督办)" if case["supervised_at"] else "",
             f"repeat of {case['repeat_of']}" if case["repeat_of"] else "",
             f"rated {case['rating']}" if case["rating"] else ""]
    if any(flags):
        click.echo("  " + ", ".join(f for f in flags if f))
    click.echo(f"  next: {', '.join(case['allowed_actions']) or 'nothing (final state)'}")


@cases.command()
@click.argument("case_id", type=int)
@click.argument("action", type=click.Choice(list(ACTIONS)))
@click.option("--by", "by", required=True, help="Code or id of the person acting.")
@click.option("--note", help="What to record with the action.")
@click.option("--to", "to", help="dispatch/escalate: code or id of the handler (default: whoever is responsible).")
@click.option("--level", type=click.Choice([*LADDER, "department"]), help="dispatch: level (default grid).")
@click.option("--hours", type=float, help="extend: the new time limit in hours.")
@click.option("--rating", type=click.Choice(RATINGS), help="rate: the follow-up rating.")
@click.option("--version", "expected_version", type=int, help="Refuse if the case is no longer at this version.")
@NOW
@click.option("--json", "as_json", is_flag=True)
def act(case_id, action, by, note, to, level, hours, rating, expected_version, now, as_json):
    """Take ACTION on case CASE_ID (see docs/cases.md for the state table)."""
    from grids.cases import loop

    with db.connect() as conn:
        case = loop.act(conn, case_id, action, by, now=now, note=note, to=to, level=level, hours=hours,
                        rating=rating, expected_version=expected_version)
    if as_json:
        emit_json(case)
        return
    click.echo(f"case {case_id}: {action} ({ACTIONS[action].label}) → {case['status']}, "
               f"version {case['case_version']}")


@cases.command()
@NOW
@click.option("--escalate-after", type=float, default=DEFAULT_ESCALATE_AFTER, show_default=True,
              help="Escalate running cases that have used this many times their time limit.")
@click.option("--repeat-distance", type=float, default=DEFAULT_DISTANCE_M, show_default=True,
              help="Metres within which a report of the same category is a repeat.")
@click.option("--repeat-days", type=int, default=DEFAULT_DAYS, show_default=True,
              help="Days within which a report of the same category is a repeat.")
@click.option("--json", "as_json", is_flag=True)
def tick(now, escalate_after, repeat_distance, repeat_days, as_json):
    """Advance timers: link repeats, escalate, urge overdue cases; then push the status changes to the calling
    systems' webhooks (``gridgov webhooks deliver``). Safe to run from cron at any rate."""
    from grids.cases.tick import tick as run_tick
    from grids.disputes import three_calls
    from grids.integration.webhooks import run as deliver_webhooks

    with db.connect() as conn:
        done = run_tick(conn, now, escalate_after=escalate_after, repeat_distance_m=repeat_distance,
                        repeat_days=repeat_days)
        # 110 → mediation (docs/disputes.md): here, not in grids.cases.tick, which may not import grids.disputes
        calls = three_calls.run(conn, done["now"])
        done["three_calls"] = {"opened": calls["opened"], "linked": calls["linked"]}
    with db.connect() as conn:                  # after the tick's own changes are committed
        done["webhooks"] = deliver_webhooks(conn)
    if as_json:
        emit_json(done)
        return
    click.echo(f"tick at {done['now']:%Y-%m-%d %H:%M:%S%z}: {len(done['repeats_linked'])} repeats linked, "
               f"{len(done['escalated'])} escalated, {len(done['urged'])} urged; webhooks: "
               f"{done['webhooks']['delivered']} delivered, {done['webhooks']['failed']} to retry; "
               f"{len(done['three_calls']['opened'])} joint mediation cases opened by the three-calls rule")
    emit_list("escalated", [f"case {i} → {level}" for i, level in done["escalated"]])
    emit_list("escalated to a level with nobody assigned", [f"case {i}: {level} {cell}" for i, level, cell
                                                             in done["unstaffed"]])
