"""The command path against the library's own load-and-save and against raw single-row transactions.

Each writer runs the same unit of work in three ways, on the same database engine:

- command:  `plugins.casework.service.record_meeting` on an existing case: load the case, record one
            meeting (a personal note), save it: seals, vault key, live projections, one transaction;
- plain:    a plain eventsourcing `Application` on eventsourcing-sqlalchemy: `repository.get`, one event
            with the same fields, `save` (the library's own load + one event + save per transaction);
- raw:      the command path's stored events inserted again with `recorder.insert_events`, one per
            transaction, into a store of their own (no seals, no projections, no vault).

With one writer the three alternate in rounds in one process; with several, each way runs in that many
processes at once (each with its own engine, as gunicorn workers would), cases split between them.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench.measure import BenchError, Timing
from bench.scale import CITIES, make_case, settings_for

ROUNDS = 3
WARM_UP = 20
CITY = CITIES[0]
FIRST_DAY = date(2025, 6, 1)


@dataclass(frozen=True)
class Setup:
    """What every writer process needs to open the same databases and find its cases."""

    log_url: str
    plain_url: str
    raw_url: str
    master_key: bytes
    seal_key: bytes
    case_ids: tuple[str, ...]
    plain_ids: tuple[str, ...]


class Client(Aggregate):
    """The plain application's aggregate: a case with meetings, as the library's examples write one."""

    @event("Opened")
    def __init__(self, city: str, kind: str, pseudonym: str):
        self.meetings = 0

    @event("MeetingRecorded")
    def record_meeting(self, held_on: str, mode: str, minutes: int, note: str, workers: list):
        self.meetings += 1


class Plain(Application):
    """The library's own application, with nothing of this project's."""


def plain_app(url: str) -> Plain:
    return Plain(env={"PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": url, "CREATE_TABLE": "y"})


def open_store(setup: Setup, url: str | None = None, projections: bool = True):
    """A Store on the log (or the raw baseline's database) with the bundled plugins' read models."""
    from core.plugins import PluginHost
    from core.store import Store
    settings = settings_for(url or setup.log_url)
    found = PluginHost(settings).projections() if projections else []
    return Store(settings.database_url, setup.master_key, setup.seal_key, found)


def prepare(log_url: str, plain_url: str, raw_url: str, cases: int) -> Setup:
    """The demo users, `cases` open cases of one city, and as many plain aggregates; raw's tables."""
    from core.demo import demo_actors, load_demo
    from core.instance import Instance
    from core.plugins import PluginHost
    from core.store import Store

    settings = settings_for(log_url)
    host = PluginHost(settings)
    store = Store(log_url, settings.master_key, settings.seal_key, host.projections())
    instance = Instance(settings, host, store)
    try:
        store.create_tables()
        load_demo(instance, echo=lambda message: None)
        worker = demo_actors(CITY)["worker"].user_id
        batch = [make_case(CITY, j, worker) for j in range(cases)]
        for first in range(0, cases, 500):
            with store.acting(demo_actors(CITY)["coordinator"]):
                store.save(*batch[first:first + 500])
    finally:
        instance.close()
    app = plain_app(plain_url)
    try:
        clients = [Client(CITY, "individual", f"Client {CITY} {j}") for j in range(cases)]
        app.save(*clients)
    finally:
        app.close()
    raw = Store(raw_url, settings.master_key, settings.seal_key, [])
    raw.create_tables()
    raw.close()
    return Setup(log_url, plain_url, raw_url, settings.master_key, settings.seal_key,
                 tuple(c.id.hex for c in batch), tuple(c.id.hex for c in clients))


def meeting_day(i: int) -> date:
    return FIRST_DAY + timedelta(days=i % 300)


# -- one writer's work: each returns (count, seconds) ------------------------------------------------------------
def commands(setup: Setup, numbers: range) -> tuple[int, float]:
    from core.demo import demo_actors
    from plugins.casework import service
    store = open_store(setup)
    actor = demo_actors(CITY)["worker"]
    try:
        ids = setup.case_ids
        started = time.perf_counter()
        for i in numbers:
            service.record_meeting(store, actor, ids[i % len(ids)], meeting_day(i), "in_person", 45,
                                   note=f"Meeting {i}: talked about work, housing and family.")
        return len(numbers), time.perf_counter() - started
    finally:
        store.close()


def plain(setup: Setup, numbers: range) -> tuple[int, float]:
    app = plain_app(setup.plain_url)
    try:
        ids = [uuid.UUID(h) for h in setup.plain_ids]
        started = time.perf_counter()
        for i in numbers:
            client = app.repository.get(ids[i % len(ids)])
            client.record_meeting(meeting_day(i).isoformat(), "in_person", 45,
                                  f"Meeting {i}: talked about work, housing and family.", ["worker.helsinki"])
            app.save(client)
        return len(numbers), time.perf_counter() - started
    finally:
        app.close()


def raw(setup: Setup, numbers: range) -> tuple[int, float]:
    """Insert the log's MeetingRecorded records numbered `numbers` again, one per transaction, under fresh ids."""
    from eventsourcing.persistence import StoredEvent
    from sqlalchemy import select
    source = open_store(setup, projections=False)
    target = open_store(setup, setup.raw_url, projections=False)
    try:
        table = source.recorder.events_record_cls.__table__
        with source.reading() as session:
            rows = session.execute(select(table.c.topic, table.c.state).where(table.c.originator_version > 3)
                                   .order_by(table.c.id).limit(len(numbers))).all()
        if len(rows) < len(numbers):
            raise BenchError(f"raw: the log holds {len(rows)} meetings, {len(numbers)} wanted")
        events = [StoredEvent(uuid.uuid4(), 1, r.topic, bytes(r.state)) for r in rows]
        insert = target.recorder.insert_events
        started = time.perf_counter()
        for stored in events:
            insert([stored])
        return len(events), time.perf_counter() - started
    finally:
        source.close()
        target.close()


WAYS = {"command": commands, "plain": plain, "raw": raw}


def _child(way: str, setup: Setup, numbers: range, start, results) -> None:
    start.wait()
    results.put(WAYS[way](setup, numbers))


def in_parallel(way: str, setup: Setup, first: int, count: int, writers: int) -> Timing:
    """Run `count` units of a way split over `writers` processes started together; wall time from the start."""
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    start, results = context.Event(), context.Queue()
    share = -(-count // writers)
    processes = [context.Process(target=_child, args=(way, setup, range(first + k * share, first + min(count, (k + 1) * share)), start, results))
                 for k in range(writers)]
    for p in processes:
        p.start()
    time.sleep(1.0)  # let each open its engine before the clock starts
    began = time.perf_counter()
    start.set()
    done = [results.get(timeout=1800) for _ in processes]
    seconds = time.perf_counter() - began
    for p in processes:
        p.join()
        if p.exitcode:
            raise BenchError(f"a {way} writer failed (exit {p.exitcode})")
    return Timing(sum(n for n, _ in done), seconds)


def measure(setup: Setup, commands_per_way: int, writers: int) -> dict[str, Timing]:
    """Each way's rate, in ROUNDS rounds that alternate the ways so that all see the same machine."""
    spent = {way: Timing(0, 0.0) for way in WAYS}
    per_round = max(1, commands_per_way // ROUNDS)
    for way, work in WAYS.items():  # warm-up, untimed: the first connections, statements and pages
        work(setup, range(WARM_UP))
    for r in range(ROUNDS):
        for way in WAYS:
            first = WARM_UP + r * per_round
            if writers == 1:
                n, s = WAYS[way](setup, range(first, first + per_round))
                t = Timing(n, s)
            else:
                t = in_parallel(way, setup, first, per_round, writers)
            spent[way] = Timing(spent[way].count + t.count, spent[way].seconds + t.seconds)
    return spent
