"""Read-side questions about assessments: reads only."""

from __future__ import annotations

from sqlalchemy import select

from plugins.casework.assessment.projections import assessments


def assessment_row(store, assessment_id: str):
    """Return an assessment's row, or None."""
    with store.reading() as session:
        return session.execute(select(assessments).where(assessments.c.assessment_id == assessment_id)).first()


def assessments_of(store, case_id: str) -> list:
    """A case's assessments, the latest first."""
    with store.reading() as session:
        return session.execute(select(assessments).where(assessments.c.case_id == case_id)
                               .order_by(assessments.c.started_at.desc())).all()


def last_two_finalised(rows) -> tuple | None:
    """The earlier and the later of a case's last two finalised assessments (rows the latest first), or None."""
    done = [r for r in rows if r.finalised_at is not None]
    return (done[1], done[0]) if len(done) > 1 else None
