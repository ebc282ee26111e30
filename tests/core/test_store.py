"""The log: every event has an actor, stale commands conflict, nothing is rewritten."""

from __future__ import annotations

import uuid
from datetime import date, timezone

import pytest
from sqlalchemy import func, select

from core.errors import ConflictError, NoActorError
from core.events import Actor
from core.vault import Personal
from plugins.casework import service
from plugins.casework.domain import Case


def new_case() -> Case:
    client_id = uuid.uuid4()
    return Case(city="helsinki", kind="anonymous", client_id=client_id,
                pseudonym=Personal(client_id, "identity", "Kuura"), channel="self")


def stored_rows(store):
    table = store.recorder.events_record_cls.__table__
    with store.reading() as session:
        return [tuple(r) for r in session.execute(select(table).order_by(table.c.id)).all()]


def test_every_event_carries_actor_city_request_and_reason(store, coordinator):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    service.change_phase(store, coordinator, case_id, "screening", "referred by social services")
    events = list(store.events.get(case_id))
    assert [type(e).__name__ for e in events] == ["Opened", "PhaseChanged"]
    for e in events:
        assert e.meta.actor_id == "coordinator.helsinki"
        assert e.meta.role == "city_coordinator"
        assert e.meta.city == "helsinki"
        assert len(e.meta.request_id) == 32
        assert e.timestamp.tzinfo is not None and e.timestamp.utcoffset() == timezone.utc.utcoffset(None)
    assert events[0].meta.reason is None
    assert events[1].meta.reason == "referred by social services"


def test_one_command_shares_one_request_id(store, coordinator):
    with store.acting(coordinator, request_id="req-1"):
        a = new_case()
        b = new_case()
        store.save(a, b)
    assert {e.meta.request_id for e in [*store.events.get(a.id), *store.events.get(b.id)]} == {"req-1"}


def test_append_without_actor_raises_and_writes_nothing(store):
    case = new_case()
    with pytest.raises(NoActorError):
        store.save(case)
    assert stored_rows(store) == []


def test_actor_needs_an_id_and_a_role(store):
    with pytest.raises(NoActorError):
        with store.acting(Actor("", "exit_worker")):
            pass


def test_stale_version_is_refused_with_conflict(store, coordinator, worker):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    service.assign_worker(store, coordinator, case_id, "worker.helsinki", expected_version=1)
    with pytest.raises(ConflictError) as err:
        service.record_meeting(store, worker, case_id, date(2026, 11, 2), "phone", 30, expected_version=1)
    assert err.value.current_version == 2
    assert len(stored_rows(store)) == 2


def test_concurrent_writers_conflict_instead_of_merging(make_store, coordinator):
    first, second = make_store(), make_store()
    case_id = service.open_case(first, coordinator, "helsinki", "individual", "Lumi", "phone")
    a, b = first.get(case_id), second.get(case_id)
    with first.acting(coordinator):
        a.assign("worker.a")
        first.save(a)
    with pytest.raises(ConflictError):
        with second.acting(coordinator):
            b.assign("worker.b")
            second.save(b)
    assert second.get(case_id).worker_id == "worker.a"
    with second.reading() as session:
        from core.seals import seals
        assert session.execute(select(func.count()).select_from(seals)).scalar_one() == 2


def test_failed_command_leaves_no_trace(store, coordinator):
    with pytest.raises(RuntimeError):
        with store.acting(coordinator):
            service_case = new_case()
            store.save(service_case)
            raise RuntimeError("the page crashed after saving")
    assert stored_rows(store) == []
    from plugins.casework.projections import cases
    with store.reading() as session:
        assert session.execute(select(func.count()).select_from(cases)).scalar_one() == 0


def test_stored_events_never_change_as_the_log_grows(store, coordinator, worker):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    service.record_meeting(store, worker, case_id, date(2026, 11, 2), "phone", 30, note="first call")
    before = stored_rows(store)
    service.assign_worker(store, coordinator, case_id, "worker.helsinki")
    from core.erasure import erase_person
    erase_person(store, store.get(case_id).client_id, "client asked to be forgotten", coordinator)
    store.runner.rebuild(store.projections["casework_cases"])
    after = stored_rows(store)
    assert after[: len(before)] == before
    assert len(after) == len(before) + 2
