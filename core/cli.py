"""The `exitfi` command: set-up, verification, erasure, projections and plugins."""

from __future__ import annotations

import base64
import getpass
import json
import secrets
import sys
import time

import click

from core.config import init_instance, instance_dir
from core.errors import ExitfiError, StartupError
from core.events import Actor


class Context:
    """Opens the instance on first use, so that `--help` needs no configuration."""

    def __init__(self, folder):
        self.folder = folder
        self._instance = None

    @property
    def instance(self):
        if self._instance is None:
            from core.instance import open_instance
            self._instance = open_instance(self.folder)
        return self._instance

    def operator(self) -> Actor:
        return Actor(user_id=f"cli:{getpass.getuser()}", role="operator")


@click.group()
@click.option("--instance", "folder", type=click.Path(file_okay=False), default=None,
              help="Instance folder (default: $EXITFI_INSTANCE or ./instance).")
@click.pass_context
def cli(ctx, folder):
    """Run and look after an EXIT Finland casework instance."""
    ctx.obj = Context(folder)
    ctx.call_on_close(lambda: ctx.obj._instance and ctx.obj._instance.close())


@cli.command()
@click.option("--demo", is_flag=True, help="Add demo users and cases for every city.")
@click.pass_obj
def init(obj, demo):
    """Create the instance folder, keys and tables (and demo data if asked)."""
    folder = obj.folder or instance_dir()
    from pathlib import Path
    if init_instance(Path(folder), echo=lambda m: click.echo(m, err=True)):
        click.echo(f"created {folder}/exitfi.toml")
    inst = obj.instance
    click.echo(f"store ready: {inst.store.datastore.engine.url.render_as_string(hide_password=True)}")
    if demo:
        from core.demo import load_demo
        load_demo(inst, echo=click.echo)


@cli.command()
@click.option("--checkpoint", type=click.File("r"), help="A checkpoint file made earlier by 'exitfi checkpoint'.")
@click.pass_obj
def verify(obj, checkpoint):
    """Recompute the seal chain; exit 1 naming the first record that does not fit."""
    from core.checkpoints import check_checkpoint
    store = obj.instance.store
    started = time.perf_counter()
    report = store.verify()
    seconds = time.perf_counter() - started
    if not report.ok:
        click.echo(f"FAILED: {report.finding}")
        sys.exit(1)
    mark = json.load(checkpoint) if checkpoint else None
    problem = mark and check_checkpoint(store, obj.instance.settings.seal_key, mark)
    if problem:
        click.echo(f"FAILED: {problem}")
        sys.exit(1)
    rate = report.records / seconds if seconds else 0
    click.echo(f"OK: {report.records} records sealed and verified ({rate:,.0f} records/s)")
    if mark:
        click.echo(f"the log still holds checkpoint {mark['position']} of {mark['at']} (signature valid)")


@cli.command()
@click.pass_obj
def checkpoint(obj):
    """Print the end of the seal chain, signed, for auditors to keep outside the system."""
    from core.checkpoints import make_checkpoint
    report = obj.instance.store.verify()
    if not report.ok:
        raise click.ClickException(f"no checkpoint over a broken chain: {report.finding}")
    click.echo(json.dumps(make_checkpoint(obj.instance.settings.seal_key, report.sealed, report.last_seal)))


@cli.command()
@click.argument("person_id")
@click.option("--reason", required=True, help="Why (the request, its date and legal ground).")
@click.pass_obj
def erase(obj, person_id, reason):
    """Destroy a person's data key and record the erasure (GDPR Art. 17)."""
    from core.erasure import erase_person
    erasure = erase_person(obj.instance.store, person_id, reason, obj.operator())
    click.echo(f"erased person {erasure.person_id}; the log keeps the events, their personal fields are unreadable")


@cli.command("access-report")
@click.argument("person_id")
@click.pass_obj
def access_report(obj, person_id):
    """Print, as JSON, who viewed a person's data (the person's own access report)."""
    from core.access import access_report as report
    click.echo(json.dumps({"person_id": person_id, "views": report(obj.instance.store, person_id)}, indent=2))


@cli.group()
def projections():
    """List, rebuild or follow the read models."""


@projections.command("list")
@click.pass_obj
def projections_list(obj):
    """Show each read model and how far it has read the log."""
    store = obj.instance.store
    with store.reading() as session:
        head = store.recorder.max_notification_id() or 0
        for name, projection in sorted(store.projections.items()):
            position = store.runner.position(session, projection)
            mode = "live" if projection.live else "follower"
            click.echo(f"{name:32} {mode:9} at {position} of {head}")


@projections.command("rebuild")
@click.argument("names", nargs=-1)
@click.pass_obj
def projections_rebuild(obj, names):
    """Rebuild read models from the whole log (all, or those named)."""
    store = obj.instance.store
    unknown = [n for n in names if n not in store.projections]
    if unknown:
        raise click.BadParameter(f"unknown projection(s): {', '.join(unknown)}; see 'exitfi projections list'")
    for name in names or sorted(store.projections):
        total = store.recorder.max_notification_id() or 0
        with click.progressbar(length=total, label=f"{name:32}", file=sys.stderr) as bar:
            last = [0]

            def progress(count, position, stop, bar=bar, last=last):
                bar.update(position - last[0])
                last[0] = position

            done, seconds = store.runner.rebuild(store.projections[name], progress=progress)
        rate = done / seconds if seconds else 0
        click.echo(f"{name}: {done} events in {seconds:.2f} s ({rate:,.0f} events/s)")


@projections.command("follow")
@click.option("--interval", default=1.0, help="Seconds between polls of the log.")
@click.option("--once", is_flag=True, help="Catch up once and stop.")
@click.pass_obj
def projections_follow(obj, interval, once):
    """Keep the non-live read models up to date, polling the log (works on SQLite and PostgreSQL)."""
    store = obj.instance.store
    followers = [p for p in store.projections.values() if not p.live]
    while True:
        for projection in followers:
            with store.recorder.transaction(commit=True) as session:
                done = store.runner.catch_up(session, projection)
            if done:
                click.echo(f"{projection.name}: {done} events")
        if once:
            return
        time.sleep(interval)


@cli.group(invoke_without_command=True)
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


@plugins.command("hooks")
@click.option("--update", type=click.Path(dir_okay=False), help="Rewrite the reference inside this file instead.")
def plugins_hooks(update):
    """Print the hook reference (docs/plugins.md) written from the hook specifications."""
    from pathlib import Path

    from core import hookdocs
    from core.plugins import discover
    if update:
        hookdocs.update(Path(update), discover())
        click.echo(f"updated {update}")
    else:
        click.echo(hookdocs.reference(discover()), nl=False)


@plugins.command("personal-data")
@click.pass_obj
def plugins_personal_data(obj):
    """Print the register of processing: the personal data each city's plugins store, and for how long."""
    from core.config import load_settings
    from core.plugins import PluginHost
    from core.processing import register_lines
    settings = load_settings(obj.folder)
    for line in register_lines(PluginHost(settings), settings):
        click.echo(line)


@cli.command()
def keygen():
    """Print a new random key (base64) for EXITFI_MASTER_KEY, EXITFI_SEAL_KEY or EXITFI_SECRET_KEY."""
    click.echo(base64.b64encode(secrets.token_bytes(32)).decode())


def main(argv=None):
    """Run the command; start-up problems print one line and exit 2."""
    import core.cli_users  # noqa: F401  (registers its commands on the group)
    try:
        _with_plugin_commands()
        cli.main(args=argv, prog_name="exitfi", standalone_mode=False)
    except StartupError as e:
        click.echo(f"exitfi: {e}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except ExitfiError as e:
        click.echo(f"exitfi: {e}", err=True)
        sys.exit(1)


def _with_plugin_commands():
    """Let every installed plugin add its commands (independent of any instance's configuration)."""
    from core import plugins
    plugins.build_manager(list(plugins.discover().values())).hook.register_commands(cli=cli)
