"""The printed table and the optional JSON file."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

from bench.measure import Figure

HERE = Path(__file__).resolve().parent


def load_average() -> float | None:
    """The 1-minute load average, to show how busy the machine was (None where the OS has none)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def header(kind: str, cases: int, events: int, load: tuple) -> str:
    busy = f"; load average {load[0]:.2f} before, {load[1]:.2f} after" if None not in load else ""
    return (f"exitfi bench: {kind}, {cases:,} cases + 1 warm-up ({events:,} events in the log)\n"
            f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs{busy}")


def table(figures: list[Figure]) -> str:
    rows = [("figure", "value", "baseline", "ratio")]
    for f in figures:
        rows.append((f"{f.name} ({f.unit})", f"{f.measured.rate:,.0f}", f"{f.baseline.rate:,.0f}", f"{f.ratio:.3f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join([r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    lines.append("ratio = value / baseline; baselines, measured in the same run:")
    for f in figures:
        lines.append(f"  {f.name:8} {f.baseline_is}")
    return "\n".join(lines)


def write_json(kind: str, cases: int, events: int, load: tuple, figures: list[Figure]) -> Path:
    path = HERE / f"results-{kind}.json"
    data = {
        "database": kind,
        "cases": cases,
        "events": events,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_before": load[0],
        "load_average_after": load[1],
        "figures": [{
            "figure": f.name,
            "unit": f.unit,
            "value": f.measured.rate,
            "baseline": f.baseline.rate,
            "ratio": f.ratio,
            "count": f.measured.count,
            "seconds": f.measured.seconds,
            "baseline_count": f.baseline.count,
            "baseline_seconds": f.baseline.seconds,
            "baseline_is": f.baseline_is,
        } for f in figures],
    }
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path
