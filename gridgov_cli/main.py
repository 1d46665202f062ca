"""The ``gridgov`` command: one group per area, each command a thin layer over one core function."""
import click

from gis.errors import GridgovError
from gridgov_cli.boundaries import boundaries
from gridgov_cli.cases import cases
from gridgov_cli.database import db
from gridgov_cli.demo import demo
from gridgov_cli.generations import generations
from gridgov_cli.incidents import incidents
from gridgov_cli.kpi import kpi, load
from gridgov_cli.people import people
from gridgov_cli.plan import plan
from gridgov_cli.serve import serve


class Gridgov(click.Group):
    """Turns gridgov's own errors into a clear message and exit status 2, without a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GridgovError as error:
            click.echo(f"error [{error.code}]: {error}", err=True)
            ctx.exit(2)


@click.group(cls=Gridgov)
def cli():
    """gridgov: grid-based community governance on PostGIS."""


cli.add_command(db)
cli.add_command(boundaries)
cli.add_command(generations)
cli.add_command(demo)
cli.add_command(incidents)
cli.add_command(people)
cli.add_command(plan)
cli.add_command(cases)
cli.add_command(kpi)
cli.add_command(load)
cli.add_command(serve)
