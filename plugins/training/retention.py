"""How long training keeps a participant's name, contact, feedback code and comments: until their erase_after day."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from core.toolkit import RetentionDue, RetentionHold
from plugins.training.projections import participants, sessions


def _kept(months: int) -> str:
    return f"participant's name, contact, feedback code and comments, kept {months} months after the session"


def due(store, city: str, today: date) -> list[RetentionDue]:
    """The city's participants whose erase_after day has come (the core skips those erased before)."""
    with store.reading() as session:
        rows = session.execute(select(participants.c.participant_id, participants.c.session_id,
                                      participants.c.erase_after, sessions.c.retention_months)
                               .join(sessions, sessions.c.session_id == participants.c.session_id)
                               .where(participants.c.city == city, participants.c.erase_after <= today)
                               .order_by(participants.c.erase_after, participants.c.participant_id)).all()
    return [RetentionDue(uuid.UUID(row.participant_id), f"training session {row.session_id}", row.erase_after,
                         _kept(row.retention_months)) for row in rows]


def holds(store, city: str, person_id: uuid.UUID, today: date) -> list[RetentionHold]:
    """The participant's registration in the city, while their erase_after day has not come."""
    with store.reading() as session:
        row = session.execute(select(participants.c.session_id, participants.c.erase_after,
                                     sessions.c.retention_months)
                              .join(sessions, sessions.c.session_id == participants.c.session_id)
                              .where(participants.c.city == city,
                                     participants.c.participant_id == person_id.hex)).first()
    if row is None or row.erase_after <= today:
        return []
    return [RetentionHold(person_id, f"training session {row.session_id}", row.erase_after,
                          f"{_kept(row.retention_months)} (for the certificate of attendance and the "
                          f"session's follow-up), until {row.erase_after.isoformat()}")]
