"""`python -m bench`: the core's figures on SQLite and (when configured) PostgreSQL, each beside its baseline.

    python -m bench [--parts write,rebuild,asof] [--commands N] [--writers 1,8] [--events 200000,2000000]

- write:   the command path against the library's own load + one event + save and against raw single-row
           insert transactions, with one writer and with several (bench/write.py);
- rebuild: every read model rebuilt in one pass against the library's select + decode, with peak memory,
           and `verify` against one HMAC per row, at each log size (bench/rebuild.py);
- asof:    a case of 1,000 events as of a random day (bench/asof.py).

Each figure goes to bench/results/<part>-<database>.json with the machine, the date and the command;
docs/performance.md summarises them. Pages under load are `python -m bench.load`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from bench.databases import ENV_VARS, databases, kinds
from bench.measure import BenchError
from bench.report import load_average, write_result


def run_write(kind: str, commands: int, writers: list[int], cases: int) -> dict:
    from bench import write
    figures = {}
    with databases(kind) as (log, raw), databases(kind) as (plain, _):
        setup = write.prepare(log, plain, raw, cases)
        for n in writers:
            spent = write.measure(setup, commands, n)
            figures[f"{n} writer{'s' if n > 1 else ''}"] = {
                way: {"per_s": t.rate, "count": t.count, "seconds": t.seconds} for way, t in spent.items()} | {
                "ratio_to_plain": spent["command"].rate / spent["plain"].rate,
                "ratio_to_raw": spent["command"].rate / spent["raw"].rate}
    return {"cases": cases, "commands_per_way": commands, "figures": figures,
            "targets": {"ratio_to_plain": 1.0, "ratio_to_raw": 0.5}}


def run_rebuild(kind: str, sizes: list[int], turns: int) -> dict:
    from bench import rebuild
    from bench.scale import database, instance, stderr_progress
    results = []
    with database(kind) as url, instance(url) as inst:
        for events in sorted(sizes):
            head = rebuild.log_of(inst, events, progress=stderr_progress(kind))
            settings = inst.settings
            results.append(rebuild.measure(url, settings.master_key, settings.seal_key, head, turns))
    return {"sizes": results, "targets": {"rebuild_events_per_s": 50_000, "rebuild_ratio": 0.3,
                                          "peak_memory_growth": 0.2, "verify_records_per_s": 300_000}}


def run_asof(kind: str, events: int) -> dict:
    from bench import asof
    from bench.scale import database, instance
    with database(kind) as url, instance(url) as inst:
        case_id = asof.long_case(inst, events)
        return asof.measure(inst, case_id, events) | {"target_p95_ms": 20}


def show(part: str, kind: str, result: dict) -> None:
    print(f"== {part}, {kind}")
    if part == "write":
        for name, f in result["figures"].items():
            print(f"  {name:10} command {f['command']['per_s']:8,.0f}/s  plain {f['plain']['per_s']:8,.0f}/s  "
                  f"raw {f['raw']['per_s']:8,.0f}/s  ratio to plain {f['ratio_to_plain']:.2f}  to raw {f['ratio_to_raw']:.2f}")
    elif part == "rebuild":
        for s in result["sizes"]:
            r, v = s["rebuild"], s["verify"]
            print(f"  {s['events']:>10,} events: rebuild {r['events_per_s']:9,.0f}/s (select+decode {r['baseline_per_s']:9,.0f}/s, "
                  f"ratio {r['ratio']:.2f}, peak {r['peak_mb']:.0f} MB, +{r['grew_mb']:.0f} MB while working); verify {v['records_per_s']:9,.0f}/s "
                  f"(ratio {v['ratio']:.2f})")
    else:
        print(f"  {result['events']:,}-event case as of a day: p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, "
              f"max {result['max_ms']:.1f} ms "
              f"(whole-case load p50 {result['baseline_p50_ms']:.1f} ms)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parts", default="write,rebuild,asof")
    parser.add_argument("--commands", type=int, default=1500, help="units of work per way and writer count")
    parser.add_argument("--cases", type=int, default=1000, help="cases the writers share")
    parser.add_argument("--writers", default="1,8")
    parser.add_argument("--events", default="200000,2000000", help="log sizes for rebuild and verify")
    parser.add_argument("--turns", type=int, default=2, help="times each rebuild and verify runs, in turns")
    parser.add_argument("--asof-events", type=int, default=1000)
    parser.add_argument("--databases", default=",".join(kinds()))
    parser.add_argument("--no-json", action="store_true", help="print only (the suite's smoke run)")
    args = parser.parse_args(argv)
    parts = [p for p in args.parts.split(",") if p]
    unknown = set(parts) - {"write", "rebuild", "asof"}
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    if "postgresql" not in kinds():
        print(f"(PostgreSQL skipped: set {' or '.join(ENV_VARS)})\n")
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    try:
        for kind in [k for k in args.databases.split(",") if k in kinds()]:
            for part in parts:
                load = load_average()
                started = time.perf_counter()
                if part == "write":
                    result = run_write(kind, args.commands, [int(w) for w in args.writers.split(",")], args.cases)
                elif part == "rebuild":
                    result = run_rebuild(kind, [int(e) for e in args.events.split(",")], args.turns)
                else:
                    result = run_asof(kind, args.asof_events)
                show(part, kind, result)
                if not args.no_json:
                    path = write_result(part, kind, command, result, (load, load_average()),
                                        time.perf_counter() - started)
                    print(f"  wrote {os.path.relpath(path)}")
    except BenchError as e:
        print(f"bench: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
