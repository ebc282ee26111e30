"""Rebuild of every read model and `verify`, on a log of a given size, each beside its baseline.

- rebuild:  `exitfi projections rebuild` (every read model in one pass, `ProjectionRunner.rebuild_all`);
            baseline: the library's own `select_notifications` + `mapper.to_domain_event` over the same
            log, in the same batch size, writing nothing;
- verify:   `Store.verify()`; baseline: the same rows read and one HMAC-SHA256 taken of each, no chain.

Each runs in a fresh process of its own, its resident memory sampled while it works (at the start, with
everything imported, and at its peak); the log is made once, by bench.scale's bulk load (cases opened, assigned and met, through the store).
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import threading
import time

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


def _open(url: str, master_key: bytes, seal_key: bytes):
    from bench.scale import settings_for
    from core.plugins import PluginHost
    from core.store import Store
    settings = settings_for(url)
    return Store(url, master_key, seal_key, PluginHost(settings).projections())


def _work(kind: str, url: str, master_key: bytes, seal_key: bytes) -> dict:
    store = _open(url, master_key, seal_key)
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


def _child(kind, url, master_key, seal_key, out) -> None:
    out.put(json.dumps(_work(kind, url, master_key, seal_key)))


def in_process(kind: str, url: str, master_key: bytes, seal_key: bytes) -> dict:
    """Run one measurement in a fresh process and return its count, seconds and peak memory."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of this one's memory
    out = context.Queue()
    process = context.Process(target=_child, args=(kind, url, master_key, seal_key, out))
    process.start()
    try:
        result = json.loads(out.get(timeout=7200))
    finally:
        process.join()
    if process.exitcode:
        raise BenchError(f"the {kind} process failed (exit {process.exitcode})")
    return result


def measure(url: str, master_key: bytes, seal_key: bytes, expected: int, turns: int = 2) -> dict:
    """Rebuild, decode, verify and HMAC `turns` times each, in turns; rates, ratios and peak memory."""
    runs: dict[str, list[dict]] = {k: [] for k in ("rebuild", "decode", "verify", "hmac")}
    for _ in range(turns):
        for kind in runs:
            result = in_process(kind, url, master_key, seal_key)
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
