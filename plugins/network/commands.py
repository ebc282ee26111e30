"""`exitfi network export FILE` and `exitfi network import FILE`: the directory as CSV, from the command line."""

from __future__ import annotations

import click


@click.group()
def network():
    """The national network's directory."""


@network.command("export")
@click.argument("file", type=click.File("w", encoding="utf-8"))
@click.pass_obj
def export_command(obj, file):
    """Write the directory (organisations and their services) to FILE as CSV ('-': standard output)."""
    from plugins.network.csv_directory import export_directory
    file.write(export_directory(obj.instance.store))


@network.command("import")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.pass_obj
def import_command(obj, file):
    """Import a CSV directory from FILE: every row is checked, and nothing is imported while any is wrong."""
    from core.toolkit import ConflictError
    from plugins.network.csv_directory import ImportRefused, import_directory
    instance = obj.instance
    try:
        count = import_directory(instance.store, obj.operator(), file.read(), instance.settings.cities)
    except ImportRefused as e:
        for problem in e.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(str(e)) from None
    except ConflictError:
        raise click.ClickException("the directory changed while the file was imported (another import?); "
                                   "nothing was imported: import the file again") from None
    click.echo(f"imported {count} organisation(s)")
