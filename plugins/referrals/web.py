"""What the pages and the API share: the referral or case asked for, in the user's scope."""

from __future__ import annotations

import uuid
from functools import wraps

from core.toolkit import NotFoundError, can, current_store, finnish_today, in_scope, reveal, showing
from plugins.casework import api as casework
from plugins.network import api as network
from plugins.referrals.queries import incoming_row, outgoing_row


def incoming_in_scope(referral_id: str):
    """The referral in's row, if it came to the user's city (404 otherwise), noted as the record shown."""
    row = incoming_row(current_store(), referral_id)
    if row is None:
        raise NotFoundError(f"no referral {referral_id}")
    in_scope(row.city, None, row.referral_id)
    showing(row.referral_id)
    return row


def case_in_scope(case_id: str) -> dict:
    """The case's facts if the user may open the case (404 or 403 otherwise), noted as the record shown."""
    case = casework.case_facts(current_store(), case_id)
    if case is None:
        raise NotFoundError(f"no case {case_id}")
    in_scope(case["city"], (case["worker_id"], case["second_worker_id"]), case["case_id"])
    showing(case["case_id"])
    return case


def outgoing_in_scope(referral_id: str):
    """The referral out's row, if the user may open its case."""
    row = outgoing_row(current_store(), referral_id)
    case = casework.case_facts(current_store(), row.case_id) if row else None
    if case is None:
        raise NotFoundError(f"no referral {referral_id}")
    in_scope(case["city"], (case["worker_id"], case["second_worker_id"]), row.referral_id)
    showing(case["case_id"])
    return row


def first(lookup, key: str):
    """A decorator for an API view: find the record before the body is read (404 or 403, never a 422)."""

    def decorator(view):
        @wraps(view)
        def scoped(*args, **kwargs):
            return view(*args, row=lookup(kwargs.pop(key)), **kwargs)

        return scoped

    return decorator


def incoming_detail(row) -> dict:
    """A referral in as a page or the API shows it, its personal fields revealed (and the view logged)."""
    [received] = current_store().events.get(uuid.UUID(row.referral_id), limit=1)  # what came with the referral
    contact = next((reveal(c.name, row.organisation_id) for c in network.contact_persons(
        current_store(), row.organisation_id) if c.contact_id == received.contact_id), "") if received.contact_id else ""
    return {**row._mapping, "person": reveal(row.person, row.referral_id), "contact": contact,
            "concern": reveal(received.concern, row.referral_id),
            "referrer_contact": reveal(received.referrer_contact, row.referral_id),
            "days_waiting": (finnish_today() - row.received_on).days}


def queue_entry(row) -> dict:
    """A referral in as the queue lists it: the person's name revealed, the concern left for its own page."""
    return {**row._mapping, "person": reveal(row.person, row.referral_id),
            "days_waiting": (finnish_today() - row.received_on).days}


def outgoing_detail(row) -> dict:
    """A referral out as a page or the API shows it."""
    referral = current_store().get(row.referral_id)
    return {**row._mapping, "items": row.items.split(","), "purpose": reveal(referral.purpose, row.case_id),
            "provision": referral.provision,
            "override_reason": reveal(referral.override_reason, row.case_id) if referral.override_reason else ""}


def may_override() -> bool:
    return can("referrals.override")
