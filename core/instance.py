"""An opened instance: its settings, plugin host and store, built in the order that fails safest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.config import Settings, load_settings
from core.errors import StartupError
from core.migrations import Schema
from core.plugins import PluginHost
from core.store import Store


@dataclass
class Instance:
    """Everything a command or the web app needs from the configured deployment."""

    settings: Settings
    host: PluginHost
    store: Store

    @property
    def schema(self) -> Schema:
        """The database schema against the migrations of the core and the enabled plugins."""
        return Schema(self.store, self.host)

    def close(self) -> None:
        self.store.close()


def open_instance(folder: Path | None = None, settings: Settings | None = None, migrate: bool = True) -> Instance:
    """Read the configuration, load the plugin sets, then open the store (the only step that writes).

    With `migrate`, development brings the schema up to date and production refuses to start on
    a database that lacks revisions: there the operator upgrades, after a backup, with `exitfi db upgrade`.
    """
    settings = settings or load_settings(folder)
    host = PluginHost(settings)
    store = Store(settings.database_url, settings.master_key, settings.seal_key, host.projections())
    instance = Instance(settings, host, store)
    try:
        if migrate and settings.is_production:
            instance.schema.check()
            refuse_demo_accounts(store)
        elif migrate:
            instance.schema.upgrade()
    except Exception:
        store.close()
        raise
    return instance


def refuse_demo_accounts(store) -> None:
    """Stop a production start-up while demo accounts, whose password is public, can still sign in."""
    from core.demo import active_demo_accounts
    if found := active_demo_accounts(store):
        raise StartupError(f"production refuses to start while demo accounts can sign in ({', '.join(found[:3])}"
                           f"{', ...' if len(found) > 3 else ''}); deactivate them with 'exitfi users deactivate'")
