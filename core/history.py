"""Any record as it stood at the end of a day, and what happened to it since, read from the log.

A record is any aggregate: a case, an organisation, an account. Its events carry their time, so the
version it had at the end of the day is the last one recorded before the next day began (in Finnish
time, the programme's days); the repository replays the record up to that version.
"""

from __future__ import annotations

import dataclasses
import enum
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import and_, case, func, select

from core.days import day_ends
from core.errors import NotFoundError
from core.vault import ERASED, Personal

NEVER_SHOWN = {"credential"}  # a login secret stays sealed even from those who may read personal data
# The aggregate's own bookkeeping, shown apart from its state (or not at all).
BOOKKEEPING = {"_id", "_version", "_created_on", "_modified_on", "_pending_events"}


@dataclass(frozen=True)
class Change:
    """One event recorded after the day: what, when, who in which role and city, and why."""

    version: int
    at: datetime
    what: str
    actor: str | None
    role: str | None
    city: str | None
    reason: str | None


@dataclass(frozen=True)
class AsOf:
    """A record at the end of a day (None if it did not exist yet) and the changes recorded since."""

    record_id: uuid.UUID
    day: date
    kind: str
    version: int  # 0: the record did not exist yet
    current_version: int
    record: object | None
    since: list[Change]


def as_of(store, record_id, day: date) -> AsOf:
    """Replay a record up to its last event before the day ended; list the events after it."""
    try:
        rid = uuid.UUID(str(record_id))
    except ValueError:
        raise NotFoundError(f"no record {record_id}") from None
    ends = day_ends(day)
    from core.event_index import EventIndex
    if EventIndex.name in store.projections:
        return _as_of_indexed(store, record_id, rid, day, ends)
    # A store without the event index reads and decodes the record's events.
    changes = [_change(e) for e in store.events.get(rid)]
    if not changes:
        raise NotFoundError(f"no record {record_id}")
    version = max((c.version for c in changes if c.at < ends), default=0)
    record = store.repository.get(rid, version=version) if version else None
    kind = type(record).__name__ if record is not None else changes[0].what.rpartition(".")[0]
    since = [c for c in changes if c.version > version]
    return AsOf(rid, day, kind, version, changes[-1].version, record, since)


def _as_of_indexed(store, record_id, rid: uuid.UUID, day: date, ends: datetime) -> AsOf:
    """as_of from the event index: the version and the latest one in one query, then only the events since."""
    from core.event_index import event_index as t
    mine = t.c.record_id == rid.hex
    # `at` is stored in UTC (bare on SQLite), so the end of the day is compared in UTC, as the event browser does.
    then = func.max(case((t.c.at < ends.astimezone(timezone.utc), t.c.version)))
    latest = select(t.c.version).where(mine).order_by(t.c.position.desc()).limit(1).scalar_subquery()
    with store.reading() as session:
        version, current = session.execute(select(then, latest).where(mine)).one()
        if current is None:
            raise NotFoundError(f"no record {record_id}")
        version = version or 0
        since = _changes(session, mine if not version else and_(mine, t.c.version > version))
        record = store.repository.get(rid, version=version) if version else None
    kind = type(record).__name__ if record is not None else since[0].what.rpartition(".")[0]
    return AsOf(rid, day, kind, version, current, record, since)


def _changes(session, where) -> list[Change]:
    """The event index's rows (envelopes, nothing to decode) as changes, in log order."""
    from eventsourcing.utils import resolve_topic

    from core.event_index import NO_ACTOR, event_index as t, type_label
    rows = session.execute(select(t.c.version, t.c.topic, t.c.at, t.c.actor_id, t.c.role, t.c.city, t.c.reason)
                           .where(where).order_by(t.c.position)).all()
    whats: dict[str, str] = {}

    def what(topic: str) -> str:
        try:
            return resolve_topic(topic).__qualname__  # a moved class is found under its former topic too
        except Exception:  # the library raises what importing the topic met: a record no code reads
            return type_label(topic)

    changes = []
    for version, topic, at, actor, role, city, reason in rows:
        if topic not in whats:
            whats[topic] = what(topic)
        changes.append(Change(version, at if at.tzinfo else at.replace(tzinfo=timezone.utc),  # SQLite: UTC, bare
                              whats[topic], None if actor == NO_ACTOR else actor, None if role == NO_ACTOR else role,
                              city, reason))
    return changes


def _change(e) -> Change:
    meta = getattr(e, "meta", None)
    return Change(e.originator_version, e.timestamp, type(e).__qualname__, meta and meta.actor_id,
                  meta and meta.role, meta and meta.city, meta and meta.reason)


def state_of(record, personal: Callable[[Personal], str]) -> dict:
    """The record's attributes as plain values; each personal field becomes what `personal` makes of it."""
    if record is None:
        return {}
    return {name: describe(value, personal) for name, value in vars(record).items() if name not in BOOKKEEPING}


def describe(value, personal: Callable[[Personal], str]):
    """A value as JSON can hold it, personal fields through `personal`."""
    if isinstance(value, Personal):
        return personal(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, enum.Enum):
        return describe(value.value, personal)
    if isinstance(value, dict):
        return {str(k): describe(v, personal) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [describe(v, personal) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((describe(v, personal) for v in value), key=repr)
    if dataclasses.is_dataclass(value):
        return {f.name: describe(getattr(value, f.name), personal) for f in dataclasses.fields(value)}
    if hasattr(value, "__dict__"):
        return {k: describe(v, personal) for k, v in vars(value).items() if not k.startswith("__")}
    return str(value)


class Placeholders:
    """Personal fields as "[personal data: category]", or "[erased]" once the person's key is destroyed."""

    def __init__(self, store):
        self.vault = store.vault
        self._erased: dict[uuid.UUID, bool] = {}

    def __call__(self, field: Personal) -> str:
        if field.person_id not in self._erased:
            self._erased[field.person_id] = self.vault.is_erased(field.person_id)
        return "[erased]" if self._erased[field.person_id] else f"[personal data: {field.category}]"


class Revealed(Placeholders):
    """Personal fields decrypted (a login secret never), noting whose data was shown for the access log."""

    def __init__(self, store):
        super().__init__(store)
        self.keys: dict = {}
        self.shown: set[uuid.UUID] = set()

    def __call__(self, field: Personal) -> str:
        if field.category in NEVER_SHOWN:
            return super().__call__(field)
        value = self.vault.reveal(field, keys=self.keys)
        if value is ERASED:
            return "[erased]"
        self.shown.add(field.person_id)
        return value
