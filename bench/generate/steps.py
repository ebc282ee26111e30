"""A unit of generated data as a list of steps: each one command through a plugin's service.

A unit (a case with its history, a training session with its participants) is planned in full from its own
seeded random generator before it runs, so that it is the same whatever the run; the ids its commands create
are kept in a context (a dict of hex ids) that later steps read. A unit's commands commit together
(bench/generate/runner.py), so a stopped unit is either all in the log or not at all: to tell which, its first step
says how to find the record it creates in the log after a position (`find`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from core.event_index import event_index

Context = dict  # name -> hex id of the records the unit made


@dataclass(frozen=True)
class Step:
    """One command of a unit."""

    run: Callable[[Context], object]                      # runs the command; returns the id of a record it makes
    creates: str | None = None                             # the context's name for the record it makes
    find: Callable[[Context, int], object] | None = None   # that record, looked for after a log position (first steps)


def hex_of(value) -> str:
    return uuid.UUID(str(value)).hex


def created_after(store, position: int, cls, matches: Callable[[object], bool]):
    """The id of a record of class `cls` first written after the position that `matches`, or None."""
    prefix = f"{cls.__module__}:{cls.__qualname__}."
    with store.reading() as session:
        rows = session.execute(select(event_index.c.record_id, event_index.c.topic).where(
            event_index.c.position > position, event_index.c.version == 1).order_by(event_index.c.position)).all()
    for record_id, topic in rows:
        if topic.startswith(prefix) and matches(store.get(record_id)):
            return record_id
    return None


def unit_committed(store, steps: list[Step], position: int) -> bool:
    """Whether a unit noted as about to begin after the log position is in the log (its first record is there)."""
    return steps[0].find({}, position) is not None


def run_step(current: Step, context: Context) -> None:
    """Run one step, keeping the id of what it made."""
    made = current.run(context)
    if current.creates:
        context[current.creates] = hex_of(made)
