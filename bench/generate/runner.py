"""Running chunks of units in one process: each unit's commands, each through its service, in one transaction."""

from __future__ import annotations

import os
from pathlib import Path

from bench.generate.cases import case_steps
from bench.generate.journal import Journal
from bench.generate.steps import run_step, unit_committed
from bench.generate.trainings import training_steps
from core import signals

PLANS = {"case": case_steps, "training": training_steps}


class Tally:
    """The events this process recorded, and the log position of the last one."""

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
        steps = PLANS[kind](world, number)
        # A unit commits whole or not at all: if its first command is in the log, the note before it is stale.
        if note and note["unit"] == number and unit_committed(world.store, steps, note["position"]):
            note = None
            report(kind, 0)
            continue
        note = None
        journal.note(number, tally.position, events)
        before = tally.events
        run_unit(world.store, steps, alive)
        events += tally.events - before
        report(kind, tally.events - before)
    journal.finish(end, events)


def run_unit(store, steps, alive=lambda: True) -> None:
    """Run a unit's commands, each through its service as the pages run it, committed together at the end.

    Each command still loads its record, checks its rules, seals, projects and indexes its events; only the
    commit is shared (a command's transaction joins the one open), which saves a disk flush per command. The
    commands' event_recorded signals come as each ends, before the unit commits: the run's Tally counts them.
    """
    context: dict = {}
    with store.recorder.transaction(commit=True):
        for step in steps:
            if not alive():
                raise SystemExit(1)
            run_step(step, context)


def parent_alive(parent: int):
    """A worker process stops when the run that started it has gone (killed): a new run takes its chunks."""
    return lambda: os.getppid() == parent
