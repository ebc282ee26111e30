"""Read-side questions about safety: reads only, none of them personal data."""

from __future__ import annotations

from sqlalchemy import select

from plugins.casework.projections import cases
from plugins.casework.safety.projections import escalations, safety_plans


def safety_row(store, case_id: str):
    """A case's safety-plan row, or None while the case has no safety record."""
    with store.reading() as session:
        return session.execute(select(safety_plans).where(safety_plans.c.case_id == case_id)).first()


def escalations_of(store, case_id: str) -> list:
    """A case's escalations, the latest first."""
    with store.reading() as session:
        return session.execute(select(escalations).where(escalations.c.case_id == case_id)
                               .order_by(escalations.c.number.desc())).all()


def awaiting_acknowledgement(store, city: str, limit: int = 20) -> list:
    """A city's escalations no coordinator has acknowledged yet, the oldest first."""
    q = (select(escalations.c.case_id, escalations.c.number, escalations.c.recipient, escalations.c.legal_basis,
                escalations.c.escalated_on, escalations.c.escalated_by, cases.c.kind)
         .join(cases, cases.c.case_id == escalations.c.case_id)
         .where(escalations.c.city == city, escalations.c.acknowledged_by.is_(None))
         .order_by(escalations.c.escalated_on, escalations.c.case_id, escalations.c.number))
    with store.reading() as session:
        return session.execute(q.limit(limit)).all()
