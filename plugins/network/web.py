"""What the pages and the API share: the organisation asked for, the deployment's cities, a command's input."""

from __future__ import annotations

import uuid

from flask import abort, request

from core.toolkit import (NotFoundError, current_cities, current_store, current_user, form_input,
                          lazy_gettext, showing)
from plugins.network.domain import Organisation
from plugins.network.queries import contact_row, organisation_row, service_row

LISTS = ("cities", "languages")  # fields a form sends as several values of one name


def known_cities() -> tuple[str, ...]:
    """The deployment's city slugs: the cities an organisation may cover."""
    return tuple(current_cities())


def city_names() -> dict[str, str]:
    return {slug: city.name for slug, city in current_cities().items()}


def typed() -> dict:
    """The submitted form as the schemas read it: one value per field, a list for the fields of several values."""
    return {**form_input(), **{name: request.form.getlist(name) for name in LISTS if name in request.form}}


def typed_form() -> dict:
    """The submitted form as its page shows it again: what was typed, lists kept whole (none chosen: empty)."""
    return {**form_input(), **{name: request.form.getlist(name) for name in LISTS}}


def own_city(record_city: str, noun: str, record_id: str) -> None:
    """Refuse a change to another city's agreement or meeting: 404, as if there were none; 403 for national roles.

    The organisations are kept jointly by the national network, but an agreement or a meeting is a city
    programme's own: only its city's staff change it (training's records are guarded the same way).
    """
    if current_user.city is None:
        abort(403)  # national roles read the network; they change no city's records
    if record_city != current_user.city:
        raise NotFoundError(f"no {noun} {record_id}")  # another city's record: its existence must not leak


def organisation_or_404(organisation_id: str):
    """The organisation's row, noted as the record shown (every staff role may see the directory), or 404."""
    row = organisation_row(current_store(), organisation_id)
    if row is None:
        raise NotFoundError(f"no organisation {organisation_id}")
    showing(row.organisation_id)
    return row


def contact_or_404(row, contact_id: str):
    """The organisation's contact person, or 404."""
    found = contact_row(current_store(), row.organisation_id, contact_id)
    if found is None:
        raise NotFoundError(f"no contact {contact_id}")
    return found


def service_or_404(row, service_id: str):
    """The organisation's service, withdrawn or not, or 404."""
    found = service_row(current_store(), service_id)
    if found is None or found.organisation_id != row.organisation_id:
        raise NotFoundError(f"no service {service_id}")
    return found


HAPPENINGS = {
    Organisation.Registered: lazy_gettext("Registered in the directory"),
    Organisation.Described: lazy_gettext("Name, type or cities changed"),
    Organisation.JoinedNetwork: lazy_gettext("Joined the national network"),
    Organisation.LeftNetwork: lazy_gettext("Left the national network"),
    Organisation.StatusChanged: lazy_gettext("Status changed"),
    Organisation.ContactAdded: lazy_gettext("Contact person added"),
    Organisation.ContactChanged: lazy_gettext("Contact person changed"),
    Organisation.ContactRemoved: lazy_gettext("Contact person removed"),
    Organisation.ServiceAdded: lazy_gettext("Service added"),
    Organisation.ServiceChanged: lazy_gettext("Service changed"),
    Organisation.ServiceWithdrawn: lazy_gettext("Service withdrawn"),
}


def history(organisation_id: str) -> list[dict]:
    """The organisation's events, newest first: what happened, when, who did it in which role, and why."""
    entries = []
    for e in current_store().events.get(uuid.UUID(organisation_id)):
        what = HAPPENINGS.get(type(e))
        if what is None:
            continue
        entries.append({"at": e.timestamp, "what": what, "actor": e.meta.actor_id, "role": e.meta.role,
                        "reason": getattr(e, "reason", None) or e.meta.reason, "name": getattr(e, "name", None)
                        if isinstance(getattr(e, "name", None), str) else None,
                        "code": getattr(e, "status", None), "on": getattr(e, "on", None)})
    return entries[::-1]
