"""How long the network keeps a contact person's details: while they are a contact of the organisation.

Once removed, the retention run erases them (through the vault); the data-protection officer finds a contact
person by name for an access or erasure request through the blind index of their name.
"""

from __future__ import annotations

import uuid
from sqlalchemy import select

from core.toolkit import PersonFound, RetentionDue, RetentionHold, blind_matches, lazy_gettext
from plugins.network.projections import contacts, organisations
from plugins.network.service import name_index_of

KEPT = "contact person's name, role, phone and email, kept while they are a contact of the organisation"


def _serving(city: str):
    return contacts.c.cities.like(f"%,{city},%")


def due(store, city: str) -> list[RetentionDue]:
    """The contact persons serving the city who were removed from their organisation (erased once, by the core)."""
    with store.reading() as session:
        rows = session.execute(select(contacts.c.contact_id, contacts.c.organisation_id, contacts.c.removed_on)
                               .where(contacts.c.removed_on.is_not(None), _serving(city))
                               .order_by(contacts.c.removed_on, contacts.c.contact_id)).all()
    return [RetentionDue(uuid.UUID(r.contact_id), f"network organisation {r.organisation_id}", r.removed_on,
                        f"{KEPT}; removed on {r.removed_on.isoformat()}") for r in rows]


def holds(store, city: str, person_id: uuid.UUID) -> list[RetentionHold]:
    """The contact person's place at an organisation in the city, while they have not been removed from it."""
    with store.reading() as session:
        row = session.execute(select(contacts.c.organisation_id)
                              .where(contacts.c.contact_id == person_id.hex, contacts.c.removed_on.is_(None),
                                     _serving(city))).first()
    if row is None:
        return []
    return [RetentionHold(person_id, f"network organisation {row.organisation_id}", None,
                          f"{KEPT} (to reach the organisation's contact for referrals and cooperation): remove "
                          f"them from the organisation first")]


def persons_named(store, full_name: str) -> list[PersonFound]:
    """The contact persons, current or removed and not yet erased, whose name matches (an access request)."""
    value = name_index_of(store, full_name)
    if value is None:
        return []
    with store.reading() as session:
        rows = session.execute(select(contacts.c.contact_id, contacts.c.organisation_id, contacts.c.name_index,
                                      contacts.c.removed_on, organisations.c.name.label("organisation"))
                               .join(organisations, organisations.c.organisation_id == contacts.c.organisation_id)
                               .where(contacts.c.name_bucket == value[:2], contacts.c.name_index.is_not(None))).all()
    found = blind_matches(store, value, [r.name_index for r in rows])
    return [PersonFound(r.contact_id, r.organisation_id, None,
                        lazy_gettext("A contact person of %(organisation)s (it records no birth date)",
                                     organisation=r.organisation) if r.removed_on is None else
                        lazy_gettext("A former contact person of %(organisation)s, removed on %(day)s",
                                     organisation=r.organisation, day=r.removed_on.isoformat()))
            for r, match in zip(rows, found) if match]
