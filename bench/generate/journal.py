"""Where a generation run stands, in files beside the data: which chunks of units are done, and in the chunk being
made, the unit about to run and the log position before it.

The note is written before each unit, whose commands commit together, so that a run stopped at any point (Ctrl-C,
kill) goes on from the unit it was making, or from the one after if that unit had committed (bench/generate/steps.py
tells which): no case is made twice and none is left half-made.
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path

CHUNK = 25  # units a worker process takes at a time


def folder_of(instance_dir: Path) -> Path:
    path = Path(instance_dir) / "generate"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write(path: Path, data: dict) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, path)


class Journal:
    """The note of one chunk of units of one kind (case, training)."""

    def __init__(self, instance_dir: Path, kind: str, chunk: int):
        self.path = folder_of(instance_dir) / f"{kind}-{chunk:06d}.json"
        self.done_path = folder_of(instance_dir) / f"{kind}-{chunk:06d}.done"

    @contextmanager
    def held(self):
        """Hold the chunk while making it: a process left from a killed run lets go (it ends) before another goes on."""
        with open(self.path.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def read(self) -> dict | None:
        """The last note: {unit, position, events}, or None for a chunk not begun."""
        try:
            note = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        if "step" in note:  # an earlier generator committed each command: its unit may be half-made
            raise SystemExit(f"{self.path} was left in the middle of a unit by an earlier version of the generator; "
                             "make the data set afresh in another folder")
        return note

    def note(self, unit: int, position: int, events: int) -> None:
        _write(self.path, {"unit": unit, "position": position, "events": events})

    def finished(self) -> dict | None:
        """What the chunk's last finished run covered: {end, events}, or None."""
        try:
            return json.loads(self.done_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    def start(self, first: int) -> tuple[int, dict | None]:
        """The unit to begin the chunk with, and the note to resume it from (None: begin the unit afresh)."""
        note = self.read()
        if note:
            return note["unit"], note
        done = self.finished()
        return (max(first, done["end"]) if done else first), None

    def finish(self, end: int, events: int) -> None:
        """The chunk is done up to unit `end` (a later run with more cases goes on from there)."""
        _write(self.done_path, {"end": end, "events": events})
        self.path.unlink(missing_ok=True)


def chunks(total: int) -> list[tuple[int, int, int]]:
    """(chunk, first unit, end) of `total` units."""
    return [(c, c * CHUNK, min(total, (c + 1) * CHUNK)) for c in range(-(-total // CHUNK))]


def done_units(instance_dir: Path, kind: str, total: int) -> int:
    """How many of the first `total` units of a kind are done."""
    return sum(min(Journal(instance_dir, kind, chunk).start(first)[0], end) - first
               for chunk, first, end in chunks(total))

