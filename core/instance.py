"""An opened instance: its settings, plugin host and store, built in the order that fails safest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.config import Settings, load_settings
from core.plugins import PluginHost
from core.store import Store


@dataclass
class Instance:
    """Everything a command or the web app needs from the configured deployment."""

    settings: Settings
    host: PluginHost
    store: Store

    def close(self) -> None:
        self.store.close()


def open_instance(folder: Path | None = None, settings: Settings | None = None) -> Instance:
    """Read the configuration, load the plugin sets, then open the store (the only step that writes)."""
    settings = settings or load_settings(folder)
    host = PluginHost(settings)
    store = Store(settings.database_url, settings.master_key, settings.seal_key, host.projections())
    store.create_tables()
    return Instance(settings, host, store)
