"""A unit of generated data as a list of steps: each one command through a plugin's service, its own transaction.

A unit (a case with its history, a training session with its participants) is planned in full from its own
seeded random generator before it runs, so that it is the same whatever the run; the ids its commands create
are kept in a context (a dict of hex ids) that later steps read. To resume a unit stopped between a command's
commit and the note of it (bench/journal.py), each step says which record it writes (`target`, known before it
runs) and, when it creates one whose id is random, how to find that record in the log after a position (`find`).
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
    target: Callable[[Context], str | None] | None = None  # the record it writes, known before it runs
    creates: str | None = None                             # the context's name for the record it makes
    find: Callable[[Context, int], object] | None = None   # that record, looked for after a log position


def hex_of(value) -> str:
    return uuid.UUID(str(value)).hex


def written_after(store, record_id: str, position: int) -> bool:
    """Whether the log holds an event of the record after the position (the event index is a live read model)."""
    with store.reading() as session:
        return session.execute(select(event_index.c.position).where(
            event_index.c.record_id == record_id, event_index.c.position > position).limit(1)).first() is not None


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


def done_steps(store, steps: list[Step], context: Context, step: int, position: int) -> int:
    """The step a unit noted as about to run `step` goes on from: the next if it committed (its new id kept)."""
    current = steps[step]
    target = current.target(context) if current.target else None
    if target is not None:
        committed = written_after(store, target, position)
        if committed and current.creates:
            context[current.creates] = hex_of(current.find(context, position))
        return step + 1 if committed else step
    found = current.find(context, position) if current.find else None
    if found is None:
        return step
    context[current.creates] = hex_of(found)
    return step + 1


def run_step(current: Step, context: Context) -> None:
    """Run one step, keeping the id of what it made."""
    made = current.run(context)
    if current.creates:
        context[current.creates] = hex_of(made)
