"""Every extension point of the core, one docstring each: this module is their documentation."""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("exitfi")
hookimpl = pluggy.HookimplMarker("exitfi")


# ---------------------------------------------------------------------------
# The log and its read models
# ---------------------------------------------------------------------------

@hookspec
def projections():
    """Return the read models (``core.projections.Projection`` instances) this plugin keeps.

    Projections are deployment-wide: they are collected from every plugin that any city
    enables, and their names must be unique.
    """


@hookspec
def retention_policies(city):
    """Return retention rules for ``city`` (a ``CitySettings``) as ``{case_kind: years}``.

    A city plugin answers for its own city; later plugins override earlier ones.
    """


# ---------------------------------------------------------------------------
# Set-up and operation
# ---------------------------------------------------------------------------

@hookspec
def demo_data(store, city, users):
    """Add demonstration records for ``city`` to ``store``; ``users`` maps role names to demo actors.

    Called by ``exitfi init --demo`` only, never in production.
    """


@hookspec
def register_commands(cli):
    """Add ``click`` commands to the ``exitfi`` command group ``cli``."""
