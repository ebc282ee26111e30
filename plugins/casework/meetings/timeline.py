"""A multi-agency meeting's events on its case's timeline, through casework's own case_timeline hook."""

from __future__ import annotations

import uuid

from core.toolkit import TimelineEntry, current_store, gettext, lazy_gettext
from plugins.casework.meetings.domain import AgencyMeeting
from plugins.casework.meetings.queries import meetings_of

WHAT = {
    AgencyMeeting.Recorded: lazy_gettext("Multi-agency meeting recorded"),
    AgencyMeeting.DecisionRecorded: lazy_gettext("Meeting decision recorded"),
    AgencyMeeting.ActionAgreed: lazy_gettext("Meeting action agreed"),
    AgencyMeeting.ActionDone: lazy_gettext("Meeting action done"),
    AgencyMeeting.InformationDisclosed: lazy_gettext("Information shared"),
}


def meeting_entries(case_id: str) -> list[TimelineEntry]:
    """Each meeting of the case and what was added to it, with who did it; what was shared, with whom and why."""
    store = current_store()
    return [TimelineEntry(e.timestamp, str(WHAT[type(e)]), e.meta.actor_id, e.meta.role, e.meta.reason,
                          _detail(e, row.held_on))
            for row in meetings_of(store, case_id)
            for e in store.events.get(uuid.UUID(row.meeting_id)) if type(e) in WHAT]


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
        return gettext("Shared %(items)s with %(organisation)s under %(basis)s", items=", ".join(
            gettext(i) for i in e.items), organisation=e.organisation, basis=gettext(e.basis))
    return gettext("Meeting of %(day)s", day=day)
