"""blinker signals announce what already happened: recorded events, after the commit."""

from __future__ import annotations

import pytest

from core import signals
from core.erasure import erase_person
from tests.core.specimen import domain as notebooks


def test_event_recorded_is_sent_after_commit_with_position(store, coordinator):
    seen = []

    def listener(sender, event, position):
        # The event is already committed: a fresh read-only transaction sees it.
        with sender.reading():
            committed = sender.recorder.max_notification_id()
        seen.append((type(event).__name__, position, committed))

    signals.event_recorded.connect(listener)
    try:
        notebook_id = notebooks.start(store, coordinator, "helsinki", "Lumi")
        notebooks.keep(store, coordinator, notebook_id, "worker.helsinki")
    finally:
        signals.event_recorded.disconnect(listener)
    assert [(name, pos) for name, pos, _ in seen] == [("Started", 1), ("KeeperChosen", 2)]
    assert all(committed >= pos for _, pos, committed in seen)


def test_nothing_is_announced_when_the_command_fails(store, coordinator):
    seen = []

    def listener(sender, **kw):
        seen.append(kw)

    signals.event_recorded.connect(listener)
    try:
        with pytest.raises(RuntimeError):
            with store.acting(coordinator):
                store.save(notebooks.new_notebook("helsinki", "x"))
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
        notebook_id = notebooks.start(store, coordinator, "helsinki", "Lumi")
        person_id = store.get(notebook_id).person_id
        erase_person(store, person_id, "the person asked", coordinator)
    finally:
        signals.person_erased.disconnect(listener)
    assert erased == [person_id]


def test_every_signal_is_documented():
    for name in ("event_recorded", "personal_data_viewed", "person_erased"):
        assert len(getattr(signals, name).__doc__ or "") > 20
