"""Running chunks of units in one process: each step its own command, each noted before it runs."""

from __future__ import annotations

import os
from pathlib import Path

from bench.cases import case_steps
from bench.journal import Journal
from bench.steps import done_steps, run_step
from bench.trainings import training_steps
from core import signals

PLANS = {"case": case_steps, "training": training_steps}


class Tally:
    """The events this process committed, and the log position of the last one."""

    def __init__(self, store):
        self.events = 0
        with store.reading():
            self.position = store.recorder.max_notification_id() or 0
        self.store = store
        signals.event_recorded.connect(self.recorded, sender=store, weak=False)

    def recorded(self, sender, event, position) -> None:
        self.events += 1
        self.position = max(self.position, position)

    def close(self) -> None:
        signals.event_recorded.disconnect(self.recorded, sender=self.store)


def run_chunk(world, instance_dir: Path, tally: Tally, kind: str, chunk: int, first: int, end: int,
              report=lambda kind, events: None, alive=lambda: True) -> None:
    """Make units first..end-1 of a kind (those not made yet), then mark the chunk done."""
    journal = Journal(instance_dir, kind, chunk)
    with journal.held():
        _run_chunk(world, journal, tally, kind, first, end, report, alive)


def _run_chunk(world, journal, tally, kind, first, end, report, alive) -> None:
    start, note = journal.start(first)
    previous = journal.finished()
    events = note["events"] if note else (previous["events"] if previous else 0)
    for number in range(start, end):
        steps, context, step = PLANS[kind](world, number), {}, 0
        if note and note["unit"] == number:
            context = note["context"]
            step = done_steps(world.store, steps, context, note["step"], note["position"])
        note = None
        before = tally.events
        for step in range(step, len(steps)):
            if not alive():
                raise SystemExit(1)
            journal.note(number, step, tally.position, context, events + tally.events - before)
            run_step(steps[step], context)
        events += tally.events - before
        report(kind, tally.events - before)
    journal.finish(end, events)


def parent_alive(parent: int):
    """A worker process stops when the run that started it has gone (killed): a new run takes its chunks."""
    return lambda: os.getppid() == parent
