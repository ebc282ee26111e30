"""Read-side questions about contacts and multi-agency meetings: reads only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from plugins.casework.domain import Case
from plugins.casework.meetings.projections import agency_meetings, disclosures


def meeting_row(store, meeting_id: str):
    """Return a meeting's row, or None."""
    with store.reading() as session:
        return session.execute(select(agency_meetings).where(agency_meetings.c.meeting_id == meeting_id)).first()


def meetings_of(store, case_id: str) -> list:
    """A case's multi-agency meetings, the latest first."""
    with store.reading() as session:
        return session.execute(select(agency_meetings).where(agency_meetings.c.case_id == case_id)
                               .order_by(agency_meetings.c.held_on.desc(), agency_meetings.c.recorded_at.desc())).all()


def disclosures_of_client(store, client_id) -> list:
    """Every disclosure of a client's information at a multi-agency meeting, oldest first: the meeting and case,
    the organisation, the basis (consent or a legal basis) and its provision, the items shared (a list of code
    values), when and by whom (username and role)."""
    key = client_id.hex if isinstance(client_id, uuid.UUID) else str(client_id)
    with store.reading() as session:
        rows = session.execute(select(disclosures).where(disclosures.c.client_id == key)
                               .order_by(disclosures.c.at, disclosures.c.meeting_id, disclosures.c.version)).all()
    return [{**row._mapping, "items": row.items.split(",")} for row in rows]


def disclosures_of_case(store, case_id: str) -> list:
    """Every disclosure of a case's client's information, at a meeting or by another record, oldest first."""
    with store.reading() as session:
        return session.execute(select(disclosures).where(disclosures.c.case_id == case_id)
                               .order_by(disclosures.c.at, disclosures.c.meeting_id, disclosures.c.version)).all()


@dataclass(frozen=True)
class Contact:
    """One recorded contact with the client, from the case's log."""

    held_on: object
    mode: str
    minutes: int | None
    workers: list
    attended: bool
    missed_reason: str | None
    note: object
    recorded_by: str


@dataclass(frozen=True)
class Totals:
    held: int
    missed: int
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


def contacts_of(store, case_id: str) -> tuple[list[Contact], Totals]:
    """A case's contacts, the latest day first, with how many were held and missed and the time spent in them."""
    found = [Contact(e.held_on, e.mode, e.minutes, list(e.workers), e.attended, e.missed_reason, e.note,
                     e.meta.actor_id)
             for e in store.events.get(uuid.UUID(case_id)) if isinstance(e, Case.MeetingRecorded)]
    held = [c for c in found if c.attended]
    totals = Totals(len(held), len(found) - len(held), sum(c.minutes for c in held))
    return sorted(found, key=lambda c: c.held_on, reverse=True), totals
