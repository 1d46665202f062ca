"""``gridgov db``: the embedded PostGIS and the schema."""
import click

from gis import db as database
from gis import embedded, migrate
from gis.settings import masked_url, settings


def _external():
    return settings().database_url or settings().app_database_url


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
        click.echo(f"external database (GRIDGOV_DATABASE_URL): {masked_url(settings().database_url or 'not set')}")
        login = "its own login (GRIDGOV_APP_DATABASE_URL)" if settings().app_database_url \
            else "the owner's login with SET ROLE gridgov_app (weaker: set GRIDGOV_APP_DATABASE_URL)"
        click.echo(f"the app connects as gridgov_app through {login}")
        return
    cluster = embedded.cluster()
    state = "running" if embedded.is_running(cluster) else "stopped"
    click.echo(f"embedded PostGIS {state}; home {cluster.home}; socket {cluster.socket_dir}")


@db.command()
@click.option("--role", type=click.Choice([database.OWNER, database.APP]), default=database.OWNER, show_default=True,
              help="The owner of the tables (migrations, demo, imports) or the app's role (web app, everyday commands).")
def url(role):
    """Print the connection URL (starts the embedded server if needed), e.g. for psql."""
    click.echo(database.database_url(role))


@db.command(name="migrate")
def migrate_command():
    """Apply the schema migrations not yet applied (idempotent)."""
    conn = database.open_connection(role=database.OWNER)      # migrations always run as the owner
    try:
        applied = migrate.migrate(conn)
        conn.commit()
    finally:
        conn.close()
    click.echo("applied: " + ", ".join(applied) if applied else "schema up to date")


@db.command()
@click.argument("file", type=click.Path(dir_okay=False))
def backup(file):
    """Write the whole store to FILE (pg_dump, custom format)."""
    from gis.backup import backup as dump

    size = dump(database.database_url(database.OWNER), file)
    click.echo(f"backed up to {file} ({size / 1048576:.1f} MB)")


@db.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def restore(file):
    """Restore FILE into the (empty) database: the migrations, then the backup's data."""
    from gis.backup import restore as load_backup

    applied = load_backup(database.database_url(database.OWNER), file)
    click.echo(f"restored {file}: schema built by {len(applied)} migrations, then the data")
