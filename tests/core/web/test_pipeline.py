"""The request pipeline runs as core/web/pipeline.py documents it, and `flask.g` holds only the keys listed there."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from core.web import pipeline

ROOT = Path(__file__).resolve().parents[3]
DOC = pipeline.__doc__
BEFORE, AFTER, KEYS = (DOC.split("\nBefore each request")[1].split("\nAfter each request")[0],
                       DOC.split("\nAfter each request")[1].split("flask.g``")[0],
                       DOC.split("flask.g``")[1])
G_METHODS = {"get", "pop", "setdefault"}


def documented_steps(section: str) -> list[str]:
    return re.findall(r"^\d+\. ``(\w+)``", section, re.M)


def test_before_request_steps_run_in_the_documented_order(app):
    assert set(app.before_request_funcs) == {None}, "a blueprint's own before_request step is not in the pipeline"
    assert [f.__name__ for f in app.before_request_funcs[None]] == documented_steps(BEFORE)


def test_after_request_steps_run_in_the_documented_order(app):
    assert set(app.after_request_funcs) == {None}, "a blueprint's own after_request step is not in the pipeline"
    # Flask runs after-request functions last-added first.
    assert [f.__name__ for f in reversed(app.after_request_funcs[None])] == documented_steps(AFTER)


def keys_in_python(path: Path) -> set[str]:
    """The `flask.g` keys a module reads or writes (only where it imports `g` from flask)."""
    tree = ast.parse(path.read_text(), str(path))
    if not any(isinstance(n, ast.ImportFrom) and n.module == "flask" and any(a.name == "g" for a in n.names)
               for n in ast.walk(tree)):
        return set()
    keys = set()
    for node in ast.walk(tree):
        if _is_g(node, "value") and node.attr not in G_METHODS:  # g.key
            keys.add(node.attr)
        elif isinstance(node, ast.Call) and _is_g(node.func, "value") and node.func.attr in G_METHODS:
            keys.add(_constant(path, node.args[0]))  # g.get("key"), g.setdefault("key", ...), g.pop("key")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"getattr", "hasattr", "setattr"} \
                and _is_g(node, "args"):
            keys.add(_constant(path, node.args[1]))  # getattr(g, "key")
    return keys


def _is_g(node, where: str) -> bool:
    if where == "value":
        return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "g"
    return bool(node.args) and isinstance(node.args[0], ast.Name) and node.args[0].id == "g"


def _constant(path: Path, node) -> str:
    assert isinstance(node, ast.Constant), f"{path}: a g key computed at run time cannot be checked"
    return node.value


def keys_in_template(path: Path) -> set[str]:
    text = path.read_text()
    return set(re.findall(r"\bg\.(?!get\b|pop\b|setdefault\b)(\w+)", text)) | set(
        re.findall(r"\bg\.(?:get|pop|setdefault)\(\s*[\"'](\w+)", text))


def test_every_key_in_flask_g_is_documented_and_every_documented_key_is_used():
    used = {}
    for folder in ("core", "plugins"):
        for path in (ROOT / folder).rglob("*.py"):
            for key in keys_in_python(path):
                used.setdefault(key, []).append(str(path.relative_to(ROOT)))
        for path in (ROOT / folder).rglob("*.html"):
            for key in keys_in_template(path):
                used.setdefault(key, []).append(str(path.relative_to(ROOT)))
    documented = set(re.findall(r"^- ``g\.(\w+)``", KEYS, re.M))
    assert {k: v for k, v in used.items() if k not in documented} == {}, "used in flask.g but not documented"
    assert documented - set(used) == set(), "documented in core/web/pipeline.py but not used"


def test_the_scan_finds_each_way_of_using_g(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("from flask import g\n\n"
                      "def view():\n    g.one = 1\n    g.get('two')\n    g.setdefault('three', {})\n"
                      "    g.pop('four', None)\n    getattr(g, 'five', None)\n    return g.six\n")
    assert keys_in_python(module) == {"one", "two", "three", "four", "five", "six"}
    template = tmp_path / "page.html"
    template.write_text("{{ g.seven }} {% if g.get('eight') %}{% endif %}")
    assert keys_in_template(template) == {"seven", "eight"}
