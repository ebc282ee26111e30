"""blinker signals announce what already happened: recorded events, after the commit."""

from __future__ import annotations

import ast
import uuid
from pathlib import Path

import pytest

from core import signals
from core.access_log import AccessLog, access_entries, record_views
from core.erasure import erase_person
from core.plugins import discover
from tests.core.specimen import domain as notebooks

TESTS = Path(__file__).resolve().parents[1]


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


def test_personal_data_viewed_is_sent_for_each_person_shown_after_the_entry_is_written(make_store, worker):
    store = make_store([AccessLog()])
    seen = []

    def listener(sender, person_id, user_id, page, purpose):
        seen.append((person_id, user_id, page, purpose, len(access_entries(sender, person_id=person_id))))

    shown = {uuid.uuid4(): "nb-1", uuid.uuid4(): None}
    signals.personal_data_viewed.connect(listener)
    try:
        record_views(store, worker, shown, "GET /notebooks/nb-1", "notes")
    finally:
        signals.personal_data_viewed.disconnect(listener)
    assert sorted(seen) == sorted((p, "worker.helsinki", "GET /notebooks/nb-1", "notes", 1) for p in shown)


def test_every_signal_in_the_namespace_is_documented_and_tested():
    discover()  # a plugin may add signals of its own to the namespace
    tested = {node.name for path in TESTS.rglob("test_*.py")
              for node in ast.walk(ast.parse(path.read_text(), str(path))) if isinstance(node, ast.FunctionDef)}
    assert len(signals.exitfi) >= 3
    for name, signal in signals.exitfi.items():
        assert len(signal.__doc__ or "") > 20, f"signal {name!r} has no documentation"
        prefix = f"test_{name.replace('-', '_')}"
        assert any(t.startswith(prefix) for t in tested), f"signal {name!r} has no test named {prefix}..."
