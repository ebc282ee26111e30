"""The event index: each event's envelope in columns, and the persons it concerns, for the auditors' event browser.

The envelope (who, role, city, reason, request) lives inside each stored event's state, where no
index reaches; this read model copies it out, one row per log position, so that every filter of the
event browser is served by an index whose last column is the position (keyset pages, newest first):

    no filter        the primary key (position)
    record           exitfi_event_index_record (record_id, position)
    user             exitfi_event_index_actor (actor_id, position)
    city             exitfi_event_index_city (city, position)
    event type       exitfi_event_index_topic (topic, position)
    dates            exitfi_event_index_at (at); the planner sorts the range, or walks the key and filters
    person           exitfi_event_persons' primary key (person_id, position), joined on the position

A person is concerned by an event that holds a personal field of theirs or names their person id,
and by every event of a record whose events ever did (a case's later events name no one again).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from eventsourcing.utils import get_topic
from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, String, Table, Text, and_, bindparam, insert, select
from sqlalchemy.orm import Session

from core.prepared import Prepared
from core.projections import Projection, insert_rows
from core.tables import metadata
from core.vault import Personal

event_index = Table(
    "exitfi_event_index", metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("record_id", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("topic", String(255), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor_id", String(64), nullable=False),
    Column("role", String(40), nullable=False),
    Column("city", String(40), nullable=True),
    Column("reason", Text, nullable=True),
    Column("request_id", String(64), nullable=False),
    Index("exitfi_event_index_record", "record_id", "position"),
    Index("exitfi_event_index_actor", "actor_id", "position"),
    Index("exitfi_event_index_city", "city", "position"),
    Index("exitfi_event_index_topic", "topic", "position"),
    Index("exitfi_event_index_at", "at"),
)

event_persons = Table(
    "exitfi_event_persons", metadata,
    Column("person_id", String(32), primary_key=True),
    Column("position", BigInteger, primary_key=True, autoincrement=False),
)

record_persons = Table(
    "exitfi_record_persons", metadata,
    Column("record_id", String(32), primary_key=True),
    Column("person_id", String(32), primary_key=True),
)

# Built once: an event index row is written for every event of the log, on the writer's time.
_INDEX = Prepared(insert(event_index))
_LINKING = insert(event_persons).from_select(
    ["person_id", "position"],
    select(record_persons.c.person_id, bindparam("position", type_=BigInteger))
    .where(record_persons.c.record_id == bindparam("record_id"))).returning(event_persons.c.person_id)
_LINKED = Prepared(_LINKING)
# PostgreSQL: the index row and the persons the record concerns in one statement (a data-modifying WITH), one
# round trip of a command fewer; SQLite runs the two.
_INDEXED_AND_LINKED = Prepared(_LINKING.add_cte(
    insert(event_index).values({c.name: bindparam(c.name) for c in event_index.columns}).cte("indexed")))
_LINK = insert(record_persons)
_BACKFILL = insert(event_persons).from_select(
    ["person_id", "position"],
    select(bindparam("person_id", type_=String(32)), event_index.c.position)
    .where(event_index.c.record_id == bindparam("record_id")))
_LINKS_OF = select(record_persons.c.record_id, record_persons.c.person_id).where(
    record_persons.c.record_id.in_(bindparam("records", expanding=True)))
_OLDER = select(event_index.c.record_id).distinct().where(
    event_index.c.record_id.in_(bindparam("records", expanding=True)), event_index.c.position < bindparam("first"))
_BACKFILL_BEFORE = insert(event_persons).from_select(
    ["person_id", "position"],
    select(bindparam("person_id", type_=String(32)), event_index.c.position)
    .where(event_index.c.record_id == bindparam("record_id"), event_index.c.position < bindparam("first")))

NO_ACTOR = "(none)"  # events stored before every event carried an envelope
UNREADABLE = "(unreadable)"  # the actor and role of a record no code decodes


class EventIndex(Projection):
    """One row per event of the log with its envelope, and the persons each event concerns."""

    name = "exitfi_event_index"
    tables = (event_index, event_persons, record_persons)
    every_event = True

    def process(self, session, event, position: int | None = None) -> None:
        if position is None:
            raise ValueError("the event index needs each event's log position")
        record_id = event.originator_id.hex
        row = _row(event, position, record_id)
        connection = session.connection() if isinstance(session, Session) else session
        if event.originator_version > 1 and connection.dialect.name == "postgresql":
            linked = {person_id for person_id, in _INDEXED_AND_LINKED.rows(connection, row)}
            self._link_named(connection, event, record_id, linked)
            return
        _INDEX.rows(connection, row)
        if event.originator_version == 1:
            # A record's first event: no one is linked yet and nothing came before. An access-log entry naming a
            # page's fifty persons is such a record, written on every page view: two statements, not a hundred.
            named = sorted(persons_named(vars(event)))
            if named:
                insert_rows(connection, record_persons, [{"record_id": record_id, "person_id": p} for p in named])
                insert_rows(connection, event_persons, [{"person_id": p, "position": position} for p in named])
            return
        # The persons the record already concerns are concerned by this event too; the statement names them.
        linked = {person_id for person_id, in _LINKED.rows(connection, {"position": position, "record_id": record_id})}
        self._link_named(connection, event, record_id, linked)

    @staticmethod
    def _link_named(connection, event, record_id: str, linked: set) -> None:
        for person_id in sorted(persons_named(vars(event)) - linked):
            # A person first named now: the record's earlier events (and this one) concern them as well.
            connection.execute(_LINK, {"record_id": record_id, "person_id": person_id})
            connection.execute(_BACKFILL, {"record_id": record_id, "person_id": person_id})

    def process_batch(self, session, items: list) -> None:
        """Index a batch of events with a few statements (a rebuild reads the whole log so)."""
        rows, positions, since = [], {}, {}
        for event, position in items:
            record_id = event.originator_id.hex
            if record_id not in positions:
                positions[record_id] = []
                since[record_id] = event.originator_version
            positions[record_id].append(position)
            rows.append(_row(event, position, record_id))
        insert_rows(session, event_index, rows)
        first = items[0][1]
        # A record whose first event in the batch is its first at all has nothing linked or indexed before it.
        links: dict[str, set] = {r: set() for r in positions}
        known = [r for r, version in since.items() if version > 1]
        if known:
            for record_id, person_id in session.execute(_LINKS_OF, {"records": known}):
                links[record_id].add(person_id)
        new_links, concerned, backfill = [], [], []
        for event, position in items:
            record_id = event.originator_id.hex
            linked = links[record_id]
            for person_id in sorted(persons_named(vars(event)) - linked):
                linked.add(person_id)
                new_links.append({"record_id": record_id, "person_id": person_id})
                if since[record_id] > 1:
                    backfill.append((record_id, person_id))
                concerned.extend({"person_id": person_id, "position": p}
                                 for p in positions[record_id] if p < position)
            concerned.extend({"person_id": person_id, "position": position} for person_id in linked)
        if backfill:
            # A person named now for a record with rows before this batch: those rows concern them too.
            older = set(session.execute(_OLDER, {"records": sorted({r for r, _ in backfill}), "first": first}).scalars())
            for record_id, person_id in backfill:
                if record_id in older:
                    session.execute(_BACKFILL_BEFORE, {"record_id": record_id, "person_id": person_id, "first": first})
        insert_rows(session, record_persons, new_links)
        insert_rows(session, event_persons, concerned)

    def unreadable(self, session, record, position: int) -> None:
        """A record no code decodes is still a position of the log: indexed with its record, version and topic,
        the time it was indexed, and no envelope (``exitfi verify`` tells whether it was slipped in)."""
        session.execute(insert(event_index).values(
            position=position, record_id=record.originator_id.hex, version=record.originator_version,
            topic=record.topic[:255], at=datetime.now(timezone.utc), actor_id=UNREADABLE, role=UNREADABLE,
            city=None, reason=None, request_id=""))


def _row(event, position: int, record_id: str) -> dict:
    meta = getattr(event, "meta", None)
    return {"position": position, "record_id": record_id, "version": event.originator_version,
            "topic": topic_of(event), "at": _utc(event.timestamp), "actor_id": meta.actor_id if meta else NO_ACTOR,
            "role": meta.role if meta else NO_ACTOR, "city": meta.city if meta else None,
            "reason": meta.reason if meta else None, "request_id": meta.request_id if meta else ""}


def _utc(at: datetime) -> datetime:
    """The time in UTC: SQLite keeps a time without its offset, so every row must be in the same zone."""
    return at.astimezone(timezone.utc) if at.tzinfo else at


def topic_of(event) -> str:
    """The topic an event is stored under (`module:Class.Event`)."""
    return get_topic(type(event))


def persons_named(state) -> set[str]:
    """The person ids (hex) an event's state holds: its personal fields' owners and any `*person_id` value."""
    found: set[str] = set()
    for key, value in state.items():
        if key in _NOT_NAMING:
            continue
        if type(value) in _PLAIN:  # most fields: asked here, without a call per field
            if key == "person_id" or key.endswith("_person_id"):
                _add_id(value, found)
        else:
            _walk(value, key, found)
    return found


# What every event holds and no person is named in (the envelope, and the record's own id, version and time).
_NOT_NAMING = frozenset({"meta", "originator_id", "originator_version", "timestamp"})


# Values with nothing inside to walk into: most of an event's fields, passed over without asking what else they are.
_PLAIN = frozenset({str, int, float, bool, type(None), datetime, date, uuid.UUID})


def _walk(value, key: str, found: set[str]) -> None:
    # A function of the module, not a closure: a closure that calls itself is a cycle, left for the collector.
    if type(value) in _PLAIN:
        if key == "person_id" or key.endswith("_person_id"):
            _add_id(value, found)
    elif isinstance(value, Personal):
        found.add(value.person_hex)
    elif isinstance(value, dict):
        for k, v in value.items():
            _walk(v, str(k), found)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            _walk(v, key, found)
    elif key == "person_id" or key.endswith("_person_id"):
        _add_id(value, found)


def _add_id(value, found: set[str]) -> None:
    if type(value) is uuid.UUID:
        found.add(value.hex)
        return
    try:
        found.add(uuid.UUID(str(value)).hex)
    except ValueError:
        pass


# ---------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class EventFilter:
    """What the auditor asks for; every field narrows (None: no narrowing)."""

    person: str | None = None      # a person id, hex
    record: str | None = None      # an aggregate id, hex
    user: str | None = None
    city: str | None = None
    topics: tuple[str, ...] = ()   # an event type: its topic and any former one
    day_from: date | None = None
    day_to: date | None = None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.utc)


def browse(store, wanted: EventFilter, before: int | None = None, limit: int = 50) -> tuple[list, int | None]:
    """One page of index rows, newest first, from before a position; and the position the next page starts before."""
    t = event_index
    q = select(t).order_by(t.c.position.desc()).limit(limit + 1)
    if wanted.person:
        q = q.join(event_persons, and_(event_persons.c.position == t.c.position,
                                       event_persons.c.person_id == wanted.person))
    conditions = [c for c in (
        t.c.position < before if before is not None else None,
        t.c.record_id == wanted.record if wanted.record else None,
        t.c.actor_id == wanted.user if wanted.user else None,
        t.c.city == wanted.city if wanted.city else None,
        t.c.topic.in_(wanted.topics) if wanted.topics else None,
        t.c.at >= _start_of(wanted.day_from) if wanted.day_from else None,
        t.c.at < _start_of(wanted.day_to + timedelta(days=1)) if wanted.day_to else None,
    ) if c is not None]
    if conditions:
        q = q.where(*conditions)
    with store.reading() as session:
        rows = session.execute(q).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].position if more else None)


def indexed_event(store, position: int):
    """The index row of one log position, or None."""
    with store.reading() as session:
        return session.execute(select(event_index).where(event_index.c.position == position)).first()


def persons_of(store, position: int) -> list[str]:
    """The persons (hex ids) an event concerns."""
    with store.reading() as session:
        return list(session.execute(select(event_persons.c.person_id).where(event_persons.c.position == position)
                                    .order_by(event_persons.c.person_id)).scalars())


def stored_event(store, position: int):
    """The domain event at a log position, as the log holds it (personal fields still encrypted), or None."""
    return stored_events(store, [position]).get(position)


def stored_events(store, positions) -> dict:
    """The domain events at the given log positions, read in one query (a page of the browser), by position."""
    from eventsourcing.persistence import Notification
    log = store.recorder.events_record_cls.__table__
    with store.reading() as session:
        rows = session.execute(select(log.c.id, log.c.originator_id, log.c.originator_version, log.c.topic,
                                      log.c.state).where(log.c.id.in_(list(positions)))).all()
    return {r.id: store.mapper.to_domain_event(Notification(
        id=r.id, originator_id=r.originator_id, originator_version=r.originator_version, topic=r.topic,
        state=bytes(r.state) if isinstance(r.state, memoryview) else r.state)) for r in rows}


# ---------------------------------------------------------------------------------------------- event types


def event_types() -> dict[str, tuple[str, ...]]:
    """Every event class the loaded code defines, by its topic, with every topic it may be stored under."""
    from eventsourcing.domain import Aggregate
    from eventsourcing.utils import get_topic

    from core.topics import topics_of
    found: dict[str, tuple[str, ...]] = {}
    pending = list(Aggregate.__subclasses__())
    while pending:
        aggregate = pending.pop()
        pending.extend(aggregate.__subclasses__())
        for name, value in vars(aggregate).items():
            # The library gives each aggregate a bare `Event` class of its own; no event is recorded as one.
            if isinstance(value, type) and issubclass(value, Aggregate.Event) and name != "Event" \
                    and not value.__module__.startswith("eventsourcing"):
                found[get_topic(value)] = tuple(topics_of(value))
    return dict(sorted(found.items()))


def type_label(topic: str) -> str:
    """An event type as people read it: `Notebook.Started` (the class and the event, without the module)."""
    return topic.rpartition(":")[2]
