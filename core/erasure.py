"""Erasure (GDPR Art. 17): destroy a person's data key and record that it was done, and why."""

from __future__ import annotations

import uuid

from core import signals
from core.errors import ConflictError, ExitfiError, ValidationError
from core.events import Actor, Aggregate, event
from core.vault import vault_keys

ERASURE_NAMESPACE = uuid.UUID("5b1f3a52-8f5e-4c57-9a51-4a3f1f0e2b11")


class Erasure(Aggregate):
    """The record that one person's personal data was erased."""

    class PersonalDataErased(Aggregate.Created):
        person_id: uuid.UUID
        reason: str
        key_existed: bool

    @event(PersonalDataErased)
    def __init__(self, person_id: uuid.UUID, reason: str, key_existed: bool):
        self.person_id = person_id
        self.reason = reason
        self.key_existed = key_existed

    @staticmethod
    def id_for(person_id) -> uuid.UUID:
        return uuid.uuid5(ERASURE_NAMESPACE, str(uuid.UUID(str(person_id))))

    @classmethod
    def create_id(cls, person_id: uuid.UUID, **_) -> uuid.UUID:
        return cls.id_for(person_id)


class AlreadyErasedError(ExitfiError):
    """The person was erased before."""


def erase_person(store, person_id, reason: str, actor: Actor) -> Erasure:
    """Destroy the person's data key and record PersonalDataErased, in one transaction."""
    person_id = uuid.UUID(str(person_id))
    try:
        with store.acting(actor, reason=reason) as session:
            erasure = record_erasure(store, session, person_id, reason)
    except ConflictError:
        raise AlreadyErasedError(f"person {person_id} was already erased") from None
    scrub_destroyed_keys(store)
    signals.person_erased.send(store, person_id=person_id)
    return erasure


def record_erasure(store, session, person_id: uuid.UUID, reason: str) -> Erasure:
    """Inside a command: destroy the key and save the Erasure; the caller scrubs and announces after the commit."""
    if not reason or not reason.strip():
        raise ValidationError({"reason": ["an erasure needs a reason (the request, its date and legal ground)"]})
    key_existed = store.vault.destroy_key(session, person_id)
    erasure = Erasure(person_id=person_id, reason=reason.strip(), key_existed=key_existed)
    try:
        store.save(erasure)
    except ConflictError:
        raise AlreadyErasedError(f"person {person_id} was already erased") from None
    return erasure


def scrub_destroyed_keys(store) -> None:
    """Leave no copy of a destroyed key in the database files: a key that survives on disk erases nothing."""
    engine = store.datastore.engine
    if engine.dialect.name == "sqlite":
        # The update ran with secure_delete on (the vault sets it), so the main file holds zeros where the
        # key was; the WAL still holds older page images with it until a checkpoint truncates the WAL.
        with engine.connect() as connection:
            busy, _, _ = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        if busy:
            raise ExitfiError("the erasure is recorded, but a reader kept the WAL busy; run 'exitfi erase' "
                              "again later or stop the readers so that the old key leaves the WAL")
    elif engine.dialect.name == "postgresql":
        # The update left a dead row version holding the key; VACUUM FULL rewrites the table without it.
        # (PostgreSQL's own WAL and its archives still hold it: docs/architecture.md says what to do.)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f"VACUUM FULL {vault_keys.name}")
