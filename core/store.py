"""The append-only log of one deployment: eventsourcing on SQLAlchemy, sealed and projected in one transaction."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import sqlalchemy.exc
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.application import Repository as LibraryRepository
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Notification, StoredEvent
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder, SQLAlchemyTrackingRecorder
from sqlalchemy import Integer, bindparam, select, text
from sqlalchemy.engine import make_url

from core import signals
from core.blind_index import index_key
from core.errors import ConflictError, NotFoundError, StartupError, first_line
from core.events import Actor, EnvelopeMapper, MetaAsDict, acting_as
from core.prepared import Prepared
from core.projections import Projection, ProjectionRunner
from core.seals import LAST_SEAL_READ, LAST_SEAL_SQL, SealChain
from core.tables import EVENTS_TABLE, TRACKING_TABLE
from core.vault import PersonalAsToken, Vault

_recorded: ContextVar[list | None] = ContextVar("exitfi_recorded", default=None)


class Store(Application):
    """One deployment's log, with its vault, seal chain and projections."""

    name = "exitfi"

    def __init__(self, database_url: str, master_key: bytes, seal_key: bytes, projections=()):
        self._master_key = master_key
        self.index_key = index_key(master_key)  # blind indexes: core/blind_index.py
        self.projections: dict[str, Projection] = {}
        _private_sqlite_file(database_url)
        try:
            super().__init__(env={
                "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
                "SQLALCHEMY_URL": database_url,
                "CREATE_TABLE": "y",
            })
        except Exception as e:  # the library wraps driver errors in its own classes
            raise StartupError(f"cannot open the database: {first_line(e)}") from None
        self.recorder.__class__ = Recorder  # the library made it from its settings; this reads a record's events faster
        self.recorder.seal_chain = True
        self.datastore = self.recorder.datastore
        self.tracking = SQLAlchemyTrackingRecorder(datastore=self.datastore, tracking_table_name=TRACKING_TABLE)
        # The library makes its own tables, as it made the log's above; the migrations leave them to it.
        self.tracking.create_table()
        # The library switches a SQLite file to WAL in the first transaction, racing any thread that writes then;
        # doing it here, before anything is served, leaves no race.
        self.datastore.init_sqlite_wal_mode()
        self.seals = SealChain(seal_key, self.recorder.events_record_cls.__table__)
        self.runner = ProjectionRunner(self)
        for projection in projections:
            self.add_projection(projection)

    # -- construction ---------------------------------------------------------
    def construct_repository(self):
        repository = super().construct_repository()
        repository.__class__ = Repository
        return repository

    def construct_transcoder(self):
        from core.transcodings import Transcoder
        transcoder = Transcoder()
        self.register_transcodings(transcoder)
        return transcoder

    def construct_mapper(self):
        return EnvelopeMapper(transcoder=self.construct_transcoder())

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        self.vault = Vault(self._master_key, self._transaction)
        transcoder.register(MetaAsDict())
        transcoder.register(PersonalAsToken(self.vault))
        from core.transcodings import register_all
        register_all(transcoder)

    def _transaction(self, commit: bool):
        return self.recorder.transaction(commit=commit)

    def create_tables(self) -> None:
        """Create every known table as the models define it, without the migrations (for tests and benchmarks)."""
        from sqlalchemy import inspect
        from sqlalchemy.schema import CreateIndex, CreateTable

        from core.follower import NOTIFY_DDL
        from core.migrations import models
        assert EVENTS_TABLE == self.recorder.events_table_name
        with self.datastore.engine.begin() as connection:
            tables = models(self)
            existing = set(inspect(connection).get_table_names())
            missing = [t for t in tables.sorted_tables if t.name not in existing]
            if connection.dialect.name != "postgresql":
                tables.create_all(connection, tables=missing)
                return
            # One round trip for every statement: a test database is made this way hundreds of times a run.
            ddl = [str(CreateTable(t).compile(connection)) for t in missing]
            ddl += [str(CreateIndex(i).compile(connection)) for t in missing for i in t.indexes]
            ddl.append(NOTIFY_DDL)  # the log's notifications, which wake the followers (core/follower.py)
            connection.exec_driver_sql(";\n".join(ddl))

    def add_projection(self, projection: Projection) -> None:
        """Register a read model; duplicates are refused."""
        if projection.name in self.projections:
            raise StartupError(f"two projections are named {projection.name!r}")
        self.projections[projection.name] = projection

    # -- writing --------------------------------------------------------------
    @contextmanager
    def acting(self, actor: Actor, reason: str | None = None, request_id: str | None = None):
        """Run a command: events, seals, live projections and keys commit together or not at all."""
        recorded: list = []
        token = _recorded.set(recorded)
        try:
            with acting_as(actor, reason, request_id):
                with self.recorder.transaction(commit=True) as session:
                    yield session
        finally:
            _recorded.reset(token)
        for recording in recorded:
            signals.event_recorded.send(self, event=recording.domain_event, position=recording.notification.id)

    def _record(self, processing_event):
        with self.recorder.transaction(commit=True) as session:
            try:
                recordings = super()._record(processing_event)
            except (IntegrityError, sqlalchemy.exc.IntegrityError) as e:
                if not _is_version_clash(e):
                    raise
                first = processing_event.events[0]
                raise ConflictError(first.originator_id, first.originator_version - 1) from None
            notifications = sorted((r.notification for r in recordings), key=lambda n: n.id)
            self.seals.seal_new(session, notifications)
            live = [p for p in self.projections.values() if p.live]
            if live:
                self.runner.apply_live(session, live, notifications)
        pending = _recorded.get()
        if pending is not None:
            pending.extend(recordings)
        return recordings

    def lock_log(self, session) -> None:
        """Hold the log's write lock until the transaction ends."""
        if self.datastore.engine.dialect.name == "postgresql":
            session.execute(text(f"LOCK TABLE {EVENTS_TABLE} IN EXCLUSIVE MODE"))

    # -- reading --------------------------------------------------------------
    def reading(self):
        """Open a read-only transaction (joins the current one inside a command)."""
        return self.recorder.transaction(commit=False)

    def get(self, record_id, expected_version: int | None = None):
        """Return an aggregate; refuse with ConflictError if it moved past the expected version."""
        try:
            aggregate = self.repository.get(uuid.UUID(str(record_id)))
        except (AggregateNotFoundError, ValueError):
            raise NotFoundError(f"no record {record_id}") from None
        if expected_version is not None and aggregate.version != expected_version:
            raise ConflictError(aggregate.id, expected_version, aggregate.version)
        return aggregate

    def verify(self, progress=None):
        """Check the whole seal chain; see SealChain.verify."""
        with self.reading() as session:
            return self.seals.verify(session, progress)

    def close(self) -> None:
        super().close()
        if self.datastore.engine is not None:
            self.datastore.engine.dispose()


class Recorder(SQLAlchemyApplicationRecorder):
    """The library's recorder, reading and writing events as rows instead of ORM objects (half the cost of a load
    or a rebuild; a command's insert without the session's unit of work)."""

    def _insert_stored_events(self, session, stored_events, **kwargs):
        connection = session.connection()
        if not (self._has_autoincrementing_ids and connection.dialect.insert_returning):
            return super()._insert_stored_events(session, stored_events, **kwargs)
        self._lock_table(session)
        t = self.events_record_cls.__table__
        rows = [{"originator_id": e.originator_id, "originator_version": e.originator_version, "topic": e.topic,
                 "state": e.state} for e in stored_events]
        if len(rows) == 1:
            ids = [_insert_one(t).rows(connection, rows[0])[0][0]]
        else:
            ids = list(connection.execute(_insert_ordered(t), rows).scalars())
        # No NOTIFY of the library's own: nothing listens on its channel, and on PostgreSQL the log's trigger
        # already tells the followers (core/follower.py) without a round trip of its own.
        return ids

    seal_chain = False  # the Store sets it: its log has a seal chain, whose last seal is read with the lock

    def _lock_table(self, session) -> None:
        connection = session.connection()
        if connection.dialect.name != "postgresql" or not self.seal_chain:
            return super()._lock_table(session)
        # The lock and the seal chain's last seal in one round trip: read under the lock, the seal cannot move
        # before this transaction seals its records (core/seals.py takes it from the session).
        with connection.connection.driver_connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {self.events_table_name} IN EXCLUSIVE MODE; {LAST_SEAL_SQL}")
            cursor.nextset()
            session.info[LAST_SEAL_READ] = cursor.fetchone() or ()

    def select_events(self, originator_id, gt=None, lte=None, desc=False, limit=None):
        # A whole record, as a command loads it, or a part of one (a record as of a day, up to a version).
        statement = _events_of(self.events_record_cls.__table__, gt is not None, lte is not None, desc,
                               limit is not None)
        with self.transaction(commit=False) as session:
            rows = statement.rows(session, {"originator_id": originator_id, "gt": gt, "lte": lte, "limit": limit})
        return [StoredEvent(originator_id, version, topic, bytes(state)) for version, topic, state in rows]

    def select_notifications(self, start, limit, stop=None, topics=(), *, inclusive_of_start=True):
        t = self.events_record_cls.__table__
        statement = _notifications_of(t, start is not None, inclusive_of_start, stop is not None)
        params = {"start": start, "stop": stop, "limit": limit}
        with self.transaction(commit=False) as session:
            if topics:  # a list parameter, which SQLAlchemy renders; every event (a rebuild's) takes the driver's way
                rows = session.execute(statement.statement.where(t.c.topic.in_(topics)), params).all()
            else:
                rows = statement.rows(session, params)
        return [Notification(id=i, originator_id=o, originator_version=v, topic=topic, state=bytes(state))
                for i, o, v, topic, state in rows]


_statements: dict = {}  # built once per log table: building a statement costs more than running it


def _insert_one(t):
    key = (t.name, "insert")
    if key not in _statements:  # the log numbers the record: every column but its id
        _statements[key] = Prepared(t.insert().values({c: bindparam(c) for c in _WRITTEN}).returning(t.c.id))
    return _statements[key]


def _insert_ordered(t):
    key = (t.name, "insert", "ordered")
    if key not in _statements:
        # Several rows in one statement, their ids in the rows' order: the log's positions follow the events' order.
        _statements[key] = t.insert().returning(t.c.id, sort_by_parameter_order=True)
    return _statements[key]


def _notifications_of(t, started: bool, inclusive: bool, stopped: bool):
    """The log from a position on (or from its start), up to one or not, so many records."""
    key = (t.name, "notifications", started, started and inclusive, stopped)
    if key not in _statements:
        q = select(t.c.id, t.c.originator_id, t.c.originator_version, t.c.topic, t.c.state)
        if started:
            q = q.where(t.c.id >= bindparam("start") if inclusive else t.c.id > bindparam("start"))
        if stopped:
            q = q.where(t.c.id <= bindparam("stop"))
        _statements[key] = Prepared(q.order_by(t.c.id).limit(bindparam("limit", type_=Integer)))
    return _statements[key]


_WRITTEN = ("originator_id", "originator_version", "topic", "state")


def _events_of(t, after: bool = False, up_to: bool = False, desc: bool = False, limited: bool = False):
    """A record's events, in the parts the library asks for: after a version, up to one, newest first, so many."""
    key = (t.name, "events", after, up_to, desc, limited)
    if key not in _statements:
        q = select(t.c.originator_version, t.c.topic, t.c.state).where(t.c.originator_id == bindparam("originator_id"))
        if after:
            q = q.where(t.c.originator_version > bindparam("gt"))
        if up_to:
            q = q.where(t.c.originator_version <= bindparam("lte"))
        q = q.order_by(t.c.originator_version.desc() if desc else t.c.originator_version)
        _statements[key] = Prepared(q.limit(bindparam("limit", type_=Integer)) if limited else q)
    return _statements[key]


class Repository(LibraryRepository):
    """The library's repository, replaying events without a runtime protocol check on each one."""

    def get(self, aggregate_id, *, version=None, projector_func=None, **options):
        # The library's default projector asserts isinstance(event, a runtime-checkable Protocol) for every event,
        # which cost a third of loading a long case; every event here is the library's own DomainEvent.
        return super().get(aggregate_id, version=version, projector_func=projector_func or _mutate_each, **options)


def _mutate_each(aggregate, events):
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def _is_version_clash(e: Exception) -> bool:
    """Whether an integrity error is the log's (aggregate, version) key: someone else wrote first."""
    text = str(e)
    return f"{EVENTS_TABLE}_aggregate_idx" in text or f"{EVENTS_TABLE}.originator_version" in text


def _private_sqlite_file(database_url: str) -> None:
    """Create a SQLite store readable by its owner only; SQLite gives its WAL and shared-memory files the same mode."""
    url = make_url(database_url)
    path = url.database
    if url.get_backend_name() != "sqlite" or not path or path == ":memory:" or Path(path).exists():
        return
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
