"""Templates: core first, each plugin's namespaced folder, and per-city overrides that can extend the original."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import current_app, render_template
from flask_login import current_user
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

CORE_TEMPLATES = Path(__file__).resolve().parent / "templates"


def template_folder(module) -> Path:
    return _folder_of(module.__file__)


@cache  # asked on every page for each of the city's plugins: resolving a path costs a system call per component
def _folder_of(file: str) -> Path:
    return Path(file).resolve().parent / "templates"


def build_loader(host) -> ChoiceLoader:
    """Plain names resolve to core, then feature plugins; 'plugin:name' names one plugin's file."""
    folders = {name: template_folder(p.module) for name, p in host.installed.items()
               if template_folder(p.module).is_dir()}
    prefixed = {name: FileSystemLoader(str(path)) for name, path in folders.items()}
    prefixed["core"] = FileSystemLoader(str(CORE_TEMPLATES))
    return ChoiceLoader([
        PrefixLoader(prefixed, delimiter=":"),
        FileSystemLoader(str(CORE_TEMPLATES)),
        *[FileSystemLoader(str(path)) for name, path in folders.items() if not name.startswith("city_")],
    ])


def render(name: str, **context):
    """Render a page, preferring the current city's override of it when there is one."""
    host = current_app.extensions["exitfi"].host
    city = current_user.city if current_user.is_authenticated else None
    for plugin in reversed(host.cities.get(city, [])):
        if (template_folder(plugin.module) / name).is_file():
            return render_template(f"{plugin.name}:{name}", **context)
    return render_template(name, **context)
