"""The `exitfi` command group; the core's commands and the plugins' join it through `register_commands`."""

from __future__ import annotations

import getpass
import sys

import click

from core.errors import ExitfiError, NotFoundError, StartupError, ValidationError
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


def main(argv=None):
    """Run the command; start-up problems print one line and exit 2."""
    try:
        _register_commands()
        cli.main(args=argv, prog_name="exitfi", standalone_mode=False)
    except StartupError as e:
        click.echo(f"exitfi: {e}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.UsageError as e:
        hint = f" (see 'exitfi {e.ctx.command_path.partition(' ')[2]} --help')".replace(" ''", "") if e.ctx else ""
        click.echo(f"exitfi: {e.format_message()}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as e:
        click.echo(f"exitfi: {e.format_message()}", err=True)
        sys.exit(e.exit_code)
    except (ValidationError, NotFoundError) as e:  # bad input: what was asked for is wrong or not there
        click.echo(f"exitfi: {e}", err=True)
        sys.exit(2)
    except ExitfiError as e:
        click.echo(f"exitfi: {e}", err=True)
        sys.exit(1)


def _register_commands():
    """Let the core and every installed plugin add their commands (independent of any instance's configuration)."""
    from core import plugins
    plugins.build_manager(list(plugins.discover().values())).hook.register_commands(cli=cli)
