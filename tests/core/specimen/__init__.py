"""Specimen: the core tests' own plugin, small and domain-neutral, so that no core test depends on a real plugin.

It keeps notebooks about people: one aggregate (`domain`), one read model with a personal column
(`projections`), pages and an API with a scoped record page (`pages`), and hook implementations
(`plugin`); those modules import only `core.toolkit`, as any plugin's must. This module is the tests'
side: `installed()` is what the host finds, `read_models()` what a store keeps.
"""

from __future__ import annotations

from core.plugins import PluginInfo

NAME = "specimen"


def info() -> PluginInfo:
    """The plugin as the host sees an installed one."""
    from tests.core.specimen import plugin
    return PluginInfo(NAME, plugin, plugin.__version__, tuple(plugin.requires))


def installed(*more: PluginInfo) -> dict[str, PluginInfo]:
    """The installed plugins of a core test: the specimen, and any others the test builds."""
    return {NAME: info(), **{p.name: p for p in more}}


def read_models() -> list:
    """The read models of a deployment running only the specimen (the core's, the notebook list), as collected."""
    from core.plugins import PluginHost
    from core.testing import settings_for
    return PluginHost(settings_for("sqlite://", {"helsinki": (NAME,)}), installed()).projections()
