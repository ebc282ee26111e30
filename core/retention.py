"""The retention run: erase every person whose retention period has ended, city by city, and record the run."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from core import signals
from core.days import finnish_today
from core.erasure import record_erasure, scrub_destroyed_keys
from core.events import Actor, Aggregate, event
from core.extensions import RetentionDue, RetentionHold
from core.processing import retention_periods


class RetentionRun(Aggregate):
    """One retention run: the day it was as of, the cities it went through and whom it erased."""

    class Completed(Aggregate.Created):
        as_of: date
        cities: list
        erased: list          # the person ids (hex) erased, each with its own PersonalDataErased
        held: int             # due in one city, still held by another record
        already_erased: int

    @event(Completed)
    def __init__(self, as_of: date, cities: list, erased: list, held: int, already_erased: int):
        self.as_of = as_of
        self.cities = list(cities)
        self.erased = list(erased)
        self.held = held
        self.already_erased = already_erased


@dataclass(frozen=True)
class Decision:
    """What the run does with one person due: erase them, or why not."""

    person_id: uuid.UUID
    due: tuple[RetentionDue, ...]
    holds: tuple[RetentionHold, ...] = ()
    already_erased: bool = False

    @property
    def action(self) -> str:
        return "already erased" if self.already_erased else "held" if self.holds else "erase"

    @property
    def ended_on(self) -> date:
        return max(d.ended_on for d in self.due)

    def reason(self) -> str:
        """The erasure's recorded reason: which periods ended, and when (no personal data)."""
        ended = "; ".join(f"{d.record}: {d.description}, ended {d.ended_on.isoformat()}" for d in self.due)
        return f"retention period ended ({ended})"

    def line(self, dry_run: bool) -> str:
        """One line of the run's listing: the person's id, what is done and why, and nothing about them."""
        if self.already_erased:
            return f"skip   {self.person_id}  already erased"
        if self.holds:
            return f"hold   {self.person_id}  " + "; ".join(f"{h.record}: {h.reason}" for h in self.holds)
        verb = "would erase" if dry_run else "erased"
        return f"{verb:6} {self.person_id}  " + "; ".join(
            f"{d.record}: {d.description}, ended {d.ended_on.isoformat()}" for d in self.due)


@dataclass
class RunReport:
    """What a retention run found and did."""

    as_of: date
    dry_run: bool
    decisions: list[Decision] = field(default_factory=list)
    run_id: uuid.UUID | None = None

    def count(self, action: str) -> int:
        return sum(1 for d in self.decisions if d.action == action)


def holds(store, host, settings, person_id, today: date) -> list[RetentionHold]:
    """Everything in any city that still holds a person's data (empty: nothing does)."""
    from core.auth.service import find_account
    person_id = uuid.UUID(str(person_id))
    found: list[RetentionHold] = []
    account = find_account(store, user_id=person_id.hex)
    if account is not None and account.active:
        found.append(RetentionHold(person_id, f"staff account {person_id}", None,
                                   "an active staff account: the log names its holder as the actor of their work; "
                                   "deactivate the account first"))
    for slug, city in settings.cities.items():
        periods = retention_periods(host, city)
        for answer in host.hook(slug).retention_holds(store=store, city=city, periods=periods,
                                                      person_id=person_id, today=today):
            found.extend(answer)
    return found


def due(store, host, settings, today: date) -> dict[uuid.UUID, list[RetentionDue]]:
    """The persons whose retention period has ended in some city, with every period that ended."""
    found: dict[uuid.UUID, list[RetentionDue]] = {}
    for slug, city in settings.cities.items():
        periods: Mapping[str, int] = retention_periods(host, city)
        for answer in host.hook(slug).retention_due(store=store, city=city, periods=periods, today=today):
            for item in answer:
                found.setdefault(item.person_id, []).append(item)
    return found


def plan(store, host, settings, today: date) -> list[Decision]:
    """Decide, for every person due, whether the run erases them; nothing is written."""
    decisions = []
    for person_id, items in sorted(due(store, host, settings, today).items(), key=lambda kv: kv[0].hex):
        items = tuple(sorted(items, key=lambda d: (d.ended_on, d.record)))
        if store.vault.is_erased(person_id):
            decisions.append(Decision(person_id, items, already_erased=True))
        else:
            decisions.append(Decision(person_id, items, tuple(holds(store, host, settings, person_id, today))))
    return decisions


def run(store, host, settings, actor: Actor, today: date | None = None, dry_run: bool = False) -> RunReport:
    """Erase every person due and not held, and record the run, in one transaction; a dry run writes nothing."""
    today = today or finnish_today()
    if dry_run:
        return RunReport(today, dry_run, plan(store, host, settings, today))
    with store.acting(actor, reason=f"retention run as of {today.isoformat()}") as session:
        # Decided inside the transaction that erases, so that a case reopened meanwhile is seen as open.
        report = RunReport(today, dry_run, plan(store, host, settings, today))
        erased = [d for d in report.decisions if d.action == "erase"]
        for decision in erased:
            record_erasure(store, session, decision.person_id, decision.reason())
        recorded = RetentionRun(as_of=today, cities=sorted(settings.cities), erased=[d.person_id.hex for d in erased],
                                held=report.count("held"), already_erased=report.count("already erased"))
        store.save(recorded)
    report.run_id = recorded.id
    scrub_destroyed_keys(store)  # every run, so that a run after one a busy reader held up finishes the scrub
    for decision in erased:
        signals.person_erased.send(store, person_id=decision.person_id)
    return report
