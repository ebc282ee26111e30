"""The seal chain: each stored record is chained to the one before by HMAC-SHA256."""

from __future__ import annotations

import hashlib
import hmac
import struct
from dataclasses import dataclass

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, Table, func, select

from core.tables import metadata

seals = Table(
    "exitfi_seals",
    metadata,
    Column("position", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False),
    Column("notification_id", BigInteger, nullable=False),
    Column("seal", LargeBinary(32), nullable=False),
)

BATCH = 2000


@dataclass(frozen=True)
class Record:
    """One stored record as the log holds it: what a seal covers."""

    notification_id: int
    originator_id: object
    originator_version: int
    topic: str
    state: bytes

    def stored_bytes(self) -> bytes:
        topic = self.topic.encode("utf-8")
        oid = self.originator_id.bytes if hasattr(self.originator_id, "bytes") else str(self.originator_id).encode()
        return struct.pack(">H", len(oid)) + oid + struct.pack(">qI", self.originator_version, len(topic)) + topic + bytes(self.state)


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
        h = hmac.new(self._key, previous, hashlib.sha256)
        h.update(struct.pack(">q", position))
        h.update(record.stored_bytes())
        return h.digest()

    def seal_new(self, session, notifications) -> None:
        """Seal records just written in this transaction, continuing the chain."""
        last = session.execute(
            select(seals.c.position, seals.c.seal).order_by(seals.c.position.desc()).limit(1)
        ).first()
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
        t, last = self._events, None
        cols = (t.c.id, t.c.originator_id, t.c.originator_version, t.c.topic, t.c.state)
        while True:
            q = select(*cols).order_by(t.c.id).limit(BATCH)
            if last is not None:
                q = q.where(t.c.id > last)
            rows = session.execute(q).all()
            for r in rows:
                yield Record(r.id, r.originator_id, r.originator_version, r.topic, bytes(r.state))
            if len(rows) < BATCH:
                return
            last = rows[-1].id

    def _seals(self, session):
        last = 0
        while True:
            rows = session.execute(
                select(seals.c.position, seals.c.seal).where(seals.c.position > last).order_by(seals.c.position).limit(BATCH)
            ).all()
            yield from rows
            if len(rows) < BATCH:
                return
            last = rows[-1].position

    def verify(self, session, progress=None) -> Report:
        """Recompute the chain over the whole log and name the first record that does not fit."""
        n_records = session.execute(select(func.count()).select_from(self._events)).scalar_one()
        n_seals = session.execute(select(func.count()).select_from(seals)).scalar_one()
        records, chain = self.records(session), self._seals(session)
        previous, position, checked = self.genesis, 0, 0
        pending: list[Record] = []

        def next_record():
            return pending.pop(0) if pending else next(records, None)

        for seal_row in chain:
            position += 1
            if seal_row.position != position:
                return Report(n_records, n_seals, None, Finding(position, "missing", None, "the seal and the record at this position were removed"))
            record = next_record()
            if record is None:
                return Report(n_records, n_seals, None, Finding(position, "missing", None, "the record at this position was removed"))
            if not hmac.compare_digest(self.mac(previous, position, record), seal_row.seal):
                after = next(records, None)
                if after is not None:
                    pending.append(after)
                finding = self._classify(session, previous, seal_row.seal, position, record, after, n_records, n_seals)
                return Report(n_records, n_seals, None, finding)
            previous, checked = seal_row.seal, checked + 1
            if progress and checked % BATCH == 0:
                progress(BATCH)
        tail = next_record()
        if tail is not None:
            extra = n_records - position
            return Report(n_records, n_seals, previous, Finding(
                position + 1, "unsealed", tail.notification_id,
                f"{extra} record(s) after the last seal were written without a seal"))
        return Report(n_records, n_seals, previous if position else None, None)

    def _classify(self, session, previous, seal, position, record, after, n_records, n_seals) -> Finding:
        nid = record.notification_id
        seal_rows = {r.position: r.seal for r in self._seals(session)}
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
