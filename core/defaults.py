"""The core's own answers to its hooks, registered first so that plugins can override them."""

from importlib import import_module

from core.hookspecs import hookimpl

# The core's commands, one module per subject; each lists its top-level commands in `commands`.
COMMAND_MODULES = ("core.cli_db", "core.cli_instance", "core.cli_log", "core.cli_users")


@hookimpl
def retention_policies(city):
    # Finnish social-welfare practice: 10 years after closure for adults, 30 where children are involved.
    return {"individual": 10, "anonymous": 10, "consultation": 10, "family": 30}


@hookimpl
def projections():
    from core.access_log import AccessLog
    from core.auth.projections import Accounts
    from core.emergency import EmergencyGrants
    return [Accounts(), AccessLog(), EmergencyGrants()]


@hookimpl(tryfirst=True)  # before the plugins', so that a plugin may add a subcommand to a core group
def register_commands(cli):
    for name in COMMAND_MODULES:
        for command in import_module(name).commands:
            cli.add_command(command)
