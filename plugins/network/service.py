"""Organisation use cases: each takes the store and the acting person, and returns ids or the new version.

Each name is held by one organisation at a time through its OrganisationName claim, recorded with the
organisation's events: registering a name the directory already holds is refused with ConflictError, as a
write against a stale version is; renaming to a held name is refused on the name; a rename releases the old name.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from core.toolkit import Actor, ConflictError, NotFoundError, ValidationError, blind_index, finnish_today, normalised
from plugins.network.domain import Organisation, name_key, organisation_id_for
from plugins.network.names import OrganisationName, name_id_for


NAME_INDEX = "network.contact"  # names the blind index, so that no other index compares with it


def name_index_of(store, name) -> str | None:
    """The blind index of a contact person's name, word order free (a contact records no birth date)."""
    words = " ".join(sorted(normalised(name).split())) if isinstance(name, str) else ""
    return blind_index(store, NAME_INDEX, words) if words else None


def claim_name(store, name: str, holder: uuid.UUID | None = None) -> tuple[OrganisationName, uuid.UUID]:
    """The claim on a name for `holder` (None: a new organisation) and the holder's id; a held name is refused."""
    try:
        claim = store.get(name_id_for(name))
    except NotFoundError:
        holder = holder or organisation_id_for(name)
        return OrganisationName.first_claim(name, holder), holder
    holder = holder or claim.next_holder_id()
    claim.claim(holder)
    return claim, holder


def register_organisation(store, actor: Actor, name: str, type: str, cities: Iterable[str],
                          known_cities: Iterable[str]) -> uuid.UUID:
    """Register an organisation in the directory; return its id."""
    with store.acting(actor):
        try:
            claim, organisation_id = claim_name(store, name)
        except ValidationError:
            raise ConflictError(name_id_for(name)) from None
        organisation = Organisation.register(name, type, cities, known_cities, organisation_id)
        store.save(organisation, claim)
    return organisation.id


def _renamed(store, organisation: Organisation, old_name: str) -> list:
    """The claims a rename changes: the new name's claimed, the old one's released (none if only case changed)."""
    if name_key(old_name) == name_key(organisation.name):
        return []
    claim, _ = claim_name(store, organisation.name, organisation.id)
    try:
        old = store.get(name_id_for(old_name))
    except NotFoundError:
        return [claim]
    old.release(organisation.id)
    return [claim, old]


def _change(store, actor, organisation_id, expected_version, command, reason=None):
    with store.acting(actor, reason=reason):
        organisation = store.get(organisation_id, expected_version)
        answer = command(organisation)
        store.save(organisation)
    return answer if answer is not None else organisation.version


def describe_organisation(store, actor: Actor, organisation_id, name: str, type: str, cities: Iterable[str],
                          known_cities: Iterable[str], expected_version: int | None = None) -> int:
    """Change an organisation's name, type or cities; return the new version."""
    with store.acting(actor):
        organisation = store.get(organisation_id, expected_version)
        old_name = organisation.name
        organisation.describe(name, type, cities, known_cities)
        store.save(organisation, *_renamed(store, organisation, old_name))
    return organisation.version


def join_network(store, actor: Actor, organisation_id, on: date, expected_version: int | None = None,
                 today: date | None = None) -> int:
    """Record that the organisation joined the national network; return the new version."""
    return _change(store, actor, organisation_id, expected_version,
                   lambda o: o.join_network(on, today or finnish_today()))


def leave_network(store, actor: Actor, organisation_id, on: date, reason: str,
                  expected_version: int | None = None, today: date | None = None) -> int:
    """Record that the organisation left the national network, and why; return the new version."""
    return _change(store, actor, organisation_id, expected_version,
                   lambda o: o.leave_network(on, reason, today or finnish_today()), reason)


def change_status(store, actor: Actor, organisation_id, status: str, reason: str,
                  expected_version: int | None = None, today: date | None = None) -> int:
    """Make the organisation active or inactive, with the reason; return the new version."""
    return _change(store, actor, organisation_id, expected_version,
                   lambda o: o.change_status(status, reason, today or finnish_today()), reason)


def add_contact(store, actor: Actor, organisation_id, name: str, role: str, phone: str, email: str,
                cities: Iterable[str], expected_version: int | None = None) -> uuid.UUID:
    """Add a contact person to the organisation; return the contact's id, which is also the person's."""
    return _change(store, actor, organisation_id, expected_version,
                   lambda o: o.add_contact(name, role, phone, email, cities, name_index_of(store, name)))


def change_contact(store, actor: Actor, organisation_id, contact_id, name: str, role: str, phone: str, email: str,
                   cities: Iterable[str], expected_version: int | None = None) -> int:
    """Change a contact person's details; return the organisation's new version."""
    return _change(store, actor, organisation_id, expected_version,
                   lambda o: o.change_contact(uuid.UUID(str(contact_id)), name, role, phone, email, cities,
                                              name_index_of(store, name)))


def remove_contact(store, actor: Actor, organisation_id, contact_id, expected_version: int | None = None) -> int:
    """Remove a contact person from the organisation; return its new version (the retention run erases them)."""
    return _change(store, actor, organisation_id, expected_version,
                   lambda o: o.remove_contact(uuid.UUID(str(contact_id))))


def add_service(store, actor: Actor, organisation_id, name: str, category: str, cities: Iterable[str],
                eligibility: str, how_to_refer: str, languages: Iterable[str],
                expected_version: int | None = None) -> uuid.UUID:
    """Add a service the organisation offers; return the service's id."""
    return _change(store, actor, organisation_id, expected_version,
                   lambda o: o.add_service(name, category, cities, eligibility, how_to_refer, languages))


def change_service(store, actor: Actor, organisation_id, service_id, name: str, category: str,
                   cities: Iterable[str], eligibility: str, how_to_refer: str, languages: Iterable[str],
                   expected_version: int | None = None) -> int:
    """Change a service; return the organisation's new version."""
    return _change(store, actor, organisation_id, expected_version,
                   lambda o: o.change_service(uuid.UUID(str(service_id)), name, category, cities, eligibility,
                                              how_to_refer, languages))


def withdraw_service(store, actor: Actor, organisation_id, service_id, reason: str,
                     expected_version: int | None = None) -> int:
    """Withdraw a service from the directory, with the reason; return the organisation's new version."""
    return _change(store, actor, organisation_id, expected_version,
                   lambda o: o.withdraw_service(uuid.UUID(str(service_id)), reason), reason)
