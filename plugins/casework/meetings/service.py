"""Multi-agency meeting use cases: each takes the store and the acting person, and returns ids or simple values."""

from __future__ import annotations

import uuid
from datetime import date

from core.toolkit import Actor, finnish_today
from plugins.casework.meetings.domain import AgencyMeeting


def record_agency_meeting(store, actor: Actor, case_id, held_on: date, attendees: list[dict],
                          client_present: bool) -> uuid.UUID:
    """Record a multi-agency meeting of a case, with its attendees by organisation and role."""
    meeting = AgencyMeeting.record(store.get(case_id), held_on, attendees, client_present, finnish_today())
    with store.acting(actor):
        store.save(meeting)
    return meeting.id


def record_decision(store, actor: Actor, meeting_id, decision: str, expected_version: int | None = None) -> int:
    """Record a decision of the meeting; return the new version."""
    with store.acting(actor):  # the decision is personal data: it stays in the event, not in the log's reason
        meeting = store.get(meeting_id, expected_version)
        meeting.decide(store.get(meeting.case_id), decision)
        store.save(meeting)
    return meeting.version


def agree_action(store, actor: Actor, meeting_id, what: str, owner: str, due_on: date | None = None,
                 expected_version: int | None = None) -> int:
    """Record an action agreed at the meeting, its owner organisation and due date; return the new version."""
    with store.acting(actor):
        meeting = store.get(meeting_id, expected_version)
        meeting.agree_action(store.get(meeting.case_id), what, owner, due_on)
        store.save(meeting)
    return meeting.version


def mark_action_done(store, actor: Actor, meeting_id, number: int, expected_version: int | None = None) -> int:
    """Mark an agreed action done; return the new version."""
    with store.acting(actor):
        meeting = store.get(meeting_id, expected_version)
        meeting.mark_done(number)
        store.save(meeting)
    return meeting.version


def record_disclosure(store, actor: Actor, meeting_id, items: list[str], organisation: str, basis: str,
                      provision: str | None = None, expected_version: int | None = None) -> int:
    """Record what was shared about the client, with whom and under which basis; consent is checked against the
    case's consents to share as they stand now. Return the new version."""
    with store.acting(actor, reason=provision):  # the basis's provision is why, and names no one
        meeting = store.get(meeting_id, expected_version)
        meeting.disclose(store.get(meeting.case_id), items, organisation, basis, provision)
        store.save(meeting)
    return meeting.version
