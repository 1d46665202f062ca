"""``gridgov backlog|proxies|reception|suggestions``: the petition office's work around its matters — the
backlog register with leaders (积案, 领导包案), proxy agents and call–response (信访代理), reception days
(领导接访下访日) and citizens' suggestions (人民建议征集). Each command is a thin layer over one function of
:mod:`grids.petitions` (docs/petitions.md)."""
import click

from gis import db
from gridgov_cli.output import emit_json, emit_rows

NOW = click.option("--now", help="The case clock's time (ISO 8601; default now; no offset: Asia/Shanghai).")
BY = click.option("--by", "by", required=True, help="Code or id of the person acting.")
JSON = click.option("--json", "as_json", is_flag=True)
FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                      show_default=True)


def _done(result, as_json, line):
    if as_json:
        emit_json(result)
    else:
        click.echo(line)


# ---- gridgov backlog --------------------------------------------------------------------------------


@click.group()
def backlog():
    """The backlog register (积案): leaders' ownership, weekly consultations, closing-off, 动态清零."""


@backlog.command("add")
@click.argument("case_id", type=int)
@click.option("--why", type=click.Choice(["overdue", "named"]), required=True,
              help="overdue: open past --days; named: by the office (give --reason).")
@click.option("--reason", help="Why the office names it (why named).")
@click.option("--leader-name", help="The owning leader (包案领导); default the name of --leader.")
@click.option("--leader-post", required=True, help="The leader's post, e.g. 副区长.")
@click.option("--leader", help="The leader as a person of the roster (code or id).")
@click.option("--member", "members", multiple=True, help="A task force member: NAME or NAME/UNIT (repeat).")
@click.option("--days", type=int, default=90, show_default=True, help="The overdue threshold in days.")
@BY
@NOW
@JSON
def backlog_add(case_id, why, reason, leader_name, leader_post, leader, members, days, by, now, as_json):
    """Put petition matter CASE_ID on the backlog register with its owning leader."""
    from grids.petitions import backlog as register

    task_force = [dict(zip(("name", "unit"), m.split("/", 1))) for m in members]
    with db.connect() as conn:
        entry = register.register(conn, case_id, why=why, reason=reason, leader_name=leader_name,
                                  leader_post=leader_post, leader=leader, task_force=task_force, days=days, by=by,
                                  now=now)
    _done(entry, as_json, f"backlog matter {entry['id']}: case {case_id} ({why}), leader {entry['leader_name']} "
                          f"({entry['leader_post']})")


@backlog.command("consult")
@click.argument("backlog_id", type=int)
@click.option("--on", "held_on", required=True, help="The day it was held (YYYY-MM-DD).")
@click.option("--attendee", "attendees", multiple=True, required=True, help="Who attended (repeat).")
@click.option("--decisions", required=True, help="What was decided.")
@BY
@NOW
@JSON
def backlog_consult(backlog_id, held_on, attendees, decisions, by, now, as_json):
    """Record a weekly consultation (周会商) on backlog matter BACKLOG_ID."""
    from grids.petitions import backlog as register

    with db.connect() as conn:
        entry = register.consult(conn, backlog_id, held_on=held_on, attendees=list(attendees), decisions=decisions,
                                 by=by, now=now)
    _done(entry, as_json, f"backlog matter {backlog_id}: consultation {held_on} recorded "
                          f"({len(entry['consultations'])} in all)")


@backlog.command("close-off")
@click.argument("backlog_id", type=int)
@click.option("--evidence", required=True, help="What shows it is settled (息诉罢访承诺书, 办结报告 …).")
@click.option("--on", "on", help="The day (default today).")
@BY
@NOW
@JSON
def backlog_close_off(backlog_id, evidence, on, by, now, as_json):
    """销号: close off backlog matter BACKLOG_ID (only after at least one consultation)."""
    from grids.petitions import backlog as register

    with db.connect() as conn:
        entry = register.close_off(conn, backlog_id, evidence=evidence, on=on, by=by, now=now)
    _done(entry, as_json, f"backlog matter {backlog_id}: closed off on {entry['closed_off_on']}")


@backlog.command("list")
@click.option("--status", type=click.Choice(["open", "closed_off"]))
@click.option("--within", help="Only matters under this cell code.")
@click.option("--overdue", is_flag=True, help="List instead the open petition matters past --days not yet registered.")
@click.option("--days", type=int, default=90, show_default=True)
@NOW
@FORMAT
def backlog_list(status, within, overdue, days, now, fmt):
    """The backlog register (or, with --overdue, the matters that belong on it)."""
    from grids.petitions import backlog as register

    with db.connect() as conn:
        rows = (register.overdue_candidates(conn, days=days, within=within, now=now) if overdue
                else register.list_backlog(conn, status=status, within=within))
    emit_rows(rows, fmt)


@backlog.command("clearing")
@click.option("--level", type=click.Choice(["street", "district"]), default="street", show_default=True)
@click.option("--on", "on", help="The day (default today).")
@click.option("--within", help="Only areas under this cell code.")
@FORMAT
def backlog_clearing(level, on, within, fmt):
    """动态清零: per street or district, the register's matters, those open, and whether it is cleared."""
    from grids.petitions import backlog as register

    with db.connect() as conn:
        emit_rows(register.clearing(conn, level=level, on=on, within=within), fmt)


@backlog.command("issue-add")
@click.option("--title", required=True)
@click.option("--leader-name", required=True)
@click.option("--leader-post", required=True)
@click.option("--case", "cases", type=int, multiple=True, help="A case behind the issue (repeat).")
@click.option("--summary")
@click.option("--area", "area_code", help="The area's cell code.")
@click.option("--on", "listed_on", help="The day it is listed (default today).")
@BY
@NOW
@JSON
def backlog_issue_add(title, leader_name, leader_post, cases, summary, area_code, listed_on, by, now, as_json):
    """Put a major issue on the list (重大信访问题清单) with the cases behind it."""
    from grids.petitions import backlog as register

    with db.connect() as conn:
        issue_id = register.list_issue(conn, title=title, leader_name=leader_name, leader_post=leader_post,
                                       cases=list(cases), summary=summary, area_code=area_code, listed_on=listed_on,
                                       by=by, now=now)
    _done({"id": issue_id}, as_json, f"major issue {issue_id}: {title}")


@backlog.command("issue-close-off")
@click.argument("issue_id", type=int)
@click.option("--evidence", required=True)
@click.option("--on", "on", help="The day (default today).")
@BY
@NOW
def backlog_issue_close_off(issue_id, evidence, on, by, now):
    """销号 of major issue ISSUE_ID (refused while one of its cases is open on the register)."""
    from grids.petitions import backlog as register

    with db.connect() as conn:
        register.close_off_issue(conn, issue_id, evidence=evidence, on=on, by=by, now=now)
    click.echo(f"major issue {issue_id}: closed off")


@backlog.command("issues")
@click.option("--status", type=click.Choice(["open", "closed_off"]))
@FORMAT
def backlog_issues(status, fmt):
    """The major-issues list with the cases behind each."""
    from grids.petitions import backlog as register

    with db.connect() as conn:
        emit_rows(register.major_issues(conn, status=status), fmt)


# ---- gridgov proxies ------------------------------------------------------------------------------


@click.group()
def proxies():
    """Proxy agents (信访代理) at four levels, the first agent, and call–response (呼叫—响应)."""


@proxies.command("add-agent")
@click.option("--name", required=True)
@click.option("--level", type=click.Choice(["city", "county", "township", "village"]), required=True)
@click.option("--area", "area_code", required=True,
              help="city: NNNN00; county: a district cell; township: a street cell; village: a community cell.")
@click.option("--code", help="The agent's code (to name it in later commands).")
@click.option("--phone")
@click.option("--person", help="The agent as a person of the roster (code or id).")
@BY
@NOW
@JSON
def proxies_add_agent(name, level, area_code, code, phone, person, by, now, as_json):
    """Add a proxy agent."""
    from grids.petitions import proxies as agents

    with db.connect() as conn:
        agent_id = agents.add_agent(conn, name=name, level=level, area_code=area_code, code=code, phone=phone,
                                    person=person, by=by, now=now)
    _done({"id": agent_id}, as_json, f"proxy agent {agent_id} ({level} {area_code})")


@proxies.command("take")
@click.argument("case_id", type=int)
@click.option("--agent", required=True, help="The first agent (首办代理员): code or id.")
@BY
@NOW
@JSON
def proxies_take(case_id, agent, by, now, as_json):
    """The first agent takes petition matter CASE_ID on for the citizen."""
    from grids.petitions import proxies as agents

    with db.connect() as conn:
        taken = agents.take(conn, case_id, agent=agent, by=by, now=now)
    _done(taken, as_json, f"case {case_id}: taken on by {taken['agent_name']} ({taken['agent_level']})")


@proxies.command("rate")
@click.argument("case_id", type=int)
@click.option("--satisfaction", type=click.Choice(["satisfied", "basically_satisfied", "dissatisfied"]),
              required=True)
@BY
@NOW
@JSON
def proxies_rate(case_id, satisfaction, by, now, as_json):
    """The citizen's satisfaction with the proxy of CASE_ID, at the end."""
    from grids.petitions import proxies as agents

    with db.connect() as conn:
        taken = agents.rate(conn, case_id, satisfaction=satisfaction, by=by, now=now)
    _done(taken, as_json, f"case {case_id}: proxy rated {satisfaction}")


@proxies.command("call")
@click.argument("case_id", type=int)
@click.option("--from-agent", required=True, help="The calling agent: code or id.")
@click.option("--to-agent", help="A named agent of the level above (default: the level's agents).")
@click.option("--due-hours", type=float, help="Hours within which the level above must respond (default 24).")
@click.option("--reason", required=True, help="What help is needed.")
@BY
@NOW
@JSON
def proxies_call(case_id, from_agent, to_agent, due_hours, reason, by, now, as_json):
    """呼叫: call the level above for help on CASE_ID."""
    from grids.petitions import proxies as agents

    with db.connect() as conn:
        called = agents.call(conn, case_id, from_agent=from_agent, to_agent=to_agent, due_hours=due_hours,
                             reason=reason, by=by, now=now)
    _done(called, as_json, f"call {called['id']}: to {called['to_level']} {called['to_area_code']}, due "
                           f"{called['due_at']:%Y-%m-%d %H:%M}")


@proxies.command("respond")
@click.argument("call_id", type=int)
@click.option("--agent", required=True, help="The responding agent of the called level: code or id.")
@click.option("--note")
@BY
@NOW
@JSON
def proxies_respond(call_id, agent, note, by, now, as_json):
    """响应: answer call CALL_ID; says whether on time or late."""
    from grids.petitions import proxies as agents

    with db.connect() as conn:
        answered = agents.respond(conn, call_id, agent=agent, note=note, by=by, now=now)
    _done(answered, as_json, f"call {call_id}: answered {answered['lateness']}"
                             + (f" ({answered['late_hours']} h late)" if answered["lateness"] == "late" else ""))


@proxies.command("list")
@click.option("--calls", is_flag=True, help="List the calls (with their lateness) instead of the agents.")
@click.option("--waiting", is_flag=True, help="With --calls: only the unanswered ones.")
@click.option("--level", type=click.Choice(["city", "county", "township", "village"]))
@click.option("--within", help="Agents serving this area code or under it.")
@NOW
@FORMAT
def proxies_list(calls, waiting, level, within, now, fmt):
    """The proxy agents (matters taken, calls waiting), or with --calls the calls and their lateness."""
    from grids.petitions import proxies as agents

    with db.connect() as conn:
        rows = (agents.list_calls(conn, waiting_only=waiting, now=now) if calls
                else agents.list_agents(conn, level=level, within=within))
    emit_rows(rows, fmt)


# ---- gridgov reception ----------------------------------------------------------------------------


@click.group()
def reception():
    """Leaders' reception days (领导接访下访日): the calendar, its topics, the next day."""


@reception.command("add")
@click.option("--on", "held_on", help="One day (YYYY-MM-DD).")
@click.option("--monthly", "day_of_month", type=int, help="Instead: this fixed day of each month (e.g. 15).")
@click.option("--from", "first_month", help="With --monthly: the first month (YYYY-MM).")
@click.option("--months", type=int, default=12, show_default=True, help="With --monthly: how many months.")
@click.option("--leader", "leader_name", required=True)
@click.option("--post", "leader_post")
@click.option("--place", required=True)
@click.option("--theme", help="The day's topic (default: its month's theme).")
@click.option("--department", "departments", multiple=True, help="A lead department (repeat).")
@click.option("--kind", type=click.Choice(["reception", "visit"]), default="reception", show_default=True,
              help="reception: 接访; visit: 下访.")
@BY
@NOW
@JSON
def reception_add(held_on, day_of_month, first_month, months, leader_name, leader_post, place, theme, departments,
                  kind, by, now, as_json):
    """Add a reception day (--on) or a fixed day of each month (--monthly DAY --from YYYY-MM)."""
    from grids.petitions import reception as calendar

    if bool(held_on) == bool(day_of_month):
        raise click.UsageError("give either --on DATE or --monthly DAY (with --from YYYY-MM)")
    fields = {"leader_name": leader_name, "leader_post": leader_post, "place": place, "theme": theme,
              "departments": list(departments), "kind": kind, "by": by, "now": now}
    with db.connect() as conn:
        if held_on:
            ids = [calendar.add_day(conn, held_on=held_on, **fields)]
        else:
            if not first_month:
                raise click.UsageError("--monthly needs --from YYYY-MM")
            ids = calendar.add_monthly(conn, day_of_month=day_of_month, first_month=first_month, months=months,
                                       **fields)
    _done({"ids": ids}, as_json, f"{len(ids)} reception day(s) added")


@reception.command("next")
@click.option("--today", help="From this day (default today).")
@JSON
def reception_next(today, as_json):
    """The next reception day and its topic."""
    from grids.petitions import reception as calendar

    with db.connect() as conn:
        upcoming = calendar.next_day(conn, today=today)
    if as_json:
        emit_json(upcoming)
    elif upcoming is None:
        click.echo("no reception day ahead")
    else:
        click.echo(f"{upcoming['held_on']} ({upcoming['days_until']} days): {upcoming['leader_name']} at "
                   f"{upcoming['place']}; topic {upcoming['topic'] or '-'}; departments "
                   f"{', '.join(upcoming['departments']) or '-'}")


@reception.command("bring")
@click.argument("day_id", type=int)
@click.argument("case_id", type=int)
@BY
@NOW
@JSON
def reception_bring(day_id, case_id, by, now, as_json):
    """A petition matter (CASE_ID) brought to reception day DAY_ID."""
    from grids.petitions import reception as calendar

    with db.connect() as conn:
        day = calendar.bring(conn, day_id, case_id, by=by, now=now)
    _done(day, as_json, f"case {case_id} brought to reception day {day_id} ({day['held_on']})")


@reception.command("outcome")
@click.argument("day_id", type=int)
@click.argument("case_id", type=int)
@click.option("--outcome", required=True, type=click.Choice(["resolved_on_the_spot", "assigned", "explained", "referred"]),
              help="当场解决, 交办, 解释说明 or 转办.")
@click.option("--note")
@BY
@NOW
@JSON
def reception_outcome(day_id, case_id, outcome, note, by, now, as_json):
    """The outcome of CASE_ID at reception day DAY_ID (written once)."""
    from grids.petitions import reception as calendar

    with db.connect() as conn:
        day = calendar.record_outcome(conn, day_id, case_id, outcome=outcome, note=note, by=by, now=now)
    _done(day, as_json, f"case {case_id} at reception day {day_id}: {outcome}")


@reception.command("list")
@click.option("--since", help="From this day.")
@click.option("--until", help="To this day (inclusive).")
@FORMAT
def reception_list(since, until, fmt):
    """The calendar with topics and the matters brought."""
    from grids.petitions import reception as calendar

    with db.connect() as conn:
        emit_rows(calendar.list_days(conn, since=since, until=until), fmt)


# ---- gridgov suggestions --------------------------------------------------------------------------


@click.group()
def suggestions():
    """Citizens' suggestions (人民建议征集): campaigns, review, adoption, adoption rates."""


@suggestions.command("campaign")
@click.option("--title", required=True)
@click.option("--from", "starts_on", required=True, help="First day (YYYY-MM-DD).")
@click.option("--to", "ends_on", required=True, help="Last day (YYYY-MM-DD).")
@click.option("--department", "departments", multiple=True, help="A department (repeat).")
@click.option("--description")
@BY
@NOW
@JSON
def suggestions_campaign(title, starts_on, ends_on, departments, description, by, now, as_json):
    """Open a topic campaign (专题征集)."""
    from grids.petitions import suggestions as collected

    with db.connect() as conn:
        campaign_id = collected.add_campaign(conn, title=title, starts_on=starts_on, ends_on=ends_on,
                                             departments=list(departments), description=description, by=by, now=now)
    _done({"id": campaign_id}, as_json, f"campaign {campaign_id}: {title}")


@suggestions.command("add")
@click.option("--body", required=True, help="The suggestion's text.")
@click.option("--campaign", type=int)
@click.option("--name", "submitter_name", help="The submitter (stored; shown masked).")
@click.option("--phone", "submitter_phone", help="The submitter's phone (stored; shown masked).")
@click.option("--received-at", help="When it was received (default now).")
@click.option("--cell", help="The cell it concerns.")
@BY
@NOW
@JSON
def suggestions_add(body, campaign, submitter_name, submitter_phone, received_at, cell, by, now, as_json):
    """Record a citizen's suggestion."""
    from grids.petitions import suggestions as collected

    with db.connect() as conn:
        suggestion_id = collected.add_suggestion(conn, body=body, campaign=campaign, submitter_name=submitter_name,
                                                 submitter_phone=submitter_phone, received_at=received_at, cell=cell,
                                                 by=by, now=now)
    _done({"id": suggestion_id}, as_json, f"suggestion {suggestion_id} recorded")


@suggestions.command("review")
@click.argument("suggestion_id", type=int)
@click.option("--result", type=click.Choice(["refer", "decline"]), required=True,
              help="refer: worth studying, sent to --department; decline: not adopted.")
@click.option("--department")
@click.option("--note")
@BY
@NOW
@JSON
def suggestions_review(suggestion_id, result, department, note, by, now, as_json):
    """Review suggestion SUGGESTION_ID."""
    from grids.petitions import suggestions as collected

    with db.connect() as conn:
        reviewed = collected.review(conn, suggestion_id, result=result, department=department, note=note, by=by,
                                    now=now)
    _done(reviewed, as_json, f"suggestion {suggestion_id}: {reviewed['status']}")


@suggestions.command("adopt")
@click.argument("suggestion_id", type=int)
@click.option("--action", "action_taken", required=True, help="What the department did.")
@click.option("--department", help="Default: the department it was referred to.")
@BY
@NOW
@JSON
def suggestions_adopt(suggestion_id, action_taken, department, by, now, as_json):
    """采纳: suggestion SUGGESTION_ID adopted, with what was done."""
    from grids.petitions import suggestions as collected

    with db.connect() as conn:
        adopted = collected.adopt(conn, suggestion_id, action_taken=action_taken, department=department, by=by,
                                  now=now)
    _done(adopted, as_json, f"suggestion {suggestion_id}: adopted by {adopted['department']}")


@suggestions.command("rate")
@click.option("--since", help="Received from this time (ISO; default: all).")
@click.option("--until", help="Received before this time.")
@click.option("--within", help="Only suggestions about cells under this code.")
@FORMAT
def suggestions_rate(since, until, within, fmt):
    """采纳率: adopted / received, per campaign and overall."""
    from grids.petitions import suggestions as collected

    with db.connect() as conn:
        rates = collected.adoption_rates(conn, since=since, until=until, within=within)
    emit_rows([*rates["campaigns"], rates["overall"]], fmt,
              columns=["campaign_id", "title", "received", "adopted", "adoption_rate", "is_total"])


GROUPS = (backlog, proxies, reception, suggestions)
