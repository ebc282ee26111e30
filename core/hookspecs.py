"""Every extension point of the core, one docstring each: this module is their documentation.

Each hook says which plugin manager calls it: the city's (the plugins one city runs, the city's
own plugin answering first), the one of all enabled plugins (every plugin any city runs), or the
one of all installed plugins. Answers are collected in a list unless the hook takes the first.
The values hooks answer with are in ``core.extensions``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click
    import flask
    import flask_smorest

    from core.auth.service import Account
    from core.config import CitySettings
    from core.events import Actor
    from core.extensions import (Disclosure, FormField, Guard, Instrument, NavEntry, PersonalDataField, PersonFound,
                                 RecordLocation, ReportDefinition, RetentionDue, RetentionHold, Widget, WorkflowStep)
    from core.projections import Projection
    from core.store import Store

hookspec = pluggy.HookspecMarker("exitfi")
hookimpl = pluggy.HookimplMarker("exitfi")


# ---------------------------------------------------------------------------
# The log and its read models
# ---------------------------------------------------------------------------

@hookspec
def projections() -> list[Projection]:
    """Return the read models this plugin keeps.

    Called through the manager of all enabled plugins at start-up; every answer is collected.
    Projection names must be unique across the deployment.
    """


@hookspec
def retention_policies(city: CitySettings) -> Mapping[str, int]:
    """Return how many years after closure each kind of record of this plugin is kept, as ``{kind: years}``.

    Called through the city's manager; every answer is collected, and a city plugin's answer
    (which comes first) overrides a feature plugin's for the kinds it names. The register of
    processing shows the periods, and ``exitfi retention run`` hands them to ``retention_due`` and
    ``retention_holds``, which erases each person on that schedule.

    :param city: the settings of the city asking.
    """


@hookspec
def retention_due(store: Store, city: CitySettings, periods: Mapping[str, int], today: date) -> list[RetentionDue]:
    """Return the persons of this plugin's records in a city whose retention period has ended by ``today``.

    Called through the city's manager by ``exitfi retention run`` (``core.retention``), city by city;
    every answer is collected. The run erases each person named once (through the vault), unless some
    plugin of some city still holds them (``retention_holds``) or they were erased before. Answer
    only persons whose every record of this plugin in the city has ended: a person with a record
    still running is not due.

    :param store: the store to read the plugin's read models from (read only).
    :param city: the settings of the city.
    :param periods: the city's retention periods in years by kind (``retention_policies``, the
        city plugin's answer winning).
    :param today: the day the run is as of (``--as-of``, else today in Finnish time).
    """


@hookspec
def retention_holds(store: Store, city: CitySettings, periods: Mapping[str, int], person_id: uuid.UUID,
                    today: date) -> list[RetentionHold]:
    """Return what in this plugin's records of a city still holds a person's data (empty: nothing does).

    Called through the city's manager, of every city in turn, when an erasure request is decided and
    by the retention run for every person due; every answer is collected. Any hold refuses the request with its reasons
    (shown and recorded) and keeps the person out of the run: a retention period that has not
    ended, a record still open, or another legal basis to keep the data.

    :param store: the store to read the plugin's read models from (read only).
    :param city: the settings of the city.
    :param periods: the city's retention periods in years by kind, as for ``retention_due``.
    :param person_id: the person asked about; most plugins hold nothing of most persons.
    :param today: the day the question is asked for.
    """


# ---------------------------------------------------------------------------
# Set-up and operation
# ---------------------------------------------------------------------------

@hookspec
def check_city(city: CitySettings, hooks: pluggy.HookRelay) -> list[str]:
    """Return what is wrong with a city's options or plugin answers for this plugin (empty: nothing).

    Called through the city's manager once at start-up, after every city's plugins are loaded;
    the first problem of any answer stops the start with one line naming the city.

    :param city: the settings of the city, with its options from the configuration file.
    :param hooks: the city's hook caller, to check what the city's other plugins answer.
    """


@hookspec
def demo_data(store: Store, city: CitySettings, users: Mapping[str, Actor], hooks: pluggy.HookRelay) -> None:
    """Add demonstration records for a city to the store.

    Called through the city's manager by ``exitfi init --demo`` only, never in production;
    every implementation runs.

    :param store: the store to record into.
    :param city: the settings of the city the records belong to.
    :param users: the city's demo actors by short role name (``worker``, ``coordinator``, ...).
    :param hooks: the city's hook caller, so that the records follow what the city's other plugins answer
        (its own workflow steps, case kinds or measures).
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add ``click`` commands to the ``exitfi`` command group.

    Called through the manager of all installed plugins, before any instance is opened;
    every implementation runs.

    :param cli: the ``exitfi`` command group.
    """


# ---------------------------------------------------------------------------
# The web and the API
# ---------------------------------------------------------------------------

@hookspec
def blueprints() -> list[flask.Blueprint]:
    """Return the Flask blueprints of this plugin's pages.

    Called through the manager of all enabled plugins when the app is built; every answer is
    collected. A request from a user whose city does not run the plugin answers 404. Each view
    states its permission with ``core.web.guard.requires``.
    """


@hookspec
def api_blueprints() -> list[flask_smorest.Blueprint]:
    """Return the flask-smorest blueprints of this plugin's API, mounted under ``/api/v1``.

    Called through the manager of all enabled plugins when the app is built; every answer is
    collected.
    """


@hookspec
def permissions() -> Mapping[str, tuple[str, ...]]:
    """Return the permissions this plugin defines as ``{name: (role, ...)}``, the roles holding each by default.

    Called through the manager of all enabled plugins at start-up; every answer is collected.
    A city may change the roles of a permission in its configuration (``[cities.NAME.permissions]``);
    a name defined twice stops start-up.
    """


@hookspec
def navigation(account: Account) -> list[NavEntry]:
    """Return the main navigation entries this plugin offers.

    Called through the city's manager (for national roles, the manager of all enabled plugins)
    on every page; every answer is collected. The core shows an entry only to users who hold
    its permission, sorted by its ``order``; the core's own entries come through this hook too.

    :param account: the signed-in user.
    """


@hookspec
def dashboard_widgets(account: Account) -> list[Widget]:
    """Return the widgets this plugin adds to the dashboard.

    Called through the city's manager (for national roles, the manager of all enabled plugins);
    every answer is collected. A widget is shown, and its context computed, only for users who
    hold its permission; the core's own widgets come through this hook too.

    :param account: the signed-in user.
    """


@hookspec(firstresult=True)
def locate_record(record_id: str) -> RecordLocation | None:
    """Return where a record this plugin keeps (a case, say) lives, or None if the id is not its own.

    Called through the city's manager; the first answer that is not None is used. Emergency
    access ("break the glass") uses it to check that the record exists in the user's city,
    that the user's role could open such a record at all, and to return the user to it.

    :param record_id: the id the user typed or followed, not checked in any way.
    """


# ---------------------------------------------------------------------------
# Forms, workflows and assessment
# ---------------------------------------------------------------------------

@hookspec
def form_fields(form: str) -> list[FormField]:
    """Return the fields a city adds to a form, each with its own validation.

    Called through the city's manager by the plugin that owns the form, which builds its
    schema with ``core.extensions.form_schema``; every answer is collected, and a field name
    the form already has stops start-up.

    :param form: the form's name, owner first (``casework.new_case``).
    """


@hookspec
def workflow_steps(workflow: str) -> list[WorkflowStep]:
    """Return the steps a city adds to a workflow, each placed after an existing step.

    Called through the city's manager by the plugin that owns the workflow, which places them
    with ``core.extensions.steps_with``; every answer is collected.

    :param workflow: the workflow's name, owner first (``casework.case``).
    """


@hookspec
def workflow_guards(workflow: str) -> list[Guard]:
    """Return the rules a record must pass to move from step to step in a workflow.

    Called through the city's manager by the plugin that owns the workflow before every move,
    which it refuses with the reasons ``core.extensions.refusals`` gives; every answer is collected.

    :param workflow: the workflow's name, owner first (``casework.case``).
    """


@hookspec
def assessment_instruments() -> list[Instrument]:
    """Return the assessment instruments this plugin offers (a risk screening, a needs assessment).

    Called through the city's manager; every answer is collected, and a name offered twice stops
    start-up (``core.extensions.by_name``).
    """


# ---------------------------------------------------------------------------
# Personal data and reports
# ---------------------------------------------------------------------------

@hookspec
def personal_data() -> list[PersonalDataField]:
    """Return every kind of personal data this plugin stores, for the register of processing.

    Called through the city's manager (``exitfi plugins personal-data`` prints each city's
    register, ``/audit/register/`` shows it); every answer is collected, and a name declared
    twice stops it. A plugin that wraps a value in ``Personal`` declares it here, with the
    category the value carries, and names each event field that holds it in ``stored_in``
    (``"Case.Opened.full_name"``; ``"Report.Issued.withheld[].reason"`` inside a list of
    objects): ``exitfi plugins personal-data --check`` names every personal field in the log,
    and every event attribute typed ``Personal``, that no declaration of its plugin names with
    its category, and every declared field that no event of the plugin has.
    """


@hookspec
def find_persons(store: Store, full_name: str, birth_date: date) -> list[PersonFound]:
    """Return the persons this plugin holds records of under a full name and birth date.

    Called through the manager of all enabled plugins when the data-protection officer looks for
    the person who asks for their data (``/audit/persons/``); every answer is collected. Compare
    through a blind index (``core.blind_index``), never by decrypting names; the page writes every
    person it lists to the access log.

    :param store: the deployment's store.
    :param full_name: the name as the person gave it (compare it normalised).
    :param birth_date: the birth date the person gave.
    """


@hookspec
def disclosures(store: Store, person_id: uuid.UUID) -> list[Disclosure]:
    """Return every disclosure of a person's data to another organisation that this plugin recorded.

    Called through the manager of all enabled plugins for the person's access report (GDPR
    Art. 15: to whom their data was disclosed); every answer is collected, oldest first.

    :param store: the deployment's store.
    :param person_id: the person's id.
    """


@hookspec
def reports() -> list[ReportDefinition]:
    """Return the reports this plugin defines.

    Called through the city's manager (for national roles, the manager of all enabled plugins);
    every answer is collected, and a name defined twice stops start-up (``core.extensions.by_name``).
    """
