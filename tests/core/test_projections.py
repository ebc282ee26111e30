"""Read models: live rows equal rebuilt rows, and a projection added later catches up."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Integer, String, Table, select, update

from core.projections import Projection, on
from core.tables import metadata
from plugins.casework import service
from plugins.casework.domain import Case
from plugins.casework.projections import CaseList, cases

meetings_per_worker = Table(
    "test_meetings_per_worker", metadata,
    Column("worker_id", String(64), primary_key=True),
    Column("meetings", Integer, nullable=False),
)


class MeetingsPerWorker(Projection):
    """A follower projection, kept outside the writers' transactions."""

    name = "test_meetings_per_worker"
    tables = (meetings_per_worker,)
    live = False

    @on(Case.MeetingRecorded)
    def met(self, session, e):
        changed = session.execute(update(meetings_per_worker).where(
            meetings_per_worker.c.worker_id == e.meta.actor_id).values(meetings=meetings_per_worker.c.meetings + 1))
        if changed.rowcount == 0:
            session.execute(meetings_per_worker.insert().values(worker_id=e.meta.actor_id, meetings=1))


def some_casework(store, coordinator, worker, n=6):
    ids = []
    for i in range(n):
        case_id = service.open_case(store, coordinator, "helsinki", ("individual", "family")[i % 2], f"C{i}", "phone")
        service.assign_worker(store, coordinator, case_id, worker.user_id)
        for day in range(i % 3):
            service.record_meeting(store, worker, case_id, date(2026, 11, 1 + day), "phone", 20, note=f"n{day}")
        if i % 2:
            service.change_phase(store, coordinator, case_id, "screening", "fits exit work")
        ids.append(case_id)
    return ids


def rows(store, table):
    with store.reading() as session:
        return [tuple(r) for r in session.execute(select(table).order_by(*table.primary_key.columns)).all()]


def test_page_reads_what_its_user_just_wrote(store, coordinator):
    case_id = service.open_case(store, coordinator, "helsinki", "individual", "Lumi", "phone")
    service.assign_worker(store, coordinator, case_id, "worker.helsinki")
    [row] = rows(store, cases)
    assert row[0] == case_id.hex and row[4] == "worker.helsinki" and row[-1] == 2


def test_rebuilt_projection_equals_live_row_for_row(store, coordinator, worker):
    some_casework(store, coordinator, worker)
    live = rows(store, cases)
    assert len(live) == 6
    done, _ = store.runner.rebuild(store.projections["casework_cases"], batch=7)
    assert done == store.recorder.max_notification_id()
    assert rows(store, cases) == live


def test_rebuild_in_one_batch_equals_many_batches(store, coordinator, worker):
    some_casework(store, coordinator, worker)
    store.runner.rebuild(store.projections["casework_cases"], batch=1)
    one_by_one = rows(store, cases)
    store.runner.rebuild(store.projections["casework_cases"], batch=1000)
    assert rows(store, cases) == one_by_one


def test_projection_added_later_catches_up_exactly_once(make_store, coordinator, worker):
    first = make_store()
    some_casework(first, coordinator, worker)
    later = make_store([CaseList(), MeetingsPerWorker()])
    follower = later.projections["test_meetings_per_worker"]
    with later.recorder.transaction(commit=True) as session:
        later.runner.catch_up(session, follower)
    assert rows(later, meetings_per_worker) == [("worker.helsinki", 6)]
    # Running again reads nothing twice.
    with later.recorder.transaction(commit=True) as session:
        assert later.runner.catch_up(session, follower) == 0
    assert rows(later, meetings_per_worker) == [("worker.helsinki", 6)]
    # Followers are not moved by writers; they catch up when run.
    service.record_meeting(later, worker, some_casework(later, coordinator, worker, 1)[0], date(2026, 11, 9), "phone", 5)
    assert rows(later, meetings_per_worker) == [("worker.helsinki", 6)]
    with later.recorder.transaction(commit=True) as session:
        assert later.runner.catch_up(session, follower) == 1
    assert rows(later, meetings_per_worker) == [("worker.helsinki", 7)]


def test_failed_batch_keeps_the_old_position(make_store, coordinator, worker):
    store = make_store([CaseList(), MeetingsPerWorker()])
    some_casework(store, coordinator, worker, 2)
    follower = store.projections["test_meetings_per_worker"]

    class Broken(MeetingsPerWorker):
        def process(self, session, event):
            raise RuntimeError("disk full")

    try:
        with store.recorder.transaction(commit=True) as session:
            store.runner.catch_up(session, Broken())
    except RuntimeError:
        pass
    with store.reading() as session:
        assert store.runner.position(session, follower) == 0
    assert rows(store, meetings_per_worker) == []
