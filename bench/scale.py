"""A city-sized instance for bench.pages: demo users, then N cases loaded in bulk through the real store.

Each case is opened, assigned and given one meeting with a note, as plugins/casework/service.py
does it (`Case.open`, which keeps the pseudonym and the note as personal data), but many cases
are saved per `with store.acting(actor): store.save(*cases)` transaction: seals, vault keys and
the live projections are all exercised, only the per-command transaction is not.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy

from bench.databases import _schema
from core.config import CitySettings, Settings
from core.demo import demo_actors, load_demo
from core.instance import Instance
from core.plugins import PluginHost
from core.store import Store
from plugins.casework.domain import CHANNELS, KINDS, MEETING_MODES, Case
from plugins.casework.projections import cases as case_list

CITIES = ("helsinki", "turku", "oulu")
FEATURES = ("casework", "referrals", "network", "training")
PER_TRANSACTION = 500  # cases saved per store.acting(...) transaction
DEMO_WORKER_CASES = 40  # cases of the demo worker (worker.CITY) in each city
OTHER_WORKERS = 200  # other worker usernames, spread over the cities, that take the rest
EVENTS_PER_CASE = 3  # Opened, WorkerAssigned, MeetingRecorded


@contextmanager
def database(kind: str):
    """Yield the URL of one empty database: a temporary SQLite file, or a fresh PostgreSQL schema."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="exitfi-bench-pages-") as folder:
            yield f"sqlite:///{Path(folder) / 'pages.sqlite'}"
        return
    with _schema("pages") as url:
        yield url


def settings_for(database_url: str) -> Settings:
    """Three cities running the bundled plugins (as tests/core/web/conftest.py), with fresh random keys."""
    cities = {slug: CitySettings(slug, slug.title(), "fi", (*FEATURES, f"city_{slug}")) for slug in CITIES}
    return Settings(instance_dir=Path("."), database_url=database_url, master_key=os.urandom(32),
                    seal_key=os.urandom(32), secret_key=os.urandom(32), environment="development", cities=cities)


@contextmanager
def instance(database_url: str):
    """An opened Instance on the database with the demo users (and the demo cases) loaded."""
    settings = settings_for(database_url)
    host = PluginHost(settings)
    store = Store(settings.database_url, settings.master_key, settings.seal_key, host.projections())
    inst = Instance(settings, host, store)
    try:
        store.create_tables()
        load_demo(inst, echo=lambda message: None)
        yield inst
    finally:
        inst.close()


@dataclass(frozen=True)
class Load:
    planned: int
    loaded: int
    seconds: float
    transactions: int
    budget: float | None

    @property
    def stopped_early(self) -> bool:
        return self.loaded < self.planned

    @property
    def rate(self) -> float:
        return self.loaded / self.seconds if self.seconds > 0 else float("inf")


def other_workers(city: str) -> list[str]:
    index = CITIES.index(city)
    return [f"worker{k:03d}.{city}" for k in range(OTHER_WORKERS) if k % len(CITIES) == index]


def make_case(city: str, j: int, worker_id: str) -> Case:
    """Case number j of a city: opened, assigned and met once, with a personal pseudonym and note."""
    case = Case.open(city, KINDS[j % len(KINDS)], f"Client {city} {j}", CHANNELS[j % len(CHANNELS)])
    case.assign(worker_id)
    case.record_meeting(held_on=date(2025, 1, 1) + timedelta(days=j % 540), mode=MEETING_MODES[j % len(MEETING_MODES)],
                        minutes=30 + j % 60, note=f"Meeting {j}: talked about work, housing and family.",
                        workers=[worker_id], staff={worker_id})
    return case


def load_cases(store, total: int, budget: float | None = None, progress=None) -> Load:
    """Load `total` cases spread evenly over the cities, in transactions of PER_TRANSACTION cases.

    The cities take turns, one transaction each, so that a load stopped by the time budget
    (checked between transactions) is still even. In each city, DEMO_WORKER_CASES cases spread
    over the whole load go to the demo worker, the rest in turn to the city's other workers.
    """
    planned = {city: total // len(CITIES) + (1 if i < total % len(CITIES) else 0) for i, city in enumerate(CITIES)}
    actors = {city: demo_actors(city)["coordinator"] for city in CITIES}
    others = {city: other_workers(city) for city in CITIES}
    done = dict.fromkeys(CITIES, 0)
    loaded = transactions = 0
    started = time.perf_counter()
    while loaded < total:
        if budget is not None and time.perf_counter() - started > budget:
            break
        for city in CITIES:
            first, n = done[city], planned[city]
            if first >= n:
                continue
            stride = max(1, n // DEMO_WORKER_CASES)
            batch = []
            for j in range(first, min(first + PER_TRANSACTION, n)):
                demo = j % stride == stride // 2 and j // stride < DEMO_WORKER_CASES
                batch.append(make_case(city, j, f"worker.{city}" if demo else others[city][j % len(others[city])]))
            with store.acting(actors[city]):
                store.save(*batch)
            done[city] += len(batch)
            loaded += len(batch)
            transactions += 1
            if progress and loaded // 10_000 != (loaded - len(batch)) // 10_000:
                progress(loaded, time.perf_counter() - started)
    return Load(total, loaded, time.perf_counter() - started, transactions, budget)


def counts(store) -> dict:
    """Rows in the case list, records in the log, and the demo worker's cases in each city."""
    with store.reading() as session:
        rows = session.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(case_list)).scalar_one()
        workers = {city: session.execute(
            sqlalchemy.select(sqlalchemy.func.count()).select_from(case_list)
            .where(case_list.c.city == city, case_list.c.worker_id == f"worker.{city}")).scalar_one()
            for city in CITIES}
        log = store.recorder.max_notification_id() or 0
    return {"cases": rows, "log": log, "demo_worker_cases": workers}


def database_size(store) -> int | None:
    """Bytes the database takes (the SQLite file, or the PostgreSQL schema's relations)."""
    engine = store.datastore.engine
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        return os.path.getsize(path) if path and os.path.exists(path) else None
    with engine.connect() as c:
        return int(c.execute(sqlalchemy.text(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')")).scalar_one())


def analyze(store) -> None:
    """PostgreSQL: refresh the planner's statistics, as autovacuum would soon after such a load."""
    engine = store.datastore.engine
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(sqlalchemy.text("ANALYZE"))


def stderr_progress(kind: str):
    def report(loaded: int, seconds: float) -> None:
        print(f"  [{kind}] {loaded:,} cases loaded in {seconds:.0f} s ({loaded / seconds:,.0f}/s)",
              file=sys.stderr, flush=True)
    return report
