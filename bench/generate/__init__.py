"""`python -m bench.generate [--instance DIR] [--database-url URL] [--cases N] [--workers K]`: a data set for the
benchmarks, made through the real command path.

It writes a normal instance folder (exitfi.toml, keys, and by default the SQLite file exitfi-bench.sqlite) with
three cities, the demo users, the network directory, training sessions and N cases (100,000 give about two million
events), every one of them through the plugins' services as the pages run them; the commands of one case (or one
training session) share a transaction, which commits once at the case's end.
Serve it with `EXITFI_INSTANCE=DIR exitfi serve`. Case `i` is the same in every run (its own seeded generator,
invented names); stopped at any point, the same command goes on where it stopped, and with a larger N adds cases.
The folder's manifest.json says what it holds: counts, the cases with a 1,000-event timeline, the demo logins.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
import time
from pathlib import Path

import click

from bench.generate import journal
from bench.generate.journal import chunks
from bench.generate.manifest import check_settings, write_manifest
from bench.generate.runner import Tally, parent_alive, run_chunk
from bench.generate.staff import add_directory, add_users
from bench.generate.world import build_world
from core.config import CONFIG_NAME, init_instance
from core.instance import open_instance

DEFAULT_INSTANCE = Path("bench/data")
DEFAULT_DATABASE = "sqlite:///exitfi-bench.sqlite"  # inside the instance folder
DEFAULT_CASES = 100_000
DEFAULT_ORGANISATIONS = 210
SEED = 13
BIG_CONTACTS = 950  # the contacts of each city's first case: a case page with a timeline of about 1,000 events


def prepare(folder: Path, database_url: str | None) -> None:
    """Create the instance folder (configuration and keys) on first use; later runs must name the same database."""
    config = folder / CONFIG_NAME
    if not config.exists():
        init_instance(folder, echo=lambda message: None)
        text = config.read_text(encoding="utf-8")
        url = database_url or DEFAULT_DATABASE
        config.write_text(re.sub(r'(?m)^database_url = "[^"]*"', f'database_url = "{url}"', text, count=1),
                          encoding="utf-8")
    elif database_url and f'database_url = "{database_url}"' not in config.read_text(encoding="utf-8"):
        raise SystemExit(f"{config} names another database; use another --instance folder for {database_url}")


def trainings_for(cases: int) -> int:
    """A few hundred sessions at national scale, one per city at the least."""
    return max(3, cases // 300)


def _worker(folder, shape, work, reports, parent):
    instance = open_instance(folder, migrate=False)
    tally = Tally(instance.store)
    world = build_world(instance, **shape)
    alive = parent_alive(parent)
    try:
        while (item := work.get()) is not None:
            run_chunk(world, folder, tally, *item, report=lambda kind, events: reports.put((kind, events)),
                      alive=alive)
    except KeyboardInterrupt:  # Ctrl-C reaches every process of the run: the run says how to go on
        pass
    finally:
        reports.put(None)
        instance.close()


def generate(folder: Path, cases: int, workers: int = 1, organisations: int = DEFAULT_ORGANISATIONS,
             trainings: int | None = None, seed: int = SEED, database_url: str | None = None,
             big_contacts: int = BIG_CONTACTS, echo=print, progress: bool = True) -> dict:
    """Make (or finish) the data set in `folder`; return the manifest."""
    folder = Path(folder)
    prepare(folder, database_url)
    shape = {"organisations": organisations, "seed": seed, "big_contacts": big_contacts}
    check_settings(folder, shape)
    trainings = trainings_for(cases) if trainings is None else trainings
    started, cpu = time.perf_counter(), os.times()
    instance = open_instance(folder)
    try:
        if workers > 1 and instance.store.datastore.engine.dialect.name == "sqlite":
            # A case holds SQLite's one write lock from its first command to its commit, longer than a waiting
            # process's busy timeout.
            raise SystemExit("SQLite takes one writer at a time: use --workers 1")
        world = build_world(instance, **shape)
        tally = Tally(instance.store)
        echo("users and the network directory ...")
        add_users(world, cases, echo)
        add_directory(world)
        work = [(kind, *chunk) for kind, total in (("training", trainings), ("case", cases))
                for chunk in chunks(total)
                if journal.Journal(folder, kind, chunk[0]).start(chunk[1])[0] < chunk[2]]
        todo = {kind: total - journal.done_units(folder, kind, total)
                for kind, total in (("training", trainings), ("case", cases))}
        setup_events = tally.events
        counter = Counter(todo, echo if progress else None)
        if workers <= 1:
            for item in work:
                run_chunk(world, folder, tally, *item, report=counter.add)
        else:
            instance.close()
            _in_processes(folder, shape, work, workers, counter)
            instance = open_instance(folder, migrate=False)
            world = build_world(instance, **shape)
        counter.close()
        seconds, used = time.perf_counter() - started, cpu_seconds(cpu)
        written = setup_events + counter.events
        run = {"seconds": round(seconds, 1), "events_written": written, "workers": workers,
               "events_per_second": round(written / seconds, 1) if seconds else None,
               # what the writing processes used of the machine: the rate a busy machine leaves them is not theirs
               "cpu_seconds": round(used, 1), "events_per_cpu_second": round(written / used, 1) if used else None}
        manifest = write_manifest(instance, world, folder, cases, trainings, seed, run)
        rate = run["events_per_second"] or 0
        echo(f"{manifest['counts']['cases']:,} cases, {manifest['counts']['events']:,} events in the log; "
             f"this run wrote {written:,} events in {seconds:,.0f} s ({rate:,.0f} events/s; "
             f"{used:,.0f} s of processor time, {run['events_per_cpu_second'] or 0:,.0f} events per processor second)")
        return manifest
    finally:
        instance.close()


def cpu_seconds(since) -> float:
    """Processor time this process and its finished worker processes used since `since` (os.times())."""
    now = os.times()
    return sum(getattr(now, f) - getattr(since, f) for f in ("user", "system", "children_user", "children_system"))


def _in_processes(folder, shape, work, workers, counter) -> None:
    context = multiprocessing.get_context("spawn")  # a fresh interpreter each: no database connection crosses a fork
    queue, reports = context.Queue(), context.Queue()
    for item in work:
        queue.put(item)
    for _ in range(workers):
        queue.put(None)
    processes = [context.Process(target=_worker, args=(folder, shape, queue, reports, os.getpid()),
                                 daemon=True) for _ in range(workers)]
    for process in processes:
        process.start()
    running = workers
    while running:
        report = reports.get()
        if report is None:
            running -= 1
        else:
            counter.add(*report)
    for process in processes:
        process.join()
        if process.exitcode:
            raise SystemExit(f"a worker process failed (exit code {process.exitcode}); run again to go on")


class Counter:
    """The progress bar: units made of each kind, and events written per second; a line a minute into a log."""

    EVERY = 60.0  # seconds between the lines written when the output is not a terminal

    def __init__(self, todo: dict, echo):
        self.events, self.units, self.total = 0, 0, sum(todo.values())
        self.started = self.last_line = time.perf_counter()
        self.echo = echo
        self.bar = None
        if echo and sys.stderr.isatty():
            self.bar = click.progressbar(length=self.total, label="training sessions and cases", show_pos=True,
                                         item_show_func=lambda text: text, file=sys.stderr)
            self.bar.__enter__()
        elif echo:
            echo(f"training sessions and cases: {self.total:,} to make")

    def add(self, kind: str, events: int) -> None:
        self.events += events
        self.units += 1
        now = time.perf_counter()
        rate = self.events / max(now - self.started, 1e-9)
        if self.bar:
            self.bar.update(1, f"{self.events:,} events, {rate:,.0f}/s")
        elif self.echo and (now - self.last_line >= self.EVERY or self.units == self.total):
            self.last_line = now
            left = (self.total - self.units) * (now - self.started) / self.units
            self.echo(f"  {self.units:,} of {self.total:,} ({100 * self.units / max(self.total, 1):.0f}%), "
                      f"{self.events:,} events, {rate:,.0f}/s, about {left / 60:,.0f} min to go")

    def close(self) -> None:
        if self.bar:
            self.bar.__exit__(None, None, None)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instance", type=Path,
                        help="instance folder (default bench/data, or bench/data/postgresql with a PostgreSQL URL)")
    parser.add_argument("--database-url", help=f"database of a new instance folder (default {DEFAULT_DATABASE})")
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="cases in all (default 100,000)")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes writing at once (default 1; the log takes one writer at a time, and a case "
                             "holds it from its first event to its commit, so more processes take turns)")
    parser.add_argument("--organisations", type=int, default=DEFAULT_ORGANISATIONS,
                        help="organisations in the network directory (every run of a folder must use the same)")
    parser.add_argument("--trainings", type=int, help="training sessions (default cases / 300, at least 3)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--big-contacts", type=int, default=BIG_CONTACTS,
                        help="contacts of each city's first case (default 950: a timeline of about 1,000 events)")
    args = parser.parse_args(argv)
    if args.cases < 0 or args.workers < 1:
        parser.error("--cases must be 0 or more and --workers at least 1")
    folder = args.instance or (DEFAULT_INSTANCE / "postgresql" if (args.database_url or "").startswith("postgresql")
                               else DEFAULT_INSTANCE)
    try:
        generate(folder, args.cases, args.workers, args.organisations, args.trainings, args.seed,
                 args.database_url, args.big_contacts)
    except KeyboardInterrupt:
        print("\nstopped; run the same command again to go on", file=sys.stderr)
        return 130
    return 0
