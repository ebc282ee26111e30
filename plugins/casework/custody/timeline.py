"""The prison pathway on its case's timeline, through casework's own case_timeline hook."""

from __future__ import annotations

from core.toolkit import TimelineEntry, current_store, gettext, lazy_gettext
from plugins.casework.custody.domain import Custody, custody_id

LABELS = {
    Custody.StatusRecorded: lazy_gettext("Custody status recorded"),
    Custody.ReleaseDateSet: lazy_gettext("Expected release date set"),
    Custody.Released: lazy_gettext("Released from custody"),
    Custody.AgencyContactRecorded: lazy_gettext("Criminal Sanctions Agency contact recorded"),
    Custody.TaskAdded: lazy_gettext("Handover task added"),
    Custody.TaskRedated: lazy_gettext("Handover task moved with the release date"),
    Custody.TaskDone: lazy_gettext("Handover task done"),
}
SHOWN = frozenset(LABELS)
# Started with the pathway's first record, which the timeline shows: a line of its own would say nothing more.
QUIET = frozenset({Custody.Started})


def _detail(e, kinds) -> str | None:
    if isinstance(e, Custody.StatusRecorded):
        return f"{gettext(e.status)} · {e.since.isoformat()}" + (f" · {e.prison}" if e.prison else "")
    if isinstance(e, Custody.ReleaseDateSet):
        return e.expected_on.isoformat()
    if isinstance(e, Custody.Released):
        return e.released_on.isoformat()
    if isinstance(e, Custody.TaskAdded):
        return f"{gettext(e.kind)} · {e.owner} · {e.due_on.isoformat()}"
    if isinstance(e, Custody.TaskRedated):
        return f"{gettext(kinds[e.number])} · {e.due_on.isoformat()}"
    if isinstance(e, Custody.TaskDone):
        return f"{gettext(kinds[e.number])} · {e.done_on.isoformat()}"
    return None


def custody_entries(case_id: str) -> list[TimelineEntry]:
    """The case's custody changes, release dates and handover tasks, with who recorded them (no personal data)."""
    events = list(current_store().events.get(custody_id(case_id)))
    kinds = {e.number: e.kind for e in events if isinstance(e, Custody.TaskAdded)}
    return [TimelineEntry(e.timestamp, str(LABELS[type(e)]), e.meta.actor_id, e.meta.role, e.meta.reason,
                          _detail(e, kinds)) for e in events if type(e) in LABELS]
