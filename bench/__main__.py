"""`python -m bench [--cases N] [--json]`: measure on SQLite and, when configured, on PostgreSQL."""

from __future__ import annotations

import argparse
import os
import sys

from bench import DEFAULT_CASES
from bench.databases import ENV_VARS, databases, kinds
from bench.measure import BenchError, measure_rebuild, measure_verify, measure_write
from bench.report import header, load_average, table, write_json
from bench.workload import COMMANDS_PER_CASE
from core.store import Store
from plugins.casework.projections import CaseList


def run(kind: str, cases: int, as_json: bool) -> None:
    master_key, seal_key = os.urandom(32), os.urandom(32)
    load_before = load_average()
    with databases(kind) as (log_url, baseline_url):
        projection = CaseList()
        store = Store(log_url, master_key, seal_key, [projection])
        baseline_store = Store(baseline_url, master_key, seal_key, [])
        try:
            store.create_tables()
            baseline_store.create_tables()
            events = (cases + 1) * COMMANDS_PER_CASE
            figures = [
                measure_write(store, baseline_store, cases),
                measure_verify(store, seal_key, events),
                measure_rebuild(store, projection, events, cases + 1),
            ]
        finally:
            baseline_store.close()
            store.close()
    load = (load_before, load_average())
    print(header(kind, cases, events, load))
    print(table(figures))
    if as_json:
        print(f"wrote {write_json(kind, cases, events, load, figures)}")
    print()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES,
                        help=f"cases to write (3 commands each; default {DEFAULT_CASES:,})")
    parser.add_argument("--json", action="store_true", help="also write bench/results-<database>.json")
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    database_kinds = kinds()
    if "postgresql" not in database_kinds:
        print(f"(PostgreSQL skipped: set {' or '.join(ENV_VARS)})\n")
    try:
        for kind in database_kinds:
            run(kind, args.cases, args.json)
    except BenchError as e:
        print(f"bench: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
