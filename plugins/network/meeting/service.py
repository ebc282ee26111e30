"""Meeting use cases: each takes the store and the acting person, and returns the id or the new version."""

from __future__ import annotations

import uuid
from datetime import date

from core.toolkit import Actor
from plugins.network.domain import check_city_of, check_own_record
from plugins.network.meeting.domain import NetworkMeeting


def record_meeting(store, actor: Actor, kind: str, title: str, city: str, held_on: date, attending, topics: str,
                   known_cities, known_organisations) -> uuid.UUID:
    """Record a network meeting or community dialogue event; the same title, city and day again is a conflict."""
    check_city_of(actor, city)
    meeting = NetworkMeeting.record(kind, title, city, held_on, attending, topics, known_cities, known_organisations)
    with store.acting(actor):
        store.save(meeting)
    return meeting.id


def _change(store, actor, meeting_id, expected_version, command):
    with store.acting(actor):
        meeting = store.get(meeting_id, expected_version)
        check_own_record(actor, meeting.city, meeting_id)
        command(meeting)
        store.save(meeting)
    return meeting.version


def record_outcomes(store, actor: Actor, meeting_id, outcomes: str, today: date,
                    expected_version: int | None = None) -> int:
    """Record what came of the meeting; return its new version."""
    return _change(store, actor, meeting_id, expected_version, lambda m: m.record_outcomes(outcomes, today))


def agree_follow_up(store, actor: Actor, meeting_id, action: str, owner: str, due_on: date,
                    expected_version: int | None = None) -> int:
    """Agree a follow-up action; return the meeting's new version."""
    return _change(store, actor, meeting_id, expected_version, lambda m: m.agree_follow_up(action, owner, due_on))


def mark_done(store, actor: Actor, meeting_id, number: int, expected_version: int | None = None) -> int:
    """Mark a follow-up action done; return the meeting's new version."""
    return _change(store, actor, meeting_id, expected_version, lambda m: m.mark_done(number))
