"""The three figures and their baselines.

Each is warmed up once untimed, then timed with time.perf_counter in turns with its
baseline, so that a machine that is busy for a while slows both alike.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass

from eventsourcing.persistence import StoredEvent
from sqlalchemy import func, select

from bench.workload import COMMANDS_PER_CASE, write_case
from core.projections import BATCH as PROJECTION_BATCH

ROUNDS = 10  # writes: the commands and their baseline alternate in rounds, so that both see the same machine
TURNS = 3  # verify and rebuild: each and its baseline are timed this many times, in turns


class BenchError(RuntimeError):
    """The work measured did not do what it should have: no figure is reported for it."""


@dataclass(frozen=True)
class Timing:
    count: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else float("inf")


@dataclass(frozen=True)
class Figure:
    name: str
    unit: str
    measured: Timing
    baseline: Timing
    baseline_is: str

    @property
    def ratio(self) -> float:
        return self.measured.rate / self.baseline.rate


def timed(work: Callable[[], int]) -> Timing:
    started = time.perf_counter()
    count = work()
    return Timing(count, time.perf_counter() - started)


def in_turns(work: Callable[[], int], baseline: Callable[[], int], turns: int) -> tuple[Timing, Timing]:
    """Warm each up once untimed, then time them in turns; counts and seconds add up over the turns."""
    work()
    baseline()
    spent = {work: Timing(0, 0.0), baseline: Timing(0, 0.0)}
    for _ in range(turns):
        for job in (work, baseline):
            t = timed(job)
            spent[job] = Timing(spent[job].count + t.count, spent[job].seconds + t.seconds)
    return spent[work], spent[baseline]


# -- writing --------------------------------------------------------------------
def stored_events(store, after: int = 0) -> tuple[list[StoredEvent], int]:
    """The stored events after a log position, in log order, as the recorder stores them; and the last position."""
    recorder, events, position = store.recorder, [], after
    with store.reading():
        while True:
            batch = recorder.select_notifications(position, PROJECTION_BATCH, inclusive_of_start=False)
            events.extend(StoredEvent(n.originator_id, n.originator_version, n.topic, n.state) for n in batch)
            if batch:
                position = batch[-1].id
            if len(batch) < PROJECTION_BATCH:
                return events, position


def insert_raw(target, events: list[StoredEvent]) -> float:
    """Baseline: insert the events one per transaction with recorder.insert_events; return the seconds."""
    insert = target.recorder.insert_events
    started = time.perf_counter()
    for event in events:
        insert([event])
    return time.perf_counter() - started


def write_cases(store, numbers: range) -> float:
    started = time.perf_counter()
    for i in numbers:
        write_case(store, i)
    return time.perf_counter() - started


def measure_write(store, baseline_store, cases: int) -> Figure:
    """Case 0 and its events are the warm-up; then cases 1..N in ROUNDS rounds, each followed by its baseline."""
    write_case(store, 0)
    warm_up, position = stored_events(store)
    insert_raw(baseline_store, warm_up)
    copied, written, inserted = len(warm_up), 0.0, 0.0
    step = -(-cases // ROUNDS)
    for first in range(1, cases + 1, step):
        written += write_cases(store, range(first, min(first + step, cases + 1)))
        events, position = stored_events(store, after=position)
        copied += len(events)
        inserted += insert_raw(baseline_store, events)
    expected = (cases + 1) * COMMANDS_PER_CASE
    if copied != expected:
        raise BenchError(f"the log holds {copied} events after {cases + 1} cases, expected {expected}")
    with baseline_store.reading() as session:
        raw = session.execute(select(func.count()).select_from(baseline_store.recorder.events_record_cls.__table__)).scalar_one()
    if raw != expected:
        raise BenchError(f"the baseline inserted {raw} events, expected {expected}")
    count = cases * COMMANDS_PER_CASE
    return Figure("write", "commands/s", Timing(count, written), Timing(count, inserted),
                  "the same stored events, recorder.insert_events, one per transaction,\n"
                  "           timed in rounds alternating with the commands")


# -- verify -----------------------------------------------------------------------
def verify(store, expected: int) -> int:
    report = store.verify()
    if not report.ok or report.records != expected:
        raise BenchError(f"verify: {report.finding or f'{report.records} records, expected {expected}'}")
    return report.records


def hmac_rows(store, key: bytes) -> int:
    """Baseline: read the log's rows as verify does and take one HMAC-SHA256 of each, with no chain."""
    count = 0
    with store.reading() as session:
        for record in store.seals.records(session):
            hmac.new(key, record.stored_bytes(), hashlib.sha256).digest()
            count += 1
    return count


def measure_verify(store, seal_key: bytes, expected: int) -> Figure:
    def baseline() -> int:
        count = hmac_rows(store, seal_key)
        if count != expected:
            raise BenchError(f"the verify baseline read {count} rows, expected {expected}")
        return count

    measured, base = in_turns(lambda: verify(store, expected), baseline, TURNS)
    return Figure("verify", "records/s", measured, base,
                  "the same rows read with SQLAlchemy, one HMAC-SHA256 each, no chain;\n"
                  f"           {TURNS} times each, in turns with verify")


# -- rebuild ----------------------------------------------------------------------
def rebuild(store, projection, expected: int) -> int:
    done, _ = store.runner.rebuild(projection)
    if done != expected:
        raise BenchError(f"rebuild: {done} events, expected {expected}")
    return done


def decode_notifications(store, projection) -> int:
    """Baseline: read what a rebuild reads (same batches, topics and stop) and decode it; write nothing."""
    recorder, mapper, topics = store.recorder, store.mapper, projection.topics
    done = 0
    with store.reading():
        stop = recorder.max_notification_id() or 0
        position = 0
        while position < stop:
            notifications = recorder.select_notifications(
                position, PROJECTION_BATCH, stop=stop, topics=topics, inclusive_of_start=False)
            for n in notifications:
                mapper.to_domain_event(n)
            done += len(notifications)
            position = notifications[-1].id if len(notifications) == PROJECTION_BATCH else stop
    return done


def measure_rebuild(store, projection, expected: int, rows: int) -> Figure:
    def baseline() -> int:
        count = decode_notifications(store, projection)
        if count != expected:
            raise BenchError(f"the rebuild baseline decoded {count} events, expected {expected}")
        return count

    measured, base = in_turns(lambda: rebuild(store, projection, expected), baseline, TURNS)
    with store.reading() as session:
        count = session.execute(select(func.count()).select_from(projection.tables[0])).scalar_one()
    if count != rows:
        raise BenchError(f"the rebuilt {projection.name} holds {count} rows, expected {rows}")
    return Figure("rebuild", "events/s", measured, base,
                  "the same notifications, select_notifications + mapper.to_domain_event, no writes;\n"
                  f"           {TURNS} times each, in turns with the rebuild")
