"""The core's tests know no plugin: they use their own specimen, so that changing a plugin never breaks one."""

from __future__ import annotations

import ast
from pathlib import Path

CORE_TESTS = Path(__file__).resolve().parent
PACKAGE = "plugins"


def _names_a_plugin(name: str) -> bool:
    return name == PACKAGE or name.startswith(PACKAGE + ".")


def plugin_references(source: str) -> list[tuple[int, str]]:
    """Each import of the plugins package in a module, and each string naming a module in it (a topic, a target)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value] if node.value.startswith(PACKAGE + ".") else []
        else:
            continue
        found += [(node.lineno, name) for name in names if _names_a_plugin(name)]
    return found


def test_no_core_test_imports_a_plugin():
    found = [f"{path.relative_to(CORE_TESTS.parents[1])}:{line}: {name}"
             for path in sorted(CORE_TESTS.rglob("*.py"))
             for line, name in plugin_references(path.read_text(encoding="utf-8"))]
    assert not found, "core tests use tests/core/specimen, never a plugin:\n" + "\n".join(found)


def test_the_scan_finds_imports_and_module_names():
    source = (f"import {PACKAGE}.casework\nfrom {PACKAGE} import casework\nfrom {PACKAGE}.casework.domain import Case\n"
              f"def f():\n    import {PACKAGE}\n"
              f"TOPIC = '{PACKAGE}.casework.domain:Case.Opened'\n"
              "from core import toolkit\nfrom . import specimen\nNOTE = 'no plugin here'\n")
    assert plugin_references(source) == [
        (1, f"{PACKAGE}.casework"), (2, PACKAGE), (3, f"{PACKAGE}.casework.domain"), (5, PACKAGE),
        (6, f"{PACKAGE}.casework.domain:Case.Opened")]
