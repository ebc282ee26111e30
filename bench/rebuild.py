"""Rebuild of every read model and `verify`, on a log of a given size, each beside its baseline.

- rebuild:  `exitfi projections rebuild` (every read model in one pass, `ProjectionRunner.rebuild_all`);
            baseline: the library's own `select_notifications` + `mapper.to_domain_event` over the same
            log, in the same batch size, writing nothing;
- verify:   `Store.verify()`; baseline: the same rows read and one HMAC-SHA256 taken of each, no chain.

Each runs in a fresh process of its own, its resident memory sampled while it works (at the start, with
everything imported, and at its peak); the log is made once, by bench.scale's bulk load (cases opened, assigned and met, through the store).

`python -m bench.rebuild --instance DIR [--turns N]` measures the same on an instance's own log (one made by
`python -m bench.generate`, with every kind of record): how long a rebuild of that data takes. It rebuilds the
instance's read models in place, as `exitfi projections rebuild` would. With `--by-read-model` it rebuilds once
in its own process and says how much of the time each read model took: where to look first.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import threading
import time
from pathlib import Path

from bench.measure import BenchError, Timing, decode_notifications, hmac_rows
from bench.scale import EVENTS_PER_CASE, load_cases


def log_of(instance, events: int, progress=None) -> int:
    """Add cases until the log holds at least `events` events; return the log's length."""
    store = instance.store
    head = store.recorder.max_notification_id() or 0
    if head < events:
        load_cases(store, -(-(events - head) // EVENTS_PER_CASE), progress=progress)
    return store.recorder.max_notification_id() or 0


class Resident:
    """The process's resident memory, sampled every 20 ms while the work runs: at its start and at its peak."""

    def __init__(self):
        self.start = self.peak = _resident_mb()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, _resident_mb())

    def _sample(self):
        while not self._done.wait(0.02):
            self.peak = max(self.peak, _resident_mb())


def _resident_mb() -> float:
    """Resident memory now (Linux's /proc; elsewhere the peak so far, which includes start-up)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _open(url: str, master_key: bytes, seal_key: bytes, folder: str | None = None):
    if folder:  # an instance's own configuration: its cities' settings may shape its read models
        from core.instance import open_instance
        return open_instance(Path(folder), migrate=False).store
    from bench.scale import settings_for
    from core.plugins import PluginHost
    from core.store import Store
    settings = settings_for(url)
    return Store(url, master_key, seal_key, PluginHost(settings).projections())


def _work(kind: str, url: str, master_key: bytes, seal_key: bytes, folder: str | None = None) -> dict:
    store = _open(url, master_key, seal_key, folder)
    try:
        with Resident() as resident:
            started = time.perf_counter()
            done = _measured(kind, store, seal_key)
            seconds = time.perf_counter() - started
        return {"count": done, "seconds": seconds, "start_mb": resident.start, "peak_mb": resident.peak}
    finally:
        store.close()


def _measured(kind: str, store, seal_key: bytes) -> int:
    """Run one kind of work over the whole log; return how many events or records it went through."""
    if kind == "rebuild":
        return store.runner.rebuild_all(list(store.projections.values()))[0]
    if kind == "decode":
        class Everything:
            topics: list = []
        return decode_notifications(store, Everything())
    if kind == "verify":
        report = store.verify()
        if not report.ok:
            raise BenchError(f"verify: {report.finding}")
        return report.records
    return hmac_rows(store, seal_key)


def _child(kind, url, master_key, seal_key, out, folder=None) -> None:
    out.put(json.dumps(_work(kind, url, master_key, seal_key, folder)))


def in_process(kind: str, url: str, master_key: bytes, seal_key: bytes, folder: str | None = None) -> dict:
    """Run one measurement in a fresh process and return its count, seconds and peak memory."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of this one's memory
    out = context.Queue()
    process = context.Process(target=_child, args=(kind, url, master_key, seal_key, out, folder))
    process.start()
    try:
        result = json.loads(out.get(timeout=7200))
    finally:
        process.join()
    if process.exitcode:
        raise BenchError(f"the {kind} process failed (exit {process.exitcode})")
    return result


def measure(url: str, master_key: bytes, seal_key: bytes, expected: int, turns: int = 2,
            folder: str | None = None) -> dict:
    """Rebuild, decode, verify and HMAC `turns` times each, in turns; rates, ratios and peak memory (on the
    instance in `folder`, with its own configuration, where one is given)."""
    runs: dict[str, list[dict]] = {k: [] for k in ("rebuild", "decode", "verify", "hmac")}
    for _ in range(turns):
        for kind in runs:
            result = in_process(kind, url, master_key, seal_key, folder)
            if result["count"] != expected:
                raise BenchError(f"{kind} read {result['count']} events, the log holds {expected}")
            runs[kind].append(result)
    total = {k: Timing(sum(r["count"] for r in v), sum(r["seconds"] for r in v)) for k, v in runs.items()}
    peak = {k: max(r["peak_mb"] for r in v) for k, v in runs.items()}
    grew = {k: max(r["peak_mb"] - r["start_mb"] for r in v) for k, v in runs.items()}
    return {
        "events": expected,
        "rebuild": {"events_per_s": total["rebuild"].rate, "baseline_per_s": total["decode"].rate,
                    "ratio": total["rebuild"].rate / total["decode"].rate,
                    "peak_mb": peak["rebuild"], "grew_mb": grew["rebuild"], "baseline_peak_mb": peak["decode"],
                    "baseline_grew_mb": grew["decode"]},
        "verify": {"records_per_s": total["verify"].rate, "baseline_per_s": total["hmac"].rate,
                   "ratio": total["verify"].rate / total["hmac"].rate, "peak_mb": peak["verify"],
                   "grew_mb": grew["verify"]},
    }


def by_read_model(folder: Path) -> tuple[int, float, dict[str, tuple[float, int]]]:
    """Rebuild an instance's read models in this process, timing each one's batches: the events read, the
    seconds, and each read model's seconds and events."""
    from core.instance import open_instance
    instance = open_instance(folder, migrate=False)
    spent: dict[str, list] = {}
    try:
        projections = list(instance.store.projections.values())
        for projection in projections:
            spent[projection.name] = [0.0, 0]
            process_batch = projection.process_batch

            def timed(session, items, process_batch=process_batch, mine=spent[projection.name]):
                started = time.perf_counter()
                process_batch(session, items)
                mine[0] += time.perf_counter() - started
                mine[1] += len(items)
            projection.process_batch = timed  # on this instance's own objects, gone with it
        done, seconds, _ = instance.store.runner.rebuild_all(projections)
    finally:
        instance.close()
    return done, seconds, {name: (s, n) for name, (s, n) in spent.items() if n}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rebuild", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instance", type=Path, required=True, help="an instance folder, e.g. one generated")
    parser.add_argument("--turns", type=int, default=1, help="times each rebuild and verify runs, in turns")
    parser.add_argument("--results", type=Path, help="where the JSON goes (default bench/results)")
    parser.add_argument("--by-read-model", action="store_true",
                        help="instead: one rebuild in this process, with each read model's share of its time")
    args = parser.parse_args(argv)
    from bench.report import load_average, write_result
    from core.instance import open_instance
    folder = args.instance.resolve()
    if args.by_read_model:
        done, seconds, shares = by_read_model(folder)
        print(f"{done:,} events in {seconds:.1f} s ({done / seconds:,.0f}/s); each read model's batches:")
        for name, (spent, events) in sorted(shares.items(), key=lambda item: -item[1][0]):
            print(f"  {name:32} {spent:7.2f} s  {events:10,} events")
        return 0
    instance = open_instance(folder, migrate=False)
    try:
        settings, kind = instance.settings, instance.store.datastore.engine.dialect.name
        head = instance.store.recorder.max_notification_id() or 0
    finally:
        instance.close()
    before, started = load_average(), time.perf_counter()
    try:
        result = measure(settings.database_url, settings.master_key, settings.seal_key, head, args.turns, str(folder))
    except BenchError as e:
        print(f"bench.rebuild: {e}", file=sys.stderr)
        return 1
    r, v = result["rebuild"], result["verify"]
    print(f"{head:,} events: rebuild {r['events_per_s']:,.0f}/s (select+decode {r['baseline_per_s']:,.0f}/s, "
          f"ratio {r['ratio']:.2f}, peak {r['peak_mb']:.0f} MB); verify {v['records_per_s']:,.0f}/s "
          f"(ratio {v['ratio']:.2f})")
    path = write_result("rebuild-instance", kind, f"python -m bench.rebuild --instance DIR --turns {args.turns}",
                        {"sizes": [result]}, (before, load_average()), time.perf_counter() - started, args.results)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
