"""Export and import of the log: one signed file, the same read models after a move, refused when forged."""

from __future__ import annotations

import base64
import gzip
import json
import os
import tracemalloc
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from core.access_log import record_views
from core.auth.service import register_user
from core.checkpoints import check_checkpoint
from core.erasure import erase_person
from core.events import Actor
from core.logfile import ExportRefused, ImportRefused, export_log, import_log
from core.replay import _plain
from core.store import Store
from core.testing import MASTER_KEY, SEAL_KEY
from core.testing.databases import database
from core.vault import ERASED, vault_keys
from tests.core import specimen, tampering
from tests.core.specimen.domain import archive, keep, start, write

COORDINATOR = Actor("coordinator.helsinki", "city_coordinator", "helsinki")
WORKER = Actor("worker.helsinki", "exit_worker", "helsinki")
OPERATOR = Actor("cli:admin", "operator")


def kind_of(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


@contextmanager
def empty_store(kind: str, tmp_path, master_key=MASTER_KEY, seal_key=SEAL_KEY):
    """A new store on a database of its own, with the core's and the specimen's read models."""
    folder = tmp_path / f"target-{kind}-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    with database(kind, folder) as url:
        store = Store(url, master_key, seal_key, specimen.read_models())
        store.create_tables()
        try:
            yield store
        finally:
            store.close()


def fill(store) -> dict:
    """Notebooks kept, written in, archived and one erased; an account; a view in the access log."""
    ids = [start(store, COORDINATOR, "helsinki", name) for name in ("Aurora", "Lumi", "Routa")]
    for notebook_id in ids:
        keep(store, COORDINATOR, notebook_id, WORKER.user_id)
        write(store, WORKER, notebook_id, 3, "Met at the library.")
    archive(store, COORDINATOR, ids[2], "moved abroad")
    register_user(store, OPERATOR, "aino.helsinki", "Aino", "a long passphrase 2026", "helsinki", roles=["exit_worker"])
    kept, erased = (store.get(i).person_id for i in ids[:2])
    record_views(store, WORKER, {kept: ids[0].hex}, "GET /notebooks", "casework")
    erase_person(store, erased, "Art. 17 request", OPERATOR)
    return {"kept": (ids[0], kept), "erased": (ids[1], erased)}


def restore(store, path):
    """Import a file and rebuild every read model, as `exitfi import` does."""
    moved = import_log(store, SEAL_KEY, path)
    for projection in store.projections.values():
        store.runner.rebuild(projection)
    return moved


def read_models(store) -> dict:
    """Every read model's rows, as comparable values, in a stable order."""
    with store.reading() as session:
        return {t.name: sorted((tuple(_plain(v) for v in row) for row in session.execute(select(t))), key=repr)
                for p in store.projections.values() for t in p.tables}


def is_empty(store) -> bool:
    with store.reading() as session:
        keys = session.execute(select(func.count()).select_from(vault_keys)).scalar_one()
    return store.recorder.max_notification_id() is None and keys == 0


def lines_of(path) -> list[dict]:
    with gzip.open(path, "rt") as f:
        return [json.loads(line) for line in f]


def exported(store, tmp_path) -> list[dict]:
    """Export the store to a.gz and return its lines."""
    export_log(store, SEAL_KEY, tmp_path / "a.gz")
    return lines_of(tmp_path / "a.gz")


def written(path, lines: list[dict]):
    with gzip.open(path, "wt") as f:
        f.writelines(json.dumps(line, sort_keys=True, separators=(",", ":")) + "\n" for line in lines)
    return path


# -- round trips ---------------------------------------------------------------------------------------------


def test_an_export_imported_into_an_empty_store_gives_the_same_read_models_and_verifies(
        make_store, database_url, tmp_path):
    source = make_store()
    people = fill(source)
    path = tmp_path / "backup.jsonl.gz"
    exported = export_log(source, SEAL_KEY, path)
    assert exported.records == source.recorder.max_notification_id() and exported.keys == 4
    with empty_store(kind_of(database_url), tmp_path) as target:
        imported = restore(target, path)
        assert imported == exported
        assert read_models(target) == read_models(source)
        assert target.verify().ok and check_checkpoint(target, SEAL_KEY, exported.checkpoint) is None
        (kept_book, _), (erased_book, _) = people["kept"], people["erased"]
        assert target.vault.reveal(target.get(kept_book).name) == "Aurora"  # the keys came along
        assert target.vault.reveal(target.get(erased_book).name) is ERASED  # ...and the erasure too
        start(target, COORDINATOR, "helsinki", "Kaarna")  # the restored log goes on, sealed
        assert target.verify().ok


@pytest.mark.parametrize("source_kind, target_kind", [("sqlite", "postgresql"), ("postgresql", "sqlite")])
def test_the_log_moves_between_sqlite_and_postgresql(tmp_path, source_kind, target_kind):
    path = tmp_path / "move.jsonl.gz"
    with empty_store(source_kind, tmp_path) as source:
        fill(source)
        export_log(source, SEAL_KEY, path)
        with empty_store(target_kind, tmp_path) as target:
            restore(target, path)
            assert read_models(target) == read_models(source)
            assert target.verify().ok
            start(target, COORDINATOR, "helsinki", "Kaarna")  # the id sequence follows the imported log
            assert target.verify().ok


# -- refusals -------------------------------------------------------------------------------------------------


def test_a_record_changed_in_the_file_is_refused_naming_it_and_nothing_is_written(store, database_url, tmp_path):
    fill(store)
    lines = exported(store, tmp_path)
    forged = next(line for line in lines if line.get("topic", "").endswith("Notebook.KeeperChosen"))
    state = base64.b64decode(forged["state"]).replace(b"worker.helsinki", b"worker.turku")
    forged["state"] = base64.b64encode(state).decode()
    with empty_store(kind_of(database_url), tmp_path) as target:
        with pytest.raises(ImportRefused, match=rf"^position {forged['position']} \(record {forged['id']}\): changed"):
            import_log(target, SEAL_KEY, written(tmp_path / "forged.gz", lines))
        assert is_empty(target)


def test_a_broken_checkpoint_signature_is_refused(store, database_url, tmp_path):
    fill(store)
    lines = exported(store, tmp_path)
    signature = bytearray(base64.b64decode(lines[-1]["checkpoint"]["signature"]))
    signature[0] ^= 1
    lines[-1]["checkpoint"]["signature"] = base64.b64encode(bytes(signature)).decode()
    with empty_store(kind_of(database_url), tmp_path) as target:
        with pytest.raises(ImportRefused, match="the checkpoint's signature does not hold"):
            import_log(target, SEAL_KEY, written(tmp_path / "forged.gz", lines))
        assert is_empty(target)


def test_a_cut_file_a_changed_key_line_and_other_keys_are_refused(store, database_url, tmp_path):
    fill(store)
    lines = exported(store, tmp_path)
    kind = kind_of(database_url)
    with empty_store(kind, tmp_path) as target:
        with pytest.raises(ImportRefused, match="cut short"):
            import_log(target, SEAL_KEY, written(tmp_path / "cut.gz", lines[:-1]))
        key = next(line for line in lines if line.get("kind") == "key" and line["erased_at"] is None)
        changed = [({**line, "created_at": "2020-01-01T00:00:00+00:00"} if line is key else line) for line in lines]
        with pytest.raises(ImportRefused, match="not those the file was signed with"):
            import_log(target, SEAL_KEY, written(tmp_path / "key.gz", changed))
        assert is_empty(target)
    with empty_store(kind, tmp_path, seal_key=os.urandom(32)) as stranger:
        with pytest.raises(ImportRefused, match=r"^position 1 \(record 1\): changed.*another seal key"):
            import_log(stranger, stranger.seals._key, tmp_path / "a.gz")
        assert is_empty(stranger)


def test_import_into_a_store_that_is_not_empty_is_refused(store, database_url, tmp_path):
    fill(store)
    export_log(store, SEAL_KEY, tmp_path / "a.gz")
    with empty_store(kind_of(database_url), tmp_path) as target:
        start(target, COORDINATOR, "helsinki", "Kaarna")
        head = target.recorder.max_notification_id()
        with pytest.raises(ImportRefused, match=r"not empty \(1 records, 1 seals, 1 data keys\)"):
            import_log(target, SEAL_KEY, tmp_path / "a.gz")
        assert target.recorder.max_notification_id() == head and target.verify().ok


def test_export_refuses_a_broken_chain_and_an_existing_file(store, tmp_path):
    fill(store)
    export_log(store, SEAL_KEY, tmp_path / "a.gz")
    with pytest.raises(ExportRefused, match="never overwrites"):
        export_log(store, SEAL_KEY, tmp_path / "a.gz")
    with store.datastore.engine.begin() as conn:
        tampering.flip_byte(conn, store.recorder.events_record_cls.__table__, 4)
    with pytest.raises(ExportRefused, match="does not verify at position 4"):
        export_log(store, SEAL_KEY, tmp_path / "b.gz")
    assert sorted(p.name for p in tmp_path.glob("*.gz*")) == ["a.gz"]  # no half-written file


# -- memory -----------------------------------------------------------------------------------------------------


def grow(store, events: int, persons: int) -> None:
    """Add records (copies of a notebook's first event, sealed) and data keys until there are that many of each."""
    log = store.recorder.events_record_cls.__table__
    if store.recorder.max_notification_id() is None:
        start(store, COORDINATOR, "helsinki", "Lumi")
    with store.recorder.transaction(commit=True) as session:
        first, head = session.execute(select(log).order_by(log.c.id).limit(1)).one(), store.runner.head(session)
        if events > head:
            session.execute(log.insert(), [{"originator_id": uuid.uuid4(), "originator_version": 1,
                                            "topic": first.topic, "state": first.state} for _ in range(events - head)])
            store.seals.seal_new(session, session.execute(select(log).where(log.c.id > head)).all())
        have = session.execute(select(func.count()).select_from(vault_keys)).scalar_one()
        now = datetime.now(timezone.utc)
        if persons > have:
            session.execute(vault_keys.insert(), [{"person_id": uuid.uuid4().hex, "wrapped_key": os.urandom(60),
                                                   "created_at": now} for _ in range(persons - have)])


def test_export_memory_stays_flat_as_the_log_grows(make_store, tmp_path, monkeypatch):
    monkeypatch.setattr("core.logfile.BATCH", 100)  # small batches keep the test short; memory follows the batch
    store = make_store([])  # no read models: export reads the log, its seals and the vault's keys
    grow(store, 500, 500)
    export_log(store, SEAL_KEY, tmp_path / "warm-up.gz")  # imports and statement caches, once
    peaks = []
    for size in (500, 5000):
        grow(store, size, size)
        tracemalloc.start()
        export_log(store, SEAL_KEY, tmp_path / f"{size}.gz")
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < 1.5 * peaks[0], f"peak {peaks[0]:,} bytes for 500 records and keys, {peaks[1]:,} for 5000"
