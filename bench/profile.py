"""`python -m bench.profile --instance DIR PATH [--as ROLE] [--cpu ROUNDS]`: where one page's time goes.

Opens the instance (one built by `python -m bench.load --keep DIR`, or generated), signs in as the city's demo
worker or coordinator through the Flask test client (bench.pages), asks for the page once to warm up, then
profiles REPEATS requests in this one process and prints pyinstrument's call tree; with `--cpu ROUNDS`, it
times ROUNDS rounds of REPEATS requests instead and prints the CPU time per request of each round and of the
best (the least disturbed by other work on the machine), the access-log entry of each request included.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.loaddata import targets_of
from bench.measure import BenchError
from bench.pages import Client
from core.instance import open_instance
from core.web import create_app

REPEATS = 10


def profile(folder: Path, path: str, role: str, repeats: int, rounds: int = 0) -> str:
    from pyinstrument import Profiler
    targets = targets_of(folder)
    instance = open_instance(folder)
    try:
        app = create_app({"EXITFI_INSTANCE": instance})
        client = Client.signed_in(app, getattr(targets, role))
        path = path.replace("{long_case}", targets.long_case)
        if client.get(path).status_code != 200:
            raise BenchError(f"GET {path} as {role} did not answer 200")
        if rounds:
            return cpu_per_request(client, path, repeats, rounds)
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(repeats):
                client.get(path)
        return profiler.output_text(unicode=True, show_all=False)
    finally:
        instance.close()


def cpu_per_request(client, path: str, repeats: int, rounds: int) -> str:
    """This process's CPU milliseconds per request, in rounds: each round's and the best."""
    times = []
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(repeats):
            client.get(path)
        times.append((time.process_time() - started) * 1000 / repeats)
    return (f"GET {path}: best {min(times):.1f} ms of CPU per request "
            f"(rounds of {repeats}: {', '.join(f'{t:.1f}' for t in times)})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instance", type=Path, required=True)
    parser.add_argument("path", help="the page, e.g. /cases/ or /cases/{long_case} (the case with most events)")
    parser.add_argument("--as", dest="role", choices=("worker", "coordinator"), default="worker")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--cpu", type=int, default=0, metavar="ROUNDS",
                        help="time ROUNDS rounds of REPEATS requests (CPU per request) instead of profiling")
    args = parser.parse_args(argv)
    try:
        print(profile(args.instance.resolve(), args.path, args.role, args.repeats, args.cpu))
    except BenchError as e:
        print(f"bench.profile: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
