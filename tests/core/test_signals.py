"""blinker signals announce what already happened: recorded events, after the commit."""

from __future__ import annotations

import uuid

import pytest

from core import signals
from core.erasure import erase_person
from plugins.casework import service


def test_event_recorded_is_sent_after_commit_with_position(store, coordinator):
    seen = []

    def listener(sender, event, position):
        # The event is already committed: a fresh read-only transaction sees it.
        with sender.reading():
            committed = sender.recorder.max_notification_id()
        seen.append((type(event).__name__, position, committed))

    signals.event_recorded.connect(listener)
    try:
        case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
        service.assign_worker(store, coordinator, case_id, "worker.helsinki")
    finally:
        signals.event_recorded.disconnect(listener)
    assert [(name, pos) for name, pos, _ in seen] == [("Opened", 1), ("WorkerAssigned", 2)]
    assert all(committed >= pos for _, pos, committed in seen)


def test_nothing_is_announced_when_the_command_fails(store, coordinator):
    seen = []

    def listener(sender, **kw):
        seen.append(kw)

    signals.event_recorded.connect(listener)
    try:
        with pytest.raises(RuntimeError):
            with store.acting(coordinator):
                service_case = service.Case(city="helsinki", kind="anonymous", client_id=uuid.uuid4(),
                                            pseudonym=service.Personal(uuid.uuid4(), "identity", "x"),
                                            channel="self")
                store.save(service_case)
                raise RuntimeError("crash before commit")
    finally:
        signals.event_recorded.disconnect(listener)
    assert seen == []


def test_person_erased_is_announced(store, coordinator):
    erased = []

    def listener(sender, person_id):
        erased.append(person_id)

    signals.person_erased.connect(listener)
    try:
        case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
        client_id = store.get(case_id).client_id
        erase_person(store, client_id, "client asked", coordinator)
    finally:
        signals.person_erased.disconnect(listener)
    assert erased == [client_id]


def test_every_signal_is_documented():
    for name in ("event_recorded", "personal_data_viewed", "person_erased"):
        assert len(getattr(signals, name).__doc__ or "") > 20
