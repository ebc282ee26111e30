"""A case's timeline: each event with who did it, when, in which role and why."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from core.toolkit import lazy_gettext as _l
from plugins.casework.domain import Case

LABELS = {
    Case.Opened: _l("Case opened"),
    Case.WorkerAssigned: _l("Worker assigned"),
    Case.MeetingRecorded: _l("Meeting recorded"),
    Case.PhaseChanged: _l("Phase changed"),
}


@dataclass
class Entry:
    """One line of a timeline."""

    version: int
    at: datetime
    what: object
    actor: str
    role: str
    reason: str | None
    event: object
    new: bool = False


def timeline_of(store, case_id: str, since: int | None = None) -> list[Entry]:
    """Return the case's events newest first; those after version `since` are marked new."""
    entries = []
    for e in store.events.get(uuid.UUID(case_id)):
        entries.append(Entry(e.originator_version, e.timestamp, LABELS.get(type(e), type(e).__name__),
                             e.meta.actor_id, e.meta.role, e.meta.reason, e,
                             new=since is not None and e.originator_version > since))
    return list(reversed(entries))
