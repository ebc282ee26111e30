"""The log as one portable file: `exitfi export` writes it, `exitfi import` reads it into an empty store.

The file is gzip'd JSON, one object a line, written and read a batch at a time so that memory stays flat:

1. a header: the format, when, from which engine, how many records and data keys follow;
2. each stored record in log order, as stored: its position in the seal chain, notification id, record id,
   version, topic, state (the stored bytes in base64, personal fields as ciphertext) and seal;
3. each data key of the vault as stored: wrapped by the master key, or erased;
4. an end line: the counts, the SHA-256 of every line before it, a signed checkpoint of the chain's end,
   and a signature (the checkpoint's key) over all of that.

An import recomputes the chain with its own seal key and checks each record against its seal, each key
against its own master key, the checkpoint and the signature with its own public key: a file made by
another instance, or changed in one byte, is refused with the first place it goes wrong, and nothing is
written. Restoring needs the keys of the instance that exported the file.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import hmac
import json
import os
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import zip_longest
from pathlib import Path

from sqlalchemy import func, select, text

from core.checkpoints import make_checkpoint, public_key_text, signature_holds, signing_key
from core.errors import ExitfiError
from core.seals import Record, seals
from core.snapshot import rows_in_batches, snapshot
from core.vault import vault_keys

FORMAT, VERSION = "exitfi-log", 1
BATCH = 1000


class ExportRefused(ExitfiError):
    """The log does not verify, or the file is there already: nothing was exported."""


class ImportRefused(ExitfiError):
    """The file does not verify, or the store is not empty: nothing was imported."""


@dataclass(frozen=True)
class Moved:
    """What an export wrote or an import read: the records and keys, and the checkpoint of the chain's end."""

    records: int
    keys: int
    checkpoint: dict


# -- export ---------------------------------------------------------------------------------------------------


def export_log(store, seal_key: bytes, path, progress: Callable[[int], None] | None = None) -> Moved:
    """Write the whole log, its seals and the vault's keys to `path`, from one snapshot; refuse a broken chain."""
    path = Path(path)
    if path.exists():
        raise ExportRefused(f"{path} exists: export writes a new file and never overwrites one (a backup, perhaps)")
    partial = path.with_name(path.name + ".partial")
    try:
        with snapshot(store) as connection, gzip.open(partial, "wb", compresslevel=6) as out:
            moved = _write(store, seal_key, connection, _Lines(out), progress)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return moved


class _Lines:
    """Writes one JSON object a line, a batch at a time, and keeps the SHA-256 of what it wrote."""

    def __init__(self, out):
        self.out, self.digest, self.pending = out, hashlib.sha256(), []

    def write(self, obj: dict) -> None:
        self.pending.append(_canonical(obj) + b"\n")
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        chunk = b"".join(self.pending)
        self.digest.update(chunk)
        self.out.write(chunk)
        self.pending = []


def _write(store, seal_key, connection, lines: _Lines, progress) -> Moved:
    log = store.recorder.events_record_cls.__table__
    n_records, n_keys = (connection.execute(select(func.count()).select_from(table)).scalar_one()
                         for table in (log, vault_keys))
    lines.write({"format": FORMAT, "version": VERSION, "exported_at": _iso(datetime.now(timezone.utc)),
                 "engine": connection.dialect.name, "records": n_records, "keys": n_keys})
    chain, previous, position = store.seals, store.seals.genesis, 0
    records = rows_in_batches(connection, select(log), log.c.id, BATCH)
    sealed = rows_in_batches(connection, select(seals), seals.c.position, BATCH)
    for position, (row, seal) in enumerate(zip_longest(records, sealed), start=1):
        record = row and Record(row.id, row.originator_id, row.originator_version, row.topic, bytes(row.state))
        if (record is None or seal is None or seal.position != position or seal.notification_id != row.id
                or not hmac.compare_digest(chain.mac(previous, position, record), seal.seal)):
            raise ExportRefused(f"the log does not verify at position {position}: nothing was exported; "
                                "'exitfi verify' names what is wrong")
        previous = seal.seal
        lines.write({"kind": "record", "position": position, "id": row.id, "originator_id": str(row.originator_id),
                     "originator_version": row.originator_version, "topic": row.topic,
                     "state": _b64(record.state), "seal": seal.seal.hex()})
        if progress and position % BATCH == 0:
            progress(BATCH)
    if progress:
        progress(position % BATCH)
    for key in rows_in_batches(connection, select(vault_keys), vault_keys.c.person_id, BATCH):
        lines.write({"kind": "key", "person_id": key.person_id,
                     "wrapped_key": _b64(key.wrapped_key) if key.wrapped_key is not None else None,
                     "created_at": _iso(key.created_at), "erased_at": _iso(key.erased_at)})
    mark = make_checkpoint(seal_key, position, previous if position else None)
    lines.flush()
    end = {"kind": "end", "records": position, "keys": n_keys, "body_sha256": lines.digest.hexdigest(),
           "checkpoint": mark}
    end["signature"] = _b64(signing_key(seal_key).sign(_canonical(end)))
    lines.write(end)
    lines.flush()
    return Moved(position, n_keys, mark)


# -- import ---------------------------------------------------------------------------------------------------


def import_log(store, seal_key: bytes, path, progress: Callable[[int], None] | None = None) -> Moved:
    """Check the file line by line against this instance's keys and write it into the empty store, or nothing.

    The read models are not touched: rebuild them afterwards (`exitfi import` does).
    """
    with store.recorder.transaction(commit=True) as session:
        store.lock_log(session)
        if held := _held(store, session):
            raise ImportRefused(f"the store is not empty ({held}): import only into a new instance "
                                "('exitfi init' without --demo)")
        try:
            with gzip.open(path, "rb") as source:
                moved = _Import(store, seal_key, session, progress).read(source)
        except (OSError, EOFError, zlib.error) as e:
            raise ImportRefused(f"{path} is not a whole gzip'd export: {e}") from None
        if session.get_bind().dialect.name == "postgresql":  # explicit ids leave the log's sequence behind
            events = store.recorder.events_record_cls.__table__.name
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{events}', 'id'), "
                                 f"(SELECT max(id) FROM {events}))"))
    return moved


def announced(path) -> int:
    """How many records the file's header announces (0 if it has none), for a progress bar."""
    try:
        with gzip.open(path, "rb") as source:
            count = json.loads(source.readline()).get("records")
    except (OSError, EOFError, zlib.error, ValueError, AttributeError):
        return 0
    return count if isinstance(count, int) and count >= 0 else 0


def _held(store, session) -> str:
    log = store.recorder.events_record_cls.__table__
    n = {name: session.execute(select(func.count()).select_from(t)).scalar_one()
         for name, t in (("records", log), ("seals", seals), ("data keys", vault_keys))}
    return ", ".join(f"{count} {name}" for name, count in n.items() if count)


class _Import:
    """Reads an export line by line, refusing at the first thing that does not verify, and inserts in batches."""

    def __init__(self, store, seal_key, session, progress):
        self.store, self.session, self.progress = store, session, progress
        self.seal_key, self.public_key = seal_key, public_key_text(seal_key)
        self.log = store.recorder.events_record_cls.__table__
        self.previous, self.position, self.last_id, self.keys = store.seals.genesis, 0, 0, 0
        self.digest = hashlib.sha256()
        self.records_out, self.seals_out, self.keys_out = [], [], []

    def read(self, source) -> Moved:
        header, end = None, None
        for number, line in enumerate(source, start=1):
            if end is not None:
                raise ImportRefused(f"line {number}: lines follow the end line; the file was added to")
            obj = _parse(line, number)
            if header is None:
                header = self._header(obj)
            elif obj.get("kind") == "record":
                self._record(obj, number)
            elif obj.get("kind") == "key":
                self._key(obj, number)
            elif obj.get("kind") == "end":
                self._flush()
                end = self._end(obj, header)
                continue
            else:
                raise ImportRefused(f"line {number}: neither a record, a data key nor the end")
            self.digest.update(line)
        if end is None:
            raise ImportRefused("the file ends without its end line and checkpoint: it was cut short")
        return end

    def _header(self, obj: dict) -> dict:
        if obj.get("format") != FORMAT or obj.get("version") != VERSION:
            raise ImportRefused(f"line 1: not an export of the log (format {FORMAT} {VERSION})")
        return obj

    def _record(self, obj: dict, number: int) -> None:
        if self.keys:
            raise ImportRefused(f"line {number}: a record after the data keys")
        position = self.position + 1
        where = f"position {position} (record {obj.get('id')})"
        try:
            nid, version, topic = int(obj["id"]), int(obj["originator_version"]), str(obj["topic"])
            originator_id = uuid.UUID(obj["originator_id"])
            state = base64.b64decode(obj["state"], validate=True)
            seal = bytes.fromhex(obj["seal"])
        except (KeyError, ValueError, TypeError, AttributeError, binascii.Error):
            raise ImportRefused(f"{where}: not a stored record (line {number})") from None
        if obj.get("position") != position:
            raise ImportRefused(f"{where}: the file has position {obj.get('position')} here: a record is "
                                "missing or out of order")
        if nid <= self.last_id:
            raise ImportRefused(f"{where}: its notification id does not follow {self.last_id}")
        record = Record(nid, originator_id, version, topic, state)
        if not hmac.compare_digest(self.store.seals.mac(self.previous, position, record), seal):
            raise ImportRefused(f"{where}: changed: the stored bytes differ from what was sealed, or the seal "
                                "was made with another seal key")
        self.previous, self.position, self.last_id = seal, position, nid
        self.records_out.append({"id": nid, "originator_id": originator_id, "originator_version": version,
                                 "topic": topic, "state": state})
        self.seals_out.append({"position": position, "notification_id": nid, "seal": seal})
        if len(self.records_out) >= BATCH:
            self._flush()

    def _key(self, obj: dict, number: int) -> None:
        self.keys += 1
        try:
            person_id = uuid.UUID(obj["person_id"]).hex
            wrapped = base64.b64decode(obj["wrapped_key"], validate=True) if obj["wrapped_key"] is not None else None
            created_at, erased_at = _time(obj["created_at"]), _time(obj["erased_at"])
        except (KeyError, ValueError, TypeError, AttributeError, binascii.Error):
            raise ImportRefused(f"line {number}: not a data key of the vault") from None
        if created_at is None or (wrapped is None) != (erased_at is not None):
            raise ImportRefused(f"line {number}: the data key of person {person_id} is neither kept nor erased")
        if wrapped is not None and not self.store.vault.opens(person_id, wrapped):
            raise ImportRefused(f"line {number}: the data key of person {person_id} does not open with this "
                                "instance's master key: restoring needs the keys of the instance that exported it")
        self.keys_out.append({"person_id": person_id, "wrapped_key": wrapped, "created_at": created_at,
                              "erased_at": erased_at})
        if len(self.keys_out) >= BATCH:
            self._flush()

    def _end(self, obj: dict, header: dict) -> Moved:
        mark = obj.get("checkpoint")
        if not isinstance(mark, dict) or not signature_holds(mark, self.public_key):
            raise ImportRefused("the end: the checkpoint's signature does not hold: it was altered, or made by "
                                "an instance with other keys")
        signed = {k: v for k, v in obj.items() if k != "signature"}
        try:
            signature = base64.b64decode(obj.get("signature") or "", validate=True)
        except binascii.Error:
            signature = b""
        if not _signed_by(self.seal_key, _canonical(signed), signature):
            raise ImportRefused("the end: the file's signature does not hold: a line was changed, added or removed")
        if obj.get("body_sha256") != self.digest.hexdigest():
            raise ImportRefused("the end: the lines before it are not those the file was signed with")
        if mark["position"] != self.position or mark["seal"] != (self.previous.hex() if self.position else ""):
            raise ImportRefused(f"the end: the checkpoint is of position {mark['position']}, the chain ends at "
                                f"{self.position}: records were cut off or added")
        counts = (obj.get("records"), obj.get("keys"), header.get("records"))
        if counts != (self.position, self.keys, self.position):
            raise ImportRefused("the end: the counts of records and data keys do not match the file")
        return Moved(self.position, self.keys, mark)

    def _flush(self) -> None:
        if self.records_out:
            self.session.execute(self.log.insert(), self.records_out)
            self.session.execute(seals.insert(), self.seals_out)
            if self.progress:
                self.progress(len(self.records_out))
        if self.keys_out:
            self.session.execute(vault_keys.insert(), self.keys_out)
        self.records_out, self.seals_out, self.keys_out = [], [], []


def _signed_by(seal_key: bytes, message: bytes, signature: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    try:
        signing_key(seal_key).public_key().verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _parse(line: bytes, number: int) -> dict:
    try:
        obj = json.loads(line)
    except (UnicodeDecodeError, ValueError):
        obj = None
    if not isinstance(obj, dict):
        raise ImportRefused(f"line {number}: not a line of an export of the log")
    return obj


def _canonical(obj: dict) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


def _iso(moment: datetime | None) -> str | None:
    """A stored time in UTC (SQLite hands back naive UTC values, PostgreSQL the session's zone)."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).isoformat()


def _time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)
