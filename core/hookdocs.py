"""The hook reference of docs/plugins.md, written from the hook specifications and their answers' types."""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path
from types import ModuleType
from typing import ForwardRef

from core import extensions, hookspecs
from core.plugins import PLUGIN_API, PluginInfo

BEGIN = "<!-- From here to the end mark, `exitfi plugins hooks` writes this file from the code: edit the docstrings. -->"
END = "<!-- End of the part `exitfi plugins hooks` writes. -->"
BANNER = re.compile(r"^# -{20,}\n# (.+)\n# -{20,}$", re.M)


def reference(installed: dict[str, PluginInfo]) -> str:
    """Return the Markdown reference of every hook of the core and of the installed plugins, between the marks."""
    major = int(PLUGIN_API.split(".")[0])
    parts = [BEGIN, "", f"## Plugin API {PLUGIN_API}", "",
             "A plugin module says which versions of the plugin API it supports, for instance",
             f'`plugin_api = ">={major},<{major + 1}"`; a plugin that does not, or whose range leaves out',
             "this core's version, stops start-up with one line.", "",
             "## Hooks of the core", "", *_intro(hookspecs), *_hooks(hookspecs)]
    for name, plugin in sorted(installed.items()):
        specs = getattr(plugin.module, "hookspecs", None)
        if specs is not None:
            parts += [f"## Hooks offered by {name}", "", *_intro(specs), *_hooks(specs)]
    parts += ["## What hooks answer with", "", *_intro(extensions), *_answers(extensions), END]
    return "\n".join(parts) + "\n"


def update(path: Path, installed: dict[str, PluginInfo]) -> None:
    """Replace the written part of a Markdown file (or add it at the end) with the current reference."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    before, _, rest = text.partition(BEGIN)
    after = rest.partition(END)[2] if rest else ""
    path.write_text(before + reference(installed).rstrip("\n") + after.rstrip("\n") + "\n", encoding="utf-8")


def written_part(text: str) -> str:
    """Return the part of a file that `reference` wrote, marks included ('' if there is none)."""
    start, end = text.find(BEGIN), text.find(END)
    return text[start:end + len(END)] + "\n" if 0 <= start < end else ""


def specs_of(module: ModuleType) -> list:
    """The hook specifications of a module, in source order."""
    found = [fn for _, fn in inspect.getmembers(module, inspect.isfunction) if hasattr(fn, "exitfi_spec")]
    return sorted(found, key=_line)


def _intro(module: ModuleType) -> list[str]:
    """A module docstring's paragraphs after its first line."""
    body = (inspect.getdoc(module) or "").partition("\n\n")[2].strip()
    return [body, ""] if body else []


def _hooks(module: ModuleType) -> list[str]:
    source = inspect.getsource(module)
    banners = [(source[:m.start()].count("\n") + 1, m.group(1)) for m in BANNER.finditer(source)]
    lines, current = [], None
    for fn in specs_of(module):
        banner = next((title for line, title in reversed(banners) if line < _line(fn)), None)
        if banner and banner != current:
            lines += [f"### {banner}", ""]
            current = banner
        marker = "@hookspec(firstresult=True)" if fn.exitfi_spec.get("firstresult") else "@hookspec"
        lines += [f"#### `{fn.__name__}`", "", "```python", marker, f"def {_signature(fn)}", "```", "",
                  *_docstring(fn), ""]
    return lines


def _answers(module: ModuleType) -> list[str]:
    lines = []
    public = [obj for name, obj in vars(module).items() if _own(module, obj) and not name.startswith("_")]
    for obj in sorted(public, key=_line):
        if inspect.isclass(obj):
            lines += [f"### `{obj.__name__}`", "", inspect.getdoc(obj), "",
                      "| field | type | default |", "|---|---|---|",
                      *(f"| `{f}` | `{_cell(t)}` | {_cell(d)} |" for f, t, d in _fields(obj)), ""]
        else:
            lines += [f"### `{_signature(obj)}`", "", inspect.getdoc(obj), ""]
    return lines


def _own(module: ModuleType, obj) -> bool:
    return (inspect.isclass(obj) or inspect.isfunction(obj)) and obj.__module__ == module.__name__


def _fields(cls) -> list[tuple[str, str, str]]:
    if dataclasses.is_dataclass(cls):
        return [(f.name, _annotation(f.type),
                 "" if f.default is dataclasses.MISSING else f"`{_value(f.default)}`") for f in dataclasses.fields(cls)]
    defaults = getattr(cls, "_field_defaults", {})
    return [(name, _annotation(kind), f"`{_value(defaults[name])}`" if name in defaults else "")
            for name, kind in cls.__annotations__.items()]


def _docstring(fn) -> list[str]:
    """The docstring in Markdown: its ``:param name:`` lines become a list of parameters."""
    text, params = [], []
    for line in (inspect.getdoc(fn) or "").splitlines():
        found = re.match(r":param (\w+):\s*(.*)", line)
        if found:
            params.append(f"- `{found.group(1)}`: {found.group(2)}")
        elif params and line.startswith(" "):
            params[-1] += " " + line.strip()
        else:
            text.append(line)
    while text and not text[-1].strip():
        text.pop()
    return text + (["", "Parameters:", "", *params] if params else [])


def _signature(fn) -> str:
    sig = inspect.signature(fn)
    params = []
    for p in sig.parameters.values():
        text = p.name + (f": {_annotation(p.annotation)}" if p.annotation is not p.empty else "")
        params.append(text + (f" = {_value(p.default)}" if p.default is not p.empty else ""))
    returns = f" -> {_annotation(sig.return_annotation)}" if sig.return_annotation is not sig.empty else ""
    return f"{fn.__name__}({', '.join(params)}){returns}"


def _annotation(kind) -> str:
    if isinstance(kind, ForwardRef):
        return kind.__forward_arg__
    return kind if isinstance(kind, str) else inspect.formatannotation(kind)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")  # a bar inside a table cell would end the cell


def _value(value) -> str:
    return getattr(value, "__name__", None) or repr(value)


def _line(obj) -> int:
    return inspect.getsourcelines(obj)[1]
