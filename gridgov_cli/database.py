"""``gridgov db``: the embedded PostGIS and the schema."""
import os

import click

from gis import db as database
from gis import embedded, migrate


def _external():
    return os.environ.get("GRIDGOV_DATABASE_URL")


@click.group()
def db():
    """The database: the embedded PostGIS (default) or GRIDGOV_DATABASE_URL."""


@db.command()
def start():
    """Create (first time) and start the embedded PostGIS."""
    if _external():
        raise click.UsageError("GRIDGOV_DATABASE_URL is set: gridgov does not start a server")
    cluster = embedded.start()
    click.echo(f"embedded PostGIS running; data in {cluster.data_dir}")
    click.echo(cluster.url())


@db.command()
def stop():
    """Stop the embedded PostGIS."""
    if _external():
        raise click.UsageError("GRIDGOV_DATABASE_URL is set: gridgov does not manage that server")
    embedded.stop()
    click.echo("embedded PostGIS stopped")


@db.command()
def status():
    """Say which database gridgov uses and whether it is running."""
    if _external():
        click.echo(f"external database (GRIDGOV_DATABASE_URL): {_external()}")
        return
    cluster = embedded.cluster()
    state = "running" if embedded.is_running(cluster) else "stopped"
    click.echo(f"embedded PostGIS {state}; home {cluster.home}; socket {cluster.socket_dir}")


@db.command()
def url():
    """Print the connection URL (starts the embedded server if needed), e.g. for psql."""
    click.echo(database.database_url())


@db.command(name="migrate")
def migrate_command():
    """Apply the schema migrations not yet applied (idempotent)."""
    conn = database.open_connection()
    try:
        applied = migrate.migrate(conn)
        conn.commit()
    finally:
        conn.close()
    click.echo("applied: " + ", ".join(applied) if applied else "schema up to date")
