"""Use cases of referrals in: each takes the store and the acting person, and returns ids or the new version.

Accepting opens the case through plugins.casework.api inside the same command as the referral's own event: when
two coordinators accept at once, the second save meets the first one's version and the whole command, the case
with it, is refused with ConflictError.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from core.toolkit import Actor, PersonFound, blind_index, blind_matches, finnish_today, lazy_gettext, normalised
from plugins.casework import api as casework
from plugins.network import api as network
from plugins.referrals.incoming.domain import IncomingReferral
from plugins.referrals.incoming.projections import incoming

NAME_INDEX = "referrals.person"  # the blind index's own name: it never compares with another plugin's


def receive_referral(store, actor: Actor, city: str, source: str, person: str, concern: str, urgency: str,
                     person_knows: bool, person_consents: bool, referrer_contact: str | None = None,
                     organisation_id: str | None = None, organisation: str | None = None,
                     contact_id: str | None = None, received_on: date | None = None) -> uuid.UUID:
    """Record a referral in; an organisation of the directory (`organisation_id`) gives its name, else the free
    entry `organisation` names it. Return the referral's id."""
    found = network.organisation(store, organisation_id) if organisation_id else None
    referral = IncomingReferral.receive(city, source, organisation_id, found, organisation, contact_id, person,
                                        concern, urgency, person_knows, person_consents, referrer_contact,
                                        received_on or finnish_today(), finnish_today(), name_index_of(store, person))
    with store.acting(actor):
        store.save(referral)
    return referral.id


def name_index_of(store, name) -> str | None:
    """The blind index of a referred person's name, word order free (a referral records no birth date)."""
    words = " ".join(sorted(normalised(name).split())) if isinstance(name, str) else ""
    return blind_index(store, NAME_INDEX, words) if words else None


def persons_named(store, full_name: str) -> list[PersonFound]:
    """The persons of every city's referrals in whose name matches (an access or erasure request)."""
    value = name_index_of(store, full_name)
    if value is None:
        return []
    with store.reading() as session:
        rows = session.execute(select(incoming.c.referral_id, incoming.c.person_id, incoming.c.city,
                                      incoming.c.received_on, incoming.c.name_index)
                               .where(incoming.c.name_bucket == value[:2], incoming.c.name_index.is_not(None))).all()
    found = blind_matches(store, value, [r.name_index for r in rows])
    return [PersonFound(r.person_id, r.referral_id, r.city, lazy_gettext(
        "A referral in, received on %(day)s (it records no birth date)", day=r.received_on.isoformat()))
        for r, match in zip(rows, found) if match]


def _change(store, actor, referral_id, expected_version, command, reason=None):
    with store.acting(actor, reason=reason):
        referral = store.get(referral_id, expected_version)
        command(referral)
        store.save(referral)
    return referral.version


def accept_referral(store, actor: Actor, referral_id, pseudonym: str | None = None,
                    expected_version: int | None = None) -> uuid.UUID:
    """Accept the referral: open a case for the referred person (their name its pseudonym unless another is given)
    and link the two; return the case's id."""
    with store.acting(actor):
        referral = store.get(referral_id, expected_version)
        referral.ensure_undecided()  # before a case is opened for it
        name = (pseudonym or "").strip() or store.vault.reveal(referral.person)
        case_id = casework.open_case(store, actor, referral.city, name, referral.person_id, referral.source)
        referral.accept(case_id)
        store.save(referral)
    return case_id


def decline_referral(store, actor: Actor, referral_id, reason: str, expected_version: int | None = None) -> int:
    """Decline the referral with the reason (personal data: it stays in the event); return the new version."""
    return _change(store, actor, referral_id, expected_version, lambda r: r.decline(reason))


def refer_on(store, actor: Actor, referral_id, service_id: str, reason: str,
             expected_version: int | None = None) -> int:
    """Refer the person on to a service of the network's directory; return the new version."""
    service = network.service(store, service_id) if service_id else None
    return _change(store, actor, referral_id, expected_version, lambda r: r.refer_on(service, reason))


def give_feedback(store, actor: Actor, referral_id, told: str, on: date | None = None,
                  expected_version: int | None = None) -> int:
    """Record what the referrer was told, and when; return the new version."""
    return _change(store, actor, referral_id, expected_version,
                   lambda r: r.give_feedback(told, on or finnish_today(), finnish_today()))
