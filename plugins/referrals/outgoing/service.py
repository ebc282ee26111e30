"""Use cases of referrals out: each takes the store and the acting person, and returns ids or the new version.

Sending records the disclosure through plugins.casework.api in the same command, so the client's access report
shows what went to whom exactly when the referral left.
"""

from __future__ import annotations

import uuid
from datetime import date

from core.toolkit import Actor, NotFoundError, finnish_today
from plugins.casework import api as casework
from plugins.network import api as network
from plugins.referrals.outgoing.domain import OutgoingReferral


def draft_referral(store, actor: Actor, case_id, service_id: str, purpose: str, items, basis: str,
                   provision: str | None = None, override_reason: str | None = None,
                   may_override: bool = False) -> uuid.UUID:
    """Draft a referral of the case's client to a service; `may_override` says the actor holds referrals.override.
    Return the referral's id."""
    case = casework.case_facts(store, case_id)
    if case is None:
        raise NotFoundError(f"no case {case_id}")
    service = network.service(store, service_id) if service_id else None
    referral = OutgoingReferral.draft(case, casework.sharing_of(store, case["case_id"]), service, purpose, items,
                                      basis, provision, override_reason, may_override)
    with store.acting(actor, reason=referral.provision):
        store.save(referral)
    return referral.id


def send_referral(store, actor: Actor, referral_id, on: date | None = None,
                  expected_version: int | None = None) -> int:
    """Send the referral and record the disclosure of the chosen items; return the new version."""
    with store.acting(actor):
        referral = store.get(referral_id, expected_version)
        referral.send(casework.sharing_of(store, referral.case_id), on or finnish_today(), finnish_today())
        store.save(referral)
        casework.record_disclosure(store, referral.case_id, referral.id, referral.version, referral.organisation,
                                   referral.basis, referral.provision, referral.items)
    return referral.version


def answer_referral(store, actor: Actor, referral_id, status: str, on: date | None = None,
                    feedback: str | None = None, expected_version: int | None = None) -> int:
    """Record the receiving service's answer and feedback; return the new version."""
    with store.acting(actor):
        referral = store.get(referral_id, expected_version)
        referral.answer(status, on or finnish_today(), feedback, finnish_today())
        store.save(referral)
    return referral.version


def withdraw_referral(store, actor: Actor, referral_id, reason: str, expected_version: int | None = None) -> int:
    """Withdraw the referral, with the reason; return the new version."""
    with store.acting(actor):
        referral = store.get(referral_id, expected_version)
        referral.withdraw(reason)
        store.save(referral)
    return referral.version
