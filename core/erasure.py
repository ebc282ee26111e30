"""Erasure (GDPR Art. 17): destroy a person's data key and record that it was done, and why."""

from __future__ import annotations

import re
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
            settled = _vacuumed_clean(connection)
        if not settled:
            raise ExitfiError("the erasure is recorded, but a transaction open since before it kept the old key; "
                              "run 'exitfi erase' again once it has ended, so that the key leaves the table")


# What can still see a row version deleted before `now`: a transaction of any database that began before it
# (every new snapshot, VACUUM's own too, keeps the oldest running transaction's rows), a snapshot of this
# database taken before it, a prepared transaction, a replication slot.
OLDER = """SELECT
  (SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND (age(backend_xid) > age(%(now)s::xid)
     OR (datname = current_database() AND age(backend_xmin) > age(%(now)s::xid))))
  + (SELECT count(*) FROM pg_prepared_xacts WHERE age(transaction) > age(%(now)s::xid))
  + (SELECT count(*) FROM pg_replication_slots WHERE age(xmin) > age(%(now)s::xid))"""
KEPT = re.compile(r"(\d+) dead row versions cannot be removed yet")


def _vacuumed_clean(connection, seconds: float = 30.0) -> bool:
    """Rewrite the key table once nothing older than now can see its dead rows, and again until VACUUM says it
    kept none; False if that has not happened within `seconds`."""
    now = connection.exec_driver_sql("SELECT mod(txid_current(), 4294967296)::text").scalar()
    deadline, pause = time.monotonic() + seconds, 0.02
    while True:
        # Vacuum only when it can succeed: a vacuum that keeps the row would queue every reader of the keys
        # behind its lock for nothing.
        if not connection.exec_driver_sql(OLDER, {"now": now}).scalar() and not _dead_rows_kept(connection):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(pause)
        pause = min(pause * 2, 1.0)


def _dead_rows_kept(connection) -> int:
    """VACUUM FULL the key table; the dead row versions it had to keep (0 where its report is not in English,
    as lc_messages may make it: the wait before it is then all there is)."""
    reports: list[str] = []
    driver = connection.connection.driver_connection

    def handler(notice):
        reports.append(notice.message_detail or "")
    driver.add_notice_handler(handler)
    try:
        connection.exec_driver_sql(f"VACUUM (FULL, VERBOSE) {vault_keys.name}")
    finally:
        driver.remove_notice_handler(handler)
    return sum(int(m.group(1)) for r in reports if (m := KEPT.search(r)))
