"""A multi-agency meeting's events on its case's timeline, through casework's own case_timeline hook."""

from __future__ import annotations

import uuid
from datetime import timezone

from core.toolkit import TimelineEntry, current_store, gettext, lazy_gettext
from plugins.casework.meetings.disclosure import Disclosure
from plugins.casework.meetings.domain import AgencyMeeting
from plugins.casework.meetings.queries import disclosures_of_case, meetings_of

WHAT = {
    AgencyMeeting.Recorded: lazy_gettext("Multi-agency meeting recorded"),
    AgencyMeeting.DecisionRecorded: lazy_gettext("Meeting decision recorded"),
    AgencyMeeting.ActionAgreed: lazy_gettext("Meeting action agreed"),
    AgencyMeeting.ActionDone: lazy_gettext("Meeting action done"),
    AgencyMeeting.InformationDisclosed: lazy_gettext("Information shared"),
}
SHARED_BY_A_RECORD = lazy_gettext("Information shared with a record sent")
SHOWN = frozenset({*WHAT, Disclosure.Recorded})


def meeting_entries(case_id: str) -> list[TimelineEntry]:
    """Each meeting of the case and what was added to it, with who did it; what was shared, with whom and why."""
    store = current_store()
    meetings = meetings_of(store, case_id)
    return [*(TimelineEntry(e.timestamp, str(WHAT[type(e)]), e.meta.actor_id, e.meta.role, e.meta.reason,
                            _detail(e, row.held_on))
              for row in meetings for e in store.events.get(uuid.UUID(row.meeting_id)) if type(e) in WHAT),
            *_shared_by_records(store, case_id, {row.meeting_id for row in meetings})]


def _shared_by_records(store, case_id: str, meetings: set) -> list[TimelineEntry]:
    """What another plugin's record (a referral sent) shared of the client, with whom and under which basis."""
    # SQLite hands the stored time back without its zone: it is UTC.
    return [TimelineEntry(d.at if d.at.tzinfo else d.at.replace(tzinfo=timezone.utc), str(SHARED_BY_A_RECORD),
                          d.actor, d.role, None, _shared(d.items.split(","), d.organisation, d.basis))
            for d in disclosures_of_case(store, case_id) if d.meeting_id not in meetings]


def _shared(items, organisation: str, basis: str) -> str:
    return gettext("Shared %(items)s with %(organisation)s under %(basis)s", items=", ".join(
        gettext(i) for i in items), organisation=organisation, basis=gettext(basis))


def _detail(e, held_on) -> str:
    """What the entry says: no personal data (decisions and actions are read on the meeting's page)."""
    day = held_on.isoformat()
    if isinstance(e, AgencyMeeting.Recorded):
        return gettext("Meeting of %(day)s: %(organisations)s", day=day,
                       organisations=", ".join(dict.fromkeys(a["organisation"] for a in e.attendees)))
    if isinstance(e, AgencyMeeting.ActionAgreed):
        return gettext("Meeting of %(day)s: action %(number)s for %(owner)s", day=day, number=e.number,
                       owner=e.owner)
    if isinstance(e, AgencyMeeting.ActionDone):
        return gettext("Meeting of %(day)s: action %(number)s", day=day, number=e.number)
    if isinstance(e, AgencyMeeting.InformationDisclosed):
        return _shared(e.items, e.organisation, e.basis)
    return gettext("Meeting of %(day)s", day=day)
