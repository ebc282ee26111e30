"""Read-side questions about outcome measurements: reads only."""

from __future__ import annotations

from sqlalchemy import select

from plugins.casework.outcomes.projections import measurements, outcomes


def measurements_of(store, case_id: str) -> list:
    """A case's outcome measurements, in the order they were taken."""
    with store.reading() as session:
        return session.execute(select(measurements).where(measurements.c.case_id == case_id)
                               .order_by(measurements.c.version)).all()


def outcomes_version(store, case_id: str) -> int:
    """The version of a case's outcomes that a new measurement is based on (0 before the first)."""
    with store.reading() as session:
        return session.execute(select(outcomes.c.version).where(outcomes.c.case_id == case_id)).scalar() or 0
