"""The `exitfi plugins` commands: what is installed and enabled, the hook reference, the register of processing."""

from __future__ import annotations

from pathlib import Path

import click


@click.group(invoke_without_command=True)
@click.pass_context
def plugins(ctx):
    """List the plugins (the default), print the hook reference or the register of processing."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(plugins_list)


@plugins.command("list")
@click.pass_obj
def plugins_list(obj):
    """List each city with its plugins and their versions."""
    from core.config import load_settings
    from core.plugins import PluginHost
    settings = load_settings(obj.folder)
    host = PluginHost(settings)
    for slug, city in settings.cities.items():
        click.echo(f"{slug} ({city.name}):")
        for p in host.cities[slug]:
            needs = f"  requires {', '.join(p.requires)}" if p.requires else ""
            click.echo(f"  {p.name:16} {p.version}{needs}")
    enabled = {p.name for plugins in host.cities.values() for p in plugins}
    if idle := [p for name, p in sorted(host.installed.items()) if name not in enabled]:
        click.echo("installed, run by no city:")
        for p in idle:
            click.echo(f"  {p.name:16} {p.version}")


@plugins.command("new")
@click.argument("name")
@click.option("--dir", "parent", type=click.Path(file_okay=False), default=".", help="Where to make the folder.")
def plugins_new(name, parent):
    """Make a new plugin package, NAME, with the house anatomy and tests that pass at once."""
    from core.scaffold import create_plugin
    folder = create_plugin(name, Path(parent))
    click.echo(f"made {folder}; next: pip install -e {folder}, then python -m pytest {folder}")


@plugins.command("hooks")
@click.option("--update", type=click.Path(dir_okay=False), help="Rewrite the reference inside this file instead.")
def plugins_hooks(update):
    """Print the hook reference (docs/plugins.md) written from the hook specifications."""
    from core import hookdocs
    from core.plugins import discover
    if update:
        hookdocs.update(Path(update), discover())
        click.echo(f"updated {update}")
    else:
        click.echo(hookdocs.reference(discover()), nl=False)


@plugins.command("personal-data")
@click.option("--format", "kind", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True,
              help="The register as text, CSV (one line per city and field) or JSON.")
@click.option("--check", is_flag=True,
              help="Read the whole log and the event classes instead, and name every personal field a plugin stores "
                   "that none of its declarations names, and every declared field no event has.")
@click.pass_obj
def plugins_personal_data(obj, kind, check):
    """Print the register of processing: the personal data each city's plugins store, and for how long."""
    import json

    from core.config import load_settings
    from core.plugins import PluginHost
    from core.processing import (register_csv, register_lines, register_of, unmatched_declarations,
                                 undeclared_personal_data)
    if check:
        instance = obj.instance
        stored = undeclared_personal_data(instance.store, instance.host)
        coded = unmatched_declarations(instance.host)
        for undeclared in stored:
            click.echo(f"UNDECLARED: {undeclared}")
        for unmatched in coded:
            click.echo(f"{'UNDECLARED' if unmatched.topic else 'NO SUCH FIELD'}: {unmatched}")
        if stored or coded:
            raise SystemExit(1)
        click.echo("OK: every personal field in the log and the event classes is declared, field by field")
        return
    settings = load_settings(obj.folder)
    host = PluginHost(settings)
    if kind == "csv":
        click.echo(register_csv(host, settings), nl=False)
    elif kind == "json":
        click.echo(json.dumps({"cities": register_of(host, settings)}, ensure_ascii=False, indent=2))
    else:
        for line in register_lines(host, settings):
            click.echo(line)


commands = (plugins,)
