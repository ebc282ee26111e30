"""Erasure (GDPR Art. 17): destroy a person's data key and record that it was done, and why."""

from __future__ import annotations

import time
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
    except (ConflictError, AlreadyErasedError):
        # Asked again (a scrub the first time could not finish): the key is gone; leave no copy of it on disk.
        scrub_destroyed_keys(store)
        raise AlreadyErasedError(f"person {person_id} was already erased; no copy of the key is left on disk") \
            from None
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
            # A transaction that began before the erasure may still see the old row, and VACUUM keeps what some
            # snapshot sees: wait for those to end (other workers' requests take milliseconds).
            settled = _older_snapshots_ended(connection)
            if settled:  # else VACUUM would keep the row, and queue every reader of the keys behind its lock
                connection.exec_driver_sql(f"VACUUM FULL {vault_keys.name}")
        if not settled:
            raise ExitfiError("the erasure is recorded, but a transaction open since before it kept the old key; "
                              "run 'exitfi erase' again once it has ended, so that the key leaves the table")


def _older_snapshots_ended(connection, seconds: float = 30.0) -> bool:
    """Wait until no other session of this database holds a snapshot older than now; False if one outlasts it."""
    now = connection.exec_driver_sql("SELECT mod(txid_current(), 4294967296)::text").scalar()
    deadline = time.monotonic() + seconds
    while True:
        older = connection.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_xmin IS NOT NULL AND age(backend_xmin) > age(%(now)s::xid)", {"now": now}).scalar()
        if not older:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
