"""Casework's public module: what other plugins and the core's reports may use of casework, kept stable.

A city plugin extends casework through casework's hooks (``plugins/casework/hookspecs.py``) and
answers them with the values defined here: ``CaseKind`` for ``case_kinds``, ``Measure`` for
``outcome_measures``.

``disclosures_of_client(store, client_id)``
    Every disclosure of one client's information, oldest first, for the client's access report (GDPR Art. 15;
    Act 703/2023 asks to whom a client's data was disclosed): those recorded at a multi-agency meeting and those
    made by another plugin's record (``record_disclosure``). Each is a mapping with ``meeting_id`` (the meeting,
    or the record that made the disclosure, such as a referral), ``version``, ``case_id``, ``client_id``,
    ``city``, ``organisation`` (the recipient), ``basis`` (``consent``, a legal basis code or ``override``),
    ``provision`` (the act and section of a legal basis, else None), ``items`` (the code values of what was
    shared), ``at`` (when it was recorded) and ``actor`` and ``role`` (who recorded it). None of it is personal
    data beyond the ids.

``open_case(store, actor, city, pseudonym, client_id, referral_source)``
    Open an individual case through casework's own rules, for a client whose person id another record already
    holds (a referral accepted); returns the case id. Inside the caller's ``store.acting`` block it commits with
    the caller's own events, or not at all.

``case_facts(store, case_id)``
    The case's facts (``hookspecs.CASE_FACTS`` and ``second_worker_id``), or None: what a page needs to decide
    whether the user may open the case (``in_scope``) and what another record of the case stores.

``open_cases(store, city)``
    The facts of the city's cases that are not closed, the most recently changed first.

``sharing_of(store, case_id)``
    The organisations the client has consented to share information with, as the case stands now.

``record_disclosure(store, case_id, record_id, record_version, organisation, basis, provision, items)``
    Record, inside the caller's ``store.acting`` block, that a record of another plugin shared the client's
    information: the record's aggregate decides the basis (consent, ``LEGAL_BASES`` or ``OVERRIDE``), casework
    keeps the disclosure for the access report. ``ITEMS`` are the code values of what may be shared.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from plugins.casework.domain import REFERRAL_SOURCES
from plugins.casework.meetings.disclosure import OVERRIDE, Disclosure
from plugins.casework.meetings.domain import CONSENT, ITEMS, LEGAL_BASES
from plugins.casework.meetings.queries import disclosures_of_client
from plugins.casework.outcomes.measures import Measure

__all__ = ["CONSENT", "ITEMS", "LEGAL_BASES", "OVERRIDE", "REFERRAL_SOURCES", "CaseKind", "Measure", "case_facts",
           "disclosures_of_client", "open_case", "open_cases", "record_disclosure", "sharing_of"]


@dataclass(frozen=True)
class CaseKind:
    """A kind of case a city adds to the programme's own (``case_kinds``), with its name on the pages.

    ``name`` is the code value stored with each case (lower case, at most 20 characters); the
    city's ``retention_policies`` answer must give it a retention period, or the city does not start.
    """

    name: str
    label: object  # a lazy_gettext string, so that it follows the user's language


def open_case(store, actor, city: str, pseudonym: str, client_id: uuid.UUID, referral_source: str | None) -> uuid.UUID:
    """Open an individual case for a client known by `client_id`, come through an agency; return the case id."""
    from plugins.casework import service
    return service.open_case(store, actor, city, "individual", pseudonym, "agency", client_id=client_id,
                             referral_source=referral_source)


def _facts(row) -> dict:
    return {"case_id": row.case_id, "city": row.city, "kind": row.kind, "phase": row.phase,
            "worker_id": row.worker_id, "second_worker_id": row.second_worker_id, "client_id": row.client_id,
            "meetings": row.meetings, "opened_at": row.opened_at, "updated_at": row.updated_at,
            "version": row.version}


def case_facts(store, case_id) -> dict | None:
    """The case's facts without personal data, or None when there is no such case."""
    from plugins.casework.queries import case_row
    row = case_row(store, str(case_id).replace("-", ""))
    return _facts(row) if row else None


def open_cases(store, city: str) -> list[dict]:
    """The facts of the city's cases that are not closed, the most recently changed first."""
    from sqlalchemy import select

    from plugins.casework.projections import cases
    with store.reading() as session:
        rows = session.execute(select(cases).where(cases.c.city == city, cases.c.phase != "closed")
                               .order_by(cases.c.updated_at.desc(), cases.c.case_id)).all()
    return [_facts(row) for row in rows]


def sharing_of(store, case_id) -> frozenset[str]:
    """The organisations the client has consented to share with, as the case stands now."""
    return frozenset(store.get(case_id).sharing)


def record_disclosure(store, case_id, record_id: uuid.UUID, record_version: int, organisation: str, basis: str,
                      provision: str | None, items: list[str]) -> uuid.UUID:
    """Save a disclosure made by another record, inside the caller's ``store.acting`` block; return its id."""
    disclosure = Disclosure.record(store.get(case_id), record_id, record_version, organisation, basis, provision,
                                   items)
    store.save(disclosure)
    return disclosure.id
