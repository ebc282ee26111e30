"""Replay check: a read model must equal a replay of the sealed log, row for row.

The seal chain proves the log; a row written straight into a read model (a role, a token, an
emergency grant) would pass it. So `exitfi verify` rebuilds each projection marked `decides_access`
in a scratch database and names every row that differs from the live one, and `exitfi audit replay`
does the same for every projection. Each projection is replayed up to the position it has read (a
follower may lag behind the log), all from one snapshot of the database, and the tables are compared
in key order, a batch at a time, so that neither side is ever held in memory whole.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from eventsourcing.persistence import StoredEvent
from sqlalchemy import Enum, String, create_engine, select
from sqlalchemy.orm import Session

from core.errors import ExitfiError
from core.snapshot import rows_in_batches, snapshot
from core.projections import apply
from core.vault import Personal

BATCH = 1000


@dataclass(frozen=True)
class Difference:
    """One row of a read model that the log does not account for (or that is missing)."""

    table: str
    key: tuple
    what: str  # "written beside the log", "missing", "not what the log says"
    columns: tuple = ()  # the columns that differ, for a changed row

    def __str__(self) -> str:
        where = f" in {', '.join(self.columns)}" if self.columns else ""
        return f"{self.table} row {', '.join(map(str, self.key))}: {self.what}{where}"


@dataclass(frozen=True)
class Checked:
    """One projection replayed and compared: up to which log position, how many rows, what differs."""

    projection: str
    position: int
    rows: int
    differences: list[Difference]


class UnreadableRecord(ExitfiError):
    """A sealed record that does not decode into its event: the replay cannot say what the read model should be."""


class UnorderedError(RuntimeError):
    """A table did not come back in key order, so a row-for-row comparison would be wrong."""


def access_models(store) -> list:
    """The projections whose rows decide who may do what."""
    return [p for p in store.projections.values() if getattr(p, "decides_access", False)]


def all_differences(store) -> list[Difference]:
    """Every row of every access-deciding read model that the log does not account for."""
    return [d for checked in check(store, access_models(store)) for d in checked.differences]


def differences(store, projection) -> list[Difference]:
    """Rebuild one projection from the log in memory and compare it with its live tables."""
    return check(store, [projection])[0].differences


def check(store, projections, scratch_dir: Path | None = None,
          progress: Callable[[str, int, int], None] | None = None) -> list[Checked]:
    """Replay each projection into a scratch database (in memory, or a SQLite file in `scratch_dir`) and compare.

    `progress(name, position, stop)` is called after each batch of the log a projection has read.
    """
    results = []
    with snapshot(store) as live:
        tracking = store.tracking.tracking_table
        positions = dict(live.execute(select(tracking.c.application_name, tracking.c.notification_id)).all())
        for projection in projections:
            stop = positions.get(projection.name) or 0
            with _scratch(scratch_dir, projection) as session:
                _replay(store, live, projection, session, stop, progress)
                found, rows = [], 0
                for table in projection.tables:
                    counted, diffs = _compare(table, session.connection(), live)
                    rows, found = rows + counted, found + diffs
            results.append(Checked(projection.name, stop, rows, found))
    return results


@contextmanager
def _scratch(folder: Path | None, projection) -> Iterator[Session]:
    """An empty database with the projection's tables: in memory, or a file removed afterwards."""
    with tempfile.TemporaryDirectory(dir=folder) if folder else _nothing() as where:
        engine = create_engine(f"sqlite:///{Path(where) / 'replay.sqlite'}" if where else "sqlite://")
        try:
            for table in projection.tables:
                table.create(engine)
            with Session(engine) as session:
                yield session
        finally:
            engine.dispose()


@contextmanager
def _nothing():
    yield None


def _replay(store, live, projection, session, stop: int, progress) -> None:
    topics = projection.topics
    if not (topics or projection.every_event) or not stop:
        return
    log = store.recorder.events_record_cls.__table__
    query = select(log.c.id, log.c.originator_id, log.c.originator_version, log.c.topic, log.c.state).where(
        log.c.id <= stop)
    if not projection.every_event:
        query = query.where(log.c.topic.in_(topics))
    for done, row in enumerate(rows_in_batches(live, query, log.c.id, BATCH), start=1):
        stored = StoredEvent(row.originator_id, row.originator_version, row.topic, bytes(row.state))
        try:
            apply(projection, session, store.mapper.to_domain_event(stored), row.id)
        except Exception as e:  # whatever decoding or a handler meets in bytes the store did not write
            # The type only: a message could quote the record's content.
            raise UnreadableRecord(f"record {row.id} ({row.topic}) does not read as its event into "
                                   f"{projection.name} ({type(e).__name__}); run 'exitfi verify'") from None
        if progress and done % BATCH == 0:
            progress(projection.name, row.id, stop)
    if progress:
        progress(projection.name, stop, stop)


def _compare(table, replayed, live) -> tuple[int, list[Difference]]:
    """Walk both copies of a table in key order side by side; return the live row count and the differences."""
    names = [c.name for c in table.columns]
    want, have = _ordered(table, replayed), _ordered(table, live)
    w, h = next(want, None), next(have, None)
    found, count = [], 0
    while w is not None or h is not None:
        if h is None or (w is not None and w[0] < h[0]):
            found.append(Difference(table.name, w[0], "missing"))
            w = next(want, None)
        elif w is None or h[0] < w[0]:
            found.append(Difference(table.name, h[0], "written beside the log"))
            h, count = next(have, None), count + 1
        else:
            changed = tuple(n for n, a, b in zip(names, w[1], h[1]) if a != b)
            if changed:
                found.append(Difference(table.name, h[0], "not what the log says", changed))
            w, h, count = next(want, None), next(have, None), count + 1
    return count, found


def _ordered(table, connection) -> Iterator[tuple[tuple, tuple]]:
    """Yield (key, values) of every row in key order, streamed; keys compare the same way on both engines."""
    key = list(table.primary_key.columns)
    # PostgreSQL sorts text by the database's collation, SQLite and Python by code point: "C" makes them agree.
    postgres = connection.dialect.name == "postgresql"
    order = [c.collate("C") if postgres and isinstance(c.type, String) and not isinstance(c.type, Enum) else c
             for c in key]
    previous = None
    for row in connection.execute(select(table).order_by(*order).execution_options(yield_per=BATCH)):
        values = row._mapping
        k = tuple(_plain(values[c.name]) for c in key)
        if previous is not None and not previous < k:
            raise UnorderedError(f"{table.name} did not come back in key order ({previous} before {k})")
        previous = k
        yield k, tuple(_plain(values[c.name]) for c in table.columns)


def _plain(value):
    """Compare values as the log gives them: SQLite hands back naive UTC times, PostgreSQL aware ones."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    if isinstance(value, Personal):
        return repr(sorted(value.token.items()))
    return value
