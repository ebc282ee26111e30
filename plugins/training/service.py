"""Training use cases: each takes the store and the acting person, and returns ids or simple values."""

from __future__ import annotations

import uuid
from datetime import date

from core.toolkit import Actor, NotFoundError, finnish_today
from plugins.training.domain import PARTICIPANT, StaffTraining, TrainingRequest, TrainingSession, staff_training_id


def make_request(store, actor: Actor, city: str, organisation: str, sector: str, kind: str, needs: str,
                 audience: str, preferred_dates: str = "") -> uuid.UUID:
    """Record an organisation's request for training or practical support."""
    request = TrainingRequest.make(city, organisation, sector, kind, needs, audience, preferred_dates)
    with store.acting(actor):
        store.save(request)
    return request.id


def accept_request(store, actor: Actor, request_id, expected_version: int | None = None) -> int:
    """Accept a request; return its new version."""
    with store.acting(actor):
        request = store.get(request_id, expected_version)
        request.accept(actor.user_id)
        store.save(request)
    return request.version


def decline_request(store, actor: Actor, request_id, reason: str, expected_version: int | None = None) -> int:
    """Decline a request with a reason; return its new version."""
    with store.acting(actor):
        request = store.get(request_id, expected_version)
        request.decline(actor.user_id, reason)
        store.save(request)
    return request.version


def plan_session(store, actor: Actor, city: str, retention_months: int, **plan) -> uuid.UUID:
    """Plan a session in a city; the city's retention rule when it is planned is kept with it."""
    session = TrainingSession.plan(city, retention_months=retention_months, **plan)
    with store.acting(actor):
        store.save(session)
    return session.id


def schedule_request(store, actor: Actor, request_id, retention_months: int, expected_version: int | None = None,
                     **plan) -> uuid.UUID:
    """Answer a request with a session planned for it: the session and the answer are saved together."""
    with store.acting(actor):
        request = store.get(request_id, expected_version)
        session = TrainingSession.plan(request.city, retention_months=retention_months,
                                       request_id=request.id.hex, **plan)
        request.schedule(actor.user_id, session)
        store.save(request, session)
    return session.id


def register(store, actor: Actor, session_id, organisation: str, sector: str, role: str, name: str = "",
             contact: str = "", expected_version: int | None = None, today: date | None = None):
    """Register a participant (on the waiting list once full); return their id, feedback code and whether waiting."""
    with store.acting(actor):
        session = store.get(session_id, expected_version)
        participant_id, code = session.register(organisation, sector, role, name, contact,
                                                today or finnish_today())
        store.save(session)
    return participant_id, code, session.participants[participant_id].status == "waiting"


def cancel(store, actor: Actor, session_id, participant_id, expected_version: int | None = None,
           today: date | None = None) -> uuid.UUID | None:
    """Cancel a registration; return the id of the waiting participant who got the seat, if any."""
    with store.acting(actor):
        session = store.get(session_id, expected_version)
        promoted = session.cancel(participant_id, today or finnish_today())
        store.save(session)
    return promoted


def mark_attendance(store, actor: Actor, session_id, participant_id, attended: bool,
                    expected_version: int | None = None, today: date | None = None) -> int:
    """Mark whether a participant attended (after the session only); return the session's new version."""
    with store.acting(actor):
        session = store.get(session_id, expected_version)
        session.mark_attendance(participant_id, attended, today or finnish_today())
        store.save(session)
    return session.version


def give_feedback(store, city: str, session_id, participant_id, usefulness: int, knowledge_before: int,
                  knowledge_after: int, comments: str = "", today: date | None = None) -> None:
    """Record a participant's one answer, given through their link without an account."""
    # The participant has no account: the log names them by their participant id, in the session's city.
    with store.acting(Actor(f"participant:{participant_id}", PARTICIPANT, city)):
        session = store.get(session_id)
        session.give_feedback(participant_id, usefulness, knowledge_before, knowledge_after, comments,
                              today or finnish_today())
        store.save(session)


def record_instrument_training(store, actor: Actor, username: str, city: str, instrument: str, trained_on: date,
                               known: set[str], staff: set[str], today: date | None = None) -> None:
    """Record that a staff member of the city was trained in one of the instruments it offers."""
    with store.acting(actor):
        try:
            record = store.get(staff_training_id(username))
        except NotFoundError:
            record = StaffTraining.start(username, city, staff)
        record.record(instrument, trained_on, known, today or finnish_today())
        store.save(record)
