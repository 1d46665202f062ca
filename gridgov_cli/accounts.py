"""``gridgov accounts``: the web app's accounts — create, list, change, lock out and the account log.

Passwords are never arguments (they would show in ``ps`` and the shell's history): they are asked twice
without echo, or read from a file by ``import`` (then the file must be kept like one). Every change
ends the account's sessions where it changes who may do what, and goes into the account log with the
operator (``cli:<user>``).
"""
import click

from gis import db
from gridgov_cli.output import emit_json
from grids.people.accounts import ROLES


@click.group()
def accounts():
    """Accounts of the web app: who may sign in, with which role, over which cells."""


def _password():
    return click.prompt("password", hide_input=True, confirmation_prompt=True)


@accounts.command(name="create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(list(ROLES)))
@click.option("--scope", "scope_code", help="The cell the account sees (a street, community or district code).")
@click.option("--person", help="The person's code (工号): a grid member's or a department's account.")
def create_command(username, role, scope_code, person):
    """Create USERNAME (the password is asked twice)."""
    from grids.people import accounts as store
    from grids.people.roster import find_person

    password = _password()
    with db.connect() as conn:
        person_id = find_person(conn, person)["id"] if person else None
        store.create_account(conn, username, password, role, scope_code=scope_code, person_id=person_id)
    click.echo(f"{username}: created ({role}{', ' + scope_code if scope_code else ''})")


@accounts.command(name="list")
@click.option("--json", "as_json", is_flag=True)
def list_command(as_json):
    """Every account: role, scope, person, disabled or locked, last sign-in."""
    from grids.people import accounts as store
    from grids.people.signin import locked_until

    with db.connect() as conn:
        found = store.list_accounts(conn)
        for account in found:
            account["locked_until"] = locked_until(conn, account["username"], None)
    if as_json:
        emit_json(found)
        return
    for a in found:
        state = "disabled" if a["disabled_at"] else (f"locked until {a['locked_until']:%H:%M}" if a["locked_until"]
                                                     else "active")
        last = f"last sign-in {a['last_sign_in']:%Y-%m-%d %H:%M}" if a["last_sign_in"] else "never signed in"
        click.echo(f"{a['username']:20} {a['role']:16} {a['scope_code'] or '-':15} {a['person_name'] or '-':10} "
                   f"{state:22} {last}")


@accounts.command(name="reset-password")
@click.argument("username")
def reset_password_command(username):
    """Give USERNAME a new password (asked twice) and sign it out everywhere."""
    from grids.people.accounts import set_password

    password = _password()
    with db.connect() as conn:
        set_password(conn, username, password)
    click.echo(f"{username}: password changed; every session of the account has ended")


@accounts.command(name="disable")
@click.argument("username")
def disable_command(username):
    """Refuse USERNAME's sign-ins from now on and sign it out everywhere."""
    from grids.people.accounts import disable_account

    with db.connect() as conn:
        disable_account(conn, username)
    click.echo(f"{username}: disabled; every session of the account has ended")


@accounts.command(name="enable")
@click.argument("username")
def enable_command(username):
    """Let a disabled USERNAME sign in again."""
    from grids.people.accounts import enable_account

    with db.connect() as conn:
        enable_account(conn, username)
    click.echo(f"{username}: enabled; it may sign in again")


@accounts.command(name="unlock")
@click.argument("username")
def unlock_command(username):
    """Release USERNAME from a lock-out after failed sign-ins."""
    from grids.people.accounts import get_account
    from grids.people.signin import unlock

    with db.connect() as conn:
        account = get_account(conn, username=username)
        unlock(conn, username, account["id"] if account else None)
    click.echo(f"{username}: unlocked")


@accounts.command(name="set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(list(ROLES)))
@click.option("--scope", "scope_code", help="The cell of the new role (a street or community for their staff).")
@click.option("--person", help="The person's code (工号), for a grid member's or department's account.")
def set_role_command(username, role, scope_code, person):
    """Give USERNAME another ROLE; its sessions end."""
    from grids.people.accounts import set_role
    from grids.people.roster import find_person

    with db.connect() as conn:
        person_id = find_person(conn, person)["id"] if person else None
        set_role(conn, username, role, scope_code=scope_code, person_id=person_id)
    click.echo(f"{username}: now {role}")


@accounts.command(name="set-scope")
@click.argument("username")
@click.argument("scope_code")
def set_scope_command(username, scope_code):
    """Give USERNAME another scope cell (of the level its role has)."""
    from grids.people.accounts import set_scope

    with db.connect() as conn:
        set_scope(conn, username, scope_code)
    click.echo(f"{username}: sees {scope_code}")


@accounts.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check everything, report, write nothing.")
def import_command(file, dry_run):
    """Create or replace accounts from FILE (CSV or .xlsx: 用户名, 角色, 范围, 工号, 初始密码); all or nothing."""
    from etl.account_file import import_account_file

    with db.connect() as conn:
        report = import_account_file(conn, file)
        if dry_run:
            conn.rollback()
    click.echo(f"{'would import' if dry_run else 'imported'} {report['accounts']} accounts from {report['file']}")


@accounts.command(name="log")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="From this day (Asia/Shanghai).")
@click.option("--user", "username", help="Only this username.")
@click.option("--limit", type=int, default=1000, show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write CSV (UTF-8 with BOM) instead.")
def log_command(since, username, limit, output):
    """The account log: sign-ins, failures, lock-outs and account changes, newest first."""
    from etl.account_file import export_account_log
    from grids.clock import SHANGHAI
    from grids.people.signin import events

    with db.connect() as conn:
        found = events(conn, since=since.replace(tzinfo=SHANGHAI) if since else None, username=username,
                       limit=limit)
    if output:
        click.echo(f"wrote {export_account_log(found, output)} lines to {output}")
        return
    for e in found:
        click.echo(f"{e['at'].astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S} {e['event']:16} {e['username']:20} "
                   f"{e['address'] or '-':15} {e['operator'] or '-'}")
