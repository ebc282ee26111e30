"""Followers: read models kept outside the writers' transactions, caught up once per event, woken by the log."""

from __future__ import annotations

import queue
import threading
import time

import pytest
import sqlalchemy.exc
from sqlalchemy import event, text

from core import follower
from core.config import init_instance
from core.events import Actor
from core.instance import open_instance
from tests.core.specimen import domain as notebooks
from tests.core.specimen import read_models
from tests.core.test_projections import NotesPerWriter, notes_per_writer, rows

WAIT = 10  # seconds a test waits for what must happen long before; only a broken follower meets it


def with_follower():
    return [*read_models(), NotesPerWriter()]


def write_notes(store, coordinator, worker, n: int) -> None:
    notebook_id = notebooks.start(store, coordinator, "helsinki", "Lumi")
    notebooks.keep(store, coordinator, notebook_id, worker.user_id)
    for page in range(n):
        notebooks.write(store, worker, notebook_id, page + 1, f"n{page}")


def test_a_follower_never_tracked_catches_up_from_the_start_and_then_reads_only_what_is_new(make_store, coordinator,
                                                                                              worker):
    writer = make_store()  # a deployment that had no follower yet
    write_notes(writer, coordinator, worker, 3)
    store = make_store(with_follower())
    assert [p.name for p in follower.followers(store)] == ["test_notes_per_writer"]
    assert follower.catch_up(store) == {"test_notes_per_writer": 3}
    assert rows(store, notes_per_writer) == [("worker.helsinki", 3)]
    assert follower.catch_up(store) == {"test_notes_per_writer": 0}
    write_notes(writer, coordinator, worker, 2)
    assert rows(store, notes_per_writer) == [("worker.helsinki", 3)]  # writers leave followers alone
    assert follower.catch_up(store) == {"test_notes_per_writer": 2}
    assert rows(store, notes_per_writer) == [("worker.helsinki", 5)]


class Held(NotesPerWriter):
    """The follower's read model, held inside its first event until the test lets it go on."""

    def __init__(self, inside: threading.Event, go_on: threading.Event):
        self.inside, self.go_on = inside, go_on

    def process(self, session, event):
        if not self.inside.is_set():
            self.inside.set()
            assert self.go_on.wait(WAIT)
        super().process(session, event)


def test_two_followers_of_one_read_model_apply_each_event_once(make_store, coordinator, worker):
    first, second = make_store(with_follower()), make_store(with_follower())  # as two processes would
    write_notes(first, coordinator, worker, 4)
    inside, go_on, started = threading.Event(), threading.Event(), threading.Event()
    backend = []

    @event.listens_for(second.datastore.engine, "before_cursor_execute")
    def note_the_start(conn, cursor, statement, *args):
        if not started.is_set():
            backend.append(getattr(getattr(cursor.connection, "info", None), "backend_pid", None))
            started.set()

    done, failures = {}, []

    def run(name, store, projection):
        try:
            done[name] = follower.catch_up(store, [projection])["test_notes_per_writer"]
        except Exception as e:  # the test reports it below
            failures.append(e)

    held = threading.Thread(target=run, args=("first", first, Held(inside, go_on)))
    held.start()
    assert inside.wait(WAIT)  # the first follower is inside its transaction, its position not yet moved
    other = threading.Thread(target=run, args=("second", second, second.projections["test_notes_per_writer"]))
    other.start()
    assert started.wait(WAIT)
    blocked(second, backend[0], other)
    go_on.set()
    held.join(WAIT)
    other.join(WAIT)
    assert not failures and done == {"first": 4, "second": 0}
    assert rows(first, notes_per_writer) == [("worker.helsinki", 4)]


def blocked(store, backend_pid, thread) -> None:
    """Return once the second follower waits for a lock the first one holds, or has finished (PostgreSQL shows its
    locks; on SQLite, where it waits inside the busy handler, a moment's pause stands for that)."""
    if store.datastore.engine.dialect.name != "postgresql":
        thread.join(0.3)
        return
    deadline = time.monotonic() + WAIT
    with store.datastore.engine.connect() as connection:
        while time.monotonic() < deadline and thread.is_alive():
            if connection.execute(text("SELECT count(*) FROM pg_locks WHERE pid = :pid AND NOT granted"),
                                  {"pid": backend_pid}).scalar():
                return
            time.sleep(0.05)


@pytest.fixture
def following(make_store):
    """following(interval): a follower running in a thread on a store of its own; yields what it applied, as (name,
    count) in a queue, and the problems it reported."""
    started = []

    def start(interval):
        store = make_store(with_follower())
        stop, applied, problems = threading.Event(), queue.Queue(), []
        thread = threading.Thread(target=follower.follow, args=(store, stop, interval),
                                  kwargs={"applied": lambda *a: applied.put(a), "failed": problems.append})
        thread.start()
        started.append((thread, stop))
        return applied, problems

    yield start
    for thread, stop in started:
        stop.set()
        thread.join(WAIT)
        assert not thread.is_alive(), "the follower did not stop when asked"


def test_a_running_follower_keeps_up_with_the_writers(make_store, following, coordinator, worker):
    writer = make_store()
    write_notes(writer, coordinator, worker, 2)
    postgresql = writer.datastore.engine.dialect.name == "postgresql"
    # On PostgreSQL a poll every 30 s would come too late: the log's notification wakes the follower.
    applied, problems = following(30 if postgresql else 0.2)
    assert applied.get(timeout=WAIT) == ("test_notes_per_writer", 2)  # the first catch-up, from the start
    for more in (1, 3):
        write_notes(writer, coordinator, worker, more)
        assert total(applied, more, timeout=5 if postgresql else WAIT) == more
    assert problems == []
    assert rows(writer, notes_per_writer) == [("worker.helsinki", 6)]


def total(applied: queue.Queue, expected: int, timeout: float = WAIT) -> int:
    """The events a follower applied, summed over its catch-ups until they reach `expected` (or time runs out)."""
    deadline, count = time.monotonic() + timeout, 0
    while count < expected:
        try:
            name, n = applied.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            break
        assert name == "test_notes_per_writer"
        count += n
    return count


def test_a_follower_reports_a_failed_database_in_one_line_and_tries_again(make_store, monkeypatch, coordinator,
                                                                          worker):
    monkeypatch.setattr(follower, "RETRY", 0.1)
    store = make_store(with_follower())
    write_notes(store, coordinator, worker, 2)
    failing = [True]

    class Flaky(NotesPerWriter):
        def process(self, session, event):
            if failing.pop() if failing else False:
                raise sqlalchemy.exc.OperationalError("INSERT ...", {}, ConnectionError("server closed the connection\n"
                                                                                       "unexpectedly"))
            super().process(session, event)

    store.projections["test_notes_per_writer"] = Flaky()
    stop, applied, problems = threading.Event(), queue.Queue(), []
    thread = threading.Thread(target=follower.follow, args=(store, stop, 0.2),
                              kwargs={"applied": lambda *a: applied.put(a), "failed": problems.append})
    thread.start()
    try:
        assert applied.get(timeout=WAIT) == ("test_notes_per_writer", 2)
    finally:
        stop.set()
        thread.join(WAIT)
    [problem] = problems
    assert problem.startswith("the database failed: ") and "\n" not in problem and "trying again" in problem
    assert rows(store, notes_per_writer) == [("worker.helsinki", 2)]


def test_a_follower_listens_again_after_its_connection_is_cut(make_store, monkeypatch, coordinator, worker):
    writer = make_store()
    if writer.datastore.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no connection to cut: the follower polls")
    monkeypatch.setattr(follower, "RETRY", 0.1)
    opened = []

    class Remembered(follower.Listener):
        def __init__(self, engine):
            super().__init__(engine)
            opened.append(self)

    monkeypatch.setattr(follower, "Listener", Remembered)
    store = make_store(with_follower())
    stop, applied, problems = threading.Event(), queue.Queue(), []
    thread = threading.Thread(target=follower.follow, args=(store, stop, 30),
                              kwargs={"applied": lambda *a: applied.put(a), "failed": problems.append})
    thread.start()
    try:
        write_notes(writer, coordinator, worker, 1)
        assert total(applied, 1) == 1
        with writer.datastore.engine.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"),
                               {"pid": opened[0].connection.info.backend_pid})
        deadline = time.monotonic() + WAIT
        while len(opened) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        write_notes(writer, coordinator, worker, 2)
        assert total(applied, 2, timeout=5) == 2  # woken by the new connection, not by the 30 s poll
    finally:
        stop.set()
        thread.join(WAIT)
    assert len(problems) == 1 and problems[0].startswith("the database failed: ") and "\n" not in problems[0]


def notified(store) -> bool:
    """Whether the log's table has its trigger, and a write to the log reaches a listener."""
    with store.datastore.engine.connect() as connection:
        triggers = connection.execute(text("SELECT tgname FROM pg_trigger WHERE tgrelid = 'exitfi_events'::regclass "
                                           "AND NOT tgisinternal")).scalars().all()
    listener = follower.Listener(store.datastore.engine)
    try:
        notebooks.start(store, Actor("coordinator.helsinki", "city_coordinator", "helsinki"), "helsinki", "Lumi")
        return triggers == ["exitfi_events_notify"] and listener.wait(WAIT)
    finally:
        listener.close()


def test_the_models_make_the_logs_notification_on_postgresql(make_store):
    store = make_store()
    if store.datastore.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no notifications")
    store.create_tables()  # again, as a second worker would: the trigger is made once
    assert notified(store)


def test_the_migrations_make_the_logs_notification_on_postgresql(instance_folder, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no notifications")
    init_instance(instance_folder, echo=lambda m: None)
    instance = open_instance(instance_folder)  # development: the revisions run, the last one adds the trigger
    try:
        assert notified(instance.store)
    finally:
        instance.close()
