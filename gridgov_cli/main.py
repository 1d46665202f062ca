"""The ``gridgov`` command: one group per area, each command a thin layer over one core function."""
import getpass

import click
import psycopg2

from gis import db as gis_db
from gis import settings as gridgov_settings
from gis.errors import GridgovError
from gridgov_cli.accounts import accounts
from gridgov_cli.addresses import addresses
from gridgov_cli.boundaries import boundaries
from gridgov_cli.cases import cases
from gridgov_cli.database import db
from gridgov_cli.demo import demo
from gridgov_cli.foresight import foresight
from gridgov_cli.generations import generations
from gridgov_cli.incidents import incidents
from gridgov_cli.keys import keys, webhooks
from gridgov_cli.kpi import kpi, load
from gridgov_cli.people import people
from gridgov_cli.petition_work import GROUPS as petition_work_groups
from gridgov_cli.petitions import petitions
from gridgov_cli.plan import plan
from gridgov_cli.report import report
from gridgov_cli.serve import serve


class Gridgov(click.Group):
    """Every failure as a message, never a traceback: gridgov's own errors (a file, row or field and the
    reason) and the database's refusals exit 2; anything else is a bug, reported in one line with exit
    3 (``GRIDGOV_DEBUG=1`` shows the traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GridgovError as error:
            click.echo(f"error [{error.code}]: {error}", err=True)
            ctx.exit(2)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except psycopg2.Error as error:
            click.echo(f"error [database]: {_first_line(error)}; nothing was changed", err=True)
            ctx.exit(2)
        except Exception as error:
            if _debug():
                raise
            click.echo(f"error [internal]: {type(error).__name__}: {_first_line(error)} — this is a bug in "
                       "gridgov; run again with GRIDGOV_DEBUG=1 for the details and report it", err=True)
            ctx.exit(3)


def _debug():
    try:
        return gridgov_settings.settings().debug
    except GridgovError:           # the settings were refused: that message was already shown
        return False


def _first_line(error):
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


@click.group(cls=Gridgov)
@click.version_option(package_name="gridgov", prog_name="gridgov")
def cli():
    """gridgov: grid-based community governance on PostGIS."""
    # every GRIDGOV_* setting read and checked before any command: a bad one is one line naming it, exit 2
    gridgov_settings.settings()
    for name, suggestion in gridgov_settings.unknown():
        click.echo(f"warning: {name} is not a gridgov setting" + (f" (did you mean {suggestion}?)" if suggestion
                   else "") + "; ignored (docs/deploy.md lists them)", err=True)
    # whoever types a command is recorded with what it writes (case history, imports, publications),
    # beside the person an action names with --by
    gis_db.set_operator(f"cli:{getpass.getuser()}")


cli.add_command(accounts)
cli.add_command(addresses)
cli.add_command(db)
cli.add_command(boundaries)
cli.add_command(generations)
cli.add_command(demo)
cli.add_command(foresight)
cli.add_command(incidents)
cli.add_command(people)
cli.add_command(petitions)
cli.add_command(plan)
cli.add_command(report)
cli.add_command(cases)
cli.add_command(keys)
cli.add_command(kpi)
cli.add_command(load)
cli.add_command(serve)
cli.add_command(webhooks)
for group in petition_work_groups:        # backlog, proxies, reception, suggestions
    cli.add_command(group)
