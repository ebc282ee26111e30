"""Where and when a figure was measured, and its JSON file under bench/results/."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_average() -> float | None:
    """The 1-minute load average, to show how busy the machine was (None where the OS has none)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def machine() -> dict:
    """What the figures were measured on."""
    return {"python": sys.version.split()[0], "platform": platform.platform(), "machine": platform.machine(),
            "cpus": os.cpu_count()}


def write_result(part: str, kind: str, command: str, result: dict, load: tuple, seconds: float,
                 folder: Path | None = None) -> Path:
    """bench/results/<part>-<database>.json (or in `folder`): the figures with the machine, the date and the command."""
    folder = folder or HERE / "results"
    folder.mkdir(exist_ok=True)
    path = folder / f"{part}-{kind}.json"
    data = {"part": part, "database": kind, "command": command,
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **machine(),
            "load_average_before": load[0], "load_average_after": load[1], "seconds": round(seconds, 1), **result}
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path
