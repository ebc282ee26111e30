"""Read-side questions about training: reads only."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from plugins.training.projections import feedback, participants, qualifications, requests, sessions


def _where_city(query, table, city: str | None):
    return query if city is None else query.where(table.c.city == city)


def request_row(store, request_id: str):
    with store.reading() as session:
        return session.execute(select(requests).where(requests.c.request_id == request_id)).first()


def requests_of(store, city: str | None, open_only: bool = False) -> list:
    """A city's requests (every city's for None), the newest first."""
    query = _where_city(select(requests), requests, city)
    if open_only:
        query = query.where(requests.c.state.in_(("open", "accepted")))
    with store.reading() as session:
        return session.execute(query.order_by(requests.c.made_at.desc())).all()


def session_row(store, session_id: str):
    with store.reading() as session:
        return session.execute(select(sessions).where(sessions.c.session_id == session_id)).first()


def sessions_of(store, city: str | None, from_day: date | None = None) -> list:
    """A city's sessions by date (every city's for None), from a day on if given."""
    query = _where_city(select(sessions), sessions, city)
    if from_day is not None:
        query = query.where(sessions.c.held_on >= from_day)
    with store.reading() as session:
        return session.execute(query.order_by(sessions.c.held_on, sessions.c.title)).all()


def participants_of(store, session_id: str) -> list:
    """A session's participants in the order they registered."""
    with store.reading() as session:
        return session.execute(select(participants).where(participants.c.session_id == session_id)
                               .order_by(participants.c.position)).all()


def participant_by_code(store, digest: str):
    """The participant whose feedback code has this digest, with their session's title, date and city; or None."""
    query = (select(participants.c.participant_id, participants.c.status, participants.c.code, sessions.c.session_id,
                    sessions.c.city,
                    sessions.c.title, sessions.c.held_on)
             .join(sessions, sessions.c.session_id == participants.c.session_id)
             .where(participants.c.code_hash == digest))
    with store.reading() as session:
        return session.execute(query).first()


def has_answered(store, participant_id: str) -> bool:
    with store.reading() as session:
        return session.execute(select(feedback.c.participant_id)
                               .where(feedback.c.participant_id == participant_id)).first() is not None


def feedback_of(store, session_id: str) -> list:
    """A session's answers, in no order that follows the participants (comments must not point at a person)."""
    with store.reading() as session:
        return session.execute(select(feedback).where(feedback.c.session_id == session_id)
                               .order_by(feedback.c.participant_id)).all()  # a random id: not the order of registration


def attendance(store, city: str | None) -> list:
    """Every registration with its session: sector, role, organisation and attendance, no name or contact."""
    query = (select(sessions.c.session_id, sessions.c.title, sessions.c.held_on, sessions.c.city, sessions.c.format,
                    participants.c.organisation, participants.c.sector, participants.c.role, participants.c.status,
                    participants.c.attended)
             .join(sessions, sessions.c.session_id == participants.c.session_id))
    query = _where_city(query, sessions, city)
    with store.reading() as session:
        return session.execute(query.order_by(sessions.c.held_on, sessions.c.session_id,
                                              participants.c.position)).all()


def answers(store, city: str | None) -> list:
    """Every feedback answer's figures with its city (no comments)."""
    query = _where_city(select(feedback.c.city, feedback.c.usefulness, feedback.c.knowledge_before,
                               feedback.c.knowledge_after), feedback, city)
    with store.reading() as session:
        return session.execute(query).all()


def qualifications_of(store, city: str | None = None, instrument: str | None = None,
                      username: str | None = None) -> list:
    """Staff trained in assessment instruments, by username."""
    query = _where_city(select(qualifications), qualifications, city)
    if instrument is not None:
        query = query.where(qualifications.c.instrument == instrument)
    if username is not None:
        query = query.where(qualifications.c.username == username)
    with store.reading() as session:
        return session.execute(query.order_by(qualifications.c.username, qualifications.c.instrument)).all()
