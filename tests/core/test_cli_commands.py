"""The core's commands join the `exitfi` group through `register_commands`, as a plugin's do."""

from __future__ import annotations

import ast
import types
from pathlib import Path

import click

from core import cli_log
from core.hookspecs import hookimpl
from core.plugins import PluginInfo, build_manager

ROOT = Path(__file__).resolve().parents[2]
CORE_COMMANDS = ["access-report", "audit", "checkpoint", "db", "erase", "erasure", "export", "import", "init",
                 "keygen", "plugins", "projections", "replay", "retention", "serve", "tokens", "users", "verify"]


def test_the_core_registers_its_commands_through_the_hook():
    group = click.Group("exitfi")
    build_manager([]).hook.register_commands(cli=group)
    assert sorted(group.commands) == CORE_COMMANDS


def test_a_plugin_adds_a_subcommand_to_a_core_group(monkeypatch):
    monkeypatch.setattr(cli_log.projections, "commands", dict(cli_log.projections.commands))
    module = types.ModuleType("fake_cmds")

    @hookimpl
    def register_commands(cli):
        @cli.commands["projections"].command("count")
        def count():
            """Count the read models."""

    module.register_commands = register_commands
    group = click.Group("exitfi")
    build_manager([PluginInfo("fake", module, "1", ())]).hook.register_commands(cli=group)
    assert "count" in group.commands["projections"].commands


def test_two_modules_giving_one_group_join_their_subcommands():
    from core import defaults
    first, second = click.Group("audit"), click.Group("audit")
    first.command("replay")(lambda: None)
    second.command("events")(lambda: None)
    group = click.Group("exitfi")
    defaults.join(group, first)
    defaults.join(group, second)
    assert sorted(group.commands["audit"].commands) == ["events", "replay"]


def test_no_module_takes_the_group_from_core_cli():
    offenders = []
    for path in [*(ROOT / "core").rglob("*.py"), *(ROOT / "plugins").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) else [])
            if "core.cli" in names or (isinstance(node, ast.ImportFrom) and node.module == "core"
                                       and any(a.name == "cli" for a in node.names)):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
