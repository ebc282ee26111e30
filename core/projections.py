"""Read models in SQLAlchemy tables, built from the log by a tracked runner."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from contextlib import contextmanager
from operator import itemgetter

from sqlalchemy import String, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from core.collector import young_garbage_only
from core.prepared import Prepared
from core.topics import topics_of

BATCH = 2000  # events read, decoded and written at once: on PostgreSQL each batch costs a few round trips


def on(*event_classes):
    """Mark a projection method as the handler of the given event classes."""

    def mark(method):
        method._exitfi_handles = event_classes
        return method

    return mark


class Projection:
    """A read model: tables, and one handler per event class it follows.

    `live` projections are brought up to date inside the transaction that writes
    the events, so a page shows what its user just wrote; others are kept by
    `exitfi projections follow` in a process of their own.
    """

    name: str = ""
    tables: tuple = ()
    live: bool = True
    decides_access: bool = False  # its rows grant access: `verify` replays it and names any row beside the log
    every_event: bool = False  # it reads every event of the log, whatever its topic (the event index)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        handlers = {}
        for base in reversed(cls.__mro__):
            for attr in vars(base).values():
                for event_class in getattr(attr, "_exitfi_handles", ()):
                    handlers[event_class] = attr
        cls._handlers = handlers
        if cls.name and len(cls.name) > 32:
            raise ValueError(f"projection name {cls.name!r} is longer than 32 characters")

    @property
    def topics(self) -> list[str]:
        """The topics it reads; empty for one that reads every event (the log's reader then filters nothing)."""
        # Kept once asked: every write asks, and the topics are known once the plugins are imported.
        if "_topics" not in self.__dict__:
            self._topics = [] if self.every_event else [topic for c in self._handlers for topic in topics_of(c)]
        return self._topics

    def process(self, session, event) -> None:
        """Apply one event to the read model, in the caller's transaction."""
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(self, session, event)

    def process_batch(self, session, items: list) -> None:
        """Apply (event, position) pairs in log order; a read model that can write a batch at once overrides this."""
        for event, position in items:
            apply(self, session, event, position)

    def unreadable(self, session, record, position: int) -> None:
        """Take note of a record no code decodes (one that reads every event meets such a record; others never do)."""
        raise ValueError(f"the record at position {position} ({record.topic}) does not decode")

    def clear(self, session) -> None:
        """Empty the read model's tables, before a rebuild."""
        for table in reversed(self.tables):
            session.execute(delete(table))


def insert_rows(connection, table, rows: list[dict]) -> None:
    """Insert rows (each naming every column) at once: on PostgreSQL by COPY, or for a few as one statement over
    arrays; on SQLite by the driver's executemany."""
    if not rows:
        return
    if isinstance(connection, Session):  # a catch-up's handlers run on the session, a rebuild's on its connection
        connection = connection.connection()
    dialect = connection.dialect
    postgresql = dialect.name == "postgresql"
    if postgresql and len(rows) < COPY_FROM:
        built = _inserts.get((table.name, "arrays"))
        if built is None:
            built = _inserts[table.name, "arrays"] = _unnest_insert(table)
        connection.execute(built, {c: [row[c] for row in rows] for c in table.columns.keys()})
        return
    key = (table.name, dialect.name)
    built = _inserts.get(key)
    if built is None:
        built = _inserts[key] = _driver_insert(table, dialect)
    # The driver's own bulk path with each column's own bind processing: SQLAlchemy's per-row parameter building
    # (and, on PostgreSQL, psycopg's quoting of every array element) cost more than the inserts themselves.
    sql, values_of, processed = built
    params = list(map(values_of, rows))
    if processed:
        for i, row in enumerate(params):
            row = list(row)
            for place, process in processed:
                row[place] = process(row[place])
            params[i] = tuple(row)
    if not postgresql:
        connection.exec_driver_sql(sql, params)
        return
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in params:
            copy.write_row(row)


COPY_FROM = 50  # rows from which PostgreSQL's COPY beats one INSERT over arrays (COPY takes two round trips)


_inserts: dict[tuple, object] = {}


def _driver_insert(table, dialect):
    """INSERT INTO table VALUES (?, ...) (PostgreSQL: COPY table (...) FROM STDIN), what takes a row's values in
    that order, and the places to process."""
    if dialect.name == "postgresql":
        names, quote = table.columns.keys(), dialect.identifier_preparer.quote
        columns = ", ".join(quote(c.name) for c in table.columns)
        sql = f"COPY {dialect.identifier_preparer.format_table(table)} ({columns}) FROM STDIN"
    else:
        compiled = table.insert().compile(dialect=dialect)  # SQLite's driver binds by place
        sql, names = str(compiled), compiled.positiontup
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    values_of = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    return sql, values_of, [(place, p) for place, p in enumerate(processors) if p is not None]


def _unnest_insert(table):
    """INSERT INTO table SELECT * FROM unnest(:column1, :column2, ...): one statement, one array per column."""
    names = table.columns.keys()
    # Arrays of the unsized type: a cast to varchar(n) would cut a value short where the insert refuses it.
    arrays = [bindparam(c.name, type_=ARRAY(String() if isinstance(c.type, String) and not isinstance(
        c.type, TypeDecorator) else c.type)) for c in table.columns]
    source = func.unnest(*arrays).table_valued(*names).render_derived()
    return insert(table).from_select(names, select(*(source.c[n] for n in names)))


def apply(projection: Projection, session, event, position: int) -> None:
    """Apply an event to a projection; one that reads every event is also told the event's log position."""
    if projection.every_event:
        projection.process(session, event, position=position)
    else:
        projection.process(session, event)


def _decoded(projections: list[Projection], session, mapper, record):
    """Decode a stored record once for the projections that read it; None for one no code decodes."""
    # Such a record stops a projection of its topic, but one that reads every event only notes it (it was slipped
    # into the log, or its class is gone: `verify` says which), so that writing goes on.
    try:
        return mapper.to_domain_event(record)
    except Exception:  # the library raises what decoding the topic or the state met
        if not all(p.every_event for p in projections):
            raise
        for projection in projections:
            projection.unreadable(session, record, record.id)
        return None


class ProjectionRunner:
    """Reads the log after a projection's tracked position and applies it in batches, exactly once."""

    def __init__(self, store):
        self.store = store
        self._tracking = store.tracking.tracking_table
        self._log = store.recorder.events_record_cls.__table__
        self._moves: dict[int, object] = {}

    def _move(self, count: int):
        """UPDATE the tracking of `count` named read models standing at one position: built once per count."""
        # A parameter per name, not an expanding list: that one is rendered again on every write.
        if count not in self._moves:
            t = self._tracking
            self._moves[count] = Prepared(
                update(t).where(t.c.application_name.in_([bindparam(f"name_{i}") for i in range(count)]),
                                t.c.notification_id == bindparam("before"))
                .values(notification_id=bindparam("after")).returning(t.c.application_name))
        return self._moves[count]

    def position(self, session, projection: Projection) -> int:
        """Return the last log position the projection has applied (0 for none)."""
        return self._tracked(session, projection) or 0

    def _tracked(self, session, projection: Projection) -> int | None:
        t = self._tracking
        return session.execute(select(t.c.notification_id).where(t.c.application_name == projection.name)).scalar()

    def _track(self, session, projection: Projection, position: int) -> None:
        t = self._tracking
        moved = session.execute(update(t).where(t.c.application_name == projection.name).values(notification_id=position))
        if moved.rowcount == 0:
            session.execute(insert(t).values(application_name=projection.name, notification_id=position))

    def head(self, session) -> int:
        """Return the log's last position."""
        return session.execute(select(func.max(self._log.c.id))).scalar() or 0

    def apply_live(self, session, projections: list[Projection], notifications) -> None:
        """Apply events just written in this transaction to the live projections, tracking them together."""
        first, last = notifications[0].id, notifications[-1].id
        names = [p.name for p in projections]
        # Live projections share the writer's position: one statement moves every one that stood just before
        # these events, and names them; only one left behind (or never tracked) needs reading its position.
        moved = {name for name, in self._move(len(names)).rows(session, {
            "before": first - 1, "after": last} | {f"name_{i}": name for i, name in enumerate(names)})}
        behind = [p.name for p in projections if p.name not in moved]
        t = self._tracking
        positions = dict(session.execute(select(t.c.application_name, t.c.notification_id)
                                         .where(t.c.application_name.in_(behind))).all()) if behind else {}
        readers = []
        for projection in projections:
            position = first - 1 if projection.name in moved else positions.get(projection.name)
            if position is None:
                projection.clear(session)  # never tracked: see catch_up
                position = 0
            if position < first - 1:  # behind (a write that bypassed it, or a projection added later)
                self.catch_up(session, projection, position=position)  # this tracks it, too
                continue
            readers.append((projection, position, set(projection.topics)))
            if projection.name not in moved:
                self._track(session, projection, last)
        for n in notifications:  # each event decoded once, for every read model that reads it
            takers = [p for p, position, topics in readers if n.id > position and (p.every_event or n.topic in topics)]
            event = _decoded(takers, session, self.store.mapper, n) if takers else None
            for projection in takers if event is not None else ():
                apply(projection, session, event, n.id)

    def catch_up(self, session, projection: Projection, batch: int = BATCH, progress: Callable | None = None,
                 position: int | None = None) -> int:
        """Apply every event after the projection's position, in this transaction; return how many."""
        recorder, mapper = self.store.recorder, self.store.mapper
        stop = self.head(session)
        if position is None:
            position = self._tracked(session, projection)
        if position is None:
            # Never tracked, yet its tables may hold rows: a projection split off another keeps a table
            # that the other one filled. Start from empty, or the catch-up would write those rows twice.
            projection.clear(session)
            position = 0
        start, done, topics = position, 0, projection.topics
        while position < stop:
            notifications = recorder.select_notifications(
                position, batch, stop=stop, topics=topics, inclusive_of_start=False
            )
            items = []
            for n in notifications:
                event = _decoded([projection], session, mapper, n)
                if event is not None:
                    items.append((event, n.id))
            if items:
                projection.process_batch(session, items)
            done += len(notifications)
            position = notifications[-1].id if len(notifications) == batch else stop
            if progress:
                progress(len(notifications), position, stop)
        if stop > start:
            self._track(session, projection, stop)
        return done

    def rebuild_all(self, projections: list[Projection], batch: int = BATCH,
                    progress: Callable | None = None) -> tuple[int, float, dict[str, int]]:
        """Empty and rebuild read models in one pass over the log, each event decoded once; return the events
        read, the seconds, and how many events each read model took."""
        started = time.perf_counter()
        recorder, mapper, t = self.store.recorder, self.store.mapper, self._tracking
        readers = [(p, p.every_event, set(p.topics)) for p in projections]
        wanted = [] if any(every for _, every, _ in readers) else sorted(set().union(*(ts for _, _, ts in readers)))
        done, taken = 0, {p.name: 0 for p in projections}
        takers_of: dict[str, list[int]] = {}  # a topic's readers, as indexes into `projections`
        with recorder.transaction(commit=True) as session, young_garbage_only():  # gc.collect(1) after each batch
            self.store.lock_log(session)  # no writer moves a read model while it is rebuilt
            for projection in projections:
                projection.clear(session)
            session.execute(delete(t).where(t.c.application_name.in_([p.name for p in projections])))
            # The handlers run their statements on the connection: the session's own bookkeeping costs more than they do.
            connection, position, stop = session.connection(), 0, self.head(session)
            with _roomy_cache(connection):
                while position < stop:
                    notifications = recorder.select_notifications(
                        position, batch, stop=stop, topics=wanted, inclusive_of_start=False)
                    batches: list[list] = [[] for _ in projections]
                    for n in notifications:
                        takers = takers_of.get(n.topic)
                        if takers is None:
                            takers = takers_of[n.topic] = [i for i, (_, every, topics) in enumerate(readers)
                                                           if every or n.topic in topics]
                        if takers:
                            event = _decoded([projections[i] for i in takers], connection, mapper, n)
                            if event is not None:
                                item = (event, n.id)
                                for i in takers:
                                    batches[i].append(item)
                    for projection, items in zip(projections, batches):
                        if items:
                            projection.process_batch(connection, items)
                            taken[projection.name] += len(items)
                    count = len(notifications)
                    done += count
                    position = notifications[-1].id if count == batch else stop
                    notifications = batches = item = event = None  # dropped before collecting: nothing of a batch is kept
                    gc.collect(1)
                    if progress:
                        progress(count, position, stop)
            if stop:
                for projection in projections:
                    self._track(session, projection, stop)
        return done, time.perf_counter() - started, taken

    def rebuild(self, projection: Projection, batch: int = BATCH, progress: Callable | None = None) -> tuple[int, float]:
        """Empty and rebuild a projection from the whole log in one transaction; return (events, seconds)."""
        done, seconds, _ = self.rebuild_all([projection], batch, progress)
        return done, seconds


@contextmanager
def _roomy_cache(connection, kib: int = 65536):
    """SQLite: a larger page cache while rebuilding, so that the read models' indexes are not spilled each batch."""
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")  # the pool hands the connection on
