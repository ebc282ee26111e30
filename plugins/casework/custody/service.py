"""Custody use cases: each takes the store, the acting person and the case, and returns the new version."""

from __future__ import annotations

from datetime import date

from core.toolkit import Actor, ConflictError, NotFoundError, finnish_today
from plugins.casework.custody.domain import Custody, custody_id


def custody_of(store, case_id, expected_version: int | None = None) -> Custody:
    """The case's custody record; a new one (version 0) where the case has none yet."""
    try:
        return store.get(custody_id(case_id), expected_version)
    except NotFoundError:
        if expected_version not in (None, 0):
            raise ConflictError(custody_id(case_id), expected_version, 0) from None
        return Custody.start(store.get(case_id))


def _run(store, actor: Actor, case_id, expected_version, command) -> int:
    with store.acting(actor):
        custody = custody_of(store, case_id, expected_version)
        command(custody)
        store.save(custody)
    return custody.version


def record_status(store, actor: Actor, case_id, status: str, since: date, prison: str | None = None,
                  expected_version: int | None = None) -> int:
    """Record the client's custody status from a day on (the prison or unit while in custody)."""
    return _run(store, actor, case_id, expected_version, lambda c: c.record_status(status, since, prison, finnish_today()))


def set_release_date(store, actor: Actor, case_id, expected_on: date, expected_version: int | None = None) -> int:
    """Set or move the expected release date."""
    return _run(store, actor, case_id, expected_version, lambda c: c.set_release_date(expected_on))


def record_release(store, actor: Actor, case_id, released_on: date, expected_version: int | None = None) -> int:
    """Record the day the client was released."""
    return _run(store, actor, case_id, expected_version, lambda c: c.release(released_on, finnish_today()))


def record_contact(store, actor: Actor, case_id, name: str, phone: str | None = None, email: str | None = None,
                   expected_version: int | None = None) -> int:
    """Record the Criminal Sanctions Agency's contact person for the client."""
    return _run(store, actor, case_id, expected_version, lambda c: c.record_contact(name, phone, email))


def add_task(store, actor: Actor, case_id, kind: str, owner: str, due_on: date | None = None,
             expected_version: int | None = None) -> int:
    """Add a handover task, due on a day or by its kind's default offset from the release date."""
    return _run(store, actor, case_id, expected_version, lambda c: c.add_task(kind, owner, due_on))


def complete_task(store, actor: Actor, case_id, number: int, done_on: date, expected_version: int | None = None) -> int:
    """Mark a handover task done."""
    return _run(store, actor, case_id, expected_version, lambda c: c.complete_task(number, done_on, finnish_today()))
