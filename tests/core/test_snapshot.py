"""A snapshot sees one moment: what commits while export or the replay check reads is not half in, half out."""

from __future__ import annotations

from sqlalchemy import func, select

from core.events import Actor
from core.snapshot import rows_in_batches, snapshot
from tests.core.specimen.domain import start

COORDINATOR = Actor("coordinator.helsinki", "city_coordinator", "helsinki")


def test_a_write_committed_during_a_snapshot_is_not_seen_in_it(store):
    log = store.recorder.events_record_cls.__table__
    start(store, COORDINATOR, "helsinki", "Lumi")
    with snapshot(store) as connection:
        before = connection.execute(select(func.count()).select_from(log)).scalar_one()
        start(store, COORDINATOR, "helsinki", "Routa")  # another connection commits meanwhile
        assert connection.execute(select(func.count()).select_from(log)).scalar_one() == before
    assert store.recorder.max_notification_id() == before + 1


def test_rows_come_in_batches_in_key_order(store):
    log = store.recorder.events_record_cls.__table__
    for name in ("Lumi", "Routa", "Kaarna"):
        start(store, COORDINATOR, "helsinki", name)
    with snapshot(store) as connection:
        assert [r.id for r in rows_in_batches(connection, select(log), log.c.id, batch=2)] == [1, 2, 3]
