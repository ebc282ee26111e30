"""The seal chain: each stored record is chained to the one before by HMAC-SHA256."""

from __future__ import annotations

import hashlib
import hmac
import struct
import uuid
from dataclasses import dataclass

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, Table, func, select, text

from core.tables import metadata

seals = Table(
    "exitfi_seals",
    metadata,
    Column("position", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False),
    Column("notification_id", BigInteger, nullable=False),
    Column("seal", LargeBinary(32), nullable=False),
)

BATCH = 10_000  # rows read per query by verify
_LAST_SEAL = select(seals.c.position, seals.c.seal).order_by(seals.c.position.desc()).limit(1)  # on every write


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


def stored_bytes(originator_id, version: int, topic: str, state) -> bytes:
    """The bytes a seal covers: the record's id, version, topic and state, each with its length where it varies."""
    t = topic.encode("utf-8")
    if isinstance(originator_id, (bytes, memoryview)):  # the log's own column, read raw (SQLite keeps 16 bytes)
        oid = bytes(originator_id)
    else:
        oid = originator_id.bytes if hasattr(originator_id, "bytes") else str(originator_id).encode()
    return _LENGTH(len(oid)) + oid + _VERSION_TOPIC(version, len(t)) + t + bytes(state)


_LENGTH = struct.Struct(">H").pack
_VERSION_TOPIC = struct.Struct(">qI").pack
_POSITION = struct.Struct(">q").pack


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

    def mac(self, previous: bytes, position: int, record: Record) -> bytes:
        """Return the seal of a record at a position, given the seal before it."""
        return hmac.digest(self._key, previous + _POSITION(position) + record.stored_bytes(), "sha256")

    def seal_new(self, session, notifications) -> None:
        """Seal records just written in this transaction, continuing the chain."""
        last = session.execute(_LAST_SEAL).first()
        position, previous = (last.position, last.seal) if last else (0, self.genesis)
        rows = []
        for n in sorted(notifications, key=lambda n: n.id):
            position += 1
            previous = self.mac(previous, position, Record(n.id, n.originator_id, n.originator_version, n.topic, n.state))
            rows.append({"position": position, "notification_id": n.id, "seal": previous})
        if rows:
            session.execute(seals.insert(), rows)

    # -- verification -----------------------------------------------------------
    def records(self, session):
        """Yield the log's records in log order, read in batches."""
        for row in self._rows(session):
            yield _record(row)

    def _rows(self, session):
        """Yield the log's rows as the driver gives them (id, originator, version, topic, state), in log order."""
        # A textual query: the rows skip SQLAlchemy's type processing, which costs more than the HMAC itself.
        q = text(f"SELECT id, originator_id, originator_version, topic, state FROM {self._events.name} "
                 "WHERE id > :last ORDER BY id LIMIT :n")
        yield from _batches(session, q, 0)

    def _seals(self, session):
        q = text(f"SELECT position, seal FROM {seals.name} WHERE position > :last ORDER BY position LIMIT :n")
        yield from _batches(session, q, 0)

    def verify(self, session, progress=None) -> Report:
        """Recompute the chain over the whole log and name the first record that does not fit."""
        n_records = session.execute(select(func.count()).select_from(self._events)).scalar_one()
        n_seals = session.execute(select(func.count()).select_from(seals)).scalar_one()
        rows, chain = self._rows(session), self._seals(session)
        previous, position, checked = self.genesis, 0, 0
        pending: list = []
        key, digest, compare = self._key, hmac.digest, hmac.compare_digest

        def next_row():
            return pending.pop(0) if pending else next(rows, None)

        for sealed_at, seal in chain:
            position += 1
            if sealed_at != position:
                return Report(n_records, n_seals, None, Finding(position, "missing", None, "the seal and the record at this position were removed"))
            row = next_row()
            if row is None:
                return Report(n_records, n_seals, None, Finding(position, "missing", None, "the record at this position was removed"))
            seal = bytes(seal)
            if not compare(digest(key, previous + _POSITION(position) + stored_bytes(*row[1:]), "sha256"), seal):
                after = next(rows, None)
                if after is not None:
                    pending.append(after)
                finding = self._classify(session, previous, seal, position, _record(row),
                                         None if after is None else _record(after), n_records, n_seals)
                return Report(n_records, n_seals, None, finding)
            previous, checked = seal, checked + 1
            if progress and checked % BATCH == 0:
                progress(BATCH)
        tail = next_row()
        if tail is not None:
            extra = n_records - position
            return Report(n_records, n_seals, previous, Finding(
                position + 1, "unsealed", tail[0],
                f"{extra} record(s) after the last seal were written without a seal"))
        return Report(n_records, n_seals, previous if position else None, None)

    def _classify(self, session, previous, seal, position, record, after, n_records, n_seals) -> Finding:
        nid = record.notification_id
        seal_rows = {p: bytes(s) for p, s in self._seals(session)}
        if n_records < n_seals and self.mac(seal, position + 1, record) == seal_rows.get(position + 1):
            return Finding(position, "missing", nid, "the record sealed at this position was removed")
        if n_records > n_seals and after is not None and self.mac(previous, position, after) == seal:
            return Finding(position, "inserted", nid, "a record that was never sealed stands here")
        for q, s in seal_rows.items():
            if q != position and self.mac(seal_rows.get(q - 1, self.genesis), q, record) == s:
                return Finding(position, "reordered", nid, f"this record was sealed at position {q}")
        return Finding(position, "changed", nid, "the stored bytes differ from what was sealed")

    def seal_at(self, session, position: int) -> bytes | None:
        """Return the seal stored at a position (for checkpoints)."""
        return session.execute(select(seals.c.seal).where(seals.c.position == position)).scalar_one_or_none()


def _batches(session, query, last: int):
    """Yield the rows of a keyset query on its first column, BATCH at a time."""
    while True:
        rows = session.execute(query, {"last": last, "n": BATCH}).all()
        yield from rows
        if len(rows) < BATCH:
            return
        last = rows[-1][0]


def _record(row) -> Record:
    nid, oid, version, topic, state = row
    if not isinstance(oid, uuid.UUID):
        oid = uuid.UUID(bytes=bytes(oid))
    return Record(nid, oid, version, topic, bytes(state))
