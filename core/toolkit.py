"""The one module a plugin imports from the core: the promise the core keeps to plugin authors.

Everything a plugin needs is named in ``__all__`` below, grouped by subject. A name leaves this
list only after a release that announced it, and ``PLUGIN_API`` moves with every change a plugin
could notice. Names are loaded on first use, so that a domain module importing the toolkit does
not pull in the web layer. ``PLUGIN_API`` is the version of this promise; a plugin declares the
range it supports (``plugin_api = ">=1,<2"`` in its plugin module).

The log and the domain
    ``Aggregate``, ``event``: aggregates and their past-tense events (the eventsourcing library's).
    ``Actor``: who acts, in which role, for which city; every command runs as one.
    ``register_topic``: keep reading events of a class that moved (old topic -> new class).

Personal data
    ``Personal``: a personal field of one person, encrypted wherever it is stored.
    ``ERASED``: what a field reads as once its person was erased.
    ``CATEGORIES``: the GDPR categories a personal field is tagged with.
    ``PersonalText``: the column type for personal fields in projection tables.
    ``blind_index``: a keyed hash of normalised values (to find the same person), kept encrypted as a
    ``Personal`` field; ``blind_matches``: which of such fields equal a hash (an erased person's never does);
    ``normalised``: the folded form the hash is taken of (case, accents, punctuation, spaces).

Read models
    ``Store``: the deployment's log and vault (the type hooks and services are handed).
    ``Projection``, ``on``: a read model and the decorator naming the events a handler applies.
    ``insert_rows``: insert a batch's rows at once (a read model's ``process_batch``).
    ``Prepared``: a statement every command runs, compiled once and run on the driver's cursor.
    ``TouchedProjection``, ``TouchedRows``, ``TouchedTables``: a read model whose handlers change the rows a
    batch of events touches in memory, read and written back at once (a rebuild's thousands, a command's few).
    ``metadata``: the SQLAlchemy MetaData every projection table belongs to.

Input
    ``WholeNumber``, ``Text``, ``Day``: marshmallow fields for one schema that serves a form and the API alike
    (``Day``: a date from 1900 to 2099).

Days
    ``FINNISH_TIME``: the time zone the programme's days are counted in; ``finnish_today``: the day it is
    there (every rule that says "not after today" counts it); ``day_ends``: the moment a day ends there.

Errors
    ``ExitfiError``, ``ValidationError`` (field -> messages), ``ConflictError`` (stale version),
    ``NotFoundError``, ``PersonErasedError``, ``StartupError``.

Hooks and their answers
    ``hookimpl``: mark a hook implementation; ``hookspec``: declare a hook of one's own.
    ``NavEntry``, ``Widget``, ``RecordLocation``, ``TimelineEntry``, ``FormField``, ``WorkflowStep``,
    ``Guard``, ``Instrument``, ``Indicator``, ``PersonalDataField``, ``ReportDefinition``, ``RetentionDue``,
    ``RetentionHold``, ``PersonFound``, ``Disclosure``: what hooks answer (docs/plugins.md); ``form_schema``,
    ``steps_with``, ``refusals``, ``by_name``: apply those answers.

Pages and API (inside a request)
    ``requires``: the permission a view needs; ``public``: a view anyone may open.
    ``in_scope``: refuse a record outside the user's city or caseload (404, or 403 with break the glass).
    ``showing``: note the record a page shows, for the access log; ``purpose``: say why it is shown.
    ``can``: whether the signed-in user holds a permission.
    ``reveal``: decrypt a personal field for this response (and log the view); ``prefetch``: load many keys at once.
    ``api_error``: an API error answer in the one shape ({"error": {"status", "code", "message", ...}}).
    ``ApiBlueprint``: a flask-smorest blueprint for the API under /api/v1 (bounded JSON parsing).
    ``form_input``: the submitted form's fields, for the command's schema.
    ``render``: render a template, preferring the user's city's override.
    ``current_user``: the signed-in account; ``current_store``: the deployment's store;
    ``find_account``: a staff account by username (its city, roles, whether it is active), or None;
    ``list_accounts``: the staff accounts of a city;
    ``current_cities``: the deployment's cities (slug -> settings);
    ``city_hook``: the hooks of the user's city (or of a city named); ``city_settings``: its configuration (``options``);
    ``shown``: the widgets or panels the user may see.

Languages
    ``gettext``, ``ngettext``, ``lazy_gettext``: translate (in the user's language); ``N_``: mark a
    message for extraction only.
"""

from __future__ import annotations

from importlib import import_module

_WHERE = {
    "PLUGIN_API": "core.plugins",
    "Aggregate": "core.events", "event": "core.events", "Actor": "core.events",
    "register_topic": "eventsourcing.utils",
    "Personal": "core.vault", "ERASED": "core.vault", "CATEGORIES": "core.vault",
    "PersonalText": "core.columns",
    "blind_index": "core.blind_index", "blind_matches": "core.blind_index",
    "normalised": "core.blind_index",
    "Projection": "core.projections", "on": "core.projections", "insert_rows": "core.projections",
    "Prepared": "core.prepared",
    "TouchedProjection": "core.touched", "TouchedRows": "core.touched", "TouchedTables": "core.touched",
    "metadata": "core.tables",
    "Store": "core.store",
    "FINNISH_TIME": "core.days", "finnish_today": "core.days", "day_ends": "core.days",
    "WholeNumber": "core.fields", "Text": "core.fields", "Day": "core.fields",
    "ExitfiError": "core.errors", "ValidationError": "core.errors", "ConflictError": "core.errors",
    "NotFoundError": "core.errors", "PersonErasedError": "core.errors", "StartupError": "core.errors",
    "hookimpl": "core.hookspecs", "hookspec": "core.hookspecs",
    "NavEntry": "core.extensions",
    "Widget": "core.extensions",
    "RecordLocation": "core.extensions",
    "TimelineEntry": "core.extensions",
    "FormField": "core.extensions",
    "WorkflowStep": "core.extensions",
    "Guard": "core.extensions",
    "Instrument": "core.extensions",
    "Indicator": "core.extensions",
    "PersonalDataField": "core.extensions",
    "PersonFound": "core.extensions",
    "Disclosure": "core.extensions",
    "ReportDefinition": "core.extensions",
    "RetentionDue": "core.extensions",
    "RetentionHold": "core.extensions",
    "form_schema": "core.extensions",
    "steps_with": "core.extensions",
    "refusals": "core.extensions",
    "by_name": "core.extensions",
    "requires": "core.web.guard", "public": "core.web.guard", "in_scope": "core.web.guard", "can": "core.web.guard",
    "current_store": "core.web.guard", "current_cities": "core.web.guard", "find_account": "core.auth.service",
    "list_accounts": "core.auth.service", "city_hook": "core.web.hooks", "city_settings": "core.web.hooks",
    "shown": "core.web.hooks",
    "showing": "core.web.disclosure", "purpose": "core.web.disclosure",
    "reveal": "core.web.disclosure", "prefetch": "core.web.disclosure",
    "ApiBlueprint": "core.web.api", "api_error": "core.web.errors", "form_input": "core.web.security", "render": "core.web.templating", "current_user": "flask_login",
    "gettext": "core.web.i18n", "ngettext": "core.web.i18n", "lazy_gettext": "core.web.i18n",
}

__all__ = ["N_", *_WHERE]


def N_(message: str) -> str:
    """Mark a message for extraction without translating it (a code value a page shows through _(value))."""
    return message


_RENAMED = {"ApiBlueprint": "Blueprint"}  # the toolkit's name, where it differs from the module's


def __getattr__(name: str):
    if name.startswith("__"):  # the import system asks for __path__ at every `from core.toolkit import x`
        raise AttributeError(name)
    if name not in _WHERE:
        raise AttributeError(f"core.toolkit has no {name!r}; the toolkit offers: {', '.join(sorted(__all__))}")
    value = getattr(import_module(_WHERE[name]), _RENAMED.get(name, name))
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__():
    return sorted(__all__)
