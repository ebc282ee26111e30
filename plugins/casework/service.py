"""Casework use cases: each takes the store and the acting person, and returns ids or simple values."""

from __future__ import annotations

import uuid
from datetime import date

from core.errors import ValidationError
from core.events import Actor
from core.vault import Personal
from plugins.casework.domain import CHANNELS, KINDS, MEETING_MODES, PHASES, Case


def open_case(store, actor: Actor, city: str, kind: str, pseudonym: str, channel: str,
              client_id: uuid.UUID | None = None) -> uuid.UUID:
    """Open a case for a client known only by a pseudonym, if need be; a worker who opens it takes it on."""
    errors = {}
    if kind not in KINDS:
        errors["kind"] = [f"must be one of {', '.join(KINDS)}"]
    if channel not in CHANNELS:
        errors["channel"] = [f"must be one of {', '.join(CHANNELS)}"]
    if not pseudonym or not pseudonym.strip():
        errors["pseudonym"] = ["is required"]
    if errors:
        raise ValidationError(errors)
    client_id = client_id or uuid.uuid4()
    with store.acting(actor):
        case = Case(city=city, kind=kind, client_id=client_id,
                    pseudonym=Personal(client_id, "identity", pseudonym.strip()), channel=channel)
        if actor.role == "exit_worker":
            case.assign(actor.user_id)  # a worker who opens a case takes it on
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
    """Record a meeting with the client; the note is personal data of the client."""
    errors = {}
    if mode not in MEETING_MODES:
        errors["mode"] = [f"must be one of {', '.join(MEETING_MODES)}"]
    if not isinstance(minutes, int) or not 0 < minutes <= 24 * 60:
        errors["minutes"] = ["must be between 1 and 1440"]
    if errors:
        raise ValidationError(errors)
    with store.acting(actor):
        case = store.get(case_id, expected_version)
        personal_note = Personal(case.client_id, "note", note) if note else None
        case.record_meeting(held_on=held_on, mode=mode, minutes=minutes, note=personal_note)
        store.save(case)
    return case.version


def change_phase(store, actor: Actor, case_id, phase: str, reason: str, expected_version: int | None = None) -> int:
    """Move a case to another phase, with the reason for it."""
    if phase not in PHASES:
        raise ValidationError({"phase": [f"must be one of {', '.join(PHASES)}"]})
    if not reason or not reason.strip():
        raise ValidationError({"reason": ["a phase change needs a reason"]})
    with store.acting(actor, reason=reason):
        case = store.get(case_id, expected_version)
        case.move_to(phase=phase, reason=reason.strip())
        store.save(case)
    return case.version
