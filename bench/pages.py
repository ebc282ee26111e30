"""`python -m bench.pages [--cases N]`: is it fast with a hundred thousand cases?

On a temporary SQLite file and (when EXITFI_BENCH_DATABASE_URL or EXITFI_TEST_DATABASE_URL is set)
on a fresh PostgreSQL schema, dropped afterwards:

1. load the demo users (core.demo.load_demo), then N cases spread over the three cities
   (bench.scale: 500 cases per store.acting transaction, through the real store: seals, vault
   keys, live projections), and report the load rate;
2. sign in with the Flask test client and time, in rounds, each page against the same client's
   GET /healthz (the baseline): median and p95 latency, and ratio = median / healthz median;
3. print the query plan of plugins/casework/queries.py caseload() (and of the dashboard's
   open_case_count()) for the city coordinator and the worker: EXPLAIN QUERY PLAN on SQLite,
   EXPLAIN ANALYZE on PostgreSQL, the SQL being captured from the real call.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import statistics
import sys
import time
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import event

from bench.databases import ENV_VARS, kinds
from bench.measure import BenchError
from bench.report import load_average
from bench.scale import (CITIES, DEMO_WORKER_CASES, EVENTS_PER_CASE, PER_TRANSACTION, analyze, counts, database,
                         database_size, instance, load_cases, other_workers, stderr_progress)
from bench.server import CSRF
from core.auth.service import find_account, issue_token
from core.demo import demo_password
from core.web import create_app

DEFAULT_CASES = 100_000
REQUESTS = 30
PAGE_BUDGET = 60.0  # seconds of timed requests per page (page and healthz); at least MIN_REQUESTS are made
MIN_REQUESTS = 5
LOAD_BUDGET = 330.0  # seconds of loading per database; the load stops at the next transaction after it
QUERY_REPEATS = 10
CITY = "helsinki"
CASE_LINK = re.compile(r'href="/cases/[0-9a-f]{32}"')
NEXT_PAGE = re.compile(r'href="(/cases/\?[^"]*after=[^"]+)"')


# -- clients ----------------------------------------------------------------------
class Counter:
    """SQL statements and commits on the store's engine (what one request costs the database)."""

    def __init__(self, engine):
        self.statements = self.commits = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, *args):
        self.statements += 1

    def _commit(self, *args):
        self.commits += 1

    def snapshot(self) -> tuple[int, int]:
        return self.statements, self.commits


class Client:
    """A Flask test client signed in as a browser would (see tests/core/web/conftest.py Browser), or with a token."""

    def __init__(self, app: Flask, name: str, headers: dict | None = None):
        self.name = name
        self.client = app.test_client()
        self.headers = headers or {}

    def get(self, path: str):
        response = self.client.get(path, headers=self.headers)
        response.get_data()
        return response

    @classmethod
    def signed_in(cls, app: Flask, username: str) -> Client:
        client = cls(app, username)
        page = client.get("/login").text
        csrf = CSRF.search(page).group(1)
        response = client.client.post("/login", data={"csrf_token": csrf, "username": username,
                                                      "password": demo_password()})
        if response.status_code != 302:
            raise BenchError(f"{username} could not sign in ({response.status_code})")
        return client

    @classmethod
    def with_token(cls, app: Flask, store, username: str) -> Client:
        secret = issue_token(store, find_account(store, username=username), "bench.pages")
        return cls(app, f"{username} (token)", {"Authorization": f"Bearer {secret}"})


# -- timing -----------------------------------------------------------------------
@dataclass
class Page:
    name: str
    client: Client
    path: str
    rows: callable  # response -> rows shown (for the report; also checks the page is what it should be)
    times: list = field(default_factory=list)
    healthz: list = field(default_factory=list)
    statements: int = 0
    commits: int = 0
    records: int = 0
    shown: int | None = None

    @property
    def spent(self) -> float:
        return sum(self.times) + sum(self.healthz)

    def ratio(self) -> float:
        return statistics.median(self.times) / statistics.median(self.healthz)


def second_page(client: Client) -> str:
    """The link to the city list's second page, as its first page gives it."""
    found = NEXT_PAGE.search(client.get("/cases/").get_data(as_text=True))
    if found is None:
        raise BenchError("the city list has no second page")
    return found.group(1).replace("&amp;", "&")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed_get(client: Client, path: str):
    started = time.perf_counter()
    response = client.get(path)
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise BenchError(f"GET {path} as {client.name} answered {response.status_code}")
    return response, seconds


def log_head(store) -> int:
    with store.reading():
        return store.recorder.max_notification_id() or 0


def measure_pages(store, pages: list[Page], requests: int, budget: float) -> None:
    """Warm each page up once, then time it in rounds, each request right after the same client's /healthz."""
    counter = Counter(store.datastore.engine)
    for page in pages:
        timed_get(page.client, "/healthz")
        page.shown = page.rows(timed_get(page.client, page.path)[0])
    for _ in range(requests):
        for page in pages:
            if len(page.times) >= MIN_REQUESTS and page.spent > budget:
                continue
            page.healthz.append(timed_get(page.client, "/healthz")[1])
            head, (statements, commits) = log_head(store), counter.snapshot()
            response, seconds = timed_get(page.client, page.path)
            after_statements, after_commits = counter.snapshot()
            page.times.append(seconds)
            page.statements += after_statements - statements
            page.commits += after_commits - commits
            page.records += log_head(store) - head


def html_rows(response) -> int:
    return len(CASE_LINK.findall(response.text))


def json_rows(response) -> int:
    return len(response.get_json())


def no_rows(response) -> None:
    return None


# -- query plans ------------------------------------------------------------------
def captured(engine, work, table: str = "casework_cases") -> tuple[str, object]:
    """The SQL (and parameters) that `work` sends about `table`, captured from the engine."""
    seen = []

    def listen(conn, cursor, statement, parameters, context, executemany):
        if table in statement:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listen)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    if len(seen) != 1:
        raise BenchError(f"expected one query on {table}, saw {len(seen)}")
    return seen[0]


def explain(engine, statement: str, parameters) -> list[str]:
    with engine.connect() as c:
        if engine.dialect.name == "sqlite":
            rows = c.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            depth = {0: -1}
            lines = []
            for node, parent, _, detail in rows:
                depth[node] = depth.get(parent, -1) + 1
                lines.append("  " * depth[node] + detail)
            return lines
        return [r[0] for r in c.exec_driver_sql(f"EXPLAIN ANALYZE {statement}", parameters).all()]


def query_alone(engine, statement: str, parameters) -> tuple[float, int]:
    """Median seconds of the bare query over QUERY_REPEATS runs, and the rows it returns."""
    times, rows = [], 0
    with engine.connect() as c:
        for _ in range(QUERY_REPEATS):
            started = time.perf_counter()
            rows = len(c.exec_driver_sql(statement, parameters).all())
            times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def plans(app: Flask, store) -> list[str]:
    from plugins.casework.queries import caseload, open_case_count
    engine, out = store.datastore.engine, []
    what = "EXPLAIN QUERY PLAN" if engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE"
    for username in (f"coordinator.{CITY}", f"worker.{CITY}"):
        account = find_account(store, username=username)
        for label, call in ((f"caseload({username}, limit=200)", lambda: caseload(store, account, limit=200)),
                            (f"open_case_count({username})  [dashboard widget]",
                             lambda: open_case_count(store, account))):
            with app.app_context():
                statement, parameters = captured(engine, call)
            seconds, rows = query_alone(engine, statement, parameters)
            out.append(f"{what} {label}")
            out.append("  " + " ".join(statement.split()))
            out.append(f"  parameters: {parameters}")
            out.append(f"  the query alone: median {seconds * 1000:.2f} ms over {QUERY_REPEATS} runs, {rows} row(s)")
            out.extend("    " + line for line in explain(engine, statement, parameters))
            out.append("")
    return out


# -- report -----------------------------------------------------------------------
def table(pages: list[Page]) -> list[str]:
    rows = [("page", "n", "median ms", "p95 ms", "healthz ms", "ratio", "rows", "SQL/req", "commits/req",
             "log records/req")]
    for p in pages:
        n = len(p.times)
        rows.append((f"{p.name}  GET {p.path if len(p.path) < 20 else p.path[:15] + '…'}", str(n),
                     f"{statistics.median(p.times) * 1000:.1f}", f"{p95(p.times) * 1000:.1f}",
                     f"{statistics.median(p.healthz) * 1000:.2f}", f"{p.ratio():.1f}",
                     "" if p.shown is None else str(p.shown), f"{p.statements / n:.0f}", f"{p.commits / n:.0f}",
                     f"{p.records / n:.0f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for i, r in enumerate(rows):
        lines.append("  ".join([r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def run(kind: str, cases: int, requests: int, load_budget: float, page_budget: float) -> None:
    load_before, started = load_average(), time.perf_counter()
    out = []
    with database(kind) as url, instance(url) as inst:
        store = inst.store
        demo = counts(store)
        load = load_cases(store, cases, budget=load_budget, progress=stderr_progress(kind))
        analyze(store)
        sizes, size = counts(store), database_size(store)
        loaded_events = sizes["log"] - demo["log"]
        if sizes["cases"] - demo["cases"] != load.loaded or loaded_events != load.loaded * EVENTS_PER_CASE:
            raise BenchError(f"after loading {load.loaded} cases the case list holds {sizes['cases'] - demo['cases']} "
                             f"new rows and the log {loaded_events} new records")

        app = create_app({"EXITFI_INSTANCE": inst, "TESTING": True})
        worker = Client.signed_in(app, f"worker.{CITY}")
        coordinator = Client.signed_in(app, f"coordinator.{CITY}")
        worker_api = Client.with_token(app, store, f"worker.{CITY}")
        coordinator_api = Client.with_token(app, store, f"coordinator.{CITY}")
        with app.app_context():
            from plugins.casework.queries import caseload
            one_case = caseload(store, find_account(store, username=f"worker.{CITY}"),
                                limit=DEMO_WORKER_CASES)[-1].case_id
        pages = [
            Page("worker caseload", worker, "/cases/", html_rows),
            Page("coordinator caseload", coordinator, "/cases/", html_rows),
            Page("case page (worker)", worker, f"/cases/{one_case}", no_rows),
            Page("dashboard (worker)", worker, "/", no_rows),
            Page("dashboard (coordinator)", coordinator, "/", no_rows),
            Page("API caseload (worker token)", worker_api, "/api/v1/cases/", json_rows),
            Page("API caseload (coord. token)", coordinator_api, "/api/v1/cases/", json_rows),
            # The city's case list narrowed as a coordinator narrows it: a third of the city (first contact),
            # a quarter (one kind), one worker's share, the reviews due, and the second page of the whole list.
            Page("city list: phase first contact", coordinator, "/cases/?phase=first_contact", html_rows),
            Page("city list: kind family", coordinator, "/cases/?kind=family", html_rows),
            Page("city list: one worker", coordinator, f"/cases/?worker={other_workers(CITY)[0]}", html_rows),
            Page("city list: reviews due", coordinator, "/cases/?due=y", html_rows),
            Page("city list: second page", coordinator, second_page(coordinator), html_rows),
        ]
        measure_pages(store, pages, requests, page_budget)
        query_plans = plans(app, store)
        final_log = log_head(store)

    busy = (f"; load average {load_before:.2f} before, {load_average():.2f} after"
            if load_before is not None else "")
    megabytes = f", database {size / 1e6:,.0f} MB" if size is not None else ""
    out.append(f"exitfi bench.pages: {kind}, {load.loaded:,} cases loaded (+{demo['cases']} demo cases), "
               f"{sizes['log']:,} records in the log after the load{megabytes}")
    out.append(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs{busy}")
    if load.stopped_early:
        out.append(f"LOAD STOPPED EARLY: {load.loaded:,} of {load.planned:,} cases fitted in the load budget of "
                   f"{load.budget:.0f} s; the pages below are measured with {load.loaded:,} cases")
    out.append(f"load:  {load.loaded:,} cases in {load.seconds:.1f} s = {load.rate:,.0f} cases/s "
               f"({load.rate * EVENTS_PER_CASE:,.0f} events/s), {load.transactions} transactions of up to "
               f"{PER_TRANSACTION} cases")
    out.append("       (each case opened, assigned, one meeting with a note; Case + Personal through "
               "store.acting/store.save: seals, vault keys, live projections)")
    per_city = ", ".join(f"{c} {sizes['demo_worker_cases'][c]}" for c in CITIES)
    out.append(f"cases of the demo worker (worker.CITY, incl. 4 demo cases each): {per_city}; "
               f"the rest of ~{load.loaded // len(CITIES):,} per city with 200 other workers")
    if kind == "postgresql":
        out.append("ANALYZE was run after the load (as autovacuum would soon do)")
    out.append("")
    out.extend(table(pages))
    out.append("")
    out.append(f"requests as {CITY} users through the Flask test client (in process, no network), each timed right "
               "after the same client's")
    out.append("GET /healthz; ratio = page median / that healthz median. rows = cases shown; SQL/req, commits/req and")
    out.append(f"log records/req = statements sent, transactions committed and records appended per request. "
               f"n < {requests} means the page")
    out.append(f"used up its budget of {page_budget:.0f} s. The log grew to {final_log:,} records while measuring "
               "(access-log entries).")
    out.append("")
    out.extend(query_plans)
    out.append(f"wall time for {kind}: {time.perf_counter() - started:.0f} s")
    print("\n".join(out), flush=True)
    print(flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES,
                        help=f"cases to load, spread over the three cities (default {DEFAULT_CASES:,})")
    parser.add_argument("--requests", type=int, default=REQUESTS, help=f"requests per page (default {REQUESTS})")
    parser.add_argument("--load-budget", type=float, default=LOAD_BUDGET,
                        help=f"seconds of loading per database before the load stops early (default {LOAD_BUDGET:.0f})")
    parser.add_argument("--page-budget", type=float, default=PAGE_BUDGET,
                        help=f"seconds of timed requests per page before it stops early (default {PAGE_BUDGET:.0f})")
    args = parser.parse_args(argv)
    if args.cases < 1 or args.requests < 1:
        parser.error("--cases and --requests must be at least 1")
    database_kinds = kinds()
    if "postgresql" not in database_kinds:
        print(f"(PostgreSQL skipped: set {' or '.join(ENV_VARS)})\n")
    started = time.perf_counter()
    try:
        for kind in database_kinds:
            run(kind, args.cases, args.requests, args.load_budget, args.page_budget)
    except BenchError as e:
        print(f"bench.pages: {e}", file=sys.stderr)
        return 1
    print(f"total wall time: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
