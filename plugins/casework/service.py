"""Casework use cases: each takes the store and the acting person, and returns ids or simple values."""

from __future__ import annotations

import uuid
from datetime import date

from core.toolkit import Actor
from plugins.casework.domain import Case


def open_case(store, actor: Actor, city: str, kind: str, pseudonym: str, channel: str,
              client_id: uuid.UUID | None = None) -> uuid.UUID:
    """Open a case; a worker who opens it takes it on."""
    case = Case.open(city, kind, pseudonym, channel, client_id)
    if actor.role == "exit_worker":
        case.assign(actor.user_id)
    with store.acting(actor):
        store.save(case)
    return case.id


def assign_worker(store, actor: Actor, case_id, worker_id: str, expected_version: int | None = None) -> int:
    """Assign an exit worker to a case; return the new version."""
    with store.acting(actor):
        case = store.get(case_id, expected_version)
        case.assign(worker_id)
        store.save(case)
    return case.version


def record_meeting(store, actor: Actor, case_id, held_on: date, mode: str, minutes: int,
                   note: str | None = None, expected_version: int | None = None) -> int:
    """Record a meeting with the client; return the new version."""
    with store.acting(actor):
        case = store.get(case_id, expected_version)
        case.record_meeting(held_on, mode, minutes, note)
        store.save(case)
    return case.version


def change_phase(store, actor: Actor, case_id, phase: str, reason: str, expected_version: int | None = None) -> int:
    """Move a case to another phase, with the reason for it; return the new version."""
    with store.acting(actor, reason=reason):
        case = store.get(case_id, expected_version)
        case.move_to(phase, reason)
        store.save(case)
    return case.version
