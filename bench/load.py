"""`python -m bench.load`: the pages under load, served by gunicorn with several workers, asked by locust's users.

On a temporary SQLite file and (when EXITFI_BENCH_DATABASE_URL or EXITFI_TEST_DATABASE_URL is set) on a fresh
PostgreSQL schema, dropped afterwards; or on an instance already generated (`--instance DIR`):

1. build a real instance folder (bench.loaddata: `exitfi init --demo` as a function, then N cases in bulk
   through the store as bench.scale loads them, one case with a 1,000-event timeline and a triage queue);
2. serve it with gunicorn (`core.web:create_app()`, development settings so that the demo users may sign in
   over plain HTTP, debug off), sign in once as the city's worker and once as its coordinator (one session
   each, shared by the users: the sign-in throttle allows a username 12 attempts in 15 minutes);
3. one phase per page, each of the same length: the page is asked for by as many requests at once as the
   server serves (untimed: every worker loads its templates), then locust's users (16 by default, no pause
   between requests) ask for that page only, with the session cookie of the role that uses it; /healthz (no
   session) is measured the same way first and last. Every response must be 200 and hold what the page should
   show (its case rows, the timeline's entries, the widgets, the referrals waiting), or the run fails.

Reported per page: requests/s, p50, p95 and p99 latency, ratio = requests/s / /healthz's requests/s (the mean of
its two phases), and the server's CPU time per request; with the targets: the case lists and the case page at
p95 under 50 ms and at least 0.3 times /healthz's requests/s. Written also as JSON to bench/results/load-<db>.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.databases import ENV_VARS, _schema, kinds
from bench.loaddata import TIMELINE_EVENTS, Targets, as_dict, build, targets_of
from bench.measure import BenchError
from bench.report import load_average
from bench.scale import stderr_progress
from bench.server import Browser, Server, gunicorn
from plugins.casework.views import TIMELINE_PAGE

HERE = Path(__file__).resolve().parent
LOCUSTFILE = HERE / "locustfile.py"
RESULTS = HERE / "results"
DEFAULT_CASES = 100_000
USERS = 16
SECONDS = 20
WORKERS = 4
THREADS = 2
STOP_TIMEOUT = 60  # seconds the users have after the phase's time to finish the request under way (a slow page's)
P95_TARGET_MS = 50.0
RATIO_TARGET = 0.3
CASE_ROW = b'<td><a href="/cases/'


@dataclass(frozen=True)
class Phase:
    """One page, as whom, and what each response must hold: `marker` at least as often as the first answer had it."""

    key: str
    label: str
    path: str
    role: str | None  # "worker", "coordinator" or None (no session)
    marker: bytes
    targeted: bool = False  # a page the issue sets the targets for


@dataclass(frozen=True)
class Result:
    key: str
    label: str
    path: str
    role: str | None
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    server_cpu_ms_per_request: float
    load_tool_cpu_share: float  # CPU seconds locust used / seconds of the phase (of os.cpu_count() cores)
    marker_minimum: int
    ratio: float | None = None


def phases(targets: Targets) -> list[Phase]:
    return [
        Phase("caseload", "caseload (worker)", "/cases/", "worker", CASE_ROW, targeted=True),
        Phase("city_list", "city case list (coordinator)", "/cases/", "coordinator", CASE_ROW, targeted=True),
        Phase("case_page", f"case page, {targets.long_case_events:,} events (worker)",
              f"/cases/{targets.long_case}", "worker", b"<li", targeted=True),
        Phase("dashboard", "dashboard (coordinator)", "/", "coordinator", b'<section class="widget">'),
        Phase("triage", "triage queue (coordinator)", "/referrals/", "coordinator", b'href="/referrals/'),
    ]


HEALTHZ = Phase("healthz", "/healthz (no session)", "/healthz", None, b'"ok"')


# -- checking a page once -------------------------------------------------------
def expected_count(phase: Phase, targets: Targets, body: bytes) -> int:
    """How often the page's marker must appear: checked here on the first answer against what the data holds."""
    found = body.count(phase.marker)
    if phase.key == "case_page":
        start = body.find(b'<ol class="timeline">')
        entries = body[start:body.find(b"</ol>", start)].count(b"<li") if start >= 0 else 0
        # The page shows the newest entries of a long timeline (TIMELINE_PAGE), and a link to them all.
        shown = min(targets.long_case_events, TIMELINE_PAGE)
        if entries < shown or (shown < targets.long_case_events and b"timeline=all" not in body):
            raise BenchError(f"the case page shows {entries} timeline entries, expected the newest {shown}")
    elif phase.key == "city_list" and found < min(50, targets.city_cases):
        raise BenchError(f"the city case list shows {found} cases, expected a page of 50")
    elif phase.key == "triage" and found < targets.waiting_referrals:
        raise BenchError(f"the triage queue shows {found} referral links, expected {targets.waiting_referrals}")
    elif found < 1:
        raise BenchError(f"{phase.label}: {phase.marker.decode()!r} is not in the page")
    return found


def probe(browser: Browser, phase: Phase, targets: Targets) -> int:
    status, body = browser.get(phase.path)
    if status != 200:
        raise BenchError(f"GET {phase.path} as {phase.role or 'nobody'} answered {status}")
    return expected_count(phase, targets, body)


# -- one phase under load ---------------------------------------------------------
def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def warm(browser: Browser, phase: Phase, server: Server, rounds: int) -> None:
    """Ask for the page as many times at once as the server serves at once, `rounds` times: every worker has
    then loaded its templates and opened its connections before the phase is timed."""
    at_once = server.workers * server.threads
    with ThreadPoolExecutor(at_once) as pool:
        for _ in range(rounds):
            statuses = list(pool.map(lambda _: browser.get(phase.path)[0], range(at_once)))
            if any(status != 200 for status in statuses):
                raise BenchError(f"warming up {phase.label}: the server answered {sorted(set(statuses))}")


def run_phase(server: Server, phase: Phase, cookie: str | None, minimum: int, users: int, seconds: int,
              folder: Path) -> Result:
    out = folder / f"locust-{phase.key}.json"
    out.unlink(missing_ok=True)
    env = {**os.environ, "EXITFI_LOAD_PATH": phase.path, "EXITFI_LOAD_NAME": phase.label,
           "EXITFI_LOAD_COOKIE": cookie or "", "EXITFI_LOAD_MARKER": phase.marker.decode(),
           "EXITFI_LOAD_MINIMUM": str(minimum), "EXITFI_LOAD_OUT": str(out)}
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--users", str(users),
               "--spawn-rate", str(users), "--run-time", f"{seconds}s", "--host", server.url, "--only-summary",
               "--loglevel", "ERROR", "--exit-code-on-error", "0", "--stop-timeout", str(STOP_TIMEOUT)]
    cpu_before, tool_before = server.cpu_seconds(), _children_cpu()
    finished = subprocess.run(command, env=env, cwd=str(folder), capture_output=True, text=True,
                              timeout=seconds + STOP_TIMEOUT + 120)
    cpu_after, tool_after = server.cpu_seconds(), _children_cpu()
    if finished.returncode != 0 or not out.exists():
        raise BenchError(f"locust failed ({finished.returncode}) on {phase.label}:\n{finished.stderr[-2000:]}")
    measured = json.loads(out.read_text(encoding="utf-8"))
    if measured["failures"]:
        shown = "; ".join(f"{n} x {why}" for why, n in list(measured["failures"].items())[:5])
        raise BenchError(f"{phase.label}: {sum(measured['failures'].values())} responses were not the page "
                         f"({shown})\n{server.log_tail(10)}")
    requests = measured["requests"]
    if not requests:
        raise BenchError(f"{phase.label}: no request answered in {seconds} s (and {STOP_TIMEOUT} s more)")
    times = sorted(ms for _, ms in requests)
    starts = [start for start, _ in requests]
    ends = [start + ms / 1000 for start, ms in requests]
    span = max(ends) - min(starts)
    return Result(phase.key, phase.label, phase.path, phase.role, len(times), span, len(times) / span,
                  percentile(times, 50), percentile(times, 95), percentile(times, 99), sum(times) / len(times),
                  times[-1], 1000 * (cpu_after - cpu_before) / len(times),
                  (tool_after - tool_before) / seconds, minimum)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(server: Server, targets: Targets, users: int, seconds: int, warm_up: int, folder: Path,
            echo=print) -> list[Result]:
    """Sign in once per role, check each page once, then warm each up and load it in turn; /healthz first and
    last."""
    browsers = {"worker": Browser(server), "coordinator": Browser(server)}
    cookies = {role: b.sign_in(getattr(targets, role), targets.password) for role, b in browsers.items()}
    pages = phases(targets)
    minimums = {p.key: probe(browsers[p.role], p, targets) for p in pages}
    browsers[None] = Browser(server)
    minimums[HEALTHZ.key] = probe(browsers[None], HEALTHZ, targets)
    results = []
    for n, phase in enumerate([HEALTHZ, *pages, HEALTHZ]):
        echo(f"  [{n + 1}/{len(pages) + 2}] {phase.label}: {users} users, {seconds} s")
        warm(browsers[phase.role], phase, server, warm_up)
        results.append(run_phase(server, phase, cookies.get(phase.role), minimums[phase.key], users, seconds,
                                 folder))
    health = [r for r in results if r.key == HEALTHZ.key]
    baseline = sum(r.rps for r in health) / len(health)
    return [Result(**{**asdict(r), "ratio": r.rps / baseline}) if r.key != HEALTHZ.key else r for r in results]


# -- the report -----------------------------------------------------------------
def verdicts(results: list[Result], pages: list[Phase]) -> dict:
    targeted = {p.key for p in pages if p.targeted}
    out = {}
    for r in results:
        if r.key in targeted:
            out[r.key] = {"p95_under_50_ms": r.p95_ms < P95_TARGET_MS,
                          "rps_at_least_0_3_of_healthz": r.ratio >= RATIO_TARGET}
    return out


def table(results: list[Result], held: dict) -> list[str]:
    rows = [("page", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "ratio", "server CPU ms/req", "targets")]
    for r in results:
        verdict = held.get(r.key)
        rows.append((r.label, f"{r.requests:,}", f"{r.rps:,.0f}", f"{r.p50_ms:.1f}", f"{r.p95_ms:.1f}",
                     f"{r.p99_ms:.1f}", "" if r.ratio is None else f"{r.ratio:.2f}",
                     f"{r.server_cpu_ms_per_request:.1f}",
                     "" if verdict is None else ("held" if all(verdict.values()) else "MISSED: " + ", ".join(
                         k for k, ok in verdict.items() if not ok))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for i, row in enumerate(rows):
        lines.append("  ".join([row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:-1], widths[1:-1])]
                               + [row[-1]]))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def report(kind: str, targets: Targets, server: Server, results: list[Result], settings: dict, load: tuple,
           database_bytes: int | None) -> dict:
    pages = phases(targets)
    held = verdicts(results, pages)
    return {
        "benchmark": "pages under load",
        "database": kind,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": command_line(sys.argv[1:]),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "machine": platform.machine(),
                    "python": platform.python_version(), "load_average_before": load[0],
                    "load_average_after": load[1]},
        "data": {**as_dict(targets), "database_bytes": database_bytes},
        "server": {"gunicorn_workers": server.workers, "worker_class": server.worker_class,
                   "threads": server.threads, "app": "core.web:create_app()"},
        "load": {"tool": "locust (FastHttpUser, no wait between requests)", **settings},
        "targets": {"p95_ms_under": P95_TARGET_MS, "rps_ratio_at_least": RATIO_TARGET, "held": held,
                    "all_held": all(all(v.values()) for v in held.values())},
        "results": [asdict(r) for r in results],
        "table": table(results, held),
    }


def command_line(argv: list[str]) -> str:
    """The command as run, with the folders it was given shown as DIR (they are of one machine only)."""
    shown, folder_next = [], False
    for arg in argv:
        shown.append("DIR" if folder_next else arg.split("=", 1)[0] + "=DIR" if arg.startswith(FOLDER_OPTIONS)
                     and "=" in arg else arg)
        folder_next = arg in FOLDER_OPTIONS
    return " ".join(["python -m bench.load", *shown])


FOLDER_OPTIONS = ("--instance", "--keep", "--results")


def write(kind: str, document: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"load-{kind}.json"
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path


# -- the instance -----------------------------------------------------------------
@contextmanager
def built(kind: str, cases: int, timeline_events: int, keep: Path | None, budget: float | None):
    """Yield (folder, targets) of an instance built for this run: kept in `keep` (SQLite only), else removed."""
    def filled(folder: Path, url: str | None) -> Targets:
        return build(folder, url, cases, timeline_events, stderr_progress(kind), budget=budget)

    if keep is not None:
        if kind != "sqlite":
            raise BenchError("--keep keeps a SQLite instance only")
        yield keep, filled(keep, None)
        return
    with tempfile.TemporaryDirectory(prefix="exitfi-bench-load-") as folder:
        if kind == "sqlite":
            yield Path(folder), filled(Path(folder), None)
            return
        with _schema("load") as url:
            yield Path(folder), filled(Path(folder), url)


def database_kind(folder: Path) -> str:
    from core.config import load_settings
    return make_url(load_settings(folder).database_url).get_backend_name()


def database_bytes(folder: Path) -> int | None:
    from bench.scale import database_size
    from core.instance import open_instance
    instance = open_instance(folder)
    try:
        return database_size(instance.store)
    finally:
        instance.close()


def run(kind: str, folder: Path, targets: Targets, args, echo=print) -> dict:
    load_before = load_average()
    size = database_bytes(folder)
    with tempfile.TemporaryDirectory(prefix="exitfi-bench-locust-") as scratch, \
            gunicorn(folder, args.workers, args.worker_class, args.threads) as server:
        results = measure(server, targets, args.users, args.seconds, args.warm_up, Path(scratch), echo=echo)
    settings = {"users": args.users, "seconds_per_page": args.seconds, "warm_up_rounds": args.warm_up,
                "stop_timeout_seconds": STOP_TIMEOUT}
    document = report(kind, targets, server, results, settings, (load_before, load_average()), size)
    echo("")
    echo(f"exitfi bench.load: {kind}, {targets.cases:,} cases ({targets.city_cases:,} in {targets.city}), "
         f"{targets.events:,} records in the log" + (f", database {size / 1e6:,.0f} MB" if size else ""))
    echo(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; load average "
         f"{document['machine']['load_average_before']:.2f} before, {document['machine']['load_average_after']:.2f}"
         f" after")
    echo(f"gunicorn core.web:create_app(): {server.workers} workers ({server.worker_class}, {server.threads} "
         f"threads); locust: {args.users} users per page, {args.seconds} s per page, no wait; "
         f"ratio = req/s / /healthz's (mean of its two phases)")
    echo("")
    for line in document["table"]:
        echo(line)
    tool = max(r.load_tool_cpu_share for r in results)
    echo(f"(locust itself used up to {tool:.2f} CPU-seconds per second of a phase, on the same machine)")
    return document


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES,
                        help=f"cases to build, over three cities (default {DEFAULT_CASES:,})")
    parser.add_argument("--timeline-events", type=int, default=TIMELINE_EVENTS,
                        help=f"events of the case whose page is measured (default {TIMELINE_EVENTS:,})")
    parser.add_argument("--load-budget", type=float,
                        help="seconds of bulk loading before the load stops early (the report gives the cases loaded)")
    parser.add_argument("--instance", type=Path, help="an instance folder already generated: build nothing")
    parser.add_argument("--keep", type=Path, help="build the SQLite instance into this folder and keep it")
    parser.add_argument("--users", type=int, default=USERS, help=f"concurrent clients (default {USERS})")
    parser.add_argument("--seconds", type=int, default=SECONDS, help=f"seconds per page (default {SECONDS})")
    parser.add_argument("--warm-up", type=int, default=1,
                        help="rounds of workers x threads requests at once before each page is timed (default 1)")
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"gunicorn workers (default {WORKERS})")
    parser.add_argument("--worker-class", default="gthread", choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=THREADS, help=f"threads per gthread worker (default {THREADS})")
    parser.add_argument("--database", choices=("sqlite", "postgresql"),
                        help="build on this database only (default: SQLite, and PostgreSQL when configured)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where the JSON goes (default bench/results)")
    args = parser.parse_args(argv)
    if min(args.cases, args.users, args.workers, args.threads, args.seconds) <= 0 or args.timeline_events < 4:
        parser.error("--cases, --users, --workers, --threads and --seconds must be positive, --timeline-events >= 4")
    try:
        if args.instance:
            folder = args.instance.resolve()
            kind = database_kind(folder)
            document = run(kind, folder, targets_of(folder), args)
            print(f"wrote {write(kind, document, args.results)}")
            return 0
        database_kinds = ["sqlite"] if args.keep else [args.database] if args.database else kinds()
        if "postgresql" not in database_kinds and not (args.keep or args.database):
            print(f"(PostgreSQL skipped: set {' or '.join(ENV_VARS)})\n")
        for kind in database_kinds:
            keep = args.keep.resolve() if args.keep else None
            with built(kind, args.cases, args.timeline_events, keep, args.load_budget) as (folder, targets):
                document = run(kind, folder, targets, args)
            print(f"wrote {write(kind, document, args.results)}\n")
    except BenchError as e:
        print(f"bench.load: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
