"""Instance folders for the core's command-line tests: `exitfi init`'s configuration, with the test's plugin sets."""

from __future__ import annotations

import json
import re

from core.config import CONFIG_NAME, DEFAULT_CONFIG


def with_plugins(config: str, plugins=(), **by_city) -> str:
    """The configuration with every city running `plugins`, or the list given for it by name."""
    lines, city = [], None
    for line in config.splitlines(keepends=True):
        if found := re.match(r"\[cities\.(\w+)\]", line):
            city = found.group(1)
        if city and line.startswith("plugins ="):
            line = f"plugins = {json.dumps(list(by_city.get(city, plugins)))}\n"
        lines.append(line)
    return "".join(lines)


def configure(folder, plugins=(), **by_city) -> None:
    """Write the folder's configuration (the one `exitfi init` made, else its default) with these plugin sets."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / CONFIG_NAME
    config.write_text(with_plugins(config.read_text() if config.exists() else DEFAULT_CONFIG, plugins, **by_city))


def install(monkeypatch, installed: dict) -> None:
    """Make these the plugins installed through entry points, for commands run in this process."""
    monkeypatch.setattr("core.plugins.discover", lambda group=None: installed)
