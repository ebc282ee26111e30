"""Throughput benchmarks of the core, each set against a baseline measured in the same run.

`python -m bench [--cases N] [--json]` measures, on a temporary SQLite file and (when
EXITFI_BENCH_DATABASE_URL or EXITFI_TEST_DATABASE_URL is set) on a fresh PostgreSQL schema:

- write:   commands/s through plugins.casework.service (open_case, assign_worker, record_meeting);
           baseline: the same stored events inserted with store.recorder.insert_events,
           one event per transaction (no sealing, no projections, no vault), timed in
           rounds that alternate with the commands so both see the same machine;
- verify:  records/s of Store.verify();
           baseline: the same rows read with SQLAlchemy, one HMAC-SHA256 per row, no chain logic;
- rebuild: events/s of store.runner.rebuild(CaseList);
           baseline: the same notifications read with store.recorder.select_notifications in the
           same batch size and decoded with store.mapper.to_domain_event (no projection writes).

A ratio is value / baseline: the share of the raw database-and-Python speed of this machine
that the core keeps, so that figures from different machines can be compared.
"""

from core.events import Actor

ACTOR = Actor("bench.helsinki", "city_coordinator", "helsinki")
WORKER_ID = "worker.helsinki"
CITY = "helsinki"
DEFAULT_CASES = 2000
