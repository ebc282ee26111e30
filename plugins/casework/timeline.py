"""A case's timeline: each event with who did it, when, in which role and why, and what other plugins add."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from core.toolkit import TimelineEntry
from core.toolkit import lazy_gettext as _l
from plugins.casework.domain import Case

LABELS = {
    Case.Opened: _l("Case opened"),
    Case.WorkerAssigned: _l("Worker assigned"),
    Case.MeetingRecorded: _l("Contact recorded"),
    Case.PhaseChanged: _l("Phase changed"),
    Case.Screened: _l("Screening decision"),
    Case.ConsentGiven: _l("Consent given"),
    Case.ConsentWithdrawn: _l("Consent withdrawn"),
    Case.LegalBasisRecorded: _l("Legal basis recorded"),
    Case.Closed: _l("Case closed"),
    Case.FollowUpReviewed: _l("Follow-up review held"),
    Case.FollowUpEnded: _l("Follow-up ended"),
    Case.Reopened: _l("Case opened again"),
    Case.SecondWorkerChosen: _l("Second worker chosen"),
    Case.TransferRequested: _l("Transfer to another city requested"),
    Case.TransferAccepted: _l("Case moved to another city"),
    Case.TransferDeclined: _l("Transfer declined"),
}
SHOWN = frozenset(LABELS)


@dataclass
class Entry:
    """One line of a timeline: one of the case's events, or an entry another plugin added (no version, no event)."""

    version: int | None
    at: datetime
    what: object
    actor: str
    role: str
    reason: str | None
    event: object
    new: bool = False
    detail: str | None = None


def timeline_of(store, case_id: str, since: int | None = None, added: Iterable[TimelineEntry] = (),
                until: int | None = None, newest: int | None = None) -> list[Entry]:
    """Return the case's events (up to version `until`) and the added entries newest first, the `newest` of them
    only if given; events after version `since` are marked new."""
    entries = []
    # The newest entries of all are among the case's newest events and the added ones: a long history is not read.
    for e in store.events.get(uuid.UUID(case_id), lte=until, desc=newest is not None, limit=newest):
        entries.append(Entry(e.originator_version, e.timestamp, LABELS.get(type(e), type(e).__name__),
                             e.meta.actor_id, e.meta.role, e.meta.reason, e,
                             new=since is not None and e.originator_version > since))
    entries.extend(Entry(None, a.at, a.what, a.actor, a.role, a.reason, None, detail=a.detail) for a in added)
    return sorted(entries, key=lambda entry: entry.at)[::-1][:newest]


def version_on(store, case_id: str, day_ends: datetime) -> int | None:
    """The case's version at the end of a day (None: the case did not exist yet)."""
    versions = [e.originator_version for e in store.events.get(uuid.UUID(case_id)) if e.timestamp < day_ends]
    return versions[-1] if versions else None
