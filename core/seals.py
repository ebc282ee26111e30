"""The seal chain: each stored record is chained to the one before by HMAC-SHA256."""

from __future__ import annotations

import hashlib
import hmac
import struct
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import chain

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, Table, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from core.collector import young_garbage_only
from core.prepared import Prepared
from core.tables import metadata

seals = Table(
    "exitfi_seals",
    metadata,
    Column("position", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False),
    Column("notification_id", BigInteger, nullable=False),
    Column("seal", LargeBinary(32), nullable=False),
)

BATCH = 10_000  # rows read per query by verify
_LAST_SEAL = Prepared(select(seals.c.position, seals.c.seal).order_by(seals.c.position.desc()).limit(1))  # every write
_SEAL = Prepared(seals.insert())
# Where a writer that read the last seal together with the log's lock leaves it for `seal_new` (the session's info:
# one session per transaction, so it never outlives the lock it was read under).
LAST_SEAL_READ = "exitfi_last_seal"
LAST_SEAL_SQL = f"SELECT position, seal FROM {seals.name} ORDER BY position DESC LIMIT 1"


@dataclass(frozen=True)
class Record:
    """One stored record as the log holds it: what a seal covers."""

    notification_id: int
    originator_id: object
    originator_version: int
    topic: str
    state: bytes

    def stored_bytes(self) -> bytes:
        return stored_bytes(self.originator_id, self.originator_version, self.topic, self.state)


def stored_bytes(originator_id, version: int, topic: str | bytes, state) -> bytes:
    """The bytes a seal covers: the record's id, version, topic and state, each with its length where it varies."""
    t = topic if isinstance(topic, bytes) else topic.encode("utf-8")
    if isinstance(originator_id, (bytes, memoryview)):  # the log's own column, read raw (SQLite keeps 16 bytes)
        oid = bytes(originator_id)
    else:
        oid = originator_id.bytes if hasattr(originator_id, "bytes") else str(originator_id).encode()
    return _LENGTH(len(oid)) + oid + _VERSION_TOPIC(version, len(t)) + t + bytes(state)


_LENGTH = struct.Struct(">H").pack
_VERSION_TOPIC = struct.Struct(">qI").pack
_POSITION = struct.Struct(">q").pack
# stored_bytes as PostgreSQL joins them: a UUID's length (16), the UUID, the version, the topic's length, the topic,
# the state.
_JOINED_ON_POSTGRESQL = ("int2send(16::int2) || uuid_send(originator_id) || int8send(originator_version::int8)"
                         " || int4send(octet_length(convert_to(topic, 'UTF8'))) || convert_to(topic, 'UTF8') || state")
_IPAD, _OPAD = bytes(b ^ 0x36 for b in range(256)), bytes(b ^ 0x5C for b in range(256))  # RFC 2104


@dataclass(frozen=True)
class Finding:
    """The first place where the log and its seals disagree."""

    position: int
    kind: str  # changed, missing, inserted, reordered, unsealed
    notification_id: int | None
    detail: str

    def __str__(self) -> str:
        where = f" (record {self.notification_id})" if self.notification_id is not None else ""
        return f"position {self.position}{where}: {self.kind}: {self.detail}"


@dataclass(frozen=True)
class Report:
    """What verify found: how many records were checked and the first finding, if any."""

    records: int
    sealed: int
    last_seal: bytes | None
    finding: Finding | None

    @property
    def ok(self) -> bool:
        return self.finding is None


class SealChain:
    """Computes seals as records are written and checks the whole chain on demand."""

    def __init__(self, key: bytes, events_table):
        self._key = key
        self._events = events_table
        self.genesis = hmac.new(key, b"exitfi-seal-genesis", hashlib.sha256).digest()
        block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
        self._inner, self._outer = hashlib.sha256(block.translate(_IPAD)), hashlib.sha256(block.translate(_OPAD))

    def mac(self, previous: bytes, position: int, record: Record) -> bytes:
        """Return the seal of a record at a position, given the seal before it."""
        return hmac.digest(self._key, previous + _POSITION(position) + record.stored_bytes(), "sha256")

    def seal_new(self, session, notifications) -> None:
        """Seal records just written in this transaction, continuing the chain."""
        # The statements as they are, on the connection: no session bookkeeping on every write.
        connection = session.connection() if isinstance(session, Session) else session
        last = session.info.pop(LAST_SEAL_READ, None) if isinstance(session, Session) else None
        if last is None:
            last = next(iter(_LAST_SEAL.rows(connection)), None)
        position, previous = (last[0], bytes(last[1])) if last else (0, self.genesis)
        rows = []
        for n in sorted(notifications, key=lambda n: n.id):
            position += 1
            previous = self.mac(previous, position, Record(n.id, n.originator_id, n.originator_version, n.topic, n.state))
            rows.append({"position": position, "notification_id": n.id, "seal": previous})
        if rows:
            _SEAL.many(connection, rows)

    # -- verification -----------------------------------------------------------
    def bodies(self, session):
        """Yield (id, the bytes a seal covers) for each of the log's records, in log order."""
        return self._rows(session)

    def digest(self, message: bytes) -> bytes:
        """HMAC-SHA256 of a message under the seal key, from the key's two padded states taken once."""
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()

    def _rows(self, session):
        """Yield (id, the bytes a seal covers) for each of the log's records, in log order."""
        # The driver's own cursor and bytes from the database: SQLAlchemy's rows, UUIDs and str cost more than the HMAC.
        reader = _Reader(session)
        if reader.postgresql:  # the server joins the bytes, and works on the next batch while this one is checked
            return reader.rows(f"SELECT id, {_JOINED_ON_POSTGRESQL} FROM {self._events.name}", "id", ahead=True)
        columns = "id, CAST(originator_id AS BLOB), originator_version, CAST(topic AS BLOB), CAST(state AS BLOB)"
        return reader.rows(f"SELECT {columns} FROM {self._events.name}", "id", shape=_joined)

    def _seals(self, session):
        return _Reader(session).rows(f"SELECT position, seal FROM {seals.name}", "position")

    def verify(self, session, progress=None) -> Report:
        """Recompute the chain over the whole log and name the first record that does not fit."""
        with young_garbage_only():  # the loop makes no cycles: what it drops, reference counting frees
            return self._verify(session, progress)

    def _verify(self, session, progress) -> Report:
        n_records = session.execute(select(func.count()).select_from(self._events)).scalar_one()
        n_seals = session.execute(select(func.count()).select_from(seals)).scalar_one()
        rows, chain = self._rows(session), self._seals(session)
        previous, position = self.genesis, 0
        inner, outer, compare = self._inner.copy, self._outer.copy, hmac.compare_digest
        for sealed_at, seal in chain:
            position += 1
            if sealed_at != position:
                return Report(n_records, n_seals, None, Finding(position, "missing", None, "the seal and the record at this position were removed"))
            row = next(rows, None)
            if row is None:
                return Report(n_records, n_seals, None, Finding(position, "missing", None, "the record at this position was removed"))
            # self.digest(previous + _POSITION(position) + stored bytes), spelt out: this line runs once per record.
            h = inner()
            h.update(previous + _POSITION(position) + row[1])
            o = outer()
            o.update(h.digest())
            if not compare(o.digest(), seal):
                finding = self._classify(session, previous, seal, position, row, next(rows, None), n_records, n_seals)
                return Report(n_records, n_seals, None, finding)
            previous = seal
            if progress and position % BATCH == 0:
                progress(BATCH)
        tail = next(rows, None)
        if tail is not None:
            extra = n_records - position
            return Report(n_records, n_seals, previous, Finding(
                position + 1, "unsealed", tail[0],
                f"{extra} record(s) after the last seal were written without a seal"))
        return Report(n_records, n_seals, previous if position else None, None)

    def _classify(self, session, previous, seal, position, row, after, n_records, n_seals) -> Finding:
        nid, record = row
        seal_rows = {p: bytes(s) for p, s in self._seals(session)}

        def mac(before, at, body):
            return self.digest(before + _POSITION(at) + body)

        if n_records < n_seals and mac(seal, position + 1, record) == seal_rows.get(position + 1):
            return Finding(position, "missing", nid, "the record sealed at this position was removed")
        if n_records > n_seals and after is not None and mac(previous, position, after[1]) == seal:
            return Finding(position, "inserted", nid, "a record that was never sealed stands here")
        for q, s in seal_rows.items():
            if q != position and mac(seal_rows.get(q - 1, self.genesis), q, record) == s:
                return Finding(position, "reordered", nid, f"this record was sealed at position {q}")
        return Finding(position, "changed", nid, "the stored bytes differ from what was sealed")

    def seal_at(self, session, position: int) -> bytes | None:
        """Return the seal stored at a position (for checkpoints)."""
        return session.execute(select(seals.c.seal).where(seals.c.position == position)).scalar_one_or_none()


class _Reader:
    """Keyset batches of a query read through the driver's cursor, in the transaction the session is in."""

    def __init__(self, session):
        connection = session if isinstance(session, Connection) else session.connection()
        self.postgresql = connection.dialect.name == "postgresql"
        self._connection = connection.connection  # the pool's proxy of the DBAPI connection

    def rows(self, query: str, key: str, shape=None, ahead: bool = False):
        """Yield the rows of `query` ordered by `key`, its first column, BATCH at a time, each batch through `shape`;
        `ahead` asks for the next batch while this one is used."""
        mark = "%s" if self.postgresql else "?"
        paged = f"{query} WHERE {key} > {mark} ORDER BY {key} LIMIT {BATCH}"
        return chain.from_iterable(self._batches(paged, shape, ahead))

    def _batches(self, paged: str, shape, ahead: bool):
        # psycopg's binary format: bytea as it is stored, not as hex text to decode (three times the work)
        cursor = self._connection.cursor(binary=True) if self.postgresql else self._connection.cursor()

        def fetch(last):
            cursor.execute(paged, (last,))
            return cursor.fetchall()

        # The thread waits on the database (the driver lets go of the GIL meanwhile); the connection's own lock keeps
        # its statements and the caller's apart. Leaving the block waits for a batch asked for, so none outlives us.
        try:
            with ThreadPoolExecutor(1, "exitfi-read-ahead") if ahead else nullcontext() as pool:
                rows = fetch(0)
                while True:
                    full = len(rows) == BATCH
                    following = pool.submit(fetch, rows[-1][0]) if full and pool else None
                    yield shape(rows) if shape else rows
                    if not full:
                        return
                    rows = following.result() if following else fetch(rows[-1][0])
        finally:
            cursor.close()


def _joined(rows) -> list:
    """(id, stored bytes) of SQLite rows (id, originator, version, topic, state): stored_bytes, spelt out for speed."""
    return [(r[0], _LENGTH(len(r[1])) + r[1] + _VERSION_TOPIC(r[2], len(r[3])) + r[3] + r[4]) for r in rows]
