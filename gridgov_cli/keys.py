"""``gridgov keys`` and ``gridgov webhooks``: the keys of calling systems, and the pushes to their webhooks.

A key's token is printed once, by ``create``, and never stored (only its SHA-256): keep it like a
password, and revoke the key and make a new one if it is lost or leaks. A webhook's secret is never an
argument (it would show in ``ps`` and the shell's history): it is asked twice without echo. Every change
goes into ``api_key_event`` with the operator (``cli:<user>``).
"""
import click

from gis import db
from gridgov_cli.output import emit_json
from grids.incidents.store import CHANNELS


@click.group()
def keys():
    """Keys of calling systems (the 12345 platform, 110) and readers (QGIS): scopes, channels, cells, webhooks."""


@keys.command(name="create")
@click.argument("name")
@click.option("--channel", "channels", multiple=True, type=click.Choice(list(CHANNELS)),
              help="A channel the key may submit to (repeat for several; needed with the intake scope).")
@click.option("--cell", "cells", multiple=True,
              help="A cell code the key is scoped to (repeat for several; none: the whole district).")
@click.option("--scope", "scopes", multiple=True, type=click.Choice(["intake", "features"]),
              help="What the key may do: intake (submit tickets, the default) and/or features (read /ogcapi, "
                   "OGC API Features for QGIS); repeat for both.")
def create_command(name, channels, cells, scopes):
    """Create the key NAME and print its token (shown this once)."""
    from grids.integration.keys import create_key

    with db.connect() as conn:
        key, token = create_key(conn, name, channels, cells, scopes or ("intake",))
    click.echo(f"{name}: created ({', '.join(key['scopes'])}; channels {', '.join(key['channels']) or 'none'}; "
               f"cells {', '.join(key['cell_prefixes']) or 'all'})")
    click.echo(f"token (shown once, store it now): {token}")


@keys.command(name="list")
@click.option("--json", "as_json", is_flag=True)
def list_command(as_json):
    """Every key: channels, cells, created, revoked, webhook, tickets submitted, pushes waiting."""
    from grids.integration.keys import list_keys

    with db.connect() as conn:
        found = list_keys(conn)
    if as_json:
        emit_json(found)
        return
    for k in found:
        state = f"revoked {k['revoked_at']:%Y-%m-%d %H:%M}" if k["revoked_at"] else "active"
        click.echo(f"{k['name']:24} {','.join(k['scopes']):16} {','.join(k['channels']) or '-':18} {','.join(k['cell_prefixes']) or 'all cells':20} "
                   f"{state:24} {k['tickets']:>8} tickets  webhook {k['webhook_url'] or '-'} "
                   f"({k['pushes_waiting']} waiting)")


@keys.command(name="revoke")
@click.argument("name")
def revoke_command(name):
    """Refuse the key NAME from now on (its tickets stay)."""
    from grids.integration.keys import revoke_key

    with db.connect() as conn:
        revoke_key(conn, name)
    click.echo(f"{name}: revoked")


@keys.command(name="set-webhook")
@click.argument("name")
@click.argument("url")
def set_webhook_command(name, url):
    """Push each status change of NAME's tickets to URL, signed with a secret (asked twice)."""
    from grids.integration.keys import set_webhook

    secret = click.prompt("webhook secret", hide_input=True, confirmation_prompt=True)
    with db.connect() as conn:
        set_webhook(conn, name, url, secret)
    click.echo(f"{name}: status changes go to {url} from now on")


@keys.command(name="remove-webhook")
@click.argument("name")
def remove_webhook_command(name):
    """Stop pushing NAME's status changes."""
    from grids.integration.keys import remove_webhook

    with db.connect() as conn:
        remove_webhook(conn, name)
    click.echo(f"{name}: no webhook")


@click.group()
def webhooks():
    """Pushes of status changes to the keys' webhooks."""


@webhooks.command(name="deliver")
def deliver_command():
    """Queue the status changes since the last run and post those due (failures are tried again later)."""
    from grids.integration.webhooks import run

    with db.connect() as conn:
        counts = run(conn)
    click.echo(f"{counts['queued']} queued, {counts['delivered']} delivered, {counts['failed']} failed "
               f"(to be tried again), {counts['given_up']} given up")
