"""Read-side questions about referrals in and out: reads only."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, select

from plugins.referrals.incoming.projections import incoming
from plugins.referrals.outgoing.projections import outgoing


def incoming_row(store, referral_id: str):
    """Return a referral in's row, or None."""
    with store.reading() as session:
        return session.execute(select(incoming).where(incoming.c.referral_id == referral_id)).first()


def triage_queue(store, city: str) -> list:
    """The city's referrals in awaiting triage: the most urgent first, then the oldest."""
    with store.reading() as session:
        return session.execute(select(incoming).where(and_(incoming.c.city == city, incoming.c.status == "received"))
                               .order_by(incoming.c.urgency_rank, incoming.c.received_on,
                                         incoming.c.referral_id)).all()


def decided(store, city: str, limit: int = 50) -> list:
    """The city's referrals in already triaged, the latest decision first."""
    with store.reading() as session:
        return session.execute(select(incoming).where(and_(incoming.c.city == city, incoming.c.status != "received"))
                               .order_by(incoming.c.decided_at.desc()).limit(limit)).all()


def referral_of_case(store, case_id: str):
    """The referral in that a case was opened from, or None."""
    with store.reading() as session:
        return session.execute(select(incoming).where(incoming.c.case_id == case_id)).first()


def outgoing_row(store, referral_id: str):
    """Return a referral out's row, or None."""
    with store.reading() as session:
        return session.execute(select(outgoing).where(outgoing.c.referral_id == referral_id)).first()


def outgoing_of_case(store, case_id: str) -> list:
    """A case's referrals out, the latest drafted first."""
    with store.reading() as session:
        return session.execute(select(outgoing).where(outgoing.c.case_id == case_id)
                               .order_by(outgoing.c.drafted_at.desc())).all()


def overdue(store, city: str, today: date) -> list:
    """The city's referrals out whose answer is overdue, the longest overdue first."""
    with store.reading() as session:
        return session.execute(select(outgoing).where(and_(outgoing.c.city == city, outgoing.c.answer_due < today))
                               .order_by(outgoing.c.answer_due)).all()


def overrides(store, city: str, limit: int = 20) -> list:
    """The city's referrals out drafted without consent or a legal basis, the latest first: for the coordinator."""
    with store.reading() as session:
        return session.execute(select(outgoing).where(and_(outgoing.c.city == city, outgoing.c.overridden))
                               .order_by(outgoing.c.drafted_at.desc()).limit(limit)).all()
