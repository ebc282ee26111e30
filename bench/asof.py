"""A case with a long history as it stood on a chosen day (`core.history.as_of`, the auditor's page and
`exitfi replay --as-of`), against the library's own load of the whole case."""

from __future__ import annotations

import gc
import random
import statistics
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

import eventsourcing.domain

from bench.measure import BenchError
from bench.scale import make_case

FIRST_DAY = date(2024, 1, 1)


@contextmanager
def clock_from(start: datetime, step: timedelta):
    """Give each new event a time `step` after the one before, from `start`: a history spread over many days."""
    real, moments = eventsourcing.domain.datetime_now_with_tzinfo, iter(range(10**9))
    eventsourcing.domain.datetime_now_with_tzinfo = lambda: start + step * next(moments)
    try:
        yield
    finally:
        eventsourcing.domain.datetime_now_with_tzinfo = real


def long_case(instance, events: int, city: str = "helsinki"):
    """Open a case and record meetings on it until it holds `events` events, one a day from FIRST_DAY."""
    from core.demo import demo_actors
    store, actor = instance.store, demo_actors(city)["coordinator"]
    start = datetime.combine(FIRST_DAY, datetime.min.time(), timezone.utc) + timedelta(hours=9)
    with clock_from(start, timedelta(days=1)):
        case = make_case(city, 0, f"worker.{city}")
        while case.version < events:
            day = FIRST_DAY + timedelta(days=case.version)
            case.record_meeting(held_on=day, mode="in_person", minutes=45, note=f"Meeting on {day}.",
                                workers=[f"worker.{city}"], staff={f"worker.{city}"})
            if case.version % 100 == 0 or case.version == events:
                with store.acting(actor):
                    store.save(case)
    return case.id


def measure(instance, case_id, days: int, samples: int = 50) -> dict:
    """Milliseconds of as_of on random days of the case's history, and of the library's load of the whole case."""
    from core.history import as_of
    store, pick = instance.store, random.Random(7)
    as_of(store, case_id, FIRST_DAY)  # warm-up
    gc.freeze()  # what is built to serve stays out of the collector's full passes, as in a server's worker (core.web)
    timed, loads = [], []
    for _ in range(samples):
        day = FIRST_DAY + timedelta(days=pick.randrange(days))
        started = time.perf_counter()
        record = as_of(store, case_id, day)
        timed.append((time.perf_counter() - started) * 1000)
        if record.version != (day - FIRST_DAY).days + 1 and record.version != record.current_version:
            raise BenchError(f"as of {day} the case stood at version {record.version}")
        started = time.perf_counter()
        store.repository.get(case_id)
        loads.append((time.perf_counter() - started) * 1000)
    return {"events": days, "samples": samples,
            "p50_ms": statistics.median(timed), "p95_ms": _p95(timed), "max_ms": max(timed),
            "baseline_p50_ms": statistics.median(loads), "baseline_is": "repository.get of the whole case",
            "ratio": statistics.median(loads) / statistics.median(timed)}


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]
