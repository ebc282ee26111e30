"""The event browser: auditors page through the log by person, record, user, city, type and dates, and read it.

Auditors only read here (every route is a GET). An event's personal fields show as placeholders;
one who holds `audit.read_event_content` may open them for one event by giving a reason, and every
person shown is then written to the access log with that reason.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import marshmallow as ma
from flask import Blueprint, abort, request
from flask_login import current_user

from core.access_reports import MIN_REASON
from core.auth.roles import ROLES
from core.errors import ValidationError
from core.event_index import (EventFilter, browse, event_types, indexed_event, persons_of, stored_event, stored_events,
                               type_label)
from core.vault import Personal
from core.web.api import Blueprint as ApiBlueprint
from core.web.disclosure import prefetch, purpose, reveal
from core.web.filters import read_days
from core.web.guard import can, exitfi, requires
from core.web.i18n import lazy_gettext as _l
from core.web.i18n import untranslated
from core.web.templating import render

bp = Blueprint("events", __name__, url_prefix="/audit/events")
api_bp = ApiBlueprint("api_audit_events", __name__, url_prefix="/api/v1/audit/events",
                      description="The event browser: the log's events with their envelope (auditors)")

PAGE, MOST = 50, 200
LAST_POSITION = 2**63 - 1  # the log's positions are 64-bit: a larger one names no event (and overflows PostgreSQL)
HIDDEN = ("originator_id", "originator_version", "originator_topic", "timestamp", "meta")  # the envelope, not content
FILTERS = ("person", "record", "user", "city", "type", "from", "to")


@dataclass
class Asked:
    """The filters as read from a request: what narrows, where the page starts, and what was wrong."""

    wanted: EventFilter = field(default_factory=EventFilter)
    before: int | None = None
    limit: int = PAGE
    errors: dict = field(default_factory=dict)


def _uuid_hex(text: str) -> str:
    return uuid.UUID(text).hex


def read_filters(args) -> Asked:
    """Read the filters of a request, noting a message per bad field (a city user sees their own city only)."""
    asked, errors, values = Asked(), {}, {}
    for name, key in (("person", "person"), ("record", "record")):
        if text := args.get(name, "").strip():
            try:
                values[key] = _uuid_hex(text)
            except ValueError:
                errors[name] = [_l("An id is 32 hexadecimal digits, as the pages show it.")]
    if text := args.get("user", "").strip():
        if len(text) > 64 or not text.isprintable():  # no username is; PostgreSQL refuses a NUL in any string
            errors["user"] = [_l("No such user.")]
        else:
            values["user"] = text
    cities = exitfi().settings.cities
    if text := args.get("city", "").strip():
        if text in cities:
            values["city"] = text
        else:
            errors["city"] = [_l("No such city.")]
    if current_user.city is not None:  # a city role given this permission sees its own city's events only
        if values.get("city", current_user.city) != current_user.city:
            errors["city"] = [_l("No such city.")]
        values["city"] = current_user.city
    if text := args.get("type", "").strip():
        known = event_types()
        if text in known:
            values["topics"] = known[text]
        else:
            errors["type"] = [_l("No such event type.")]
    values["day_from"], values["day_to"] = read_days(args, errors)
    wrong = {"before": _l("Give a log position: a whole number of 1 or more."),
             "limit": _l("Give a whole number from 1 to %(most)s.", most=MOST)}
    for name, high in (("before", LAST_POSITION), ("limit", MOST)):
        if text := args.get(name, "").strip():
            if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= high:
                errors[name] = [wrong[name]]
            else:
                setattr(asked, name, int(text))
    asked.wanted, asked.errors = EventFilter(**values), errors
    return asked


# ---------------------------------------------------------------------------------------------- content


def content_of(event, revealed: bool, record_id: str) -> dict:
    """An event's own fields: personal ones as placeholders, or decrypted for this response (and so logged)."""
    return {name: _shown(value, revealed, record_id) for name, value in sorted(vars(event).items())
            if name not in HIDDEN}


def _shown(value, revealed: bool, record_id: str):
    if isinstance(value, Personal):
        if revealed:
            shown = reveal(value, record_id)
            return {"personal": value.category, "person_id": value.person_id.hex, "value": str(shown)}
        return {"personal": value.category, "person_id": value.person_id.hex}
    if isinstance(value, dict):
        return {str(k): _shown(v, revealed, record_id) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_shown(v, revealed, record_id) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def personal_fields(event) -> list[Personal]:
    """Every personal field an event holds, nested ones too."""
    found = []

    def walk(value):
        if isinstance(value, Personal):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for v in value:
                walk(v)

    for name, value in vars(event).items():
        if name not in HIDDEN:
            walk(value)
    return found


def envelope(row) -> dict:
    """An index row as the API answers it."""
    return {"position": row.position, "record_id": row.record_id, "version": row.version, "type": row.topic,
            "at": row.at.isoformat(), "actor": row.actor_id, "role": row.role, "city": row.city,
            "reason": row.reason, "request_id": row.request_id}


def _visible(row) -> bool:
    """Whether the user may see the event: national roles every city's, a city role its own city's."""
    return row is not None and (current_user.city is None or row.city == current_user.city)


def opened(position: int, reason: str | None):
    """The event at a position with its content, decrypted when the user may and says why; 404 if not theirs."""
    store = exitfi().store
    row = indexed_event(store, position) if position <= LAST_POSITION else None
    if not _visible(row):
        abort(404)
    event = stored_event(store, position)
    revealed = bool(reason) and can("audit.read_event_content")
    if revealed:
        purpose(reason)
        prefetch(personal_fields(event))
    return row, content_of(event, revealed, row.record_id), revealed, persons_of(store, position)


def _reason(args) -> tuple[str | None, dict]:
    if "reason" not in args:
        return None, {}
    reason = args.get("reason", "").strip()
    if len(reason) < MIN_REASON or not reason.isprintable():  # "x" says nothing an auditor of the auditors can use
        return None, {"reason": [_l("Say why you open the personal data (at least 10 characters).")]}
    if len(reason) > 500:
        return None, {"reason": [_l("Say it in at most 500 characters.")]}
    return reason, {}


# ---------------------------------------------------------------------------------------------- pages


@bp.get("/")
@requires("audit.browse_events")
def events():
    """List the log's events, newest first, filtered and paged by position."""
    asked = read_filters(request.args)
    rows, following = ([], None) if asked.errors else browse(exitfi().store, asked.wanted, asked.before, asked.limit)
    onward = {k: v for k, v in request.args.items() if k in FILTERS and v}
    return render("core/events.html", rows=rows, following=following, errors=asked.errors, args=request.args,
                  onward=onward, types=event_types(), label=type_label, roles=ROLES,
                  cities=exitfi().settings.cities), 422 if asked.errors else 200


@bp.get("/<int:position>")
@requires("audit.browse_events")
def event(position):
    """Show one event: its envelope, its content (personal fields opened with a reason) and the persons it concerns."""
    reason, errors = _reason(request.args)
    row, content, revealed, persons = opened(position, reason)
    return render("core/event.html", row=row, content=content, revealed=revealed, persons=persons, errors=errors,
                  args=request.args, label=type_label, roles=ROLES), 422 if errors else 200


# ---------------------------------------------------------------------------------------------- the API


class EventSchema(ma.Schema):
    position = ma.fields.Integer()
    record_id = ma.fields.String()
    version = ma.fields.Integer()
    type = ma.fields.String()
    at = ma.fields.String()
    actor = ma.fields.String()
    role = ma.fields.String()
    city = ma.fields.String(allow_none=True)
    reason = ma.fields.String(allow_none=True)
    request_id = ma.fields.String()
    content = ma.fields.Dict(metadata={"description": "the event's fields; a personal one is {personal: category, "
                                                      "person_id[, value]}"})
    persons = ma.fields.List(ma.fields.String(), metadata={"description": "the persons (hex ids) it concerns"})
    revealed = ma.fields.Boolean()


class EventPageSchema(ma.Schema):
    events = ma.fields.List(ma.fields.Nested(EventSchema))
    next_before = ma.fields.Integer(allow_none=True, metadata={"description": "pass as `before` for the next page"})


def _query(name: str, description: str, kind: str = "string", **more) -> dict:
    return {"in": "query", "name": name, "required": False, "description": description,
            "schema": {"type": kind, **more}}


LIST_PARAMETERS = [
    _query("person", "a person's id: the events that concern them", format="uuid"),
    _query("record", "a record's (aggregate's) id: its events", format="uuid"),
    _query("user", "the username of who recorded the events"),
    _query("city", "a city's slug"),
    _query("type", "an event type, as its topic (module:Class.Event)"),
    _query("from", "the first day (YYYY-MM-DD)", format="date"),
    _query("to", "the last day (YYYY-MM-DD)", format="date"),
    _query("before", "a log position: the page starts before it (next_before of the previous page)", "integer",
           minimum=1),
    _query("limit", f"events per page (default {PAGE})", "integer", minimum=1, maximum=MOST),
]


@api_bp.route("")
@api_bp.doc(parameters=LIST_PARAMETERS)
@api_bp.response(200, EventPageSchema)
@requires("audit.browse_events")
def api_events():
    """List the log's events, newest first: filters person, record, user, city, type, from, to; pages by `before`."""
    asked = read_filters(request.args)
    if asked.errors:
        raise ValidationError(untranslated(asked.errors))
    store = exitfi().store
    rows, following = browse(store, asked.wanted, asked.before, asked.limit)
    stored = stored_events(store, [row.position for row in rows])
    return {"events": [{**envelope(row), "content": content_of(stored[row.position], False, row.record_id)}
                       for row in rows], "next_before": following}


@api_bp.route("/<int:position>")
@api_bp.doc(parameters=[_query("reason", "why the personal fields are opened (audit.read_event_content); written "
                                         "to the access log", maxLength=500)])
@api_bp.response(200, EventSchema)
@requires("audit.browse_events")
def api_event(position):
    """Show one event; with `reason`, its personal fields decrypted (for holders of audit.read_event_content)."""
    reason, errors = _reason(request.args)
    if errors:
        raise ValidationError(untranslated(errors))
    if reason and not can("audit.read_event_content"):
        abort(403)
    row, content, revealed, persons = opened(position, reason)
    return {**envelope(row), "content": content, "persons": persons, "revealed": revealed}
