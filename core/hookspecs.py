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


# ---------------------------------------------------------------------------
# The web and the API
# ---------------------------------------------------------------------------

@hookspec
def blueprints():
    """Return the Flask blueprints of this plugin's pages.

    They are registered once for the deployment; a request from a user whose city does not
    enable the plugin answers 404. Each view states its permission with ``core.web.guard.requires``.
    """


@hookspec
def api_blueprints():
    """Return the flask-smorest blueprints of this plugin's API, mounted under ``/api/v1``."""


@hookspec
def permissions():
    """Return the permissions this plugin defines as ``{name: (role, ...)}``, the roles holding it by default.

    A city may change the roles of a permission in its configuration
    (``[cities.NAME.permissions]``); a name defined twice stops start-up.
    """


@hookspec
def navigation(account):
    """Return navigation entries for ``account`` as ``[(label, endpoint), ...]``.

    Called with the manager of the user's city; return only entries the account may open.
    """


@hookspec
def dashboard_widgets(account):
    """Return dashboard widgets for ``account`` as ``[(template_name, context_dict), ...]``."""


@hookspec(firstresult=True)
def locate_record(record_id):
    """Return ``(city, url, permission)`` of a record this plugin keeps (a case, say), or None if it is not its own.

    Emergency access ("break the glass") uses it to check that the record exists in the user's
    city, that the user's role could open such a record at all (``permission``), and to return
    the user to it.
    """
