"""The plugin host: discovery through entry points, one pluggy manager per city."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from types import ModuleType

import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from core import defaults, hookspecs
from core.config import Settings
from core.errors import StartupError

GROUP = "exitfi.plugins"
# The version of what the core promises plugins (its hooks, their answers, the toolkit): the minor
# number grows when something is added, the major one when something a plugin may use changes.
PLUGIN_API = "1.4"


@dataclass(frozen=True)
class PluginInfo:
    """An installed plugin: its name, module, version and the plugins it requires."""

    name: str
    module: ModuleType
    version: str
    requires: tuple[str, ...]


def discover(group: str = GROUP) -> dict[str, PluginInfo]:
    """Load every plugin registered under the entry-point group."""
    found = {}
    for ep in entry_points(group=group):
        try:
            module = ep.load()
        except Exception as e:  # a broken plugin must name itself, not print a traceback
            raise StartupError(f"plugin {ep.name!r} ({ep.value}) failed to import: {e}") from None
        check_api(ep.name, module)
        version = getattr(module, "__version__", None) or (ep.dist.version if ep.dist else "unknown")
        found[ep.name] = PluginInfo(ep.name, module, version, tuple(getattr(module, "requires", ())))
    return found


def check_api(name: str, module: ModuleType) -> None:
    """Refuse a plugin that does not declare the plugin API range it supports, or whose range excludes this core's."""
    major = Version(PLUGIN_API).major
    example = f'plugin_api = ">={major},<{major + 1}"'
    declared = getattr(module, "plugin_api", None)
    if declared is None:
        raise StartupError(f"plugin {name!r} does not say which plugin API it supports; "
                           f"add {example} to {module.__name__}")
    try:
        supported = SpecifierSet(declared)
    except (InvalidSpecifier, TypeError):
        raise StartupError(f"plugin {name!r}: plugin_api {declared!r} is not a version range "
                           f"such as {example}") from None
    if Version(PLUGIN_API) not in supported:
        raise StartupError(f"plugin {name!r} supports plugin API {declared}, but this core offers {PLUGIN_API}; "
                           "install a version of the plugin made for it")


def build_manager(plugins: list[PluginInfo]) -> pluggy.PluginManager:
    """Build a manager: the core's hooks and defaults first, then the plugins in order, checked."""
    pm = pluggy.PluginManager("exitfi")
    pm.add_hookspecs(hookspecs)
    for plugin in plugins:
        if hasattr(plugin.module, "hookspecs"):
            pm.add_hookspecs(plugin.module.hookspecs)
    pm.register(defaults, name="core")
    for plugin in plugins:  # in configured order: city plugins last, so they answer first
        pm.register(plugin.module, name=plugin.name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as e:
        name = pm.get_name(e.plugin) or "?"
        raise StartupError(f"plugin {name!r}: {_pending_message(e)}") from None
    return pm


class PluginHost:
    """Holds one plugin manager per city and one for deployment-wide hooks (all enabled plugins)."""

    def __init__(self, settings: Settings, installed: dict[str, PluginInfo] | None = None):
        self.installed = discover() if installed is None else installed
        self.cities: dict[str, list[PluginInfo]] = {}
        self.managers: dict[str, pluggy.PluginManager] = {}
        for slug, city in settings.cities.items():
            self.cities[slug] = self._check_set(slug, city.plugins)
            self.managers[slug] = build_manager(self.cities[slug])
        enabled = {p.name: p for plugins in self.cities.values() for p in plugins}
        self.all = build_manager(list(enabled.values()))
        for slug, city in settings.cities.items():
            for problems in self.managers[slug].hook.check_city(city=city, hooks=self.managers[slug].hook):
                if problems:
                    raise StartupError(f"city {slug}: {problems[0]}")

    def _check_set(self, slug: str, names) -> list[PluginInfo]:
        plugins = []
        for name in names:
            if name not in self.installed:
                have = ", ".join(sorted(self.installed)) or "none"
                raise StartupError(f"city {slug}: plugin {name!r} is not installed (installed: {have})")
            plugins.append(self.installed[name])
        for plugin in plugins:
            for needed in plugin.requires:
                if needed not in names:
                    raise StartupError(
                        f"city {slug}: plugin {plugin.name!r} requires {needed!r}; add it to the city's plugins"
                    )
        return plugins

    def hook(self, city: str):
        """Return the hook caller of a city's manager."""
        return self.managers[city].hook

    def enabled(self, city: str, plugin: str) -> bool:
        """Whether a city runs a plugin."""
        return any(p.name == plugin for p in self.cities.get(city, ()))

    def projections(self):
        """Collect the read models of every plugin any city enables."""
        return [p for answer in self.all.hook.projections() for p in answer]


def _pending_message(e: pluggy.PluginValidationError) -> str:
    text = str(e).split(" in plugin ")[0]
    if text.startswith("unknown hook"):
        return f"implements {text}; see core/hookspecs.py for the hooks there are"
    return text
