"""The `exitfi db` commands: bring the database schema up to date, and show where it stands."""

from __future__ import annotations

import click



@click.group()
def db():
    """Schema migrations of the core and of the plugins the cities run."""


@db.command("upgrade")
@click.pass_obj
def db_upgrade(obj):
    """Apply the revisions the database lacks (in production, after a backup)."""
    upgrade_schema(obj.folder, click.echo)


@db.command("current")
@click.pass_obj
def db_current(obj):
    """Show, per branch, the last revision the database has and the newest there is."""
    from core.instance import open_instance
    instance = open_instance(obj.folder, migrate=False)
    try:
        for label, current, newest in instance.schema.positions():
            state = "up to date" if current == newest else f"behind: the newest is {newest}"
            click.echo(f"{label:16} {current or 'none':24} {state}")
    finally:
        instance.close()


@db.command("revision")
@click.argument("branch")
@click.option("-m", "--message", required=True, help="What the revision changes, in a few words.")
@click.pass_obj
def db_revision(obj, branch, message):
    """Write BRANCH's next revision (core, or a plugin's name) from how its models differ from the database."""
    path = obj.instance.schema.revision(branch, message)
    click.echo(f"wrote {path}; read it, adjust it if needed, then run 'exitfi db upgrade'")


def upgrade_schema(folder, echo) -> None:
    """Open an instance without its start-up check, upgrade its database and say what was applied."""
    from core.instance import open_instance
    instance = open_instance(folder, migrate=False)
    try:
        done = instance.schema.upgrade()
    finally:
        instance.close()
    if done.recorded:
        echo(f"tables made before migrations recorded as {', '.join(done.recorded)}")
    echo(f"schema upgraded: {', '.join(done.applied)}" if done.applied else "schema up to date")


commands = (db,)
