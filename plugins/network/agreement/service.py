"""Agreement use cases: each takes the store and the acting person, and returns the id or the new version."""

from __future__ import annotations

import uuid
from datetime import date

from core.toolkit import Actor
from plugins.network.agreement.domain import Agreement
from plugins.network.domain import check_city_of, check_own_record


def conclude_agreement(store, actor: Actor, reference: str, kind: str, title: str, city: str, parties,
                       starts_on: date, ends_on: date, legal_basis: str, known_cities,
                       known_organisations) -> uuid.UUID:
    """Record an agreement with organisations of the network; a reference already filed is refused (conflict)."""
    check_city_of(actor, city)
    agreement = Agreement.conclude(reference, kind, title, city, parties, starts_on, ends_on, legal_basis,
                                   known_cities, known_organisations)
    with store.acting(actor):
        store.save(agreement)
    return agreement.id


def renew_agreement(store, actor: Actor, agreement_id, ends_on: date, expected_version: int | None = None) -> int:
    """Extend an agreement to a later end; return its new version."""
    with store.acting(actor):
        agreement = store.get(agreement_id, expected_version)
        check_own_record(actor, agreement.city, agreement_id)
        agreement.renew(ends_on)
        store.save(agreement)
    return agreement.version


def terminate_agreement(store, actor: Actor, agreement_id, on: date, reason: str,
                        expected_version: int | None = None) -> int:
    """End an agreement before its time, with the reason; return its new version."""
    with store.acting(actor, reason=reason):
        agreement = store.get(agreement_id, expected_version)
        check_own_record(actor, agreement.city, agreement_id)
        agreement.terminate(on, reason)
        store.save(agreement)
    return agreement.version
