"""The house rules of imports: a plugin reaches the core through core.toolkit only, and another plugin
only through that plugin's `api` module, and only a plugin it lists in `requires`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.plugins import discover

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"


def imported_modules(source: str) -> list[tuple[int, str]]:
    """Every module a source imports (at any depth), with its line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "plugins" or (node.module.startswith("plugins.") and node.module.count(".") == 1):
                # `from plugins.network import api` imports the module plugins.network.api
                found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def breaches(plugin: str, requires: tuple, source: str) -> list[str]:
    """What a plugin module imports against the rules, one line per import."""
    problems = []
    for line, module in imported_modules(source):
        parts = module.split(".")
        if parts[0] == "core" and module != "core.toolkit":
            problems.append(f"line {line}: imports {module}; a plugin imports the core only as core.toolkit")
        elif parts[0] == "plugins" and len(parts) > 1 and parts[1] != plugin:
            other = parts[1]
            if len(parts) == 2 or parts[2] != "api":
                problems.append(f"line {line}: imports {module}; another plugin is reached through its api module only")
            elif other not in requires:
                problems.append(f"line {line}: imports {module}, but {other!r} is not in requires {requires}")
    return problems


def plugin_sources():
    installed = {p.module.__name__.split(".")[1]: p for p in discover().values()
                 if p.module.__name__.startswith("plugins.")}
    for path in sorted(PLUGINS.glob("*/**/*.py")):
        name = path.relative_to(PLUGINS).parts[0]
        yield pytest.param(name, installed[name].requires, path, id=str(path.relative_to(PLUGINS)))


@pytest.mark.parametrize(("plugin", "requires", "path"), list(plugin_sources()))
def test_plugin_module_keeps_to_the_toolkit_and_the_api_modules(plugin, requires, path):
    problems = breaches(plugin, requires, path.read_text(encoding="utf-8"))
    assert not problems, f"{path.relative_to(PLUGINS.parent)}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(("source", "expected"), [
    ("from core.web.guard import requires", "imports core.web.guard"),
    ("import core.vault", "imports core.vault"),
    ("def f():\n    from core.events import Actor", "imports core.events"),
    ("from plugins.network.domain import Organisation", "another plugin is reached through its api module only"),
    ("from plugins.training.api import sessions", "'training' is not in requires"),
    ("from plugins.training import api", "'training' is not in requires"),
    ("import plugins.network", "another plugin is reached through its api module only"),
    ("from plugins import network", "another plugin is reached through its api module only"),
])
def test_the_rules_catch_each_kind_of_breach(source, expected):
    problems = breaches("referrals", ("network",), source)
    assert len(problems) == 1 and expected in problems[0], problems


def test_the_rules_let_the_allowed_imports_through():
    source = ("from core.toolkit import Aggregate\nfrom plugins.referrals.domain import Referral\n"
              "from plugins.network.api import services\nfrom plugins.network import api\nimport flask\n")
    assert breaches("referrals", ("network",), source) == []
