"""``gridgov petitions``: petition matters (信访事项) — register, the steps of the 条例, lists, skip-level
visit reports, adoption of imported petition cases, and the office's indicators. docs/petitions.md."""
import click

from gis import db
from gridgov_cli.output import emit_json, emit_list, emit_rows

NOW = click.option("--now", help="The case clock's time (ISO 8601; default now; no offset: Asia/Shanghai).")
ON = click.option("--on", "on", help="The day the step happened (YYYY-MM-DD; default today).")
BY = click.option("--by", "by", required=True, help="Code or id of the person acting.")
JSON = click.option("--json", "as_json", is_flag=True)
FORMS = ["letter", "visit", "online", "phone", "leader_mailbox", "来信", "来访", "网上", "电话", "领导信箱"]
SATISFACTION = ["satisfied", "basically_satisfied", "dissatisfied", "满意", "基本满意", "不满意"]


@click.group()
def petitions():
    """Petitions (信访): matters, deadlines, repeats, skip-level visits, indicators."""


@petitions.command()
@click.option("--case", "case_id", type=int, help="Register on this existing case (else --ticket opens one).")
@click.option("--ticket", help="A new petition case's ticket (信访编号).")
@click.option("--category", help="The new case's category code.")
@click.option("--cell", help="The new case's cell code (problem's place, 问题属地).")
@click.option("--title", help="The new case's title (信访事项).")
@click.option("--form", type=click.Choice(FORMS), required=True, help="信访形式.")
@click.option("--petitioner", "petitioner_specs", multiple=True, required=True,
              help="NAME[,PHONE[,ID NUMBER]]; repeat for each petitioner (5 or more: 集体访).")
@click.option("--body", required=True, help="The body that must handle it (有权处理机关).")
@click.option("--body-cell", help="That body's cell code.")
@click.option("--body-person", help="That body as a department of the roster (code or id).")
@click.option("--registered-on", help="The day of registration (default today).")
@click.option("--summary")
@BY
@NOW
@click.option("--with-personal-data", is_flag=True, help="Show the petitioners unmasked.")
@JSON
def register(case_id, ticket, category, cell, title, form, petitioner_specs, body, body_cell, body_person,
             registered_on, summary, by, now, with_personal_data, as_json):
    """Register a petition matter (登记) on a case or a new one; the repeat rule runs at once."""
    from grids.petitions import matters

    new_case = {"source_ref": ticket, "category": category, "cell": cell, "title": title} if ticket else None
    with db.connect() as conn:
        matter = matters.register(conn, case_id, form=form, petitioners=[_petitioner(s) for s in petitioner_specs],
                                  handling_body=body, handling_cell=body_cell, handling_person=body_person,
                                  registered_on=registered_on, summary=summary, new_case=new_case, by=by, now=now)
        if with_personal_data:
            matter = matters.get_matter(conn, matter["id"], with_personal_data=True, now=now)
    if as_json:
        emit_json(matter)
        return
    repeat = f"; a repeat of matter {matter['repeat_of']}" if matter["repeat_of"] else "; a first petition"
    click.echo(f"matter {matter['id']} ({matter['source_ref']}) registered {matter['registered_on']}, decide "
               f"acceptance by {matter['accept_due']}{repeat}")


def _petitioner(spec):
    parts = [p.strip() for p in spec.split(",")]
    return {"name": parts[0], "phone": parts[1] if len(parts) > 1 and parts[1] else None,
            "id_number": parts[2] if len(parts) > 2 and parts[2] else None}


@petitions.command()
@click.argument("matter_id", type=int)
@click.option("--not", "refuse", is_flag=True, help="不予受理 (with --reason).")
@click.option("--reason", help="Why it is not accepted.")
@click.option("--note")
@ON
@BY
@NOW
def accept(matter_id, refuse, reason, note, on, by, now):
    """Accept (受理) a matter, or with --not refuse it; due 15 days after registration."""
    from grids.petitions import matters

    with db.connect() as conn:
        if refuse:
            late = matters.not_accept(conn, matter_id, reason=reason, on=on, by=by, now=now)
        else:
            late = matters.accept(conn, matter_id, on=on, by=by, note=note, now=now)
    click.echo(f"matter {matter_id}: {'not accepted' if refuse else 'accepted'}{' (late)' if late else ''}")


@petitions.command()
@click.argument("matter_id", type=int)
@click.option("--opinion", required=True, help="The handling opinion (处理意见).")
@click.option("--satisfaction", type=click.Choice(SATISFACTION), help="满意, 基本满意, 不满意.")
@ON
@BY
@NOW
def handle(matter_id, opinion, satisfaction, on, by, now):
    """Handle (办结) a matter; due 60 days after acceptance (or extended)."""
    from grids.petitions import matters

    with db.connect() as conn:
        late = matters.handle(conn, matter_id, opinion=opinion, satisfaction=satisfaction, on=on, by=by, now=now)
    click.echo(f"matter {matter_id}: handled{' (late)' if late else ''}")


@petitions.command()
@click.argument("matter_id", type=int)
@click.option("--days", type=int, required=True, help="1 to 30; once.")
@click.option("--reason", required=True)
@ON
@BY
@NOW
def extend(matter_id, days, reason, on, by, now):
    """Extend the handling period once by at most 30 days (延期)."""
    from grids.petitions import matters

    with db.connect() as conn:
        due = matters.extend(conn, matter_id, days=days, reason=reason, on=on, by=by, now=now)
    click.echo(f"matter {matter_id}: handling now due {due}")


@petitions.command()
@click.argument("matter_id", type=int)
@click.argument("what", type=click.Choice(["request", "decide"]))
@click.option("--rereview", is_flag=True, help="复核 (the second level) instead of 复查.")
@click.option("--opinion", help="decide: the opinion.")
@click.option("--satisfaction", type=click.Choice(SATISFACTION))
@click.option("--note")
@ON
@BY
@NOW
def review(matter_id, what, rereview, opinion, satisfaction, note, on, by, now):
    """A review (复查) or re-review (复核): requested within 30 days of the answer, decided within 30."""
    from grids.petitions import matters

    with db.connect() as conn:
        if what == "request":
            due = matters.request_review(conn, matter_id, on=on, by=by, note=note, now=now, rereview=rereview)
            click.echo(f"matter {matter_id}: {'re-review' if rereview else 'review'} requested, decide by {due}")
            return
        late = matters.review(conn, matter_id, opinion=opinion, satisfaction=satisfaction, on=on, by=by, now=now,
                              rereview=rereview)
    click.echo(f"matter {matter_id}: {'re-reviewed' if rereview else 'reviewed'}{' (late)' if late else ''}")


@petitions.command("list")
@click.option("--within", help="Cases placed under this cell code.")
@click.option("--stage", "stages", multiple=True)
@click.option("--overdue-on", help="Only matters past their deadline on this day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
def list_command(within, stages, overdue_on, fmt):
    """Matters, newest first; no personal data."""
    from grids.petitions import matters

    with db.connect() as conn:
        rows = matters.list_matters(conn, within=within, stages=stages or None, overdue_on=overdue_on)
    emit_rows(rows, fmt)


@petitions.command()
@click.argument("matter_id", type=int)
@click.option("--with-personal-data", is_flag=True, help="Show the petitioners' phones and ID numbers unmasked.")
@NOW
@JSON
def show(matter_id, with_personal_data, now, as_json):
    """One matter: record, deadlines, petitioners (masked), repeat link, history."""
    from grids.petitions import matters

    with db.connect() as conn:
        matter = matters.get_matter(conn, matter_id, with_personal_data=with_personal_data, now=now)
    if as_json:
        emit_json(matter)
        return
    click.echo(f"matter {matter['id']} ({matter['source_ref']}), {matter['form']}, {matter['stage']}; body "
               f"{matter['handling_body']}; registered {matter['registered_on']}; due {matter['current_due'] or '-'}"
               f"{' OVERDUE' if matter['overdue'] else ''}")
    if matter["repeat_of"]:
        click.echo(f"  repeat of {matter['repeat_of']} (first {matter['first_matter_id']}; "
                   f"{'/'.join(matter['repeat_matched_on'])}, same {'/'.join(matter['repeat_same_by'])})")
    emit_list("petitioners", [" ".join(str(v) for v in (p["name"], p["phone"], p["id_number"]) if v)
                              for p in matter["petitioners"]])
    emit_list("history", [f"{e['at']:%Y-%m-%d %H:%M} {e['action']} {e['from_stage'] or ''} → {e['to_stage']}"
                          f"{' late' if e['late'] else ''}" for e in matter["history"]], limit=100)


@petitions.group()
def visits():
    """Skip-level visits (越级访) reported back by other offices."""


@visits.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@JSON
def visits_import(path, as_json):
    """Import a report of skip-level visits (CSV or xlsx), all or nothing."""
    from etl.petition_visits_file import import_visits_file

    with db.connect() as conn:
        result = import_visits_file(conn, path)
    if as_json:
        emit_json(result)
        return
    click.echo(f"{result['visits']} visits: {result['new']} new, {result['unchanged']} already stored, "
               f"{result['matched']} matched to a matter")
    emit_list("columns ignored (no field of their own)", result["ignored_columns"])


@petitions.command()
@click.option("--case", "case_ids", type=int, multiple=True, help="Only these cases (default: all without one).")
@click.option("--default-form", type=click.Choice(FORMS), help="For cases whose 信访形式 is empty.")
@click.option("--default-body", help="For cases whose 责任单位 is empty.")
@NOW
@JSON
def adopt(case_ids, default_form, default_body, now, as_json):
    """Give every imported petition case without a matter its matter (all or nothing)."""
    from grids.petitions.adoption import adopt as adopt_cases

    with db.connect() as conn:
        result = adopt_cases(conn, case_ids=case_ids or None, default_form=default_form, default_body=default_body,
                             now=now)
    if as_json:
        emit_json(result)
        return
    click.echo(f"{len(result['adopted'])} matters, {result['repeats']} found to be repeats")
    emit_list("是否重复 disagrees with the repeat rule",
              [f"{d['source_ref']}: declared {'是' if d['declared_repeat'] else '否'}, found "
               f"{'repeat' if d['detected_repeat'] else 'first'}" for d in result["disagreements"]])


@petitions.command("kpi")
@click.option("--from", "start", required=True, help="First month (YYYY-MM).")
@click.option("--to", "end", required=True, help="Last month (YYYY-MM).")
@click.option("--level", type=click.Choice(["district", "street", "community", "grid"]), default="grid",
              show_default=True)
@click.option("--within", help="Only cells under this code.")
@NOW
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
def kpi_command(start, end, level, within, now, fmt):
    """The four key indicators, first-petition share and satisfaction, first→repeat, per cell and month."""
    from grids.petitions.kpi import indicators

    with db.connect() as conn:
        rows = indicators(conn, start=start, end=end, level=level, within=within, as_of=now)
    if fmt == "json":
        emit_json(rows)
        return
    emit_rows([{k: v for k, v in r.items() if k != "last_year"} | {"total_last_year": (r["last_year"] or {}).get(
        "total", 0)} for r in rows], fmt, columns=["cell", "month", "total", "beijing", "province", "city",
                                                   "first_share", "first_satisfaction", "first_to_repeat",
                                                   "total_last_year"])
