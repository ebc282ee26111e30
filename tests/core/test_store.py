"""The log: every event has an actor, stale commands conflict, nothing is rewritten."""

from __future__ import annotations

import threading
from datetime import timezone

import pytest
from sqlalchemy import func, select

from core.erasure import erase_person
from core.errors import ConflictError, NoActorError
from core.events import Actor
from core.seals import seals
from tests.core.specimen import domain as notebooks
from tests.core.specimen.domain import new_notebook
from tests.core.specimen.projections import count


def stored_rows(store):
    table = store.recorder.events_record_cls.__table__
    with store.reading() as session:
        return [tuple(r) for r in session.execute(select(table).order_by(table.c.id)).all()]


def test_every_event_carries_actor_city_request_and_reason(store, coordinator):
    notebook_id = notebooks.start(store, coordinator, "helsinki", "Lumi")
    notebooks.archive(store, coordinator, notebook_id, "the person moved to Tampere")
    events = list(store.events.get(notebook_id))
    assert [type(e).__name__ for e in events] == ["Started", "Archived"]
    for e in events:
        assert e.meta.actor_id == "coordinator.helsinki"
        assert e.meta.role == "city_coordinator"
        assert e.meta.city == "helsinki"
        assert len(e.meta.request_id) == 32
        assert e.timestamp.tzinfo is not None and e.timestamp.utcoffset() == timezone.utc.utcoffset(None)
    assert events[0].meta.reason is None
    assert events[1].meta.reason == "the person moved to Tampere"


def test_one_command_shares_one_request_id(store, coordinator):
    with store.acting(coordinator, request_id="req-1"):
        a = new_notebook("helsinki", "Kuura")
        b = new_notebook("helsinki", "Kuura")
        store.save(a, b)
    assert {e.meta.request_id for e in [*store.events.get(a.id), *store.events.get(b.id)]} == {"req-1"}


def test_append_without_actor_raises_and_writes_nothing(store):
    notebook = new_notebook("helsinki", "Kuura")
    with pytest.raises(NoActorError):
        store.save(notebook)
    assert stored_rows(store) == []


def test_actor_needs_an_id_and_a_role(store):
    with pytest.raises(NoActorError):
        with store.acting(Actor("", "exit_worker")):
            pass


def test_stale_version_is_refused_with_conflict(store, coordinator, worker):
    notebook_id = notebooks.start(store, coordinator, "helsinki", "Lumi")
    notebooks.keep(store, coordinator, notebook_id, "worker.helsinki", expected_version=1)
    with pytest.raises(ConflictError) as err:
        notebooks.write(store, worker, notebook_id, 3, expected_version=1)
    assert err.value.current_version == 2
    assert len(stored_rows(store)) == 2


def test_concurrent_writers_conflict_instead_of_merging(make_store, coordinator):
    first, second = make_store(), make_store()
    notebook_id = notebooks.start(first, coordinator, "helsinki", "Lumi")
    a, b = first.get(notebook_id), second.get(notebook_id)
    with first.acting(coordinator):
        a.keep("worker.a")
        first.save(a)
    with pytest.raises(ConflictError):
        with second.acting(coordinator):
            b.keep("worker.b")
            second.save(b)
    assert second.get(notebook_id).keeper_id == "worker.a"
    with second.reading() as session:
        assert session.execute(select(func.count()).select_from(seals)).scalar_one() == 2


def test_failed_command_leaves_no_trace(store, coordinator):
    with pytest.raises(RuntimeError):
        with store.acting(coordinator):
            store.save(new_notebook("helsinki", "Kuura"))
            raise RuntimeError("the page crashed after saving")
    assert stored_rows(store) == []
    assert count(store) == 0  # nor a row of the live projection


def test_stored_events_never_change_as_the_log_grows(store, coordinator, worker):
    notebook_id = notebooks.start(store, coordinator, "helsinki", "Lumi")
    notebooks.write(store, worker, notebook_id, 2, "first call")
    before = stored_rows(store)
    notebooks.keep(store, coordinator, notebook_id, "worker.helsinki")
    erase_person(store, store.get(notebook_id).person_id, "the person asked to be forgotten", coordinator)
    store.runner.rebuild(store.projections["specimen_notebooks"])
    after = stored_rows(store)
    assert after[: len(before)] == before
    assert len(after) == len(before) + 2


def test_records_saved_together_take_positions_in_the_order_saved(store, coordinator):
    notebooks_ = [new_notebook("helsinki", f"Kuura {i}") for i in range(30)]
    for n in notebooks_[::3]:
        n.keep("worker.helsinki")
    with store.acting(coordinator):
        store.save(*notebooks_)
    table = store.recorder.events_record_cls.__table__
    with store.reading() as session:
        stored = session.execute(select(table.c.originator_id, table.c.originator_version).order_by(table.c.id)).all()
    saved = [(e.originator_id, e.originator_version) for n in notebooks_ for e in store.events.get(n.id)]
    assert stored == saved
    assert store.verify().ok


def test_writers_at_once_continue_one_chain(make_store, coordinator):
    # Each writer reads the last seal under the log's lock; read before it, two would seal the same position.
    stores = [make_store() for _ in range(4)]
    failures = []

    def write(store, n):
        try:
            for i in range(15):
                notebooks.start(store, coordinator, "helsinki", f"Kuura {n}-{i}")
        except Exception as e:  # reported below, with the writer that met it
            failures.append((n, e))

    threads = [threading.Thread(target=write, args=(s, n)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    report = stores[0].verify()
    assert report.ok and report.records == 60
