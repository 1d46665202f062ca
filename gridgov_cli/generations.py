"""``gridgov generations``: list, publish or discard boundary generations."""
import click

from gis import db
from grids.cells import generations as generation_store
from grids.planning.publishing import publish_import


@click.group()
def generations():
    """Boundary generations: every published one stays queryable."""


@generations.command(name="list")
def list_command():
    """List the generations, newest first."""
    with db.connect() as conn:
        rows = generation_store.list_generations(conn)
        current = generation_store.current_generation(conn)
    for row in rows:
        state = "current" if row["id"] == current else ("draft" if row["published_at"] is None else "published")
        since = f" effective {row['effective_date']}" if row["effective_date"] else ""
        click.echo(f"{row['id']:>4}  {state:9} {row['cells']:>7} cells ({row['new_rows']} new rows){since}  "
                   f"{row['description']}")


@generations.command()
@click.option("--effective", type=click.DateTime(formats=["%Y-%m-%d"]), help="Effective date (default today).")
@click.option("--district", help="Publish this district's changes alone (6 digits); the rest stay in a new draft.")
def publish(effective, district):
    """Publish the draft generation: it becomes current."""
    with db.connect() as conn:
        number = publish_import(conn, effective.date() if effective else None, district)
        left = generation_store.draft_generation(conn) if district else None
    click.echo(f"generation {number} published and current"
               + (f" with district {district}'s changes; the others' stay in draft generation {left}" if left else ""))


@generations.command()
@click.option("--district", help="Discard this district's part alone (6 digits).")
def discard(district):
    """Discard the draft generation (or one district's part of it); published ones are untouched."""
    with db.connect() as conn:
        number = generation_store.discard_draft(conn, district)
    click.echo(f"draft generation {number} discarded" + (f" in district {district}" if district else ""))
